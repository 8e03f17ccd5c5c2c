/**
 * Fuzz specs of math's public functions and methods: sin, cos, var (and variance), std, norm, cumsum, topk,
 * split, chunk, allclose, equal and einsum. Methods come from the function of the same name, less its
 * first argument (`x.std(1)` is `std(x, 1)`).
 */
import * as autograd from '@tapegrad/autograd';
import { ones, tensor } from '@tapegrad/autograd';
import { type Spec, spec } from '../harness/spec.ts';
import {
  axisParam,
  bad,
  booleanParam,
  customParam,
  integerParam,
  numberParam,
  optionsParam,
  tensorParam,
  wrongTypes,
} from '../harness/values.ts';

const matrix = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 7],
  ]);
const row = () => tensor([1, 2, 3]);
const input = () => tensorParam('input', matrix);
const wrongShape = (shape: number[]) => bad(`ones([${shape}])`, () => ones(shape), `[${shape.join(',')}]`);
/** Bad values of a `dim` that is an axis, a list of axes, or null (and, for var and std, an options object). */
const dimBads = (objectIsValid: boolean) => [
  ...wrongTypes('undefined', 'null', 'array', ...(objectIsValid ? (['object'] as const) : [])),
  bad('5', () => 5),
  bad('-3', () => -3),
  bad('0.5', () => 0.5),
  bad('NaN', () => Number.NaN),
  bad('[]', () => []),
  bad("['a']", () => ['a']),
  bad('[0, 0]', () => [0, 0]),
  bad('[2]', () => [2]),
];
const keepdim = booleanParam('keepdim', false, { optional: true });

type Fn = (...args: never[]) => unknown;
const fns = autograd as unknown as Record<string, Fn>;

/** Specs of functions whose first argument is the tensor `input`: the method form follows from them. */
function tensorFunctionSpecs(): Spec[] {
  const varianceSpec = (id: string, fn: string) =>
    spec(
      id,
      fn,
      [
        input(),
        customParam('dim', () => 1, dimBads(true)),
        optionsParam(
          'options',
          () => ({ keepdim: true }),
          {
            correction: numberParam('correction', 1, [-1, Number.POSITIVE_INFINITY], { optional: true }),
            unbiased: booleanParam('unbiased', true, { optional: true }),
            keepdim,
          },
          { optional: true },
        ),
      ],
      fns[id]!,
      [
        () => [matrix()],
        () => [matrix(), { unbiased: false }],
        () => [matrix(), [0, 1], { correction: 0 }],
        () => [matrix(), null, { correction: 2 }],
      ],
    );
  return [
    spec('sin', 'sin', [input()], autograd.sin),
    spec('cos', 'cos', [input()], autograd.cos),
    varianceSpec('var', 'var'),
    varianceSpec('std', 'std'),
    spec(
      'norm',
      'norm',
      [
        input(),
        customParam('p', () => 2, [
          ...wrongTypes('undefined'),
          bad('0', () => 0),
          bad('-1', () => -1),
          bad('NaN', () => Number.NaN),
          bad("'nuc'", () => 'nuc'),
        ]),
        customParam('dim', () => 1, dimBads(false)),
        keepdim,
      ],
      autograd.norm,
      [
        () => [matrix()],
        () => [matrix(), 'fro'],
        () => [matrix(), Number.POSITIVE_INFINITY, [0, 1], true],
        () => [matrix(), Number.NEGATIVE_INFINITY, null],
        () => [matrix(), 0.5, -1],
      ],
    ),
    spec('cumsum', 'cumsum', [input(), axisParam('dim', 1, 2)], autograd.cumsum),
    spec(
      'topk',
      'topk',
      [
        input(),
        integerParam('k', 2, { min: 0, max: 3 }),
        customParam('dim', () => 1, [
          ...wrongTypes('undefined', 'object'),
          bad('5', () => 5),
          bad('0.5', () => 0.5),
          bad('NaN', () => Number.NaN),
          bad("{ dim: 'a' }", () => ({ dim: 'a' }), 'dim'),
          bad('{ dim: 2 }', () => ({ dim: 2 }), 'dim'),
          bad('{ largest: 1 }', () => ({ largest: 1 }), 'largest'),
          bad("{ sorted: 'yes' }", () => ({ sorted: 'yes' }), 'sorted'),
          bad('{ bogusKey: 1 }', () => ({ bogusKey: 1 }), 'bogusKey'),
        ]),
      ],
      autograd.topk,
      [
        () => [matrix(), 1],
        () => [matrix(), 2, { dim: 0, largest: false, sorted: false }],
        () => [matrix(), 3, {}],
      ],
    ),
    spec(
      'split',
      'split',
      [
        input(),
        customParam('splitSizeOrSections', () => 2, [
          ...wrongTypes('array'),
          bad('0', () => 0),
          bad('1.5', () => 1.5),
          bad('NaN', () => Number.NaN),
          bad('[]', () => []),
          bad('[1, 1]', () => [1, 1]),
          bad('[2, -1, 2]', () => [2, -1, 2]),
          bad("['a', 3]", () => ['a', 3]),
        ]),
        axisParam('dim', 1, 2, { optional: true }),
      ],
      autograd.split,
      [() => [matrix(), [1, 2], 1], () => [matrix(), 1]],
    ),
    spec(
      'chunk',
      'chunk',
      [input(), integerParam('chunks', 2, { min: 1 }), axisParam('dim', 1, 2, { optional: true })],
      autograd.chunk,
      [() => [matrix(), 5]],
    ),
    spec(
      'allclose',
      'allclose',
      [
        input(),
        tensorParam('other', row, [wrongShape([4])]),
        optionsParam(
          'options',
          () => ({ rtol: 1e-5 }),
          {
            rtol: numberParam('rtol', 1e-5, [-1], { optional: true }),
            atol: numberParam('atol', 1e-8, [-1], { optional: true }),
            equalNan: booleanParam('equalNan', true, { optional: true }),
          },
          { optional: true },
        ),
      ],
      autograd.allclose,
    ),
    spec('equal', 'equal', [input(), tensorParam('other', matrix)], autograd.equal, [
      () => [matrix(), row()],
    ]),
  ];
}

/** `a.std(1)` from `std(a, 1)`: the same arguments but the first, on a receiver made by that argument. */
function methodSpec(functionSpec: Spec): Spec {
  const [receiver, ...rest] = functionSpec.params;
  return {
    id: `Tensor#${functionSpec.id}`,
    fn: functionSpec.fn,
    params: rest,
    call: (...args) => {
      const self = receiver!.valid() as Record<string, (...a: unknown[]) => unknown>;
      return self[functionSpec.id]!(...args);
    },
  };
}

function otherFunctionSpecs(): Spec[] {
  const withTensors = tensorFunctionSpecs();
  const varianceSpec = withTensors.find((s) => s.id === 'var')!;
  return [
    // `variance` is `var` under a name that can be imported: the same spec, the same errors (named var).
    { ...varianceSpec, id: 'variance', call: autograd.variance as (...args: unknown[]) => unknown },
    spec(
      'einsum',
      'einsum',
      [
        customParam('equation', () => 'ij,jk->ik', [
          ...wrongTypes(),
          bad('5', () => 5),
          bad("'ij,jk->iz'", () => 'ij,jk->iz', 'equation'),
          bad("'ij,jk->ii'", () => 'ij,jk->ii', 'equation'),
          bad("'ij->ik'", () => 'ij->ik', 'equation'),
          bad("'ijk,jk->ik'", () => 'ijk,jk->ik', 'equation'),
          bad("'i1,jk->ik'", () => 'i1,jk->ik', 'equation'),
          bad("'...j,jk->k'", () => '...j,jk->k', 'equation'),
          bad("'ij,jk->i->k'", () => 'ij,jk->i->k', 'equation'),
        ]),
        tensorParam('operands[0]', matrix),
        tensorParam('operands[1]', () => ones([3, 2]), [wrongShape([4, 5])]),
      ],
      (equation: string, ...operands: autograd.Tensor[]) => autograd.einsum(equation, ...operands),
      [
        () => ['ij,jk->ik', [matrix(), ones([3, 2])]],
        () => ['ij->ji', matrix()],
        () => ['ii', ones([3, 3])],
        () => ['ij,jk,kl->il', matrix(), ones([3, 2]), ones([2, 2])],
      ],
    ),
  ];
}

export function mathSpecs(): Spec[] {
  const withInput = tensorFunctionSpecs();
  return [...withInput, ...withInput.map(methodSpec), ...otherFunctionSpecs()];
}
