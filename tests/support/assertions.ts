/**
 * Assertions shared by the test files: closeness of numbers and tensors, and thrown errors.
 */
import { type NestedInput, Tensor, tensor } from '@tapegrad/autograd';
import { expect } from 'vitest';

/** A value passes when |actual - expected| <= atol + rtol * |expected| (numpy.isclose's rule). */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/**
 * The tolerance when none is given: rtol 1e-14 is about 45 ulps of a value near 1, and atol 1e-15 covers
 * expected values at or near 0. A call that needs another tolerance (looser, or rtol 0 for an absolute
 * bound) passes both numbers.
 */
export const DEFAULT_TOLERANCE: Tolerance = { atol: 1e-15, rtol: 1e-14 };

/**
 * Asserts |actual - expected| <= atol + rtol * |expected|. A non-finite expected value (NaN, +-Infinity)
 * must be matched exactly (NaN by NaN). `label` starts the failure message, e.g. 'element 3'.
 */
export function expectClose(
  actual: number,
  expected: number,
  { atol, rtol }: Tolerance = DEFAULT_TOLERANCE,
  label = 'value',
): void {
  if (Number.isFinite(expected)) {
    expect(Math.abs(actual - expected), `${label}: got ${actual}, want ${expected}`).toBeLessThanOrEqual(
      atol + rtol * Math.abs(expected),
    );
  } else {
    expect(actual, label).toBe(expected);
  }
}

/**
 * Asserts that `actual` has the shape of `expected` and that each element is close to the expected one,
 * by expectClose's rule. Either side may be a tensor, nested arrays or a Float64Array (which counts as
 * 1-d), so a tensor's `.data` compares with a flat list of numbers. A null `actual` (e.g. a missing
 * `.grad`) fails.
 */
export function expectAllClose(
  actual: Tensor | NestedInput | Float64Array | null,
  expected: Tensor | NestedInput | Float64Array,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): void {
  expect(actual, 'actual is null').not.toBeNull();
  const got = asTensor(actual!);
  const want = asTensor(expected);
  expect(got.shape, 'shape').toEqual(want.shape);
  want.data.forEach((value, i) => {
    expectClose(got.data[i]!, value, tolerance, `element ${i}`);
  });
}

function asTensor(value: Tensor | NestedInput | Float64Array): Tensor {
  return value instanceof Tensor ? value : tensor(value);
}

/** Calls fn and asserts that it throws an instance of errorClass whose message matches every pattern. */
export function expectThrows(
  fn: () => unknown,
  errorClass: new (...args: never[]) => Error,
  ...patterns: RegExp[]
): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ${errorClass.name}`).toBeInstanceOf(errorClass);
  for (const pattern of patterns) expect((caught as Error).message).toMatch(pattern);
}
