import type { Rng, Tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';
import { type InitName, initLinear } from '../init/init.ts';
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
        throw new ConfigError(`Linear: ${name} must be a positive integer, got ${value}`);
      }
    }
    const { weight, bias } = initLinear(
      inFeatures,
      outFeatures,
      options.init ?? 'pytorch',
      options.rng ?? defaultRng(),
    );
    this.weight = weight;
    this.bias = options.bias === false ? null : bias;
  }

  forward(input: Tensor): Tensor {
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

  override describe(): string {
    return `Linear(inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null})`;
  }
}
