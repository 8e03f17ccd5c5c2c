import { checkTensor } from '../checks/arguments.ts';
import { ArgumentError } from '../errors.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { div, sub } from './arithmetic.ts';
import { reshape } from './layout.ts';
import { stableShift, sum } from './reduce.ts';
import { exp, log } from './unary.ts';

/**
 * The axis softmax runs along, and x as the op sees it: a 0-d tensor counts as one of shape [1] (axis 0 or
 * -1, as PyTorch wraps a scalar's dim), so softmax(tensor(3)) = 1 and logSoftmax(tensor(3)) = 0.
 */
function softmaxInput(op: string, x: Tensor, axis: Axis): { input: Tensor; dim: number } {
  checkTensor(op, 'input', x);
  if (x.ndim === 0) {
    if (typeof axis !== 'number') return { input: x, dim: normalizeAxis(op, axis, 1) };
    if (axis !== 0 && axis !== -1) {
      throw new ArgumentError(
        `${op}: axis ${axis} is out of range for a 0-d tensor, whose one element counts as axis 0 or -1`,
      );
    }
    return { input: reshape(x, [1]), dim: 0 };
  }
  return { input: x, dim: normalizeAxis(op, axis, x.ndim) };
}

/**
 * x minus its max along `dim`, the max off the tape (softmax does not change when a constant is taken from
 * a row). An empty axis has no max and nothing to keep from overflowing: x as it is.
 */
function shifted(x: Tensor, dim: number): Tensor {
  return x.shape[dim] === 0 ? x : sub(x, stableShift(x, dim));
}

/**
 * exp(x) / sum(exp(x)) along `axis`, with the max subtracted first so logits of 1000 give exact results.
 * Composed of exp, sum and div, so its gradient (and second derivative) comes from theirs. As in PyTorch,
 * an empty axis gives an empty result of x's shape, and a 0-d tensor gives 1 (with gradient 0).
 */
export function softmax(x: Tensor, axis: Axis = -1): Tensor {
  const { input, dim } = softmaxInput('softmax', x, axis);
  const exps = exp(shifted(input, dim));
  const probabilities = div(exps, sum(exps, dim, true));
  return x.ndim === 0 ? reshape(probabilities, []) : probabilities;
}

/**
 * log(softmax(x)) along `axis`, as (x - m) - log(sum(exp(x - m))): no exp() overflows and no log(0) of an
 * underflowed probability. Its gradient is g - softmax(x) * sum(g). A 0-d tensor gives 0; an empty axis an
 * empty result.
 */
export function logSoftmax(x: Tensor, axis: Axis = -1): Tensor {
  const { input, dim } = softmaxInput('logSoftmax', x, axis);
  const centered = shifted(input, dim);
  const logProbs = sub(centered, log(sum(exp(centered), dim, true)));
  return x.ndim === 0 ? reshape(logProbs, []) : logProbs;
}
