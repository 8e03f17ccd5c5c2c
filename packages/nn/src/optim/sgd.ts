import type { Tensor } from '@tapegrad/autograd';
import { anyNumber, booleanOption, checkOptions, refuse } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { checkOption, Optimizer } from './optimizer.ts';

export interface SGDOptions {
  /** The learning rate (step size). */
  readonly lr: number;
  /** The momentum factor mu; 0 (the default) is plain gradient descent. */
  readonly momentum?: number;
  /** Dampening tau: the momentum buffer takes (1 - tau) of each new gradient. Default 0. */
  readonly dampening?: number;
  /** Nesterov momentum: step along g + mu * buffer instead of the buffer. Needs momentum > 0, dampening 0. */
  readonly nesterov?: boolean;
  /** L2 strength lambda, added to the gradient as lambda * p. Default 0. */
  readonly weightDecay?: number;
}

const SGD_OPTIONS = {
  lr: anyNumber,
  momentum: anyNumber,
  dampening: anyNumber,
  nesterov: booleanOption,
  weightDecay: anyNumber,
};

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay: PyTorch's
 * torch.optim.SGD update, per parameter p with gradient g:
 *
 *     g = g + lambda * p
 *     b = g on the parameter's first step, else mu * b + (1 - tau) * g     (when mu != 0)
 *     g = nesterov ? g + mu * b : b                                         (when mu != 0)
 *     p = p - lr * g
 *
 * @example
 * const w = tensor([1, -2], { requiresGrad: true });
 * const optimizer = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * w.mul(w).sum().backward(); // g = 2w = [2, -4]
 * optimizer.step();
 * w.toArray(); // => [0.8, -1.6]
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  /** The momentum buffer b of each parameter, created on the parameter's first step. */
  readonly #momentumBuffers: (Float64Array | undefined)[] = [];

  constructor(parameters: Iterable<Tensor>, options: SGDOptions) {
    if (options === undefined)
      refuse('SGD', 'options', 'an object with the learning rate, e.g. { lr: 0.1 }', options);
    super(parameters, checkOptions('SGD', options, SGD_OPTIONS).lr);
    const { momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = options;
    checkOption(this, 'momentum', momentum, momentum >= 0, 'at least 0');
    checkOption(this, 'dampening', dampening, true, 'a finite number');
    checkOption(this, 'weightDecay', weightDecay, weightDecay >= 0, 'at least 0');
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new ConfigError(
        `SGD: Nesterov momentum needs momentum > 0 and dampening 0 (got momentum ${momentum}, ` +
          `dampening ${dampening}); set momentum, e.g. 0.9, and leave dampening at 0`,
      );
    }
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  protected update(values: Float64Array, gradient: Float64Array, index: number): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this;
    if (momentum === 0 && weightDecay === 0) {
      // Plain gradient descent, the common case, as a loop of its own with nothing else to decide.
      for (let i = 0; i < values.length; i++) values[i] = values[i]! - lr * gradient[i]!;
      return;
    }
    let buffer = this.#momentumBuffers[index];
    const firstStep = buffer === undefined;
    if (momentum !== 0 && buffer === undefined) {
      buffer = new Float64Array(values.length);
      this.#momentumBuffers[index] = buffer;
    }
    for (let i = 0; i < values.length; i++) {
      let g = gradient[i]! + weightDecay * values[i]!; // g = g + lambda * p
      if (buffer !== undefined) {
        buffer[i] = firstStep ? g : momentum * buffer[i]! + (1 - dampening) * g; // b = mu b + (1 - tau) g
        g = nesterov ? g + momentum * buffer[i]! : buffer[i]!; // g = g + mu b, or g = b
      }
      values[i] = values[i]! - lr * g; // p = p - lr g
    }
  }
}
