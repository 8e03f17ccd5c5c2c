/**
 * Fuzz specs of in-place's public functions and methods: the functions zero_, fill_, clamp_ and bumpVersion,
 * the methods add_, sub_, mul_, div_, zero_, fill_, copy_, clamp_ and requiresGrad_, the `data` setter and
 * the `version` getter. Receivers are fresh tensors that require no gradient, so every valid call succeeds.
 */
import * as autograd from '@tapegrad/autograd';
import { type Tensor, tensor, zeros } from '@tapegrad/autograd';
import { type Spec, spec } from '../harness/spec.ts';
import {
  bad,
  booleanParam,
  customParam,
  numberParam,
  optionsParam,
  type Param,
  tensorLikeParam,
  tensorParam,
  wrongTypes,
} from '../harness/values.ts';

const matrix = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const row = () => tensor([1, 2, 3]);
/** A tensor that does not broadcast to [2, 3]; the error names its shape. */
const wrongShape = (shape: number[]) => bad(`zeros([${shape}])`, () => zeros(shape), `[${shape.join(',')}]`);
const WRONG_SHAPES = [wrongShape([2]), wrongShape([4, 2, 3]), wrongShape([3, 3])];

/** An operand: a Tensor or a number that broadcasts to the receiver's shape [2, 3]. */
const operand = (name: string, options: { optional?: boolean; nullable?: boolean } = {}): Param => {
  const base = tensorLikeParam(name, row, options);
  return { ...base, bads: [...base.bads, ...WRONG_SHAPES] };
};
const alphaOptions = () =>
  optionsParam(
    'options',
    () => ({ alpha: 2 }),
    { alpha: numberParam('alpha', 2, [Number.POSITIVE_INFINITY], { optional: true }) },
    { optional: true },
  );
/** fill_'s value: any number, NaN and Infinity included (PyTorch fills with them). */
const fillValue = customParam('value', () => 1.5, [...wrongTypes(), bad("'1'", () => '1')]);

/** The method `name` called on a fresh [2, 3] tensor. */
const onMatrix =
  (name: string) =>
  (...args: unknown[]) =>
    (matrix() as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);

function functionSpecs(): Spec[] {
  return [
    spec('zero_', 'zero_', [tensorParam('input', matrix)], autograd.zero_),
    spec('fill_', 'fill_', [tensorParam('input', matrix), fillValue], autograd.fill_, [
      () => [matrix(), Number.NaN],
      () => [matrix(), Number.NEGATIVE_INFINITY],
    ]),
    spec(
      'clamp_',
      'clamp_',
      [
        tensorParam('input', matrix),
        operand('min', { optional: true, nullable: true }),
        operand('max', { optional: true, nullable: true }),
      ],
      autograd.clamp_,
      [() => [matrix(), null, 4], () => [matrix(), 1], () => [matrix(), tensor(1), row()]],
    ),
    spec('bumpVersion', 'bumpVersion', [tensorParam('tensor', matrix)], autograd.bumpVersion),
  ];
}

function methodSpecs(): Spec[] {
  return [
    spec('Tensor#add_', 'add_', [operand('other'), alphaOptions()], onMatrix('add_'), [
      () => [2],
      () => [matrix(), { alpha: -0.5 }],
    ]),
    spec('Tensor#sub_', 'sub_', [operand('other'), alphaOptions()], onMatrix('sub_'), [
      () => [tensor([[1], [2]])],
    ]),
    spec('Tensor#mul_', 'mul_', [operand('other')], onMatrix('mul_'), [() => [3]]),
    spec('Tensor#div_', 'div_', [operand('other')], onMatrix('div_'), [() => [tensor(4)]]),
    spec('Tensor#zero_', 'zero_', [], onMatrix('zero_')),
    spec('Tensor#fill_', 'fill_', [fillValue], onMatrix('fill_'), [() => [Number.NaN]]),
    spec('Tensor#copy_', 'copy_', [tensorParam('src', row, WRONG_SHAPES)], onMatrix('copy_'), [
      () => [matrix()],
      () => [tensor(5)],
    ]),
    spec(
      'Tensor#clamp_',
      'clamp_',
      [
        operand('min', { optional: true, nullable: true }),
        operand('max', { optional: true, nullable: true }),
      ],
      onMatrix('clamp_'),
      [() => [null, 4], () => [1]],
    ),
    spec(
      'Tensor#requiresGrad_',
      'requiresGrad_',
      [booleanParam('flag', true, { optional: true })],
      onMatrix('requiresGrad_'),
      [() => [false], () => []],
    ),
    spec(
      'Tensor#data',
      'data',
      [
        customParam('data', matrix, [
          ...wrongTypes(),
          bad('5', () => 5, '[2,3]'),
          bad('Float64Array(5)', () => new Float64Array(5), 'length 5'),
          bad('Float32Array(6)', () => new Float32Array(6)),
          bad('[1, 2, 3]', () => [1, 2, 3], '[3]'),
          bad('[[1, 2], [3]]', () => [[1, 2], [3]], 'ragged'),
          wrongShape([3, 2]),
          wrongShape([6]),
        ]),
      ],
      (values: unknown) => {
        (matrix() as unknown as { data: unknown }).data = values;
      },
      [
        () => [Float64Array.of(6, 5, 4, 3, 2, 1)],
        () => [
          [
            [1, 1, 1],
            [2, 2, 2],
          ],
        ],
      ],
    ),
    spec('Tensor#version', 'version', [], () => (matrix() as Tensor).version),
  ];
}

export function inPlaceSpecs(): Spec[] {
  return [...functionSpecs(), ...methodSpecs()];
}
