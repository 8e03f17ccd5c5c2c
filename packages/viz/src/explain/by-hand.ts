/**
 * Every quantity of the worked example computed by hand, formula by formula as docs/derivations.md writes
 * them, on plain arrays (no tape): the forward pass, the loss, the backward pass and one step of gradient
 * descent. As there, dZ2, dA1 and dZ1 are m times the partial derivatives of the cost J (the gradients of
 * each example's own loss), and the 1/m of the mean comes back in dW and db.
 */
import type { HiddenActivation } from '@tapegrad/nn';
import { addRow, columnSums, type Matrix, map, matmul, transpose, zip } from './matrix.ts';
import type { ExplainLoss } from './options.ts';
import type { TinyNetwork } from './tiny-network.ts';

export interface Parameters {
  readonly W1: Matrix;
  readonly b1: Matrix;
  readonly W2: Matrix;
  readonly b2: Matrix;
}

export interface ForwardPass {
  readonly Z1: Matrix;
  readonly A1: Matrix;
  readonly Z2: Matrix;
  readonly A2: Matrix;
}

export interface BackwardPass {
  readonly dZ2: Matrix;
  readonly dW2: Matrix;
  readonly db2: Matrix;
  readonly dA1: Matrix;
  /** g'(Z1), the slope of the hidden activation at each entry of Z1. */
  readonly gPrime: Matrix;
  readonly dZ1: Matrix;
  readonly dW1: Matrix;
  readonly db1: Matrix;
}

export interface ByHand {
  readonly forward: ForwardPass;
  /** The cost J (the mean loss; there is no L2 term). */
  readonly loss: number;
  readonly backward: BackwardPass;
  /** theta - eta d(theta) for every parameter. */
  readonly updated: Parameters;
  /** The forward pass and the cost with the updated parameters. */
  readonly newForward: ForwardPass;
  readonly newLoss: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** A = g(Z), entry by entry. */
function activate(activation: HiddenActivation, Z: Matrix): Matrix {
  const g = { sigmoid, tanh: Math.tanh, relu: (z: number) => Math.max(z, 0) }[activation];
  return map(Z, g);
}

/** g'(Z1) from A1 = g(Z1): sigmoid' = A1 (1 - A1), tanh' = 1 - A1^2, relu' = 1[Z1 > 0]. */
function activationSlope(activation: HiddenActivation, Z1: Matrix, A1: Matrix): Matrix {
  switch (activation) {
    case 'sigmoid':
      return map(A1, (a) => a * (1 - a));
    case 'tanh':
      return map(A1, (a) => 1 - a * a);
    case 'relu':
      return map(Z1, (z) => (z > 0 ? 1 : 0));
  }
}

/** A2 = out(Z2): the sigmoid of each entry, the softmax of each row (e^z_c / sum_c' e^z_c'), or Z2 itself. */
function outputOf(loss: ExplainLoss, Z2: Matrix): Matrix {
  switch (loss) {
    case 'bce':
      return map(Z2, sigmoid);
    case 'crossEntropy':
      return Z2.map((row) => {
        const exps = row.map(Math.exp);
        const total = exps.reduce((sum, e) => sum + e, 0);
        return exps.map((e) => e / total);
      });
    case 'mse':
      return Z2;
  }
}

/**
 * J, the mean over the batch of each example's loss: bce and mse also average over the k outputs, cross
 * entropy sums over the classes.
 */
export function costOf(loss: ExplainLoss, A2: Matrix, Y: Matrix): number {
  const m = A2.length;
  const k = A2[0]!.length;
  const terms = zip(A2, Y, (a, y) => {
    switch (loss) {
      case 'bce':
        return -(y * Math.log(a) + (1 - y) * Math.log(1 - a)) / k;
      case 'crossEntropy':
        return -y * Math.log(a);
      case 'mse':
        return (a - y) ** 2 / k;
    }
  });
  return terms.flat().reduce((sum, term) => sum + term, 0) / m;
}

/** dZ2 = (A2 - Y) / k for sigmoid + bce, A2 - Y for softmax + cross entropy, 2 (A2 - Y) / k for mse. */
function outputGradient(loss: ExplainLoss, A2: Matrix, Y: Matrix): Matrix {
  const k = A2[0]!.length;
  const factor = { bce: 1 / k, crossEntropy: 1, mse: 2 / k }[loss];
  return zip(A2, Y, (a, y) => factor * (a - y));
}

export function forwardPass(network: TinyNetwork, parameters: Parameters): ForwardPass {
  const { activation, loss } = network.settings;
  const Z1 = addRow(matmul(network.X, parameters.W1), parameters.b1); // Z1 = X W1 + b1
  const A1 = activate(activation, Z1); // A1 = g(Z1)
  const Z2 = addRow(matmul(A1, parameters.W2), parameters.b2); // Z2 = A1 W2 + b2
  return { Z1, A1, Z2, A2: outputOf(loss, Z2) };
}

function backwardPass(network: TinyNetwork, parameters: Parameters, forward: ForwardPass): BackwardPass {
  const { X, Y } = network;
  const { activation, loss } = network.settings;
  const m = X.length;
  const perExample = (A: Matrix) => map(A, (value) => value / m);
  const dZ2 = outputGradient(loss, forward.A2, Y);
  const dW2 = perExample(matmul(transpose(forward.A1), dZ2)); // dW2 = A1^T dZ2 / m
  const db2 = perExample(columnSums(dZ2)); // db2 = sum_i dZ2[i, :] / m
  const dA1 = matmul(dZ2, transpose(parameters.W2)); // dA1 = dZ2 W2^T
  const gPrime = activationSlope(activation, forward.Z1, forward.A1);
  const dZ1 = zip(dA1, gPrime, (d, slope) => d * slope); // dZ1 = dA1 (elementwise) g'(Z1)
  const dW1 = perExample(matmul(transpose(X), dZ1)); // dW1 = X^T dZ1 / m
  const db1 = perExample(columnSums(dZ1)); // db1 = sum_i dZ1[i, :] / m
  return { dZ2, dW2, db2, dA1, gPrime, dZ1, dW1, db1 };
}

/** The network's forward pass, cost, backward pass and one gradient-descent step, all by hand. */
export function byHand(network: TinyNetwork): ByHand {
  const parameters: Parameters = network;
  const forward = forwardPass(network, parameters);
  const loss = costOf(network.settings.loss, forward.A2, network.Y);
  const backward = backwardPass(network, parameters, forward);
  const step = (theta: Matrix, gradient: Matrix) =>
    zip(theta, gradient, (value, slope) => value - network.learningRate * slope);
  const updated: Parameters = {
    W1: step(network.W1, backward.dW1),
    b1: step(network.b1, backward.db1),
    W2: step(network.W2, backward.dW2),
    b2: step(network.b2, backward.db2),
  };
  const newForward = forwardPass(network, updated);
  return {
    forward,
    loss,
    backward,
    updated,
    newForward,
    newLoss: costOf(network.settings.loss, newForward.A2, network.Y),
  };
}
