import type { Tensor } from '@tapegrad/autograd';
import { anyNumber, checkOptions } from '../checks/arguments.ts';
import { checkOption, Optimizer } from './optimizer.ts';

export interface RMSPropOptions {
  /** The learning rate. Default 0.01. */
  readonly lr?: number;
  /** The decay rate of the mean of squared gradients. Default 0.99. */
  readonly alpha?: number;
  /** Added to sqrt(v) so the step stays finite where the gradient is 0. Default 1e-8. */
  readonly eps?: number;
  /** The momentum factor mu. Default 0. */
  readonly momentum?: number;
  /** L2 strength lambda, added to the gradient as lambda * p. Default 0. */
  readonly weightDecay?: number;
}

const RMSPROP_OPTIONS = {
  lr: anyNumber,
  alpha: anyNumber,
  eps: anyNumber,
  momentum: anyNumber,
  weightDecay: anyNumber,
};

/**
 * RMSProp (Hinton's lecture 6e), PyTorch's torch.optim.RMSprop without centering: each value's step is
 * divided by the root of a running mean of its squared gradients. Per parameter p with gradient g:
 *
 *     g = g + lambda * p
 *     v = alpha * v + (1 - alpha) * g^2
 *     b = mu * b + g / (sqrt(v) + eps),  p = p - lr * b        (when mu > 0)
 *     p = p - lr * g / (sqrt(v) + eps)                          (when mu = 0)
 *
 * v and b start at 0.
 *
 * @example
 * const w = tensor([1], { requiresGrad: true });
 * const optimizer = new RMSProp([w], { lr: 0.01 });
 * w.mul(w).sum().backward(); // g = 2, v = 0.01 * 4 = 0.04, sqrt(v) = 0.2
 * optimizer.step();
 * w.toArray(); // => about [0.9]  (1 - 0.01 * 2 / 0.2)
 */
export class RMSProp extends Optimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** The running mean of squared gradients v of each parameter. */
  readonly #squareAverages: (Float64Array | undefined)[] = [];
  /** The momentum buffer b of each parameter (when momentum > 0). */
  readonly #momentumBuffers: (Float64Array | undefined)[] = [];

  constructor(parameters: Iterable<Tensor>, options: RMSPropOptions = {}) {
    super(parameters, checkOptions('RMSProp', options, RMSPROP_OPTIONS).lr ?? 0.01);
    const { alpha = 0.99, eps = 1e-8, momentum = 0, weightDecay = 0 } = options;
    checkOption(this, 'alpha', alpha, alpha >= 0 && alpha < 1, 'in [0, 1), e.g. 0.99');
    checkOption(this, 'eps', eps, eps >= 0, 'at least 0');
    checkOption(this, 'momentum', momentum, momentum >= 0, 'at least 0');
    checkOption(this, 'weightDecay', weightDecay, weightDecay >= 0, 'at least 0');
    this.alpha = alpha;
    this.eps = eps;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
  }

  protected update(values: Float64Array, gradient: Float64Array, index: number): void {
    const { lr, alpha, eps, momentum, weightDecay } = this;
    const v = this.#squareAverages[index] ?? new Float64Array(values.length);
    this.#squareAverages[index] = v;
    let buffer: Float64Array | null = null;
    if (momentum > 0) {
      buffer = this.#momentumBuffers[index] ?? new Float64Array(values.length);
      this.#momentumBuffers[index] = buffer;
    }
    for (let i = 0; i < values.length; i++) {
      const g = gradient[i]! + weightDecay * values[i]!; // g = g + lambda p
      v[i] = alpha * v[i]! + (1 - alpha) * g * g; // v = alpha v + (1 - alpha) g^2
      const denominator = Math.sqrt(v[i]!) + eps; // sqrt(v) + eps
      if (buffer !== null) {
        buffer[i] = momentum * buffer[i]! + g / denominator; // b = mu b + g / (sqrt(v) + eps)
        values[i] = values[i]! - lr * buffer[i]!; // p = p - lr b
      } else {
        values[i] = values[i]! - (lr * g) / denominator; // p = p - lr g / (sqrt(v) + eps)
      }
    }
  }
}
