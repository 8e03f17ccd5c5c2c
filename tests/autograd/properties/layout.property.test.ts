/**
 * Shape and indexing ops against central finite differences. Each is linear, so its Jacobian is a 0/1
 * matrix (or a count of repeats for gather and indexSelect); gradcheck compares the whole of it with the
 * tape's, on random shapes from 0-d to 4-d.
 */
import { fc, test } from '@fast-check/vitest';
import {
  broadcastTo,
  concat,
  flatten,
  gather,
  indexSelect,
  permute,
  reshape,
  type SliceRange,
  slice,
  squeeze,
  stack,
  transpose,
  unsqueeze,
} from '@tapegrad/autograd';
import { describe } from 'vitest';
import {
  anyValue,
  axisArb,
  broadcastShapesArb,
  constantOf,
  expectGradcheck,
  leafOf,
  shapeArb,
  specArb,
  type TensorSpec,
  tensorArb,
} from './arbitraries.ts';

const numRuns = 100;

/** `x` and extra data chosen with knowledge of its shape. */
function withShape<T>(extra: (shape: number[]) => fc.Arbitrary<T>, spec = tensorArb(anyValue)) {
  return spec.chain((x) => fc.tuple(fc.constant(x), extra([...x.shape])));
}

/** Writes axis `axis` of an `ndim`-d tensor positive or negative at random. */
const eitherSign = (axis: number, ndim: number) =>
  fc.boolean().map((negative) => (negative ? axis - ndim : axis));

describe('layout ops pass gradcheck', () => {
  const transposeArb = withShape(
    (shape) => fc.tuple(axisArb(shape.length), axisArb(shape.length)),
    tensorArb(anyValue, { minRank: 1 }),
  );
  test.prop([transposeArb], { numRuns })(
    'transpose of any two axes (the same axis twice is the identity)',
    ([x, [dim0, dim1]]) => {
      expectGradcheck((t) => transpose(t, dim0, dim1), [leafOf(x)]);
    },
  );

  const permutationArb = (shape: number[]) => {
    const axes = shape.map((_, axis) => axis);
    return fc.shuffledSubarray(axes, { minLength: axes.length, maxLength: axes.length });
  };
  test.prop([withShape(permutationArb)], { numRuns })(
    'permute by a random permutation: the gradient is permuted back',
    ([x, order]) => {
      expectGradcheck((t) => permute(t, order), [leafOf(x)]);
    },
  );

  // The target: the same sizes in another order with size-1 axes added, and maybe one size left as -1.
  const reshapeTargetArb = (shape: number[]) =>
    fc
      .record({ ones: fc.integer({ min: 0, max: 2 }), inferred: fc.option(fc.nat(), { nil: undefined }) })
      .chain(({ ones, inferred }) => {
        const sizes = [...shape, ...Array<number>(ones).fill(1)];
        return fc
          .shuffledSubarray(sizes, { minLength: sizes.length, maxLength: sizes.length })
          .map((target) =>
            inferred === undefined || target.length === 0
              ? target
              : target.map((size, axis) => (axis === inferred % target.length ? -1 : size)),
          );
      });
  test.prop([withShape(reshapeTargetArb)], { numRuns })(
    'reshape to a reordering of the sizes, with added 1s and -1',
    ([x, target]) => {
      expectGradcheck((t) => reshape(t, target), [leafOf(x)]);
    },
  );

  const flattenRangeArb = (shape: number[]) => {
    const ndim = shape.length;
    if (ndim === 0) return fc.constant<[number, number]>([0, -1]);
    return fc
      .tuple(fc.integer({ min: 0, max: ndim - 1 }), fc.integer({ min: 0, max: ndim - 1 }))
      .chain(([a, b]) => fc.tuple(eitherSign(Math.min(a, b), ndim), eitherSign(Math.max(a, b), ndim)));
  };
  test.prop([withShape(flattenRangeArb)], { numRuns })(
    'flatten axes start..end (a 0-d tensor becomes [1])',
    ([x, [start, end]]) => {
      expectGradcheck((t) => (t.ndim === 0 ? flatten(t) : flatten(t, start, end)), [leafOf(x)]);
    },
  );

  // Sizes of 1 or 2 so that size-1 axes to squeeze are common.
  const squeezeArb = withShape(
    (shape) =>
      shape.length === 0
        ? fc.constant(undefined)
        : fc.option(axisArb(shape.length), { nil: undefined, freq: 2 }),
    tensorArb(anyValue, { maxDim: 2 }),
  );
  test.prop([squeezeArb], { numRuns })(
    'squeeze one axis (left alone unless size 1) or every size-1 axis',
    ([x, axis]) => {
      expectGradcheck((t) => (axis === undefined ? squeeze(t) : squeeze(t, axis)), [leafOf(x)]);
    },
  );

  test.prop([withShape((shape) => axisArb(shape.length + 1))], { numRuns })(
    'unsqueeze at any of the ndim + 1 places',
    ([x, axis]) => {
      expectGradcheck((t) => unsqueeze(t, axis), [leafOf(x)]);
    },
  );

  const broadcastArb = broadcastShapesArb(1).chain(({ out, operands: [shape] }) =>
    fc.tuple(specArb(shape!, anyValue), fc.constant(out)),
  );
  test.prop([broadcastArb], { numRuns })(
    'broadcastTo a larger shape: the gradient sums back over the repeated axes',
    ([x, shape]) => {
      expectGradcheck((t) => broadcastTo(t, shape), [leafOf(x)]);
    },
  );
});

describe('joins pass gradcheck', () => {
  // One to three tensors equal in shape except along the join axis, where each has its own size.
  const concatArb = shapeArb({ minRank: 1, maxRank: 3 })
    .chain((shape) =>
      fc.record({
        axis: axisArb(shape.length),
        sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        shape: fc.constant(shape),
      }),
    )
    .chain(({ axis, sizes, shape }) => {
      const dim = axis < 0 ? axis + shape.length : axis;
      const parts = sizes.map((size) =>
        specArb(
          shape.map((s, d) => (d === dim ? size : s)),
          anyValue,
        ),
      );
      return fc.tuple(fc.constant(axis), fc.tuple(...parts));
    });
  test.prop([concatArb], { numRuns })(
    'concat along any axis: each input gets its slice of the gradient',
    ([axis, parts]) => {
      expectGradcheck((...ts) => concat(ts, axis), parts.map(leafOf));
    },
  );

  const stackArb = shapeArb({ maxRank: 3 }).chain((shape) =>
    fc.tuple(axisArb(shape.length + 1), fc.array(specArb(shape, anyValue), { minLength: 1, maxLength: 3 })),
  );
  test.prop([stackArb], { numRuns })('stack along a new axis at any place', ([axis, parts]) => {
    expectGradcheck((...ts) => stack(ts, axis), parts.map(leafOf));
  });
});

describe('indexing passes gradcheck', () => {
  const bound = fc.option(fc.integer({ min: -4, max: 4 }), { nil: undefined });
  const rangeArb: fc.Arbitrary<SliceRange | null> = fc.option(
    fc.record({
      start: bound,
      stop: bound,
      step: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    }),
    { nil: null },
  );
  const sliceArb = withShape(
    (shape) => fc.array(rangeArb, { maxLength: shape.length }),
    tensorArb(anyValue, { minRank: 1 }),
  );
  test.prop([sliceArb], { numRuns })(
    'slice with Python ranges (negative ends, steps, clipping): zeros off the slice',
    ([x, ranges]) => {
      expectGradcheck((t) => slice(t, ranges), [leafOf(x)]);
    },
  );

  // index: as many axes as x, no larger on the other axes, any length along `axis`, repeats allowed.
  const gatherArb = withShape(
    (shape) =>
      axisArb(shape.length).chain((axis) => {
        const dim = axis < 0 ? axis + shape.length : axis;
        const indexShape = fc.tuple(
          ...shape.map((size, d) => fc.integer({ min: 1, max: d === dim ? 4 : size })),
        );
        return indexShape.chain((sizes) =>
          fc.tuple(fc.constant(axis), specArb(sizes, fc.integer({ min: 0, max: shape[dim]! - 1 }))),
        );
      }),
    tensorArb(anyValue, { minRank: 1, maxRank: 3 }),
  );
  test.prop([gatherArb], { numRuns })(
    'gather: the gradient is added back at each picked position, repeats adding up',
    ([x, [axis, index]]: [TensorSpec, [number, TensorSpec]]) => {
      const picks = constantOf(index);
      expectGradcheck((t) => gather(t, axis, picks), [leafOf(x)]);
    },
  );

  const indexSelectArb = withShape(
    (shape) =>
      axisArb(shape.length).chain((axis) => {
        const size = shape[axis < 0 ? axis + shape.length : axis]!;
        return fc.tuple(
          fc.constant(axis),
          fc.array(fc.integer({ min: 0, max: size - 1 }), { minLength: 1, maxLength: 4 }),
        );
      }),
    tensorArb(anyValue, { minRank: 1, maxRank: 3 }),
  );
  test.prop([indexSelectArb], { numRuns })(
    'indexSelect: each selected slice adds its gradient back at its index',
    ([x, [axis, indices]]) => {
      expectGradcheck((t) => indexSelect(t, axis, indices), [leafOf(x)]);
    },
  );
});
