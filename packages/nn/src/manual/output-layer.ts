/**
 * The output layer and its loss on plain matrices (docs/derivations.md, "The output layer"): from the
 * logits Z [m, k] and the targets Y [m, k], through the output A = out(Z): the mean loss and
 *
 *   dZ = m dJ/dZ,
 *
 * the gradient of each example's own loss with respect to its row of Z, before the 1/m of the mean (the
 * convention of the derivations, so that dW = A^T dZ / m). Each loss pairs with the output activation that
 * makes dZ collapse to a multiple of A - Y.
 */
import type { LossName } from '../losses/objective.ts';
import { stableSigmoid } from './activations.ts';
import { type Matrix, map, scale, zeroMatrix, zip } from './matrix.ts';

export interface OutputLayer {
  /** The output A = out(Z) [m, k]: sigmoid(Z), softmax(Z) row by row, or Z itself. */
  readonly A: Matrix;
  /** The data loss: the mean over the examples (no L2 term). */
  readonly loss: number;
  /** dZ = m dJ/dZ [m, k]. */
  readonly dZ: Matrix;
}

export function outputLayer(loss: LossName, Z: Matrix, Y: Matrix): OutputLayer {
  switch (loss) {
    case 'bce':
      return sigmoidBinaryCrossEntropy(Z, Y);
    case 'crossEntropy':
      return softmaxCrossEntropy(Z, Y);
    case 'mse':
      return linearMeanSquaredError(Z, Y);
  }
}

/**
 * A = sigmoid(Z); J = 1/(m k) sum_ij [softplus(z_ij) - z_ij y_ij], the mean over all m k entries of
 * -(y log a + (1 - y) log(1 - a)); dZ = (A - Y) / k.
 */
function sigmoidBinaryCrossEntropy(Z: Matrix, Y: Matrix): OutputLayer {
  const { rows: m, cols: k } = Z;
  let total = 0;
  for (let e = 0; e < Z.data.length; e++) {
    const z = Z.data[e]!;
    // softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^-|z|): no overflow for any z.
    total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - z * Y.data[e]!;
  }
  const A = map(Z, stableSigmoid);
  return { A, loss: total / (m * k), dZ: zip(A, Y, (a, y) => (a - y) / k) };
}

/**
 * A = softmax(Z) row by row; J = -1/m sum_i sum_c y_ic log a_ic with log a_ic = z_ic - logsumexp(z_i);
 * dZ = A * rowsum(Y) - Y, which is A - Y for one-hot or soft targets (each row of Y sums to 1).
 */
function softmaxCrossEntropy(Z: Matrix, Y: Matrix): OutputLayer {
  const { rows: m, cols: k } = Z;
  const A = zeroMatrix(m, k);
  const dZ = zeroMatrix(m, k);
  let total = 0;
  for (let i = 0; i < m; i++) {
    const row = i * k;
    // logsumexp(z_i) = max + log sum_c e^(z_ic - max): the largest exponent is e^0 = 1, so nothing overflows.
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) max = Math.max(max, Z.data[row + c]!);
    let expSum = 0;
    for (let c = 0; c < k; c++) expSum += Math.exp(Z.data[row + c]! - max);
    const logExpSum = Math.log(expSum);
    let targetTotal = 0;
    for (let c = 0; c < k; c++) {
      const shifted = Z.data[row + c]! - max;
      const y = Y.data[row + c]!;
      total -= y * (shifted - logExpSum);
      A.data[row + c] = Math.exp(shifted) / expSum;
      targetTotal += y;
    }
    for (let c = 0; c < k; c++) dZ.data[row + c] = A.data[row + c]! * targetTotal - Y.data[row + c]!;
  }
  return { A, loss: total / m, dZ };
}

/** A = Z; J = 1/(m k) sum_ij (z_ij - y_ij)^2 (no 1/2, as PyTorch's MSELoss); dZ = 2 (A - Y) / k. */
function linearMeanSquaredError(Z: Matrix, Y: Matrix): OutputLayer {
  const { rows: m, cols: k } = Z;
  const residual = zip(Z, Y, (z, y) => z - y);
  let total = 0;
  for (const r of residual.data) total += r * r;
  return { A: Z, loss: total / (m * k), dZ: scale(residual, 2 / k) };
}
