import { checkTensor } from '../checks/arguments.ts';
import { ArgumentError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import type { Tensor, TensorLike } from '../tensor/tensor.ts';
import { add, mul, neg } from './arithmetic.ts';
import { eq, ge, gt, le, lt } from './compare.ts';
import { type BinaryRule, binaryOp } from './elementwise.ts';

/** NaN wins, as in PyTorch's maximum and minimum. */
const larger = (x: number, y: number): number => (x > y || Number.isNaN(x) ? x : y);
const smaller = (x: number, y: number): number => (x < y || Number.isNaN(x) ? x : y);
const largerKernel = kernels.zipWith(larger);
const smallerKernel = kernels.zipWith(smaller);
/** clamp's operands in error messages. */
const CLAMP_MIN: readonly [string, string] = ['input', 'min'];
const CLAMP_MAX: readonly [string, string] = ['input', 'max'];

/**
 * Elementwise larger of a and b. The gradient goes to the larger one; on a tie it is split 0.5 / 0.5, as
 * PyTorch's maximum does.
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('maximum', a, b, largerKernel, maximumBackward);
}
const maximumBackward: BinaryRule = (g, _out, [x, y]) => {
  const toX = add(gt(x, y), mul(eq(x, y), 0.5));
  return [x.requiresGrad ? mul(g, toX) : null, y.requiresGrad ? mul(g, add(neg(toX), 1)) : null];
};

/** Elementwise smaller of a and b; ties split the gradient 0.5 / 0.5. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('minimum', a, b, smallerKernel, minimumBackward);
}
const minimumBackward: BinaryRule = (g, _out, [x, y]) => {
  const toX = add(lt(x, y), mul(eq(x, y), 0.5));
  return [x.requiresGrad ? mul(g, toX) : null, y.requiresGrad ? mul(g, add(neg(toX), 1)) : null];
};

/** max(x, low): the gradient goes to x where x >= low (the bound itself counts as inside), else to low. */
function clampMin(x: Tensor, low: TensorLike): Tensor {
  return binaryOp('clamp', x, low, largerKernel, clampMinBackward, CLAMP_MIN, 'min');
}
const clampMinBackward: BinaryRule = (g, _out, [value, bound]) => {
  const inside = ge(value, bound);
  return [
    value.requiresGrad ? mul(g, inside) : null,
    bound.requiresGrad ? mul(g, add(neg(inside), 1)) : null,
  ];
};

/** min(x, high): the gradient goes to x where x <= high, else to high. */
function clampMax(x: Tensor, high: TensorLike): Tensor {
  return binaryOp('clamp', x, high, smallerKernel, clampMaxBackward, CLAMP_MAX, 'max');
}
const clampMaxBackward: BinaryRule = (g, _out, [value, bound]) => {
  const inside = le(value, bound);
  return [
    value.requiresGrad ? mul(g, inside) : null,
    bound.requiresGrad ? mul(g, add(neg(inside), 1)) : null,
  ];
};

/**
 * Limits x to [min, max] (either bound may be left out with null or undefined; bounds may be tensors).
 * As in PyTorch, the gradient passes where min <= x <= max, bounds included; if min > max every element
 * becomes max.
 */
export function clamp(x: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  checkTensor('clamp', 'input', x);
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new ArgumentError('clamp: give at least one of min and max');
  }
  const low = min === undefined || min === null ? x : clampMin(x, min);
  return max === undefined || max === null ? low : clampMax(low, max);
}
