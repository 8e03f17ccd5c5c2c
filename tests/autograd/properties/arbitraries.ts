/**
 * Generators shared by the gradient property tests. They produce plain data (shapes and value lists), not
 * tensors, so fast-check prints a readable counterexample and shrinks it; `leafOf` turns a spec into a tensor
 * inside the property. Values are drawn away from kinks (relu and abs at 0, ties of max and min, clamp
 * bounds) and poles (log, sqrt and division near 0), where a finite difference is not a derivative.
 */
import { fc } from '@fast-check/vitest';
import {
  gradcheck,
  gradgradcheck,
  type Shape,
  type Tensor,
  type TensorFunction,
  type TensorLike,
  tensor,
} from '@tapegrad/autograd';
import { expect } from 'vitest';

/** A tensor as data: its shape and its values in row-major order. */
export interface TensorSpec {
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

export function sizeOfShape(shape: Shape): number {
  return shape.reduce((size, dim) => size * dim, 1);
}

/**
 * A fresh leaf holding the spec's values that requires a gradient (the spec form of tests/support's
 * `leaf`, which takes nested arrays).
 */
export function leafOf(spec: TensorSpec): Tensor {
  return tensor(Float64Array.from(spec.values), { shape: spec.shape, requiresGrad: true });
}

/** A fresh constant (no gradient) holding the spec's values, e.g. a mask or the index of gather. */
export function constantOf(spec: TensorSpec): Tensor {
  return tensor(Float64Array.from(spec.values), { shape: spec.shape });
}

export interface ShapeLimits {
  readonly minRank?: number;
  readonly maxRank?: number;
  /** Largest size of one axis; every axis is at least 1, so size-1 axes come up often. */
  readonly maxDim?: number;
}

/** Shapes of rank minRank..maxRank (0-d to 4-d by default), each axis 1..maxDim. */
export function shapeArb({ minRank = 0, maxRank = 4, maxDim = 3 }: ShapeLimits = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * `count` shapes that broadcast together: each is `out` with some leading axes dropped and some of the
 * remaining axes set to 1, so each one also broadcasts to `out` itself.
 */
export function broadcastShapesArb(
  count: number,
  limits: ShapeLimits = {},
): fc.Arbitrary<{ out: number[]; operands: number[][] }> {
  return shapeArb(limits).chain((out) => {
    const operand = fc
      .record({
        dropped: fc.integer({ min: 0, max: out.length }),
        // Each axis set to 1 with probability 1/3.
        ones: fc.array(fc.constantFrom(false, false, true), { minLength: out.length, maxLength: out.length }),
      })
      .map(({ dropped, ones }) => out.map((dim, axis) => (ones[axis] ? 1 : dim)).slice(dropped));
    return fc.array(operand, { minLength: count, maxLength: count }).map((operands) => ({ out, operands }));
  });
}

/** A spec of the given shape whose values come from `value`. */
export function specArb(shape: Shape, value: fc.Arbitrary<number>): fc.Arbitrary<TensorSpec> {
  const size = sizeOfShape(shape);
  return fc
    .array(value, { minLength: size, maxLength: size })
    .map((values) => ({ shape: [...shape], values }));
}

/** A shape and values together. */
export function tensorArb(value: fc.Arbitrary<number>, limits: ShapeLimits = {}): fc.Arbitrary<TensorSpec> {
  return shapeArb(limits).chain((shape) => specArb(shape, value));
}

const double = (min: number, max: number) => fc.double({ min, max, noNaN: true });

/** Smooth-op inputs: anywhere in [-2, 2]. */
export const anyValue: fc.Arbitrary<number> = double(-2, 2);

/** Inputs for log, sqrt and as the positive side of division or a power's base: [0.5, 3]. */
export const positiveValue: fc.Arbitrary<number> = double(0.5, 3);

/** |x| in [0.11, 2] with either sign: clear of the kink of relu, abs and leakyRelu at 0. */
export const awayFromZero: fc.Arbitrary<number> = fc
  .tuple(double(0.11, 2), fc.boolean())
  .map(([magnitude, negative]) => (negative ? -magnitude : magnitude));

/** Bases of a power with a tensor exponent: [0.5, 2], clear of base 0 where log(base) has its pole. */
export const baseValue: fc.Arbitrary<number> = double(0.5, 2);

/** Divisors: |x| in [0.5, 3] with either sign, so 1/x stays far from its pole. */
export const divisorValue: fc.Arbitrary<number> = fc
  .tuple(positiveValue, fc.boolean())
  .map(([magnitude, negative]) => (negative ? -magnitude : magnitude));

/**
 * A point of the grid k/2 + offset (k in -4..4), moved by at most `jitter`. Values drawn with offsets 0 and
 * 0.25 (jitter 0.05) are at least 0.25 - 2 * 0.05 = 0.15 apart, so maximum and minimum never meet a tie.
 */
export function gridValue(offset: number, jitter = 0.05): fc.Arbitrary<number> {
  return fc
    .tuple(fc.integer({ min: -4, max: 4 }), double(-jitter, jitter))
    .map(([k, jitter]) => k / 2 + offset + jitter);
}

/**
 * Values of `shape` that are pairwise at least 0.2 apart: a random permutation of 0.3 * (0..n-1), centred,
 * each moved by at most 0.05. Max and min reductions then have a single winner, even under a 1e-6 nudge.
 */
export function distinctSpecArb(shape: Shape): fc.Arbitrary<TensorSpec> {
  const size = sizeOfShape(shape);
  const ranks = Array.from({ length: size }, (_, i) => i);
  return fc
    .tuple(
      fc.shuffledSubarray(ranks, { minLength: size, maxLength: size }),
      fc.array(double(-0.05, 0.05), { minLength: size, maxLength: size }),
    )
    .map(([order, jitter]) => ({
      shape: [...shape],
      values: order.map((rank, i) => 0.3 * (rank - (size - 1) / 2) + jitter[i]!),
    }));
}

/** Two operand specs whose shapes broadcast together (within `limits`), with values from `left` and `right`. */
export function operandPairArb(
  left: fc.Arbitrary<number>,
  right: fc.Arbitrary<number>,
  limits: ShapeLimits = {},
): fc.Arbitrary<[TensorSpec, TensorSpec]> {
  return broadcastShapesArb(2, limits).chain(({ operands: [leftShape, rightShape] }) =>
    fc.tuple(specArb(leftShape!, left), specArb(rightShape!, right)),
  );
}

/** A named one-input op for a table of property cases, with the values its input is drawn from. */
export interface UnaryCase {
  readonly name: string;
  readonly f: (x: Tensor) => Tensor;
  readonly values: fc.Arbitrary<number>;
}

/** A named two-input op for a table of property cases, with the values of each operand. */
export interface BinaryCase {
  readonly name: string;
  readonly f: (a: TensorLike, b: TensorLike) => Tensor;
  readonly left: fc.Arbitrary<number>;
  readonly right: fc.Arbitrary<number>;
}

/** An axis of a rank-`ndim` tensor, written either way: 0..ndim-1 or -ndim..-1. */
export function axisArb(ndim: number): fc.Arbitrary<number> {
  return fc.integer({ min: -ndim, max: ndim - 1 });
}

/**
 * The `axes` argument of a reduction: undefined (all axes), one axis, or a non-empty list of distinct
 * axes in any order, each written positive or negative.
 */
export function reductionAxesArb(ndim: number): fc.Arbitrary<number | number[] | undefined> {
  if (ndim === 0) return fc.constant(undefined);
  const all = Array.from({ length: ndim }, (_, axis) => axis);
  const several = fc
    .tuple(
      fc.shuffledSubarray(all, { minLength: 1 }),
      fc.array(fc.boolean(), { minLength: ndim, maxLength: ndim }),
    )
    .map(([axes, negative]) => axes.map((axis, i) => (negative[i] ? axis - ndim : axis)));
  return fc.oneof(fc.constant(undefined), axisArb(ndim), several);
}

/**
 * Asserts that gradcheck passes with its defaults (eps 1e-6, atol 1e-5, rtol 1e-3); the report, after
 * `context` (e.g. a program listing), is the failure message.
 */
export function expectGradcheck(f: TensorFunction, inputs: readonly Tensor[], context = '') {
  const report = gradcheck(f, inputs);
  expect(report.passed, `${context}${report.toString()}`).toBe(true);
}

/** Asserts that gradgradcheck passes with its defaults; `seed` picks the random output weights v. */
export function expectGradgradcheck(f: TensorFunction, inputs: readonly Tensor[], seed = 0, context = '') {
  const report = gradgradcheck(f, inputs, { seed });
  expect(report.passed, `${context}${report.toString()}`).toBe(true);
}
