import type { Rng, Tensor } from '@tapegrad/autograd';
import {
  checkOptions,
  integerOption,
  refuse,
  refuseOption,
  rngOption,
  stringOption,
} from '../checks/arguments.ts';
import { checkInitName, type InitName } from '../init/init.ts';
import { defaultRng } from '../init/random.ts';
import { activationModule } from '../module/activations.ts';
import { Linear } from '../module/linear.ts';
import { Module } from '../module/module.ts';
import { checkActivationNames, type HiddenActivation, type OutputActivation } from './network.ts';
import { outputFromLogits } from './output.ts';

export interface TwoLayerNetOptions {
  readonly inputs: number;
  readonly hidden: number;
  readonly outputs: number;
  /** g in A1 = g(Z1). Default 'tanh'. */
  readonly hiddenActivation?: HiddenActivation;
  /** The output activation, which also picks the loss. Default 'sigmoid'. */
  readonly output?: OutputActivation;
  /** Default 'pytorch'. */
  readonly init?: InitName;
  /** Default the shared generator (see `manualSeed`). */
  readonly rng?: Rng;
}

const TWO_LAYER_OPTIONS = {
  inputs: integerOption(1),
  hidden: integerOption(1),
  outputs: integerOption(1),
  hiddenActivation: stringOption,
  output: stringOption,
  init: (fn: string, _: string, value: unknown) => checkInitName(fn, value),
  rng: rngOption,
};

/**
 * The network of the derivations: an input layer, one hidden layer, an output layer.
 *
 *   Z1 = X W1 + b1,  A1 = g(Z1),  Z2 = A1 W2 + b2,  A2 = output(Z2)
 *
 * with X [m, inputs], W1 [inputs, hidden], W2 [hidden, outputs]. Its parameters are `layer1.weight`,
 * `layer1.bias`, `layer2.weight`, `layer2.bias`.
 * @example const net = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1, hiddenActivation: 'tanh', output: 'sigmoid' });
 */
export class TwoLayerNet extends Module {
  readonly layer1: Linear;
  readonly activation: Module;
  readonly layer2: Linear;
  readonly hiddenActivation: HiddenActivation;
  readonly output: OutputActivation;

  constructor(options: TwoLayerNetOptions) {
    super();
    if (options === undefined)
      refuse('TwoLayerNet', 'options', 'an object with inputs, hidden and outputs', options);
    checkOptions('TwoLayerNet', options, TWO_LAYER_OPTIONS);
    for (const size of ['inputs', 'hidden', 'outputs'] as const) {
      if (options[size] === undefined) refuseOption('TwoLayerNet', size, 'an integer >= 1', undefined);
    }
    this.hiddenActivation = options.hiddenActivation ?? 'tanh';
    this.output = options.output ?? 'sigmoid';
    checkActivationNames('TwoLayerNet', 'hiddenActivation', this.hiddenActivation, this.output);
    const rng = options.rng ?? defaultRng();
    const init = options.init ?? 'pytorch';
    this.layer1 = new Linear(options.inputs, options.hidden, { init, rng });
    this.activation = activationModule(this.hiddenActivation);
    this.layer2 = new Linear(options.hidden, options.outputs, { init, rng });
  }

  get inputs(): number {
    return this.layer1.inFeatures;
  }

  get hidden(): number {
    return this.layer1.outFeatures;
  }

  get outputs(): number {
    return this.layer2.outFeatures;
  }

  /** Z2, the output layer before its activation: what the losses take, for numerical stability. */
  logits(input: Tensor): Tensor {
    return this.layer2.forward(this.activation.forward(this.layer1.forward(input)));
  }

  /** A2 = output(Z2): probabilities for 'sigmoid' and 'softmax', Z2 itself for 'linear'. */
  forward(input: Tensor): Tensor {
    return outputFromLogits(this.output, this.logits(input));
  }

  /** PyTorch writes this network as an nn.Sequential: its parameters go by position there (`0.weight`). */
  override torchNumbersChildren(): boolean {
    return true;
  }

  override describe(): string {
    return `TwoLayerNet(${this.inputs}-${this.hidden}-${this.outputs}, hidden ${this.hiddenActivation}, output ${this.output})`;
  }
}
