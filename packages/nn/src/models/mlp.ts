import type { Rng, Tensor } from '@tapegrad/autograd';
import {
  checkArray,
  checkInteger,
  checkOptions,
  rngOption,
  shown,
  stringOption,
} from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { checkInitName, type InitName } from '../init/init.ts';
import { defaultRng } from '../init/random.ts';
import { activationModule } from '../module/activations.ts';
import { Dropout } from '../module/dropout.ts';
import { Linear } from '../module/linear.ts';
import { Module } from '../module/module.ts';
import { checkActivationNames, type HiddenActivation, type OutputActivation } from './network.ts';
import { outputFromLogits } from './output.ts';

export interface MLPOptions {
  /** The activation after every hidden layer. Default 'relu'. */
  readonly activation?: HiddenActivation;
  /** The output activation, which also picks the loss. Default 'linear'. */
  readonly output?: OutputActivation;
  /** Dropout probability after every hidden activation (0 = none). Default 0. */
  readonly dropout?: number;
  /** Default 'pytorch'. */
  readonly init?: InitName;
  /** Default the shared generator (see `manualSeed`). */
  readonly rng?: Rng;
}

const MLP_OPTIONS = {
  activation: stringOption,
  output: stringOption,
  dropout: (fn: string, _: string, p: unknown) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new ConfigError(`${fn}: dropout ${shown(p)} must lie in [0, 1] (0 for none)`);
    }
  },
  init: (fn: string, _: string, value: unknown) => checkInitName(fn, value),
  rng: rngOption,
};

/**
 * A multilayer perceptron of any depth: `sizes` = [inputs, hidden..., outputs], so [2, 16, 16, 1] has two
 * hidden layers. Layer l computes Z_l = A_{l-1} W_l + b_l and A_l = g(Z_l), with A_0 = X; the last layer
 * applies the output activation instead. Parameters are `layers.0.weight`, `layers.0.bias`, ...
 * @example const mlp = new MLP([2, 32, 32, 3], { activation: 'relu', output: 'softmax' });
 */
export class MLP extends Module {
  readonly layers: Linear[];
  readonly activations: Module[];
  readonly dropouts: Dropout[];
  readonly activation: HiddenActivation;
  readonly output: OutputActivation;

  constructor(
    readonly sizes: readonly number[],
    options: MLPOptions = {},
  ) {
    super();
    checkArray('MLP', 'sizes', sizes, 'an array of layer sizes such as [2, 16, 1]');
    sizes.forEach((size, i) => {
      checkInteger('MLP', `sizes[${i}]`, size, 1);
    });
    checkOptions('MLP', options, MLP_OPTIONS);
    if (sizes.length < 2) {
      throw new ConfigError(`MLP: sizes [${sizes.join(', ')}] need at least an input and an output size`);
    }
    this.activation = options.activation ?? 'relu';
    this.output = options.output ?? 'linear';
    checkActivationNames('MLP', 'activation', this.activation, this.output);
    const rng = options.rng ?? defaultRng();
    const init = options.init ?? 'pytorch';
    const dropout = options.dropout ?? 0;
    if (!(dropout >= 0 && dropout <= 1)) {
      throw new ConfigError(`MLP: dropout ${dropout} must lie in [0, 1] (0 for none)`);
    }
    this.layers = sizes.slice(1).map((size, l) => new Linear(sizes[l]!, size, { init, rng }));
    const hiddenCount = sizes.length - 2;
    this.activations = Array.from({ length: hiddenCount }, () => activationModule(this.activation));
    this.dropouts =
      dropout > 0
        ? // Without an rng option the masks come from the shared generator at call time (see Dropout).
          Array.from({ length: hiddenCount }, () => new Dropout(dropout, options.rng ? { rng } : {}))
        : [];
  }

  /** Sub-modules in the order the forward pass uses them: layer, activation, dropout, next layer, ... */
  override namedChildren(): [string, Module][] {
    return this.layers.flatMap((layer, l) => {
      const step: [string, Module][] = [[`layers.${l}`, layer]];
      const activation = this.activations[l];
      if (activation) step.push([`activations.${l}`, activation]);
      const dropout = this.dropouts[l];
      if (dropout) step.push([`dropouts.${l}`, dropout]);
      return step;
    });
  }

  /** The number of weight layers (hidden layers + 1). */
  get depth(): number {
    return this.layers.length;
  }

  /** The last layer's Z, before the output activation. */
  logits(input: Tensor): Tensor {
    let value = input;
    this.layers.forEach((layer, l) => {
      value = layer.forward(value);
      if (l < this.layers.length - 1) {
        value = this.activations[l]!.forward(value);
        const dropout = this.dropouts[l];
        if (dropout) value = dropout.forward(value);
      }
    });
    return value;
  }

  forward(input: Tensor): Tensor {
    return outputFromLogits(this.output, this.logits(input));
  }

  /** PyTorch writes this network as an nn.Sequential: its parameters go by position there (`0.weight`). */
  override torchNumbersChildren(): boolean {
    return true;
  }

  override describe(): string {
    return `MLP(${this.sizes.join('-')}, hidden ${this.activation}, output ${this.output})`;
  }
}
