/**
 * The network a command builds from --hidden, --layers, --activation and --dropout: the two-layer network
 * of the derivations when there is one hidden layer and no dropout, an MLP otherwise; a sigmoid output
 * with one unit for two classes, softmax with one unit per class for more.
 */
import type { Rng } from '@tapegrad/autograd';
import {
  HIDDEN_ACTIVATIONS,
  type HiddenActivation,
  MLP,
  type Network,
  type OutputActivation,
  TwoLayerNet,
} from '@tapegrad/nn';
import { type Command, Option } from 'commander';
import { dropoutRate, positiveInteger } from './option-values.ts';

export interface Architecture {
  /** Units in each hidden layer. */
  readonly hidden: number;
  /** How many hidden layers. */
  readonly layers: number;
  readonly activation: HiddenActivation;
  /** The dropout rate after each hidden layer (0: none). */
  readonly dropout: number;
}

/** Adds --hidden, --layers, --activation and --dropout, with these defaults. */
export function addArchitectureOptions(command: Command, defaults: Architecture): Command {
  return command
    .addOption(
      new Option('--hidden <units>', 'units in each hidden layer')
        .argParser(positiveInteger)
        .default(defaults.hidden),
    )
    .addOption(
      new Option('--layers <count>', 'how many hidden layers (more than 1 builds an MLP)')
        .argParser(positiveInteger)
        .default(defaults.layers),
    )
    .addOption(
      new Option('--activation <name>', 'the hidden activation')
        .choices(HIDDEN_ACTIVATIONS)
        .default(defaults.activation),
    )
    .addOption(
      new Option('--dropout <rate>', 'dropout after each hidden layer, in [0, 1) (builds an MLP)')
        .argParser(dropoutRate)
        .default(defaults.dropout),
    );
}

/** The output layer for k classes: one sigmoid unit for two, k softmax units for more. */
export function outputLayerFor(numClasses: number): { output: OutputActivation; outputs: number } {
  return numClasses === 2 ? { output: 'sigmoid', outputs: 1 } : { output: 'softmax', outputs: numClasses };
}

/**
 * A classifier of `inputs` features into `numClasses` classes, its weights drawn from `rng`.
 * @example buildClassifier({ hidden: 16, layers: 1, activation: 'tanh', dropout: 0 }, 2, 2, rng); // TwoLayerNet 2-16-1
 */
export function buildClassifier(
  architecture: Architecture,
  inputs: number,
  numClasses: number,
  rng: Rng,
): Network {
  const { output, outputs } = outputLayerFor(numClasses);
  const { hidden, layers, activation, dropout } = architecture;
  if (layers === 1 && dropout === 0) {
    return new TwoLayerNet({ inputs, hidden, outputs, hiddenActivation: activation, output, rng });
  }
  const sizes = [inputs, ...new Array<number>(layers).fill(hidden), outputs];
  return new MLP(sizes, { activation, output, dropout, rng });
}
