/**
 * The forward pass and loss of a network, layer by layer as the derivations write them, with a name for
 * every tensor a learner meets there: the parameters by their state-dict names, X, y, Z1, A1, Z2, ..., the
 * count m the mean divides by, and the loss.
 */
import type { Tensor } from '@tapegrad/autograd';
import {
  bceWithLogits,
  crossEntropy,
  type Linear,
  type LossName,
  lossFor,
  type Module,
  mse,
  type Network,
  TwoLayerNet,
} from '@tapegrad/nn';

/** The pass's loss on the tape, and the tensors of its graph by name. */
export interface NamedPass {
  readonly loss: Tensor;
  readonly names: Readonly<Record<string, Tensor>>;
}

/** One layer of the network: its Linear, then what follows it (the activation, and dropout if any). */
interface Layer {
  readonly linear: Linear;
  readonly after: readonly Module[];
}

/** The layers in the order `logits` runs them. */
function layersOf(network: Network): Layer[] {
  if (network instanceof TwoLayerNet) {
    return [
      { linear: network.layer1, after: [network.activation] },
      { linear: network.layer2, after: [] },
    ];
  }
  return network.layers.map((linear, l) => ({
    linear,
    after: [network.activations[l], network.dropouts[l]].filter((module) => module !== undefined),
  }));
}

/** How many features a row of X must have: the first layer's inputs. */
export function inputFeatures(network: Network): number {
  return layersOf(network)[0]!.linear.inFeatures;
}

/** Z = X W + b as the math reads it: the matmul, then the bias added to every row. */
function unfusedLinear(linear: Linear, input: Tensor): Tensor {
  const product = input.matmul(linear.weight);
  return linear.bias === null ? product : product.add(linear.bias);
}

/** The loss that pairs with each output activation, from the logits, as `objective` computes it. */
const LOSSES: Readonly<Record<LossName, (logits: Tensor, targets: Tensor) => Tensor>> = {
  bce: bceWithLogits,
  crossEntropy,
  mse,
};

/**
 * The count a mean divided by: the constant leaf that `mean` (a sum, then a div by a number) put on the
 * tape, or null when `loss` is not such a mean.
 */
function meanDivisor(loss: Tensor): Tensor | null {
  const entry = loss.gradFn;
  if (entry === null || entry.op !== 'div') return null;
  const divisor = entry.inputs[1];
  return divisor !== undefined && divisor.gradFn === null && !divisor.requiresGrad ? divisor : null;
}

/**
 * The mean loss of `network` on (X, targets), computed as `objective(network, X, targets)` computes it
 * (the same ops with `fused`, so the same graph and numbers; test: tests/viz/graph.test.ts), with names for
 * its tensors. Without `fused`, each Linear is drawn as a matmul and an add instead of one addmm: the same
 * values up to rounding.
 * @example const { loss, names } = namedForwardPass(net, X, y.reshape([-1, 1]), { fused: false });
 */
export function namedForwardPass(
  network: Network,
  X: Tensor,
  targets: Tensor,
  { fused }: { readonly fused: boolean },
): NamedPass {
  const names: Record<string, Tensor> = { ...Object.fromEntries(network.namedParameters()), X, y: targets };
  let activation = X;
  layersOf(network).forEach(({ linear, after }, index) => {
    // Z1, A1, Z2, ... as in the derivations, where the layers count from 1.
    const preActivation = fused ? linear.forward(activation) : unfusedLinear(linear, activation);
    names[`Z${index + 1}`] = preActivation;
    if (after.length === 0) {
      activation = preActivation;
      return;
    }
    activation = after.reduce((value, module) => module.forward(value), preActivation);
    names[`A${index + 1}`] = activation;
  });
  const loss = LOSSES[lossFor(network.output)](activation, targets);
  const divisor = meanDivisor(loss);
  if (divisor !== null) {
    // bce and mse average over every entry of the [m, k] output, cross entropy over the m rows.
    const rows = X.shape[0]!;
    names[divisor.item() === rows ? 'm (batch size)' : 'm·k (rows × outputs)'] = divisor;
  }
  names.loss = loss;
  return { loss, names };
}
