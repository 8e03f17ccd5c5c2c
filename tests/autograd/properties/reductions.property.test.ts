/**
 * Reductions (over all axes, one axis or several, with and without keepdims), softmax, logSoftmax and
 * matmul against central finite differences: gradcheck with its defaults on random shapes.
 */
import { fc, test } from '@fast-check/vitest';
import { logSoftmax, logsumexp, matmul, max, mean, min, softmax, sum, type Tensor } from '@tapegrad/autograd';
import { describe } from 'vitest';
import {
  anyValue,
  axisArb,
  broadcastShapesArb,
  distinctSpecArb,
  expectGradcheck,
  leafOf,
  reductionAxesArb,
  shapeArb,
  specArb,
  type TensorSpec,
  tensorArb,
} from './arbitraries.ts';

const numRuns = 100;
type Axes = number | number[] | undefined;
type Reduction = (x: Tensor, axes: Axes, keepdims: boolean) => Tensor;

/** A spec from `spec` plus the axes to reduce and keepdims. */
function reductionArb(spec: fc.Arbitrary<TensorSpec>) {
  return spec.chain((x) =>
    fc.record({ x: fc.constant(x), axes: reductionAxesArb(x.shape.length), keepdims: fc.boolean() }),
  );
}

const wideValue = fc.double({ min: -10, max: 10, noNaN: true });

describe('smooth reductions pass gradcheck over any axes', () => {
  const cases: readonly { name: string; f: Reduction; values: fc.Arbitrary<number> }[] = [
    { name: 'sum: the gradient spreads back over the summed axes', f: sum, values: anyValue },
    { name: 'mean: the spread gradient divided by the count', f: mean, values: anyValue },
    { name: 'logsumexp: the gradient is softmax over the reduced axes', f: logsumexp, values: wideValue },
  ];
  for (const { name, f, values } of cases) {
    test.prop([reductionArb(tensorArb(values))], { numRuns })(name, ({ x, axes, keepdims }) => {
      expectGradcheck((t) => f(t, axes, keepdims), [leafOf(x)]);
    });
  }
});

describe('max and min reductions pass gradcheck on distinct values', () => {
  // Values pairwise 0.2 apart: one winner per reduced slice, which gets the whole gradient.
  const distinctArb = reductionArb(shapeArb().chain(distinctSpecArb));
  const cases: readonly { name: string; f: Reduction }[] = [
    { name: 'max: the gradient goes to the largest element', f: max },
    { name: 'min: the gradient goes to the smallest element', f: min },
  ];
  for (const { name, f } of cases) {
    test.prop([distinctArb], { numRuns })(name, ({ x, axes, keepdims }) => {
      expectGradcheck((t) => f(t, axes, keepdims), [leafOf(x)]);
    });
  }
});

describe('softmax and logSoftmax pass gradcheck along any axis', () => {
  const softmaxArb = tensorArb(wideValue, { minRank: 1 }).chain((x) =>
    fc.record({ x: fc.constant(x), axis: axisArb(x.shape.length) }),
  );
  test.prop([softmaxArb], { numRuns })('softmax: J = diag(s) - s s^T along the axis', ({ x, axis }) => {
    expectGradcheck((t) => softmax(t, axis), [leafOf(x)]);
  });
  test.prop([softmaxArb], { numRuns })('logSoftmax: J = I - 1 s^T along the axis', ({ x, axis }) => {
    expectGradcheck((t) => logSoftmax(t, axis), [leafOf(x)]);
  });
});

describe('matmul passes gradcheck (dA = dC B^T, dB = A^T dC)', () => {
  const size = fc.integer({ min: 1, max: 3 });
  const operands = (left: number[], right: number[]) =>
    fc.tuple(specArb(left, anyValue), specArb(right, anyValue));
  const both = ([a, b]: [TensorSpec, TensorSpec]) => expectGradcheck(matmul, [leafOf(a), leafOf(b)]);

  const oneDimensionalArb = fc
    .record({ m: size, k: size, n: size, kind: fc.constantFrom('dot', 'vector-matrix', 'matrix-vector') })
    .chain(({ m, k, n, kind }) =>
      kind === 'dot'
        ? operands([k], [k])
        : kind === 'vector-matrix'
          ? operands([k], [k, n])
          : operands([m, k], [k]),
    );
  test.prop([oneDimensionalArb], { numRuns })(
    '1-D operands: dot product, vector-matrix and matrix-vector',
    both,
  );

  const matrixArb = fc.tuple(size, size, size).chain(([m, k, n]) => operands([m, k], [k, n]));
  test.prop([matrixArb], { numRuns })('2-D by 2-D', both);

  // Batch shapes that broadcast together (size-1 and missing batch axes), or a 1-D or 2-D partner.
  const batchedArb = fc
    .record({
      batch: broadcastShapesArb(2, { minRank: 1, maxRank: 2 }),
      m: size,
      k: size,
      n: size,
      partner: fc.constantFrom('batched', 'matrix right', 'matrix left', 'vector right', 'vector left'),
    })
    .chain(({ batch: { operands: batches }, m, k, n, partner }) => {
      const left = [...batches[0]!, m, k];
      const right = [...batches[1]!, k, n];
      switch (partner) {
        case 'batched':
          return operands(left, right);
        case 'matrix right':
          return operands(left, [k, n]);
        case 'matrix left':
          return operands([m, k], right);
        case 'vector right':
          return operands(left, [k]);
        default:
          return operands([k], right);
      }
    });
  test.prop([batchedArb], { numRuns })('batched, with broadcast batch axes', both);
});
