import { describeValue, type Rng, type Tensor } from '@tapegrad/autograd';
import { booleanOption, checkInput, checkOptions, rngOption } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { checkInitName, type InitName, initLinear } from '../init/init.ts';
import { defaultRng } from '../init/random.ts';
import { Module } from './module.ts';

export interface LinearOptions {
  /** Add a bias b. Default true. */
  readonly bias?: boolean;
  /** How the weights are drawn. Default 'pytorch' (PyTorch's nn.Linear default). */
  readonly init?: InitName;
  /** The generator to draw from. Default the shared one (see `manualSeed`). */
  readonly rng?: Rng;
}

const LINEAR_OPTIONS = {
  bias: booleanOption,
  init: (fn: string, _: string, value: unknown) => checkInitName(fn, value),
  rng: rngOption,
};

/**
 * A fully connected layer: Z = X W + b, with W of shape [inFeatures, outFeatures] and b of shape
 * [outFeatures]. W is stored [in, out] (PyTorch stores the transpose) so that the code reads as the
 * derivations do: Z1 = X W1 + b1, dW1 = X^T dZ1 / m.
 * @example const layer = new Linear(2, 16); layer.forward(x); // x [m, 2] -> [m, 16]
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    for (const [name, value] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        const shown = typeof value === 'number' ? value : describeValue(value);
        throw new ConfigError(`Linear: ${name} must be a positive integer, got ${shown}`);
      }
    }
    const checked = checkOptions('Linear', options, LINEAR_OPTIONS);
    const { weight, bias } = initLinear(
      inFeatures,
      outFeatures,
      checked.init ?? 'pytorch',
      checked.rng ?? defaultRng(),
    );
    this.weight = weight;
    this.bias = checked.bias === false ? null : bias;
  }

  forward(input: Tensor): Tensor {
    checkInput(this, input);
    if (input.shape[input.ndim - 1] !== this.inFeatures) {
      throw new ConfigError(
        `Linear(${this.inFeatures} -> ${this.outFeatures}): the input has shape [${input.shape.join(',')}], ` +
          `but its last axis must have ${this.inFeatures} features`,
      );
    }
    if (this.bias === null) return input.matmul(this.weight);
    // A batch of rows, the usual case, is one fused op; other ranks broadcast through matmul and add.
    return input.ndim === 2 ? this.bias.addmm(input, this.weight) : input.matmul(this.weight).add(this.bias);
  }

  /** PyTorch stores the weight as [out, in] (y = x W^T + b), the transpose of tapegrad's [in, out]. */
  override torchTransposedNames(): readonly string[] {
    return ['weight'];
  }

  override describe(): string {
    return `Linear(inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null})`;
  }
}
