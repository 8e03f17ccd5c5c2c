/**
 * The same quantities from autograd, for the column beside each hand-computed one: the cost from nn's
 * `objective`, the parameters' gradients from `autogradGradients`, and dZ2, dA1, dZ1 from the tape's
 * gradient of the cost with respect to the network's own intermediate tensors.
 */
import { gradients, type Tensor } from '@tapegrad/autograd';
import { autogradGradients, objective, TwoLayerNet } from '@tapegrad/nn';
import type { Gradients } from './by-hand.ts';
import { matrixOfTensor, rowOfTensor } from './matrix.ts';
import type { Parameters, TinyNetwork } from './tiny-network.ts';
import { batchOf, loadParameters, netOptions } from './two-layer-net.ts';

export interface ByTape extends Gradients {
  readonly loss: number;
  /** The cost after the update, from `objective` with the updated parameters. */
  readonly newLoss: number;
}

/** A TwoLayerNet that keeps the tensors of its last forward pass, so the tape can differentiate them. */
class TwoLayerNetWithIntermediates extends TwoLayerNet {
  intermediates: { Z1: Tensor; A1: Tensor; Z2: Tensor } | null = null;

  override logits(input: Tensor): Tensor {
    const Z1 = this.layer1.forward(input);
    const A1 = this.activation.forward(Z1);
    const Z2 = this.layer2.forward(A1);
    this.intermediates = { Z1, A1, Z2 };
    return Z2;
  }
}

/** What autograd gives for the network, and the cost after the update to `updated`. */
export function byTape(network: TinyNetwork, updated: Parameters): ByTape {
  const net = new TwoLayerNetWithIntermediates(netOptions(network));
  loadParameters(net, network);
  const { X, y } = batchOf(network);
  const m = network.X.length;

  const { loss, gradients: named } = autogradGradients(net, X, y);
  const cost = objective(net, X, y);
  const { Z1, A1, Z2 } = net.intermediates!;
  const [dZ2, dA1, dZ1] = gradients(cost, [Z2, A1, Z1]).map((gradient) => matrixOfTensor(gradient.mul(m)));

  loadParameters(net, updated);
  return {
    loss,
    dZ2: dZ2!,
    dA1: dA1!,
    dZ1: dZ1!,
    dW2: matrixOfTensor(named['layer2.weight']!),
    db2: rowOfTensor(named['layer2.bias']!),
    dW1: matrixOfTensor(named['layer1.weight']!),
    db1: rowOfTensor(named['layer1.bias']!),
    newLoss: objective(net, X, y).item(),
  };
}
