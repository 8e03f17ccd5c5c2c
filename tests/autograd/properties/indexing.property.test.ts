/**
 * The indexing ops on random shapes (fast-check prints the seed of a failure): select, narrow and x[i]
 * against a reference on nested JavaScript arrays, written apart from the tensor code; maskedSelect's
 * length equals the mask's sum and its entries are the flat values the mask keeps; and gradcheck of every
 * differentiable new op (each picks or replaces entries, so its Jacobian is a 0/1 matrix).
 */
import { fc, test } from '@fast-check/vitest';
import {
  at,
  index,
  maskedFill,
  maskedSelect,
  type NestedArray,
  narrow,
  select,
  tensor,
} from '@tapegrad/autograd';
import { describe, expect } from 'vitest';
import {
  anyValue,
  axisArb,
  broadcastShapesArb,
  constantOf,
  expectGradcheck,
  leafOf,
  specArb,
  type TensorSpec,
  tensorArb,
} from './arbitraries.ts';

const numRuns = 100;

/** A tensor of at least one axis, and extra data chosen knowing its shape. */
function withShape<T>(extra: (shape: number[]) => fc.Arbitrary<T>) {
  return tensorArb(anyValue, { minRank: 1 }).chain((x) => fc.tuple(fc.constant(x), extra([...x.shape])));
}

/** An axis of `shape` (either sign) and a position along it (either sign). */
const axisAndPosition = (shape: number[]) =>
  axisArb(shape.length).chain((dim) => {
    const size = shape[dim < 0 ? dim + shape.length : dim]!;
    return fc.tuple(fc.constant(dim), fc.integer({ min: -size, max: size - 1 }));
  });

/** An axis and a range start..start+length inside it (start written either sign). */
const axisAndRange = (shape: number[]) =>
  axisArb(shape.length).chain((dim) => {
    const size = shape[dim < 0 ? dim + shape.length : dim]!;
    return fc.integer({ min: 0, max: size }).chain((first) =>
      fc.tuple(
        fc.constant(dim),
        fc.constantFrom(first, first - size).filter((start) => start >= -size),
        fc.integer({ min: 0, max: size - first }),
      ),
    );
  });

/** A 0/1 mask spec of `shape`. */
const maskOf = (shape: number[]) => specArb(shape, fc.constantFrom(0, 1));

/** Applies `pick` to the nested arrays at depth `depth` (the reference walks the nesting, not strides). */
function atDepth(value: NestedArray, depth: number, pick: (list: NestedArray[]) => NestedArray): NestedArray {
  const list = value as NestedArray[];
  return depth === 0 ? pick(list) : list.map((inner) => atDepth(inner, depth - 1, pick));
}

const positive = (axis: number, ndim: number) => (axis < 0 ? axis + ndim : axis);

describe('select, narrow and x[i] equal picking from nested arrays', () => {
  test.prop([withShape(axisAndPosition)], { numRuns })(
    'select(x, dim, i) is the i-th entry at depth dim',
    ([spec, [dim, position]]) => {
      const x = constantOf(spec);
      const axis = positive(dim, x.ndim);
      const size = spec.shape[axis]!;
      const expected = atDepth(x.toArray(), axis, (list) => list[(position + size) % size]!);
      expect(select(x, dim, position).toArray()).toEqual(expected);
    },
  );

  test.prop([withShape(axisAndRange)], { numRuns })(
    'narrow(x, dim, start, length) is the entries start..start+length at depth dim',
    ([spec, [dim, start, length]]) => {
      const x = constantOf(spec);
      const axis = positive(dim, x.ndim);
      const first = start < 0 ? start + spec.shape[axis]! : start;
      const expected = atDepth(x.toArray(), axis, (list) => list.slice(first, first + length));
      const narrowed = narrow(x, dim, start, length);
      expect(narrowed.toArray()).toEqual(expected);
      expect(narrowed.shape).toEqual(spec.shape.map((size, d) => (d === axis ? length : size)));
    },
  );

  test.prop([withShape((shape) => fc.integer({ min: -shape[0]!, max: shape[0]! - 1 }))], { numRuns })(
    'index(x, i) and at(x, i) are Array.prototype.at of the nested arrays',
    ([spec, position]) => {
      const x = constantOf(spec);
      const expected = (x.toArray() as NestedArray[]).at(position);
      expect(index(x, position).toArray()).toEqual(expected);
      expect(at(x, position).toArray()).toEqual(expected);
    },
  );

  test.prop(
    [withShape((shape) => fc.array(fc.integer({ min: -shape[0]!, max: shape[0]! - 1 }), { maxLength: 4 }))],
    { numRuns },
  )('index(x, [i, j, ...]) stacks those entries of axis 0', ([spec, positions]) => {
    const x = constantOf(spec);
    const rows = x.toArray() as NestedArray[];
    const picked = index(x, positions);
    expect(picked.shape).toEqual([positions.length, ...spec.shape.slice(1)]);
    expect(picked.toArray()).toEqual(positions.map((position) => rows.at(position)));
  });
});

describe('masks', () => {
  const xAndMask = tensorArb(anyValue).chain((x) => fc.tuple(fc.constant(x), maskOf([...x.shape])));

  test.prop([xAndMask], { numRuns })(
    "maskedSelect keeps the mask's sum of entries, the flat values where it is 1, in order; x[mask] is the same",
    ([spec, maskSpec]) => {
      const x = constantOf(spec);
      const mask = constantOf(maskSpec);
      const selected = maskedSelect(x, mask);
      const count = maskSpec.values.reduce((sum, flag) => sum + flag, 0);
      expect(selected.shape).toEqual([count]);
      expect(Array.from(selected.data)).toEqual(spec.values.filter((_, i) => maskSpec.values[i] === 1));
      if (x.ndim > 0) expect(index(x, mask).toArray()).toEqual(selected.toArray());
    },
  );

  test.prop([xAndMask, fc.double({ min: -5, max: 5, noNaN: true })], { numRuns })(
    'maskedFill is the value where the mask is 1 and x elsewhere',
    ([spec, maskSpec], value) => {
      const filled = maskedFill(constantOf(spec), constantOf(maskSpec), value);
      expect(Array.from(filled.data)).toEqual(
        spec.values.map((v, i) => (maskSpec.values[i] === 1 ? value : v)),
      );
    },
  );
});

describe('the new ops pass gradcheck', () => {
  test.prop([withShape(axisAndPosition)], { numRuns })('select', ([spec, [dim, position]]) => {
    expectGradcheck((t) => select(t, dim, position), [leafOf(spec)]);
  });

  test.prop([withShape(axisAndRange)], { numRuns })('narrow', ([spec, [dim, start, length]]) => {
    expectGradcheck((t) => narrow(t, dim, start, length), [leafOf(spec)]);
  });

  test.prop(
    [withShape((shape) => fc.array(fc.integer({ min: -shape[0]!, max: shape[0]! - 1 }), { maxLength: 4 }))],
    { numRuns },
  )('index by a number, by positions (repeats add), and at', ([spec, positions]) => {
    const first = positions[0] ?? 0;
    expectGradcheck((t) => index(t, first), [leafOf(spec)]);
    expectGradcheck((t) => at(t, -1), [leafOf(spec)]);
    expectGradcheck((t) => index(t, positions), [leafOf(spec)]);
  });

  test.prop(
    [withShape((shape) => fc.integer({ min: 1, max: shape.length }).chain((k) => maskOf(shape.slice(0, k))))],
    { numRuns },
  )('index by a mask of the leading sizes, and by a boolean array', ([spec, maskSpec]) => {
    expectGradcheck((t) => index(t, constantOf(maskSpec)), [leafOf(spec)]);
    const flags = Array.from({ length: spec.shape[0]! }, (_, i) => i % 2 === 0);
    expectGradcheck((t) => index(t, flags), [leafOf(spec)]);
  });

  const broadcastPair = broadcastShapesArb(2).chain(({ operands: [xShape, maskShape] }) =>
    fc.tuple(specArb(xShape!, anyValue), maskOf(maskShape!)),
  );

  test.prop([broadcastPair], { numRuns })(
    'maskedSelect, x and mask broadcast (the gradient sums over the copies)',
    ([spec, maskSpec]) => {
      expectGradcheck((t) => maskedSelect(t, constantOf(maskSpec)), [leafOf(spec)]);
    },
  );

  test.prop([broadcastPair, anyValue], { numRuns })(
    'maskedFill, to x and to a 0-d tensor value',
    ([spec, maskSpec], value) => {
      const mask = constantOf(maskSpec);
      expectGradcheck(
        (t, v) => maskedFill(t, mask, v),
        [leafOf(spec), tensor(value, { requiresGrad: true })],
      );
    },
  );

  test.prop([tensorArb(anyValue, { minRank: 2, maxRank: 4 })], { numRuns })(
    'mT, T of a matrix, and view to the flat shape',
    (spec) => {
      expectGradcheck((t) => t.mT, [leafOf(spec)]);
      expectGradcheck((t) => t.view(-1), [leafOf(spec)]);
      const matrix: TensorSpec = {
        shape: spec.shape.slice(0, 2),
        values: spec.values.slice(0, spec.shape[0]! * spec.shape[1]!),
      };
      expectGradcheck((t) => t.T, [leafOf(matrix)]);
    },
  );
});
