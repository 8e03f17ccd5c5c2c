/**
 * The fast elementwise and reduction kernels against the simple reference kernels they replace: + - * /
 * against `binary(..., f)`, each function of math.ts against `unary(x, f)`, and `reduce` against
 * `reduceReference`. Random shapes of rank 0 to 4 with sizes 0 to 5 (empty, single and odd axes), operands
 * broadcast over any axes, values of any sign and size with zeros and infinities among them. Each output
 * element is the same single operation (or, for a sum, the same additions in the same order), so the
 * results must agree exactly, NaN included. The one exception is tanh, computed by its own formula
 * (tanh.ts): within 1 ulp of the exact value, so within 3 ulp of Math.tanh (itself within 2).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import * as arithmetic from '../../../packages/autograd/src/kernels/arithmetic.ts';
import { binary, unary } from '../../../packages/autograd/src/kernels/elementwise.ts';
import * as math from '../../../packages/autograd/src/kernels/math.ts';
import { type ReduceKind, reduce, reduceReference } from '../../../packages/autograd/src/kernels/reduce.ts';
import { gatherStrided } from '../../../packages/autograd/src/kernels/strided.ts';
import { fastTanh } from '../../../packages/autograd/src/kernels/tanh.ts';

const numRuns = 200;

const sizeOf = (shape: readonly number[]) => shape.reduce((size, dim) => size * dim, 1);

/** Values of every kind: ordinary, tiny, huge, zero of either sign, infinite. */
const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);

const valuesArb = (size: number) =>
  fc.array(valueArb, { minLength: size, maxLength: size }).map((values) => Float64Array.from(values));

const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 });

/** An output shape and two operand shapes that broadcast to it (leading axes dropped, some axes set to 1). */
const broadcastCaseArb = shapeArb.chain((out) => {
  const operand = fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([dropped, ones]) => out.map((dim, axis) => (ones[axis] ? 1 : dim)).slice(dropped));
  return fc.tuple(operand, operand).chain(([aShape, bShape]) =>
    fc.record({
      out: fc.constant(out),
      aShape: fc.constant(aShape),
      bShape: fc.constant(bShape),
      a: valuesArb(sizeOf(aShape)),
      b: valuesArb(sizeOf(bShape)),
    }),
  );
});

const arithmeticCases = [
  { name: 'add', fast: arithmetic.add, f: (x: number, y: number) => x + y },
  { name: 'sub', fast: arithmetic.sub, f: (x: number, y: number) => x - y },
  { name: 'mul', fast: arithmetic.mul, f: (x: number, y: number) => x * y },
  { name: 'div', fast: arithmetic.div, f: (x: number, y: number) => x / y },
] as const;

describe('arithmetic kernels equal binary(..., f) on broadcast operands', () => {
  for (const { name, fast, f } of arithmeticCases) {
    test.prop([broadcastCaseArb], { numRuns })(name, ({ out, aShape, bShape, a, b }) => {
      expect(Array.from(fast(a, aShape, b, bShape, out))).toEqual(
        Array.from(binary(a, aShape, b, bShape, out, f)),
      );
    });
  }

  it('a row added to every row of a batch, and a column to every column', () => {
    const batch = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(arithmetic.add(batch, [2, 3], Float64Array.of(10, 20, 30), [3], [2, 3]))).toEqual([
      11, 22, 33, 14, 25, 36,
    ]);
    expect(Array.from(arithmetic.mul(batch, [2, 3], Float64Array.of(1, -1), [2, 1], [2, 3]))).toEqual([
      1, 2, 3, -4, -5, -6,
    ]);
  });
});

const mathCases = [
  { name: 'neg', fast: math.neg, f: (v: number) => -v },
  { name: 'square', fast: math.square, f: (v: number) => v * v },
  { name: 'exp', fast: math.exp, f: Math.exp },
  { name: 'log', fast: math.log, f: Math.log },
  { name: 'sqrt', fast: math.sqrt, f: Math.sqrt },
  { name: 'abs', fast: math.abs, f: Math.abs },
  { name: 'sigmoid', fast: math.sigmoid, f: math.stableSigmoid },
  { name: 'softplus', fast: math.softplus, f: math.stableSoftplus },
  { name: 'relu', fast: math.relu, f: math.reluOf },
] as const;

const mathInputArb = fc.integer({ min: 0, max: 40 }).chain((size) => valuesArb(size));

describe('math kernels equal unary(x, f)', () => {
  for (const { name, fast, f } of mathCases) {
    test.prop([mathInputArb], { numRuns })(name, (x) => {
      expect(Array.from(fast(x))).toEqual(Array.from(unary(x, f)));
    });
  }

  it('sigmoid and softplus stay finite and exact far out, where the textbook forms overflow', () => {
    expect(Array.from(math.sigmoid(Float64Array.of(-800, 0, 800)))).toEqual([0, 0.5, 1]);
    expect(Array.from(math.softplus(Float64Array.of(-800, 800)))).toEqual([0, 800]);
  });
});

/** A shape, values, a sorted set of distinct axes (any subset, adjacent or not) and a kind. */
const reduceCaseArb = shapeArb.chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    x: valuesArb(sizeOf(shape)),
    axes: fc
      .subarray(
        shape.map((_, axis) => axis),
        { minLength: 0 },
      )
      .map((axes) => [...axes].sort((p, q) => p - q)),
    kind: fc.constantFrom<ReduceKind>('sum', 'max', 'min'),
  }),
);

/** How many doubles lie between a and b (0 when equal): the distance in units in the last place. */
function ulpDistance(a: number, b: number): number {
  const bits = new BigInt64Array(Float64Array.of(a, b).buffer);
  const ordered = (i: number) => (bits[i]! < 0n ? -(bits[i]! & 0x7fffffffffffffffn) : bits[i]!);
  const distance = ordered(0) - ordered(1);
  return Number(distance < 0n ? -distance : distance);
}

/** tanh at points on every branch, each rounded to the nearest double from 200-bit mpmath. */
const EXACT_TANH: readonly (readonly [number, number])[] = [
  [1e-10, 1e-10],
  [3e-9, 3e-9],
  [1e-5, 9.999999999666668e-6],
  [0.1, 0.09966799462495582],
  [0.3, 0.2913126124515909],
  [0.5, 0.46211715726000974],
  [0.6, 0.5370495669980353],
  [0.624, 0.5539069192039145],
  [0.625, 0.5545997223493823],
  [0.626, 0.5552917574641913],
  [0.7, 0.6043677771171635],
  [1, 0.7615941559557649],
  [1.5, 0.9051482536448664],
  [2, 0.9640275800758169],
  [3, 0.9950547536867305],
  [5, 0.9999092042625951],
  [8, 0.9999997749296758],
  [12, 0.9999999999244973],
  [17, 0.9999999999999966],
  [19, 0.9999999999999999],
  [21.99, 1],
];

describe('tanh kernel (fastTanh)', () => {
  it('is within 1 ulp of the exact value on every branch, for x and -x', () => {
    for (const [x, exact] of EXACT_TANH) {
      expect(ulpDistance(fastTanh(x), exact), `tanh(${x})`).toBeLessThanOrEqual(1);
      expect(ulpDistance(fastTanh(-x), -exact), `tanh(${-x})`).toBeLessThanOrEqual(1);
    }
  });

  it('keeps the sign of zero, saturates to ±1 and passes NaN through', () => {
    expect(Object.is(fastTanh(0), 0)).toBe(true);
    expect(Object.is(fastTanh(-0), -0)).toBe(true);
    expect(fastTanh(5e-324)).toBe(5e-324);
    expect([fastTanh(22), fastTanh(-22), fastTanh(1e300), fastTanh(Number.NEGATIVE_INFINITY)]).toEqual([
      1, -1, 1, -1,
    ]);
    expect(fastTanh(Number.NaN)).toBeNaN();
  });

  const anyDouble = fc.oneof(
    fc.double({ min: -25, max: 25, noNaN: true }),
    fc.double({ min: 0.55, max: 0.7 }),
    fc.double({ noNaN: true }),
  );
  test.prop([anyDouble], { numRuns: 2000 })('is odd and within 3 ulp of Math.tanh', (x) => {
    expect(ulpDistance(fastTanh(x), Math.tanh(x))).toBeLessThanOrEqual(3);
    expect(Object.is(fastTanh(-x), -fastTanh(x))).toBe(true);
  });

  test.prop([mathInputArb], { numRuns })('the kernel applies it to every element', (x) => {
    expect(Array.from(math.tanh(x))).toEqual(Array.from(unary(x, fastTanh)));
  });
});

describe('reduce equals reduceReference', () => {
  test.prop([reduceCaseArb], { numRuns: 400 })(
    'sum, max and min over any axes',
    ({ shape, x, axes, kind }) => {
      expect(Array.from(reduce(x, shape, axes, kind))).toEqual(
        Array.from(reduceReference(x, shape, axes, kind)),
      );
    },
  );

  it('sums the leading axis of a batch (the gradient of a broadcast bias) and all of it', () => {
    const batch = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(reduce(batch, [2, 3], [0], 'sum'))).toEqual([5, 7, 9]);
    expect(Array.from(reduce(batch, [2, 3], [0, 1], 'max'))).toEqual([6]);
  });
});

describe('gatherStrided', () => {
  it('repeats a single element (all strides 0) as a fill', () => {
    expect(Array.from(gatherStrided(Float64Array.of(7, 8), 1, [0, 0], [2, 3]))).toEqual([8, 8, 8, 8, 8, 8]);
    expect(Array.from(gatherStrided(Float64Array.of(7), 0, [], []))).toEqual([7]);
    expect(Array.from(gatherStrided(Float64Array.of(7), 0, [0], [0]))).toEqual([]);
  });
});
