/**
 * The same quantities from autograd, for the column beside each hand-computed one: the cost from nn's
 * `objective`, the parameters' gradients from `autogradGradients`, and dZ2, dA1, dZ1 from the tape's
 * gradient of the cost with respect to the network's own intermediate tensors.
 */
import { gradients, Rng, type Tensor, tensor } from '@tapegrad/autograd';
import { autogradGradients, objective, TwoLayerNet } from '@tapegrad/nn';
import type { Parameters } from './by-hand.ts';
import type { Matrix } from './matrix.ts';
import type { TinyNetwork } from './tiny-network.ts';

export interface ByTape {
  readonly loss: number;
  /** m dJ/dZ2, m dJ/dA1, m dJ/dZ1: the convention of the derivations for a layer's output. */
  readonly dZ2: Matrix;
  readonly dA1: Matrix;
  readonly dZ1: Matrix;
  readonly dW2: Matrix;
  readonly db2: Matrix;
  readonly dW1: Matrix;
  readonly db1: Matrix;
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

/** A bias [1, n] as the tensor [n] that Linear holds; a matrix as it is. */
const biasTensor = (b: Matrix) => tensor(b[0]!);
const matrixOf = (t: Tensor) => t.toArray() as Matrix;
const rowOf = (t: Tensor) => [t.toArray() as number[]];

function loadParameters(net: TwoLayerNet, parameters: Parameters): void {
  net.loadStateDict({
    'layer1.weight': tensor(parameters.W1),
    'layer1.bias': biasTensor(parameters.b1),
    'layer2.weight': tensor(parameters.W2),
    'layer2.bias': biasTensor(parameters.b2),
  });
}

/** What autograd gives for the network, and the cost after the update to `updated`. */
export function byTape(network: TinyNetwork, updated: Parameters): ByTape {
  const { activation } = network.settings;
  const net = new TwoLayerNetWithIntermediates({
    inputs: network.X[0]!.length,
    hidden: network.W1[0]!.length,
    outputs: network.outputs,
    hiddenActivation: activation,
    output: network.output,
    // Its own generator: the initial weights are replaced, and the shared one is left as it was.
    rng: new Rng(0),
  });
  loadParameters(net, network);
  const X = tensor(network.X);
  // Cross entropy takes the class labels; the formulas use their one-hot rows Y.
  const y = network.labels !== null ? tensor(network.labels) : tensor(network.Y);
  const m = network.X.length;

  const { loss, gradients: named } = autogradGradients(net, X, y);
  const cost = objective(net, X, y);
  const { Z1, A1, Z2 } = net.intermediates!;
  const [dZ2, dA1, dZ1] = gradients(cost, [Z2, A1, Z1]).map((gradient) => matrixOf(gradient.mul(m)));

  loadParameters(net, updated);
  return {
    loss,
    dZ2: dZ2!,
    dA1: dA1!,
    dZ1: dZ1!,
    dW2: matrixOf(named['layer2.weight']!),
    db2: rowOf(named['layer2.bias']!),
    dW1: matrixOf(named['layer1.weight']!),
    db1: rowOf(named['layer1.bias']!),
    newLoss: objective(net, X, y).item(),
  };
}
