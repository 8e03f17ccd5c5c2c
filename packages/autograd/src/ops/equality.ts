/**
 * Whole-tensor comparisons that answer with a boolean, PyTorch's torch.allclose and torch.equal. No
 * gradient: they are tests, not ops.
 */
import { booleanOption, checkOptions, checkTensor, refuseOption } from '../checks/arguments.ts';
import { shapesEqual } from '../shape/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { binaryValues } from './elementwise.ts';

/** allclose's tolerances, PyTorch's keywords and defaults. */
export interface AllcloseOptions {
  /** Relative tolerance, a number >= 0; 1e-5 by default. */
  readonly rtol?: number;
  /** Absolute tolerance, a number >= 0; 1e-8 by default. */
  readonly atol?: number;
  /** Whether NaN is close to NaN; false by default. */
  readonly equalNan?: boolean;
}

const tolerance = (fn: string, name: string, value: unknown) =>
  typeof value === 'number' && value >= 0 ? value : refuseOption(fn, name, 'a number >= 0', value);
const ALLCLOSE_OPTIONS = { rtol: tolerance, atol: tolerance, equalNan: booleanOption };

/**
 * Whether every element of a is close to the element of b it meets when the two broadcast together:
 * |a - b| <= atol + rtol * |b| (PyTorch's isclose, not symmetric in a and b). Equal infinities are close;
 * NaN is close only to NaN and only with `equalNan`.
 * @example allclose(tensor([1, 2]), tensor([1, 2 + 1e-9])); // true
 */
export function allclose(a: Tensor, b: Tensor, options?: AllcloseOptions): boolean {
  checkTensor('allclose', 'input', a);
  checkTensor('allclose', 'other', b);
  const {
    rtol = 1e-5,
    atol = 1e-8,
    equalNan = false,
  } = checkOptions('allclose', options, ALLCLOSE_OPTIONS) ?? {};
  const isClose = (x: number, y: number) => {
    if (x === y) return 1;
    if (Number.isNaN(x) || Number.isNaN(y)) return equalNan && Number.isNaN(x) && Number.isNaN(y) ? 1 : 0;
    // Unequal infinities are never close (|Inf - 5| <= Inf would say they were).
    if (!Number.isFinite(x) || !Number.isFinite(y)) return 0;
    return Math.abs(x - y) <= atol + rtol * Math.abs(y) ? 1 : 0;
  };
  return binaryValues('allclose', a, b, isClose).data.every((close) => close === 1);
}

/**
 * Whether a and b have the same shape and the same values, PyTorch's torch.equal. Different shapes give
 * false (no broadcasting); NaN is equal to nothing, itself included.
 * @example equal(tensor([1, 2]), tensor([1, 2])); // true
 */
export function equal(a: Tensor, b: Tensor): boolean {
  checkTensor('equal', 'input', a);
  checkTensor('equal', 'other', b);
  return shapesEqual(a.shape, b.shape) && a.data.every((value, i) => value === b.data[i]);
}
