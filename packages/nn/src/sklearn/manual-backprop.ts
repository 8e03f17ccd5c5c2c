/**
 * sklearn's `_backprop` by hand: the forward pass, the reported loss, then the deltas (dJ/dZ times m)
 * from the output layer down, on plain matrices. With A_l the activations (A_0 = X) and L layers:
 *
 *   delta_L = A_L - Y                                  (logistic + binary log loss, or softmax + log loss)
 *   dW_l = (A_{l-1}^T delta_l + alpha W_l) / m,  db_l = mean over rows of delta_l
 *   delta_{l-1} = (delta_l W_l^T) * g'(Z_{l-1}),  g' written from A_{l-1} as sklearn writes it.
 */
import {
  addScaled,
  columnSums,
  type Matrix,
  map,
  matmulTransposeA,
  matmulTransposeB,
  zip,
} from '../manual/matrix.ts';
import { forwardPass, type Network } from './forward.ts';
import { clippedLogLoss, l2Term } from './log-loss.ts';
import type { SklearnActivation } from './options.ts';

/** One batch's loss (as sklearn reports it) and the gradients of every layer, in sklearn's order. */
export interface BatchGradients {
  readonly loss: number;
  readonly coefGrads: Matrix[];
  readonly interceptGrads: Float64Array[];
}

/** A source of batch gradients: the hand-derived recurrence or tapegrad's tape. */
export type Backprop = (network: Network, X: Matrix, Y: Matrix, alpha: number) => BatchGradients;

/**
 * delta * g'(Z), with g' read off the activation A = g(Z) (sklearn's inplace derivatives):
 * logistic' = A (1 - A), tanh' = 1 - A^2, relu' = 0 where A = 0 (Z <= 0) and 1 elsewhere, identity' = 1.
 */
function timesDerivative(name: SklearnActivation, delta: Matrix, A: Matrix): Matrix {
  switch (name) {
    case 'identity':
      return delta;
    case 'logistic':
      return zip(delta, A, (d, a) => d * a * (1 - a));
    case 'tanh':
      return zip(delta, A, (d, a) => d * (1 - a * a));
    case 'relu':
      return zip(delta, A, (d, a) => (a === 0 ? 0 : d));
  }
}

/** The batch's loss and gradients by the recurrence above. */
export const manualBackprop: Backprop = (network, X, Y, alpha) => {
  const m = X.rows;
  const activations = forwardPass(network, X);
  const L = network.coefs.length;
  const loss = clippedLogLoss(activations[L]!, Y) + l2Term(network.coefs, alpha, m);
  const coefGrads: Matrix[] = [];
  const interceptGrads: Float64Array[] = [];
  let delta = zip(activations[L]!, Y, (a, y) => a - y);
  for (let l = L - 1; l >= 0; l--) {
    const W = network.coefs[l]!;
    coefGrads[l] = map(addScaled(matmulTransposeA(activations[l]!, delta), alpha, W), (value) => value / m);
    interceptGrads[l] = columnSums(delta).map((total) => total / m);
    if (l > 0) delta = timesDerivative(network.activation, matmulTransposeB(delta, W), activations[l]!);
  }
  return { loss, coefGrads, interceptGrads };
};
