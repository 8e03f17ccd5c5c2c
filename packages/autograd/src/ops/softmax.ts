import { type Axis, normalizeAxis } from '../shape/axes.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { div, sub } from './arithmetic.ts';
import { stableShift, sum } from './reduce.ts';
import { exp, log } from './unary.ts';

/**
 * exp(x) / sum(exp(x)) along `axis`, with the max subtracted first so logits of 1000 give exact results.
 * Composed of exp, sum and div, so its gradient (and second derivative) comes from theirs.
 */
export function softmax(x: Tensor, axis: Axis = -1): Tensor {
  const dim = normalizeAxis('softmax', axis, x.ndim);
  const exps = exp(sub(x, stableShift(x, dim)));
  return div(exps, sum(exps, dim, true));
}

/**
 * log(softmax(x)) along `axis`, as (x - m) - log(sum(exp(x - m))): no exp() overflows and no log(0) of an
 * underflowed probability. Its gradient is g - softmax(x) * sum(g).
 */
export function logSoftmax(x: Tensor, axis: Axis = -1): Tensor {
  const dim = normalizeAxis('logSoftmax', axis, x.ndim);
  const shifted = sub(x, stableShift(x, dim));
  return sub(shifted, log(sum(exp(shifted), dim, true)));
}
