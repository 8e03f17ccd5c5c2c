/**
 * Every quantity of the worked example by hand: by nn's hand-derived backprop (`manualBackprop`, the
 * formulas of docs/derivations.md on plain arrays, no tape, the ones the property tests prove against
 * autograd): the forward pass, the loss, the backward pass, then one step of gradient descent with those
 * gradients (nn's SGD) and the forward pass again. As there, dZ2, dA1 and dZ1 are m times the partial
 * derivatives of the cost J (the gradients of each example's own loss), and the 1/m of the mean comes back
 * in dW and db. This module only converts nn's tensors into the page's matrices.
 */
import { type ManualBackprop, manualBackprop, SGD, TwoLayerNet } from '@tapegrad/nn';
import { type Matrix, matrixOfTensor, rowOfTensor } from './matrix.ts';
import type { Parameters, TinyNetwork } from './tiny-network.ts';
import { batchOf, loadParameters, netOptions } from './two-layer-net.ts';

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

/**
 * The gradients every column of the page shows (by hand, by the tape, by finite differences): dZ2, dA1, dZ1
 * as m times dJ/d(tensor), the convention of the derivations for a layer's output, and the parameters'.
 */
export type Gradients = Omit<BackwardPass, 'gPrime'>;

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

function forwardOf({ forward }: ManualBackprop): ForwardPass {
  return {
    Z1: matrixOfTensor(forward.Z1),
    A1: matrixOfTensor(forward.A1),
    Z2: matrixOfTensor(forward.Z2),
    A2: matrixOfTensor(forward.A2),
  };
}

function backwardOf({ backward }: ManualBackprop): BackwardPass {
  return {
    dZ2: matrixOfTensor(backward.dZ2),
    dW2: matrixOfTensor(backward.dW2),
    db2: rowOfTensor(backward.db2),
    dA1: matrixOfTensor(backward.dA1),
    gPrime: matrixOfTensor(backward.gPrime),
    dZ1: matrixOfTensor(backward.dZ1),
    dW1: matrixOfTensor(backward.dW1),
    db1: rowOfTensor(backward.db1),
  };
}

function parametersOf(net: TwoLayerNet): Parameters {
  return {
    W1: matrixOfTensor(net.layer1.weight),
    b1: rowOfTensor(net.layer1.bias!),
    W2: matrixOfTensor(net.layer2.weight),
    b2: rowOfTensor(net.layer2.bias!),
  };
}

/** The network's forward pass, cost, backward pass and one gradient-descent step, all by hand. */
export function byHand(network: TinyNetwork): ByHand {
  const net = new TwoLayerNet(netOptions(network));
  loadParameters(net, network);
  const { X, y } = batchOf(network);
  const before = manualBackprop(net, X, y);
  // theta <- theta - eta d(theta): plain SGD, stepping along the hand-derived gradients.
  for (const [name, parameter] of net.namedParameters()) parameter.grad = before.gradients[name]!;
  new SGD(net.parameters(), { lr: network.learningRate }).step();
  const after = manualBackprop(net, X, y);
  return {
    forward: forwardOf(before),
    loss: before.loss,
    backward: backwardOf(before),
    updated: parametersOf(net),
    newForward: forwardOf(after),
    newLoss: after.loss,
  };
}
