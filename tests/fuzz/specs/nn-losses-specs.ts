/**
 * Fuzz specs of nn's loss modules (each constructor's options and its forward(input, target)) and the
 * functional l1Loss, huberLoss and smoothL1Loss.
 */
import { tensor, zeros } from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { type Spec, spec } from '../harness/spec.ts';
import {
  bad,
  customParam,
  enumParam,
  integerParam,
  numberParam,
  optionsParam,
  type Param,
  tensorParam,
  wrongTypes,
} from '../harness/values.ts';

const optional = { optional: true } as const;
const column = () => tensor([[1], [1], [0], [0]]);
const logits = () =>
  tensor([
    [1, 2],
    [0, 1],
    [3, 0],
    [1, 1],
  ]);
const reduction = () => enumParam('reduction', 'mean', optional);
const weightParam = (name: string, valid: () => unknown, extra: ReturnType<typeof bad>[] = []) =>
  customParam(name, valid, [
    ...wrongTypes('undefined'),
    bad('5', () => 5),
    bad('[1, 2]', () => [1, 2]),
    ...extra,
  ]);
const classWeight = () =>
  weightParam('weight', () => tensor([1, 2]), [bad('zeros([2, 2])', () => zeros([2, 2]))]);
const ignoreIndex = () => integerParam('ignoreIndex', -100, optional);
const lossOptions = (fields: Record<string, Param>) =>
  optionsParam('options', () => ({}), { reduction: reduction(), ...fields }, optional);
const shapeBad = () => bad('zeros([3])', () => zeros([3]));

/** A loss class: its constructor with `fields` as options, and forward on `input` and `target`. */
function lossSpecs(
  name: string,
  fields: Record<string, Param>,
  input: () => unknown,
  target: Param,
  inputBads: ReturnType<typeof bad>[] = [],
): Spec[] {
  const Constructor = (nn as unknown as Record<string, new (options?: object) => nn.Loss>)[name]!;
  return [
    spec(name, name, [lossOptions(fields)], (options: never) => new Constructor(options)),
    spec(
      `${name}#forward`,
      `${name}.forward`,
      [tensorParam('input', input, inputBads), target],
      (x: never, t: never) => new Constructor().forward(x, t),
    ),
  ];
}

const sameShapeTarget = (valid: () => unknown) => tensorParam('target', valid, [shapeBad()]);
const labelTarget = () =>
  customParam('target', () => [0, 1, 0, 1], [
    ...wrongTypes('array'),
    bad('5', () => 5),
    bad('[]', () => []),
    bad("['a', ...]", () => ['a', 1, 0, 1]),
    bad('[0.5, ...]', () => [0.5, 1, 0, 1]),
    bad('[-1, ...]', () => [-1, 1, 0, 1]),
    bad('[2, ...]', () => [2, 1, 0, 1]),
    bad('zeros([4, 3])', () => zeros([4, 3])),
  ]);
const notMatrix = () => [bad('zeros([4])', () => zeros([4]))];

function functionalSpecs(): Spec[] {
  const functional = (name: string, fn: (...args: never[]) => unknown, fields: Record<string, Param>) =>
    spec(name, name, [tensorParam('input', column), sameShapeTarget(column), lossOptions(fields)], fn);
  return [
    functional('l1Loss', nn.l1Loss, {}),
    functional('huberLoss', nn.huberLoss, {
      delta: numberParam('delta', 1, [0, -1, Number.POSITIVE_INFINITY], optional),
    }),
    functional('smoothL1Loss', nn.smoothL1Loss, {
      beta: numberParam('beta', 1, [-1, Number.POSITIVE_INFINITY], optional),
    }),
  ];
}

export function nnLossesSpecs(): Spec[] {
  return [
    ...functionalSpecs(),
    ...lossSpecs('MSELoss', {}, column, sameShapeTarget(column)),
    ...lossSpecs('L1Loss', {}, column, sameShapeTarget(column)),
    ...lossSpecs(
      'HuberLoss',
      { delta: numberParam('delta', 0.5, [0, -1, Number.POSITIVE_INFINITY], optional) },
      column,
      sameShapeTarget(column),
    ),
    ...lossSpecs(
      'SmoothL1Loss',
      { beta: numberParam('beta', 0.5, [-1, Number.POSITIVE_INFINITY], optional) },
      column,
      sameShapeTarget(column),
    ),
    ...lossSpecs(
      'BCELoss',
      { weight: weightParam('weight', () => tensor([2])) },
      column,
      sameShapeTarget(column),
    ),
    ...lossSpecs(
      'BCEWithLogitsLoss',
      {
        weight: weightParam('weight', () => tensor([2])),
        posWeight: weightParam('posWeight', () => tensor([3])),
      },
      column,
      sameShapeTarget(column),
    ),
    ...lossSpecs(
      'NLLLoss',
      { weight: classWeight(), ignoreIndex: ignoreIndex() },
      logits,
      labelTarget(),
      notMatrix(),
    ),
    ...lossSpecs(
      'CrossEntropyLoss',
      {
        weight: classWeight(),
        ignoreIndex: ignoreIndex(),
        labelSmoothing: numberParam('labelSmoothing', 0.1, [-0.1, 1.5, Number.POSITIVE_INFINITY], optional),
      },
      logits,
      labelTarget(),
      notMatrix(),
    ),
  ];
}
