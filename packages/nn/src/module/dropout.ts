import { describeValue, type Rng, type Tensor, traceGuard } from '@tapegrad/autograd';
import { checkInput, checkOptions, rngOption } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { defaultRng } from '../init/random.ts';
import { Module } from './module.ts';

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the survivors are scaled
 * by 1 / (1 - p), so the expected output equals the input and evaluation mode needs no rescaling; in
 * evaluation mode (`eval()`) it passes the input through unchanged. The mask comes from the `rng` option's
 * own stream, or else from the shared generator as it is when forward runs, so `manualSeed(s)` before a
 * forward pass reproduces its mask even for a Dropout built earlier, as in PyTorch. Under `compile` each
 * replay draws a fresh mask from that generator (Rng#dropoutMask), the same masks eager steps would draw.
 */
export class Dropout extends Module {
  /** The explicit generator, if one was given. */
  readonly #rng: Rng | undefined;
  /** compile's guards on the mode a plan was traced in (made once: eager calls allocate nothing). */
  readonly #inTraining = () => this.training;
  readonly #inEvaluation = () => !this.training;

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
    // A compiled plan traced in one mode must not replay in the other (a mask after eval(), or none after train()).
    traceGuard(this.training ? this.#inTraining : this.#inEvaluation);
    if (!this.training || this.p === 0) return input;
    // The mask is an op of its own, so a compiled step draws a fresh one at every replay; forward and
    // backward read the same mask (d/dx (x * mask) = mask).
    const mask = (this.#rng ?? defaultRng()).dropoutMask(input.shape, this.p);
    return input.mul(mask);
  }

  override describe(): string {
    return `Dropout(p=${this.p})`;
  }
}
