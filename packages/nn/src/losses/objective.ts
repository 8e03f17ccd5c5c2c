import type { Tensor } from '@tapegrad/autograd';
import { checkOptions, checkTensor, nonNegativeOption, oneOfOption, refuse } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { MLP } from '../models/mlp.ts';
import { OUTPUT_ACTIVATIONS, type OutputActivation } from '../models/network.ts';
import { TwoLayerNet } from '../models/two-layer-net.ts';
import { bceWithLogits, crossEntropy, l2Penalty, mse } from './losses.ts';

/** The losses a network is trained with, each paired with one output activation. */
export type LossName = 'bce' | 'crossEntropy' | 'mse';

/** The networks with hand-derived gradients. */
export type Network = TwoLayerNet | MLP;

/** sigmoid output + binary cross entropy, softmax + cross entropy, linear + mean squared error. */
export function lossFor(output: OutputActivation): LossName {
  if (!OUTPUT_ACTIVATIONS.includes(output)) {
    refuse('lossFor', 'output', `one of ${OUTPUT_ACTIVATIONS.join(', ')}`, output);
  }
  return { sigmoid: 'bce', softmax: 'crossEntropy', linear: 'mse' }[output] as LossName;
}

/** A TwoLayerNet or an MLP: the networks with hand-derived gradients and a loss by name. */
export function checkNetwork(fn: string, net: unknown, name = 'net'): Network {
  if (!(net instanceof TwoLayerNet) && !(net instanceof MLP))
    refuse(fn, name, 'a TwoLayerNet or an MLP', net);
  return net;
}

const OBJECTIVE_OPTIONS = { loss: oneOfOption(['bce', 'crossEntropy', 'mse']), l2: nonNegativeOption };

/** The arguments of `objective` and `autogradGradients` (`fn`), checked at their boundary. */
export function checkObjectiveArguments(
  fn: string,
  net: unknown,
  X: unknown,
  y: unknown,
  options: unknown,
): void {
  checkNetwork(fn, net);
  checkTensor(fn, 'X', X);
  checkTensor(fn, 'y', y);
  checkOptions(fn, options as ObjectiveOptions, OBJECTIVE_OPTIONS);
}

/** The weight matrices of a network (the L2 penalty covers weights, not biases). */
export function weightsOf(net: Network): Tensor[] {
  checkNetwork('weightsOf', net);
  return 'layer1' in net ? [net.layer1.weight, net.layer2.weight] : net.layers.map((layer) => layer.weight);
}

export interface ObjectiveOptions {
  /** Default: the loss that pairs with the network's output activation. */
  readonly loss?: LossName;
  /** L2 strength lambda: adds (lambda / 2m) * sum of ||W||^2 over the weights, m the number of rows. Default 0. */
  readonly l2?: number;
}

/**
 * The cost J a network is trained on, on the tape: the mean loss of its output on (X, y), plus the L2 term.
 * - 'bce': y [m, outputs] of 0/1 targets, from the logits (stable);
 * - 'crossEntropy': y integer labels [m] or one-hot / soft targets [m, outputs], from the logits;
 * - 'mse': y [m, outputs] real targets.
 * The loss must pair with the output activation, as the derivations assume.
 */
export function objective(net: Network, X: Tensor, y: Tensor, options: ObjectiveOptions = {}): Tensor {
  checkObjectiveArguments('objective', net, X, y, options);
  const loss = options.loss ?? lossFor(net.output);
  if (loss !== lossFor(net.output)) {
    throw new ConfigError(
      `objective: loss '${loss}' does not pair with output '${net.output}'; ` +
        `use '${lossFor(net.output)}' (sigmoid + bce, softmax + crossEntropy, linear + mse)`,
    );
  }
  const logits = net.logits(X);
  const dataLoss =
    loss === 'bce'
      ? bceWithLogits(logits, y)
      : loss === 'crossEntropy'
        ? crossEntropy(logits, y)
        : mse(logits, y);
  const l2 = options.l2 ?? 0;
  if (l2 === 0) return dataLoss;
  const rows = X.shape[0]!;
  return dataLoss.add(l2Penalty(weightsOf(net), l2 / rows));
}
