/**
 * Fuzz specs of indexing's public functions and methods: select, narrow, index, at, maskedFill,
 * maskedSelect (functions and methods), view, tolist, T and mT (methods), empty, manualSeed, defaultRng,
 * undoDrawsOnError and the varargs forms of zeros, ones, empty, rand and randn (their array forms are in
 * autograd-specs.ts).
 */
import * as autograd from '@tapegrad/autograd';
import { tensor } from '@tapegrad/autograd';
import { type Spec, spec } from '../harness/spec.ts';
import {
  axisParam,
  bad,
  booleanParam,
  customParam,
  functionParam,
  integerParam,
  optionsParam,
  type Param,
  shapeParam,
  tensorParam,
  wrongTypes,
} from '../harness/values.ts';

const { empty, ones, rand, randn, zeros } = autograd;
const filledBy = { zeros, ones, empty };
const randomBy = { rand, randn };
const matrix = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
/** A mask of the matrix's shape: 1 where it is > 2. */
const matrixMask = () => matrix().gt(2);
const input = () => tensorParam('input', matrix);
const createOptions = () =>
  optionsParam(
    'options',
    () => ({ requiresGrad: false }),
    { requiresGrad: booleanParam('requiresGrad', true, { optional: true }) },
    { optional: true },
  );

/** A position along an axis of size `size` (negative counts from the end). */
const positionParam = (name: string, valid: number, size: number) =>
  customParam(name, () => valid, [
    ...wrongTypes(),
    bad('NaN', () => Number.NaN),
    bad('Infinity', () => Number.POSITIVE_INFINITY),
    bad('1.5', () => 1.5),
    bad(String(size), () => size),
    bad(String(-size - 1), () => -size - 1),
    bad("'1'", () => '1'),
  ]);

/** A 0/1 mask that broadcasts with the matrix. */
const maskParam = () =>
  tensorParam('mask', matrixMask, [
    bad('tensor([2, 0, 1])', () => tensor([2, 0, 1])),
    bad('tensor([NaN, 0, 1])', () => tensor([Number.NaN, 0, 1])),
    bad('tensor([0.5, 0, 1])', () => tensor([0.5, 0, 1])),
    bad('zeros([4])', () => zeros([4]), '[4]'),
  ]);

const indexArgument = customParam('index', () => 1, [
  ...wrongTypes('array'),
  bad('NaN', () => Number.NaN),
  bad('1.5', () => 1.5),
  bad('2', () => 2),
  bad('-3', () => -3),
  bad("'1'", () => '1'),
  bad('[5]', () => [5]),
  bad('[0.5]', () => [0.5]),
  bad("['a']", () => ['a']),
  bad('[true, 1]', () => [true, 1]),
  bad('[true]', () => [true]),
  bad('tensor([0, 2])', () => tensor([0, 2])),
  bad('ones([3])', () => ones([3]), '[3]'),
  bad('tensor(1)', () => tensor(1)),
]);

/** Specs of the functions whose first argument is the tensor: the methods follow from them. */
function functionSpecs(): Spec[] {
  return [
    spec(
      'select',
      'select',
      [input(), axisParam('dim', 1, 2), positionParam('index', -1, 3)],
      autograd.select,
    ),
    spec(
      'narrow',
      'narrow',
      [
        input(),
        axisParam('dim', 1, 2),
        customParam('start', () => 1, [
          ...wrongTypes(),
          bad('NaN', () => Number.NaN),
          bad('1.5', () => 1.5),
          bad('4', () => 4),
          bad('-4', () => -4),
          bad("'1'", () => '1'),
        ]),
        integerParam('length', 2, { min: 0, max: 2 }),
      ],
      autograd.narrow,
      [() => [matrix(), -1, -2, 2], () => [matrix(), 0, 2, 0]],
    ),
    spec('index', 'index', [input(), indexArgument], autograd.index, [
      () => [matrix(), -2],
      () => [matrix(), [1, 0, -1]],
      () => [matrix(), []],
      () => [matrix(), [true, false]],
      () => [matrix(), matrixMask()],
      () => [matrix(), tensor([0, 1])],
    ]),
    spec('at', 'at', [input(), positionParam('index', 0, 2)], autograd.at, [() => [matrix(), -1]]),
    spec(
      'maskedFill',
      'maskedFill',
      [
        input(),
        maskParam(),
        customParam('value', () => 0, [
          ...wrongTypes(),
          bad("'1'", () => '1'),
          bad('[1]', () => [1]),
          bad('ones([2])', () => ones([2])),
        ]),
      ],
      autograd.maskedFill,
      [
        () => [matrix(), tensor([1, 0, 1]), Number.NEGATIVE_INFINITY],
        () => [matrix(), matrixMask(), tensor(5)],
        () => [tensor([1, 2, 3]), matrixMask(), Number.NaN],
      ],
    ),
    spec('maskedSelect', 'maskedSelect', [input(), maskParam()], autograd.maskedSelect, [
      () => [tensor([1, 2, 3]), matrixMask()],
      () => [matrix(), tensor(1)],
    ]),
  ];
}

/** `a.select(...)` from `select(a, ...)`: the same arguments but the first, on a receiver it makes. */
function methodSpec(functionSpec: Spec): Spec {
  const [receiver, ...rest] = functionSpec.params;
  return {
    id: `Tensor#${functionSpec.id}`,
    fn: functionSpec.fn,
    params: rest,
    call: (...args) => {
      const self = receiver!.valid() as unknown as Record<string, (...a: unknown[]) => unknown>;
      return self[functionSpec.id]!(...args);
    },
  };
}

/** A view target of the matrix's 6 elements: sizes with at most one -1. */
const viewShape = () => {
  const shape = shapeParam('shape', () => [3, 2]);
  return customParam('shape', shape.valid, [
    ...shape.bads.filter((value) => value.label !== '[-1]' && value.label !== '[]'),
    bad('[-1, -1]', () => [-1, -1]),
    bad('[7]', () => [7], '[7]'),
    bad('[4, -1]', () => [4, -1], '[4,-1]'),
  ]);
};

function methodOnlySpecs(): Spec[] {
  return [
    spec('Tensor#view', 'view', [viewShape()], (shape: never) => matrix().view(shape), [
      () => [[-1]],
      () => [[2, -1]],
    ]),
    // view's sizes as separate arguments: x.view(3, 2).
    spec(
      'Tensor#view/sizes',
      'view',
      [
        customParam('shape', () => 3, [
          bad("'3'", () => '3'),
          bad('7', () => 7, '[7,-1]'),
          bad('NaN', () => Number.NaN),
        ]),
        customParam('shape', () => -1, [bad('-2', () => -2), bad('1.5', () => 1.5), bad('null', () => null)]),
      ],
      (rows: number, columns: number) => matrix().view(rows, columns),
    ),
    spec('Tensor#tolist', 'tolist', [], () => matrix().tolist(), [() => []]),
    spec('Tensor#T', 'T', [], () => matrix().T),
    spec('Tensor#mT', 'mT', [], () => zeros([4, 2, 3]).mT),
  ];
}

/**
 * What follows separate sizes: a number there is one more size (zeros(2, 3, 5) is [2,3,5]), so it is no
 * bad value of the arguments after them.
 */
const afterSizes = (param: Param): Param => ({
  ...param,
  bads: param.bads.filter((value) => value.label !== '5'),
});

/** A size of a shape given as separate arguments (zeros(2, 3)). */
const sizeParam = (valid: number): Param =>
  customParam('shape', () => valid, [
    bad('NaN', () => Number.NaN),
    bad('-1', () => -1),
    bad('1.5', () => 1.5),
    bad('Infinity', () => Number.POSITIVE_INFINITY),
    bad("'3'", () => '3'),
    bad('null', () => null),
    bad('true', () => true),
  ]);

function creationSpecs(): Spec[] {
  const rng = customParam('rng', () => new autograd.Rng(1), [
    ...wrongTypes('undefined'),
    bad('5', () => 5),
    bad('{ random() }', () => ({ random: () => 0.5 })),
  ]);
  return [
    spec('empty', 'empty', [shapeParam('shape', () => [2, 3]), createOptions()], autograd.empty),
    ...(['zeros', 'ones', 'empty'] as const).map((name) =>
      spec(
        `${name}/sizes`,
        name,
        [sizeParam(2), sizeParam(3), afterSizes(createOptions())],
        (rows: number, columns: number, options: never) => filledBy[name](rows, columns, options),
      ),
    ),
    ...(['rand', 'randn'] as const).map((name) =>
      spec(
        `${name}/sizes`,
        name,
        [sizeParam(2), sizeParam(3), afterSizes(rng), afterSizes(createOptions())],
        (rows: number, columns: number, generator: never, options: never) =>
          randomBy[name](rows, columns, generator, options),
        [() => [2, 3, undefined, undefined], () => [2, 3, undefined, { requiresGrad: true }]],
      ),
    ),
    ...(['rand', 'randn'] as const).map((name) =>
      spec(
        `${name}/options`,
        name,
        [sizeParam(2), afterSizes(createOptions())],
        (size: number, options: never) => randomBy[name](size, options),
      ),
    ),
    ...(['rand', 'randn'] as const).map((name) =>
      spec(
        `Rng#${name}/sizes`,
        name,
        [sizeParam(2), sizeParam(3), afterSizes(createOptions())],
        (rows: number, columns: number, options: never) => new autograd.Rng(1)[name](rows, columns, options),
      ),
    ),
    spec('manualSeed', 'manualSeed', [integerParam('seed', 5)], autograd.manualSeed, [() => [-3]]),
    spec('defaultRng', 'defaultRng', [], autograd.defaultRng),
    spec(
      'undoDrawsOnError',
      'undoDrawsOnError',
      [functionParam('attempt', () => () => 1)],
      autograd.undoDrawsOnError,
    ),
  ];
}

export function indexingSpecs(): Spec[] {
  const functions = functionSpecs();
  return [...functions, ...functions.map(methodSpec), ...methodOnlySpecs(), ...creationSpecs()];
}
