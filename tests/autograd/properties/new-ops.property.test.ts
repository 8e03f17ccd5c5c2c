/**
 * The math ops (sin, cos, var, std, norm, cumsum, topk, split, chunk, einsum) against central finite
 * differences on random shapes: gradcheck for each, and gradgradcheck where the op is smooth, so that each
 * backward rule is checked to be itself correctly differentiable. Inputs stay away from the kinks: norms
 * away from 0 (and from ties of |x| for ±Infinity), topk on distinct values, std on slices of 2 or more.
 */
import { fc, test } from '@fast-check/vitest';
import {
  chunk,
  concat,
  cos,
  cumsum,
  einsum,
  type NormOrder,
  norm,
  sin,
  split,
  std,
  type Tensor,
  topk,
  variance,
} from '@tapegrad/autograd';
import { describe } from 'vitest';
import {
  anyValue,
  awayFromZero,
  axisArb,
  distinctSpecArb,
  expectGradcheck,
  expectGradgradcheck,
  leafOf,
  reductionAxesArb,
  shapeArb,
  sizeOfShape,
  specArb,
  type TensorSpec,
  tensorArb,
} from './arbitraries.ts';

const numRuns = 40;
type Dims = number | number[] | undefined;

/** The axes dims names (all when undefined), normalized. */
function axesOf(shape: readonly number[], dims: Dims): number[] {
  if (dims === undefined) return shape.map((_, axis) => axis);
  return (typeof dims === 'number' ? [dims] : dims).map((axis) => (axis < 0 ? axis + shape.length : axis));
}

/** A spec, axes to reduce over and keepdim, the slices holding at least `minCount` elements. */
function reductionCaseArb(values: fc.Arbitrary<number>, minCount: number) {
  return tensorArb(values, { minRank: 1 })
    .chain((x) =>
      fc.record({ x: fc.constant(x), dims: reductionAxesArb(x.shape.length), keepdim: fc.boolean() }),
    )
    .filter(({ x, dims }) => sizeOfShape(axesOf(x.shape, dims).map((axis) => x.shape[axis]!)) >= minCount);
}

describe('sin and cos pass gradcheck and gradgradcheck', () => {
  for (const [name, f] of [
    ['sin: d/dx = cos x, d2/dx2 = -sin x', sin],
    ['cos: d/dx = -sin x, d2/dx2 = -cos x', cos],
  ] as const) {
    test.prop([tensorArb(anyValue), fc.nat()], { numRuns })(name, (x, seed) => {
      expectGradcheck(f, [leafOf(x)]);
      expectGradgradcheck(f, [leafOf(x)], seed);
    });
  }
});

describe('var and std pass gradcheck and gradgradcheck over any axes', () => {
  test.prop([reductionCaseArb(anyValue, 2), fc.constantFrom(0, 1), fc.nat()], { numRuns })(
    'var: d/dx_i = 2 (x_i - mean) / (N - correction)',
    ({ x, dims, keepdim }, correction, seed) => {
      const f = (t: Tensor) => variance(t, dims, { correction, keepdim });
      expectGradcheck(f, [leafOf(x)]);
      expectGradgradcheck(f, [leafOf(x)], seed);
    },
  );
  // Distinct values: no slice is constant, so std > 0 and sqrt is smooth there.
  const distinctArb = shapeArb({ minRank: 1 })
    .chain(distinctSpecArb)
    .chain((x) =>
      fc.record({ x: fc.constant(x), dims: reductionAxesArb(x.shape.length), keepdim: fc.boolean() }),
    )
    .filter(({ x, dims }) => sizeOfShape(axesOf(x.shape, dims).map((axis) => x.shape[axis]!)) >= 2);
  test.prop([distinctArb, fc.constantFrom(0, 1), fc.nat()], { numRuns })(
    'std: d/dx_i = (x_i - mean) / ((N - correction) std)',
    ({ x, dims, keepdim }, correction, seed) => {
      const f = (t: Tensor) => std(t, dims, { correction, keepdim });
      expectGradcheck(f, [leafOf(x)]);
      expectGradgradcheck(f, [leafOf(x)], seed);
    },
  );
});

describe('norm passes gradcheck for every p, and gradgradcheck for the smooth ones, away from 0', () => {
  test.prop(
    [reductionCaseArb(awayFromZero, 1), fc.constantFrom<NormOrder>(1, 2, 3, 1.5, 0.5, 'fro'), fc.nat()],
    {
      numRuns,
    },
  )('p = 1, 2, 3, 1.5, 0.5 and fro', ({ x, dims, keepdim }, p, seed) => {
    const f = (t: Tensor) => norm(t, p, dims, keepdim);
    expectGradcheck(f, [leafOf(x)]);
    // p = 1 is piecewise linear: its second derivative is 0, and gradgradcheck checks that too.
    expectGradgradcheck(f, [leafOf(x)], seed);
  });
  // |x| pairwise 0.2 apart (distinct magnitudes shifted clear of 0, random signs): one extreme per slice.
  const extremeArb = shapeArb({ minRank: 1 })
    .chain((shape) =>
      fc.tuple(
        distinctSpecArb(shape),
        fc.array(fc.boolean(), { minLength: sizeOfShape(shape), maxLength: sizeOfShape(shape) }),
      ),
    )
    .map(([spec, negative]): TensorSpec => {
      const shift = 0.2 + 0.15 * spec.values.length;
      return { shape: spec.shape, values: spec.values.map((v, i) => (negative[i] ? -1 : 1) * (v + shift)) };
    })
    .chain((x) =>
      fc.record({ x: fc.constant(x), dims: reductionAxesArb(x.shape.length), keepdim: fc.boolean() }),
    );
  test.prop([extremeArb, fc.constantFrom(Infinity, -Infinity)], { numRuns })(
    'p = ±Infinity: the gradient is sign(x) at the largest (smallest) |x|',
    ({ x, dims, keepdim }, p) => {
      expectGradcheck((t: Tensor) => norm(t, p, dims, keepdim), [leafOf(x)]);
    },
  );
});

describe('cumsum passes gradcheck and gradgradcheck along any axis', () => {
  const cumsumArb = tensorArb(anyValue, { minRank: 1 }).chain((x) =>
    fc.record({ x: fc.constant(x), dim: axisArb(x.shape.length) }),
  );
  test.prop([cumsumArb, fc.nat()], { numRuns })('the adjoint is the reversed cumsum', ({ x, dim }, seed) => {
    // Squared, so that the second derivative is not 0 and the scans' own backward rules are exercised.
    const f = (t: Tensor) => cumsum(t, dim).square();
    expectGradcheck(f, [leafOf(x)]);
    expectGradgradcheck(f, [leafOf(x)], seed);
  });
});

describe('topk, split and chunk route gradients to the right places', () => {
  const topkArb = shapeArb({ minRank: 1 })
    .chain(distinctSpecArb)
    .chain((x) =>
      axisArb(x.shape.length).chain((dim) =>
        fc.record({
          x: fc.constant(x),
          dim: fc.constant(dim),
          k: fc.integer({ min: 0, max: x.shape[dim < 0 ? dim + x.shape.length : dim]! }),
          largest: fc.boolean(),
          sorted: fc.boolean(),
        }),
      ),
    );
  test.prop([topkArb], { numRuns })(
    'topk: the gradient scatters into the picked positions',
    ({ x, dim, k, largest, sorted }) => {
      expectGradcheck((t: Tensor) => topk(t, k, { dim, largest, sorted }).values.square(), [leafOf(x)]);
    },
  );

  const piecesArb = tensorArb(anyValue, { minRank: 1 }).chain((x) =>
    fc.record({ x: fc.constant(x), dim: axisArb(x.shape.length), count: fc.integer({ min: 1, max: 4 }) }),
  );
  // Each piece weighed by its place (piece i times i + 1), then joined back: a wrong offset moves a weight.
  const weighed = (pieces: Tensor[], dim: number) =>
    concat(
      pieces.map((piece, i) => piece.mul(i + 1)),
      dim,
    );
  test.prop([piecesArb], { numRuns })('split into pieces of a size', ({ x, dim, count }) => {
    expectGradcheck((t: Tensor) => weighed(split(t, count, dim), dim), [leafOf(x)]);
  });
  test.prop([piecesArb], { numRuns })('chunk into a number of pieces', ({ x, dim, count }) => {
    expectGradcheck((t: Tensor) => weighed(chunk(t, count, dim), dim), [leafOf(x)]);
  });
});

describe('einsum passes gradcheck and gradgradcheck on random sizes of the common forms', () => {
  const FORMS = [
    'ij,jk->ik',
    'bij,bjk->bik',
    'i,j->ij',
    'i,i->',
    'ij,ij->ij',
    'ij->ji',
    'ii->i',
    'ii->',
    'ij->',
    'bij->bji',
    'ij,j->i',
    'ij,jk',
    'iij,jk->ik',
    'ijk,ik->j',
    'ij,jk,kl->il',
  ];
  // An equation with each label's size drawn at random, and operands of matching shapes.
  const einsumArb = fc
    .record({
      equation: fc.constantFrom(...FORMS),
      sizes: fc.record({
        i: fc.integer({ min: 1, max: 3 }),
        j: fc.integer({ min: 1, max: 3 }),
        k: fc.integer({ min: 1, max: 3 }),
        l: fc.integer({ min: 1, max: 3 }),
        b: fc.integer({ min: 1, max: 3 }),
      }),
    })
    .chain(({ equation, sizes }) => {
      const terms = equation.split('->')[0]!.split(',');
      const shapes = terms.map((term) => [...term].map((label) => sizes[label as keyof typeof sizes]));
      return fc.record({
        equation: fc.constant(equation),
        operands: fc.tuple(...shapes.map((shape) => specArb(shape, anyValue))),
      });
    });
  test.prop([einsumArb, fc.nat()], { numRuns })(
    'each operand gets the gradient of the products it took part in',
    ({ equation, operands }, seed) => {
      const f = (...inputs: Tensor[]) => einsum(equation, ...inputs).square();
      expectGradcheck(f, operands.map(leafOf));
      expectGradgradcheck(f, operands.map(leafOf), seed);
    },
  );
});
