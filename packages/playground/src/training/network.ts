/**
 * The network a configuration builds, as `tapegrad train` builds it (packages/cli/src/architecture.ts): the
 * two-layer network of the derivations for one hidden layer without dropout, an MLP otherwise; one sigmoid
 * output for sigmoid-bce, one softmax output per class for softmax-ce. And the few facts about a network that
 * the session reads off it: its layers in order, its hidden activations, the targets its loss takes.
 */
import { noGrad, type Rng, type Tensor } from '@tapegrad/autograd';
import {
  ConfigError,
  type Linear,
  lossFor,
  MLP,
  type Module,
  type Network,
  TwoLayerNet,
  toBinaryTargets,
} from '@tapegrad/nn';
import type { PlaygroundConfig } from '../config.ts';

/**
 * A classifier of `inputs` features into `classes`, its weights drawn from `rng` (PyTorch's default
 * initialisation). An MLP's dropout layers draw their masks from the same generator, after the weights.
 * sigmoid-bce with more than two classes is a ConfigError that says to pick softmax-ce.
 * @example networkFor(DEFAULT_CONFIG, 2, ['0', '1'], new Rng(44)).describe(); // 'TwoLayerNet(2-16-1, hidden tanh, output sigmoid)'
 */
export function networkFor(
  config: Pick<PlaygroundConfig, 'hidden' | 'activation' | 'output' | 'dropout'>,
  inputs: number,
  classes: readonly string[],
  rng: Rng,
): Network {
  const { hidden, activation, dropout } = config;
  if (config.output === 'sigmoid-bce' && classes.length !== 2) {
    throw new ConfigError(
      `out=sigmoid-bce tells 2 classes apart and the data has ${classes.length} (${classes.join(', ')}): ` +
        'pick the softmax-ce output, which takes any number of classes',
    );
  }
  const output = config.output === 'sigmoid-bce' ? 'sigmoid' : 'softmax';
  const outputs = output === 'sigmoid' ? 1 : classes.length;
  if (hidden.length === 1 && dropout === 0) {
    return new TwoLayerNet({
      inputs,
      hidden: hidden[0]!,
      outputs,
      hiddenActivation: activation,
      output,
      rng,
    });
  }
  return new MLP([inputs, ...hidden, outputs], { activation, output, dropout, rng });
}

/** The weight layers, input side first. */
export function linearLayers(net: Network): Linear[] {
  return net instanceof TwoLayerNet ? [net.layer1, net.layer2] : net.layers;
}

/** The activation module after each hidden layer, input side first. */
function hiddenActivations(net: Network): Module[] {
  return net instanceof TwoLayerNet ? [net.activation] : net.activations;
}

/** [inputs, hidden..., outputs]. */
export function layerSizes(net: Network): number[] {
  const layers = linearLayers(net);
  return [layers[0]!.inFeatures, ...layers.map((layer) => layer.outFeatures)];
}

/** The hidden activation's name. */
export function hiddenActivationOf(net: Network): 'sigmoid' | 'tanh' | 'relu' {
  return net instanceof TwoLayerNet ? net.hiddenActivation : net.activation;
}

/** Class labels [n] as the network's loss takes them: a [n, 1] column of 0/1 for bce, the labels for cross entropy. */
export function targetsFor(net: Network, labels: Tensor): Tensor {
  return lossFor(net.output) === 'bce' ? toBinaryTargets(labels) : labels;
}

/**
 * Each hidden layer's output A_l = g(Z_l) for the rows of X, off the tape and without dropout (what the
 * network computes when predicting): the values the page paints in each unit's square.
 * @example hiddenOutputs(net, X)[0]!.shape; // [rows, 16] for the 2-16-1 network
 */
export function hiddenOutputs(net: Network, X: Tensor): Tensor[] {
  const layers = linearLayers(net);
  const activations = hiddenActivations(net);
  return noGrad(() => {
    const outputs: Tensor[] = [];
    let value = X;
    activations.forEach((activation, l) => {
      value = activation.forward(layers[l]!.forward(value));
      outputs.push(value);
    });
    return outputs;
  });
}

/**
 * Runs `work` with the network in evaluation mode (dropout off), putting its mode back after.
 * @example const probabilities = inEvalMode(net, () => noGrad(() => net.forward(X)));
 */
export function inEvalMode<T>(net: Network, work: () => T): T {
  const wasTraining = net.training;
  net.eval();
  try {
    return work();
  } finally {
    net.train(wasTraining);
  }
}
