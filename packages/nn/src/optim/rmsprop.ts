/** RMSProp: PyTorch's torch.optim.RMSprop (without centering), per parameter group. */
import type { Tensor } from '@tapegrad/autograd';
import { anyNumber } from '../checks/arguments.ts';
import { Optimizer, optionError } from './optimizer.ts';
import type { Params } from './param-groups.ts';

/** The options of one RMSProp group (each may differ between groups). */
export interface RMSPropGroupOptions {
  /** The learning rate. Default 0.01. */
  lr: number;
  /** The decay rate of the mean of squared gradients. Default 0.99. */
  alpha: number;
  /** Added to sqrt(v) so the step stays finite where the gradient is 0. Default 1e-8. */
  eps: number;
  /** The momentum factor mu. Default 0. */
  momentum: number;
  /** L2 strength lambda, added to the gradient as lambda * p. Default 0. */
  weightDecay: number;
}

/** RMSProp's options: any of a group's, the rest at their defaults. */
export type RMSPropOptions = Readonly<Partial<RMSPropGroupOptions>>;

const RMSPROP_OPTIONS = {
  lr: anyNumber,
  alpha: anyNumber,
  eps: anyNumber,
  momentum: anyNumber,
  weightDecay: anyNumber,
};

/** One parameter's state: its step count, its running mean of g^2 and (with momentum) its buffer b. */
type RMSPropState = { step: number; squareAvg: Float64Array; momentumBuffer?: Float64Array };

/**
 * RMSProp (Hinton's lecture 6e), PyTorch's torch.optim.RMSprop without centering: each value's step is
 * divided by the root of a running mean of its squared gradients. Per parameter p with gradient g, with its
 * group's options:
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
export class RMSProp extends Optimizer<RMSPropGroupOptions, RMSPropState> {
  protected readonly stateKinds = {
    step: 'count',
    squareAvg: 'buffer',
    momentumBuffer: 'optional buffer',
  } as const;

  constructor(parameters: Params<RMSPropGroupOptions>, options: RMSPropOptions = {}) {
    const defaults = { lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, weightDecay: 0 };
    super(parameters, options, defaults, RMSPROP_OPTIONS);
  }

  /** The first group's alpha (every group's, unless groups set their own). */
  get alpha(): number {
    return this.paramGroups[0]!.alpha;
  }

  /** The first group's eps. */
  get eps(): number {
    return this.paramGroups[0]!.eps;
  }

  /** The first group's momentum factor. */
  get momentum(): number {
    return this.paramGroups[0]!.momentum;
  }

  /** The first group's weight decay. */
  get weightDecay(): number {
    return this.paramGroups[0]!.weightDecay;
  }

  protected checkHyperparameters(group: RMSPropGroupOptions, path: string): void {
    const { alpha, eps, momentum, weightDecay } = group;
    // Each test written out, a failing value only handed on (Optimizer.step: nothing allocated per step).
    if (!(Number.isFinite(alpha) && alpha >= 0 && alpha < 1)) {
      throw optionError(this, 'alpha', alpha, 'in [0, 1), e.g. 0.99', path);
    }
    if (!(eps >= 0 && Number.isFinite(eps))) throw optionError(this, 'eps', eps, 'at least 0', path);
    if (!(momentum >= 0 && Number.isFinite(momentum))) {
      throw optionError(this, 'momentum', momentum, 'at least 0', path);
    }
    if (!(weightDecay >= 0 && Number.isFinite(weightDecay))) {
      throw optionError(this, 'weightDecay', weightDecay, 'at least 0', path);
    }
  }

  protected update(parameter: Tensor, gradient: Float64Array, group: RMSPropGroupOptions): void {
    const { lr, alpha, eps, momentum, weightDecay } = group;
    const values = parameter.data;
    const state = this.state.get(parameter) ?? { step: 0, squareAvg: new Float64Array(values.length) };
    this.state.set(parameter, state);
    state.step++;
    const v = state.squareAvg;
    let buffer: Float64Array | null = null;
    if (momentum > 0) {
      buffer = state.momentumBuffer ?? new Float64Array(values.length);
      state.momentumBuffer = buffer;
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
