/**
 * The worked example's network as nn builds it: a TwoLayerNet holding the fixed weights, and the batch as
 * the tensors that nn's objective and manual backprop take.
 */
import { Rng, type Tensor, tensor } from '@tapegrad/autograd';
import type { TwoLayerNet, TwoLayerNetOptions } from '@tapegrad/nn';
import { vectorOfRow } from './matrix.ts';
import type { Parameters, TinyNetwork } from './tiny-network.ts';

/** The TwoLayerNet options of the network: its sizes and activations. */
export function netOptions(network: TinyNetwork): TwoLayerNetOptions {
  return {
    inputs: network.X[0]!.length,
    hidden: network.W1[0]!.length,
    outputs: network.outputs,
    hiddenActivation: network.settings.activation,
    output: network.output,
    // Its own generator: the initial weights are replaced, and the shared one is left as it was.
    rng: new Rng(0),
  };
}

/** Puts W1, b1, W2, b2 into the net's layers (the biases from rows to vectors). */
export function loadParameters(net: TwoLayerNet, parameters: Parameters): void {
  net.loadStateDict({
    'layer1.weight': tensor(parameters.W1),
    'layer1.bias': vectorOfRow(parameters.b1),
    'layer2.weight': tensor(parameters.W2),
    'layer2.bias': vectorOfRow(parameters.b2),
  });
}

/** X, and the targets as nn's losses take them: the class labels for cross entropy, else Y. */
export function batchOf(network: TinyNetwork): { X: Tensor; y: Tensor } {
  return {
    X: tensor(network.X),
    y: network.labels !== null ? tensor(network.labels) : tensor(network.Y),
  };
}
