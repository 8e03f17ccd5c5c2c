/**
 * The loss sklearn reports for a batch (`_backprop`): the log loss of the output probabilities, clipped
 * to [eps, 1 - eps] (eps = 2^-52) so that log never sees 0, plus the L2 term 0.5 alpha sum(W^2) / m.
 *
 * The clipping is in the loss only: sklearn's gradient is A - Y, the gradient of the unclipped loss, so
 * both gradient sources differentiate the unclipped loss and report this one.
 */
import type { Matrix } from '../manual/matrix.ts';
import { squaredNorm } from '../manual/matrix.ts';

const EPS = Number.EPSILON;

/** -y log(p), 0 where y = 0 (scipy's xlogy: 0 log 0 counts as 0). */
function xlogyLoss(y: number, p: number): number {
  return y === 0 ? 0 : -y * Math.log(p);
}

/**
 * J = -1/m sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)] for one logistic output (sklearn's
 * binary_log_loss), or -1/m sum_ic y_ic log p_ic for softmax (log_loss); each p clipped to [eps, 1 - eps].
 */
export function clippedLogLoss(probabilities: Matrix, Y: Matrix): number {
  let total = 0;
  for (let e = 0; e < probabilities.data.length; e++) {
    const p = Math.min(Math.max(probabilities.data[e]!, EPS), 1 - EPS);
    const y = Y.data[e]!;
    total += xlogyLoss(y, p);
    if (probabilities.cols === 1) total += xlogyLoss(1 - y, 1 - p);
  }
  return total / probabilities.rows;
}

/** 0.5 alpha sum_l ||W_l||^2 / m: the L2 term, divided by the batch's rows as sklearn divides it. */
export function l2Term(coefs: readonly Matrix[], alpha: number, m: number): number {
  let values = 0;
  for (const W of coefs) values += squaredNorm(W);
  return (0.5 * alpha * values) / m;
}
