/**
 * Backprop for the two-layer network written out by hand, formula by formula, on plain matrices (no tape).
 * The notation is that of docs/derivations.md; every "d" quantity of a layer's output (dZ2, dA1, dZ1) is m
 * times the partial derivative of the cost J, the gradient of one example's loss, and the 1/m of the mean
 * appears in dW and db.
 */
import type { Tensor } from '@tapegrad/autograd';
import type { ObjectiveOptions } from '../losses/objective.ts';
import { TwoLayerNet } from '../models/two-layer-net.ts';
import { activate, activationDerivative } from './activations.ts';
import { checkPassArguments } from './arguments.ts';
import { readBatch } from './batch.ts';
import {
  addRowVector,
  addScaled,
  columnSums,
  type Matrix,
  matmul,
  matmulTransposeA,
  matmulTransposeB,
  matrixOf,
  scale,
  scaleVector,
  squaredNorm,
  tensorOfMatrix,
  tensorOfVector,
  zip,
} from './matrix.ts';
import { outputLayer } from './output-layer.ts';

/** What a hand-derived backward pass returns. */
export interface ManualGradients {
  /** The cost J: the mean loss plus the L2 term, the value of `objective(net, X, y, options).item()`. */
  readonly loss: number;
  /** dJ/dθ for every parameter θ, by the names and in the order of `net.namedParameters()`. */
  readonly gradients: Record<string, Tensor>;
}

/** The forward pass of the two-layer network, quantity by quantity. */
export interface TwoLayerForward {
  /** Z1 = X W1 + b1 [m, hidden] */
  readonly Z1: Tensor;
  /** A1 = g(Z1) [m, hidden] */
  readonly A1: Tensor;
  /** Z2 = A1 W2 + b2 [m, outputs] */
  readonly Z2: Tensor;
  /** A2 = out(Z2) [m, outputs]: sigmoid(Z2), softmax(Z2) row by row, or Z2 itself. */
  readonly A2: Tensor;
}

/**
 * Every quantity of the backward pass, in the order backprop finds them. dZ2, dA1 and dZ1 are m times the
 * partial derivatives of J (each example's own gradient); dW and db are the partial derivatives of J.
 */
export interface TwoLayerBackward {
  /** dZ2 [m, outputs]: A2 - Y up to the loss's factor. */
  readonly dZ2: Tensor;
  /** dW2 = A1^T dZ2 / m + (l2/m) W2 [hidden, outputs] */
  readonly dW2: Tensor;
  /** db2 = sum over rows of dZ2 / m [outputs] */
  readonly db2: Tensor;
  /** dA1 = dZ2 W2^T [m, hidden] */
  readonly dA1: Tensor;
  /** g'(Z1) [m, hidden], the slope of the hidden activation at each entry. */
  readonly gPrime: Tensor;
  /** dZ1 = dA1 * g'(Z1) (elementwise) [m, hidden] */
  readonly dZ1: Tensor;
  /** dW1 = X^T dZ1 / m + (l2/m) W1 [inputs, hidden] */
  readonly dW1: Tensor;
  /** db1 = sum over rows of dZ1 / m [hidden] */
  readonly db1: Tensor;
}

/** The whole hand-derived pass: the cost and the named gradients, and every quantity on the way. */
export interface ManualBackprop extends ManualGradients {
  readonly forward: TwoLayerForward;
  readonly backward: TwoLayerBackward;
}

/** The quantities of one pass, on plain matrices; biases and their gradients are vectors. */
interface Pass {
  readonly loss: number;
  readonly forward: Record<keyof TwoLayerForward, Matrix>;
  readonly backward: Record<Exclude<keyof TwoLayerBackward, 'db1' | 'db2'>, Matrix> & {
    readonly db1: Float64Array;
    readonly db2: Float64Array;
  };
}

/** The formulas of docs/derivations.md, once: `where` names the caller in errors. */
function backprop(where: string, net: TwoLayerNet, X: Tensor, y: Tensor, options: ObjectiveOptions): Pass {
  const batch = readBatch(where, net, X, y, options);
  const { m, l2 } = batch;
  const W1 = matrixOf(net.layer1.weight, 'layer1.weight');
  const W2 = matrixOf(net.layer2.weight, 'layer2.weight');
  // TwoLayerNet always builds its layers with a bias.
  const b1 = net.layer1.bias!.data;
  const b2 = net.layer2.bias!.data;

  // Forward pass.
  const Z1 = addRowVector(matmul(batch.X, W1), b1); // Z1 = X W1 + b1          [m, hidden]
  const A1 = activate(net.hiddenActivation, Z1); // A1 = g(Z1)                 [m, hidden]
  const Z2 = addRowVector(matmul(A1, W2), b2); // Z2 = A1 W2 + b2              [m, outputs]
  // A2 = out(Z2) and the loss; dZ2 = A2 - Y for softmax + cross entropy, (A2 - Y) / k for sigmoid + bce,
  // 2 (A2 - Y) / k for linear + mse (k = outputs: those two losses average over the k columns too).
  const output = outputLayer(batch.loss, Z2, batch.Y);
  const dZ2 = output.dZ; //                                                    [m, outputs]
  // J = mean loss + (l2 / 2m) (||W1||^2 + ||W2||^2)
  const loss = output.loss + (l2 / (2 * m)) * (squaredNorm(W1) + squaredNorm(W2));

  // Backward pass.
  const dW2 = addScaled(scale(matmulTransposeA(A1, dZ2), 1 / m), l2 / m, W2); // dW2 = A1^T dZ2 / m + (l2/m) W2
  const db2 = scaleVector(columnSums(dZ2), 1 / m); // db2 = sum over rows of dZ2 / m  [outputs]
  const dA1 = matmulTransposeB(dZ2, W2); // dA1 = dZ2 W2^T                     [m, hidden]
  const gPrime = activationDerivative(net.hiddenActivation, Z1, A1); // g'(Z1) [m, hidden]
  const dZ1 = zip(dA1, gPrime, (d, slope) => d * slope); // dZ1 = dA1 * g'(Z1) (elementwise)
  const dW1 = addScaled(scale(matmulTransposeA(batch.X, dZ1), 1 / m), l2 / m, W1); // dW1 = X^T dZ1 / m + (l2/m) W1
  const db1 = scaleVector(columnSums(dZ1), 1 / m); // db1 = sum over rows of dZ1 / m  [hidden]

  return {
    loss,
    forward: { Z1, A1, Z2, A2: output.A },
    backward: { dZ2, dW2, db2, dA1, gPrime, dZ1, dW1, db1 },
  };
}

/** The parameter gradients by the names of `net.namedParameters()`, in its order. */
function namedGradients(
  gradients: Pick<TwoLayerBackward, 'dW1' | 'db1' | 'dW2' | 'db2'>,
): Record<string, Tensor> {
  return {
    'layer1.weight': gradients.dW1,
    'layer1.bias': gradients.db1,
    'layer2.weight': gradients.dW2,
    'layer2.bias': gradients.db2,
  };
}

/**
 * The gradients of `objective(net, X, y, { loss, l2 })` with respect to W1, b1, W2, b2, by the formulas of
 * docs/derivations.md on plain Float64Arrays, not the tape: the same numbers autograd's backward() gives,
 * derived by hand. Every hidden activation (sigmoid, tanh, relu) with every output pairing: sigmoid + 'bce'
 * (y [m, outputs] of 0/1), softmax + 'crossEntropy' (y integer labels [m] or [m, 1], or one-hot / soft
 * targets [m, outputs]), linear + 'mse' (y [m, outputs]).
 * @example
 * const net = new TwoLayerNet({ inputs: 2, hidden: 4, outputs: 1, hiddenActivation: 'tanh', output: 'sigmoid' });
 * const { loss, gradients } = manualGradients(net, X, y, { l2: 0.01 });
 * gradients['layer1.weight'].shape; // [2, 4], equal to net.layer1.weight.grad after objective(...).backward()
 */
export function manualGradients(
  net: TwoLayerNet,
  X: Tensor,
  y: Tensor,
  options: ObjectiveOptions = {},
): ManualGradients {
  checkPassArguments('manualGradients', net, TwoLayerNet, X, y, options);
  const { loss, backward } = backprop('manualGradients', net, X, y, options);
  return {
    loss,
    gradients: namedGradients({
      dW1: tensorOfMatrix(backward.dW1),
      db1: tensorOfVector(backward.db1),
      dW2: tensorOfMatrix(backward.dW2),
      db2: tensorOfVector(backward.db2),
    }),
  };
}

/**
 * The pass of `manualGradients` with every quantity on the way, for a page that shows them (the worked
 * example of `tapegrad explain`): the forward pass Z1, A1, Z2, A2, and the backward pass dZ2, dW2, db2,
 * dA1, g'(Z1), dZ1, dW1, db1. The cost and the gradients are those of `manualGradients`, bit for bit;
 * `gradients` holds the same tensors as `backward` (layer1.weight is dW1, and so on).
 * @example
 * const { forward, backward, loss } = manualBackprop(net, X, y);
 * forward.A2.shape; // [m, outputs]
 * backward.dW1; // the tensor of manualGradients(net, X, y).gradients['layer1.weight']
 */
export function manualBackprop(
  net: TwoLayerNet,
  X: Tensor,
  y: Tensor,
  options: ObjectiveOptions = {},
): ManualBackprop {
  checkPassArguments('manualBackprop', net, TwoLayerNet, X, y, options);
  const pass = backprop('manualBackprop', net, X, y, options);
  const { Z1, A1, Z2, A2 } = pass.forward;
  const { dZ2, dW2, db2, dA1, gPrime, dZ1, dW1, db1 } = pass.backward;
  const backward: TwoLayerBackward = {
    dZ2: tensorOfMatrix(dZ2),
    dW2: tensorOfMatrix(dW2),
    db2: tensorOfVector(db2),
    dA1: tensorOfMatrix(dA1),
    gPrime: tensorOfMatrix(gPrime),
    dZ1: tensorOfMatrix(dZ1),
    dW1: tensorOfMatrix(dW1),
    db1: tensorOfVector(db1),
  };
  return {
    loss: pass.loss,
    gradients: namedGradients(backward),
    forward: {
      Z1: tensorOfMatrix(Z1),
      A1: tensorOfMatrix(A1),
      Z2: tensorOfMatrix(Z2),
      A2: tensorOfMatrix(A2),
    },
    backward,
  };
}
