import { describeValue, type Rng, type Tensor, tensor } from '@tapegrad/autograd';
import { checkInput, checkOptions, rngOption } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { defaultRng } from '../init/random.ts';
import { Module } from './module.ts';

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the survivors are scaled
 * by 1 / (1 - p), so the expected output equals the input and evaluation mode needs no rescaling; in
 * evaluation mode (`eval()`) it passes the input through unchanged. The mask comes from the `rng` option's
 * own stream, or else from the shared generator as it is when forward runs, so `manualSeed(s)` before a
 * forward pass reproduces its mask even for a Dropout built earlier, as in PyTorch.
 */
export class Dropout extends Module {
  /** The explicit generator, if one was given. */
  readonly #rng: Rng | undefined;

  constructor(
    readonly p = 0.5,
    options: { readonly rng?: Rng } = {},
  ) {
    super();
    if (typeof p !== 'number') {
      throw new ConfigError(`Dropout: p must be a probability, a number in [0, 1], got ${describeValue(p)}`);
    }
    if (!(p >= 0 && p <= 1)) throw new ConfigError(`Dropout: p = ${p} must lie in [0, 1]`);
    const { rng } = checkOptions('Dropout', options, { rng: rngOption });
    this.#rng = rng;
  }

  forward(input: Tensor): Tensor {
    checkInput(this, input);
    if (!this.training || this.p === 0) return input;
    const keep = 1 - this.p;
    const rng = this.#rng ?? defaultRng();
    const mask = new Float64Array(input.numel());
    // With p = 1 nothing survives, and the scale 1 / 0 is never used.
    for (let i = 0; i < mask.length; i++) mask[i] = rng.random() < keep ? 1 / keep : 0;
    return input.mul(tensor(mask, { shape: input.shape }));
  }

  override describe(): string {
    return `Dropout(p=${this.p})`;
  }
}
