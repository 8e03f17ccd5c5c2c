/**
 * The correctness losses of W2 and W3, computed untimed in float64 straight from the weights with plain
 * loops (the same definitions as common.mjs's w2LossRef and w3LossRef), independent of the tape.
 */
import type { TwoLayerParameters } from './data.ts';
import { W2_SIZES, W3_SIZES } from './data.ts';

/** W2: mean over the points of BCE(sigmoid(z), y) = max(z, 0) - z y + log1p(exp(-|z|)), z = tanh(X W1 + b1) W2 + b2. */
export function w2Loss({ W1, b1, W2, b2 }: TwoLayerParameters, X: Float64Array, y: Float64Array): number {
  const { points, hidden } = W2_SIZES;
  let total = 0;
  for (let i = 0; i < points; i++) {
    let z = b2[0]!;
    for (let j = 0; j < hidden; j++) {
      z += Math.tanh(X[2 * i]! * W1[j]! + X[2 * i + 1]! * W1[hidden + j]! + b1[j]!) * W2[j]!;
    }
    total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i]! * z;
  }
  return total / points;
}

/** W3: mean over rows 0..rows-1 of logsumexp(Z_r) - Z_r[y_r], Z = relu(X W1 + b1) W2 + b2. */
export function w3Loss(
  { W1, b1, W2, b2 }: TwoLayerParameters,
  X: Float64Array,
  labels: Int32Array,
  rows: number,
): number {
  const { inputs, hidden, classes } = W3_SIZES;
  const hiddenActivation = new Float64Array(hidden);
  const logits = new Float64Array(classes);
  let total = 0;
  for (let row = 0; row < rows; row++) {
    hiddenActivation.set(b1);
    for (let k = 0; k < inputs; k++) {
      const x = X[row * inputs + k]!;
      for (let j = 0; j < hidden; j++) hiddenActivation[j]! += x * W1[k * hidden + j]!;
    }
    logits.set(b2);
    for (let j = 0; j < hidden; j++) {
      const activation = Math.max(hiddenActivation[j]!, 0);
      for (let c = 0; c < classes; c++) logits[c]! += activation * W2[j * classes + c]!;
    }
    let largest = -Infinity;
    for (let c = 0; c < classes; c++) largest = Math.max(largest, logits[c]!);
    let sumOfExps = 0;
    for (let c = 0; c < classes; c++) sumOfExps += Math.exp(logits[c]! - largest);
    total += largest + Math.log(sumOfExps) - logits[labels[row]!]!;
  }
  return total / rows;
}
