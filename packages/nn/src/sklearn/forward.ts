/**
 * The network as sklearn keeps it, and its forward pass (`_forward_pass`): A_0 = X, then for each layer
 * A_l = g(A_{l-1} W_l + b_l), with the hidden activation g on the hidden layers and the output activation
 * on the last: the logistic sigmoid for two classes (one output unit), softmax for more.
 */
import { activate, stableSigmoid } from '../manual/activations.ts';
import { addRowVector, type Matrix, map, matmul, zeroMatrix } from '../manual/matrix.ts';
import type { SklearnActivation } from './options.ts';

/** sklearn's `out_activation_`: 'logistic' for two classes, 'softmax' for more. */
export type OutputActivation = 'logistic' | 'softmax';

/** The weights: coefs[l] is [fanIn, fanOut] (sklearn's `coefs_[l]`), intercepts[l] has fanOut entries. */
export interface Network {
  readonly coefs: Matrix[];
  readonly intercepts: Float64Array[];
  readonly activation: SklearnActivation;
  readonly outActivation: OutputActivation;
}

/**
 * g(Z) entry by entry: identity, or nn's hand-derived activations (sklearn's logistic is nn's sigmoid,
 * 1 / (1 + e^-z); tanh; relu max(z, 0)).
 */
export function hiddenActivation(name: SklearnActivation, Z: Matrix): Matrix {
  if (name === 'identity') return Z;
  return activate(name === 'logistic' ? 'sigmoid' : name, Z);
}

/** The output probabilities from the last layer's Z: sigmoid(Z) [m, 1], or softmax(Z) row by row. */
export function outputActivation(name: OutputActivation, Z: Matrix): Matrix {
  if (name === 'logistic') return map(Z, stableSigmoid);
  const probabilities = zeroMatrix(Z.rows, Z.cols);
  for (let i = 0; i < Z.rows; i++) {
    const row = Z.data.subarray(i * Z.cols, (i + 1) * Z.cols);
    // softmax(z) = e^(z - max z) / sum e^(z - max z), as sklearn's inplace_softmax: no exponent above 0.
    const max = row.reduce((largest, z) => Math.max(largest, z), Number.NEGATIVE_INFINITY);
    let total = 0;
    for (let c = 0; c < Z.cols; c++) {
      const e = Math.exp(row[c]! - max);
      probabilities.data[i * Z.cols + c] = e;
      total += e;
    }
    for (let c = 0; c < Z.cols; c++) probabilities.data[i * Z.cols + c]! /= total;
  }
  return probabilities;
}

/** Every layer's activations [A_0 = X, A_1, ..., A_L], A_L the output probabilities. */
export function forwardPass(network: Network, X: Matrix): Matrix[] {
  const activations = [X];
  const last = network.coefs.length - 1;
  network.coefs.forEach((W, l) => {
    const Z = addRowVector(matmul(activations[l]!, W), network.intercepts[l]!);
    activations.push(
      l === last ? outputActivation(network.outActivation, Z) : hiddenActivation(network.activation, Z),
    );
  });
  return activations;
}

/**
 * The class index of each row of the output probabilities, as sklearn's LabelBinarizer reads them back:
 * class 1 where the one logistic output is > 0.5 (0.5 itself is class 0), else the first largest softmax.
 */
export function predictedClassIndices(probabilities: Matrix): number[] {
  const { rows, cols, data } = probabilities;
  return Array.from({ length: rows }, (_, i) => {
    if (cols === 1) return data[i]! > 0.5 ? 1 : 0;
    let best = 0;
    for (let c = 1; c < cols; c++) if (data[i * cols + c]! > data[i * cols + best]!) best = c;
    return best;
  });
}
