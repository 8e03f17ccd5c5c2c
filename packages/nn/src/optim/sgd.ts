/** SGD with momentum, Nesterov momentum and weight decay: PyTorch's torch.optim.SGD, per parameter group. */
import type { Tensor } from '@tapegrad/autograd';
import { anyNumber, booleanOption, refuse } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { Optimizer, optionError } from './optimizer.ts';
import type { Params } from './param-groups.ts';

/** The options of one SGD group (each may differ between groups). */
export interface SGDGroupOptions {
  /** The learning rate (step size). */
  lr: number;
  /** The momentum factor mu; 0 (the default) is plain gradient descent. */
  momentum: number;
  /** Dampening tau: the momentum buffer takes (1 - tau) of each new gradient. Default 0. */
  dampening: number;
  /** Nesterov momentum: step along g + mu * buffer instead of the buffer. Needs momentum > 0, dampening 0. */
  nesterov: boolean;
  /** L2 strength lambda, added to the gradient as lambda * p. Default 0. */
  weightDecay: number;
}

/** SGD's options; lr is needed unless every parameter group sets its own. */
export type SGDOptions = Readonly<Partial<SGDGroupOptions>>;

const SGD_OPTIONS = {
  lr: anyNumber,
  momentum: anyNumber,
  dampening: anyNumber,
  nesterov: booleanOption,
  weightDecay: anyNumber,
};

/** One parameter's SGD state: its momentum buffer b, made on its first step with momentum. */
type SGDState = { momentumBuffer: Float64Array };

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay: PyTorch's
 * torch.optim.SGD update, per parameter p with gradient g, with its group's options:
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
 * // Groups, as in PyTorch: the second group's lr overrides the default.
 * new SGD([{ params: [w] }, { params: [b], lr: 0.01 }], { lr: 0.1 });
 */
export class SGD extends Optimizer<SGDGroupOptions, SGDState> {
  protected readonly stateKinds = { momentumBuffer: 'buffer' } as const;

  constructor(parameters: Params<SGDGroupOptions>, options?: SGDOptions) {
    if (
      options !== undefined &&
      (typeof options !== 'object' || options === null || Array.isArray(options))
    ) {
      refuse('SGD', 'options', 'an object with the learning rate, e.g. { lr: 0.1 }', options);
    }
    super(parameters, options, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 }, SGD_OPTIONS);
  }

  /** The first group's momentum factor (every group's, unless groups set their own). */
  get momentum(): number {
    return this.paramGroups[0]!.momentum;
  }

  /** The first group's dampening. */
  get dampening(): number {
    return this.paramGroups[0]!.dampening;
  }

  /** Whether the first group uses Nesterov momentum. */
  get nesterov(): boolean {
    return this.paramGroups[0]!.nesterov;
  }

  /** The first group's weight decay. */
  get weightDecay(): number {
    return this.paramGroups[0]!.weightDecay;
  }

  protected checkHyperparameters(group: SGDGroupOptions, path: string): void {
    const { momentum, dampening, nesterov, weightDecay } = group;
    // Each test written out, a failing value only handed on (Optimizer.step: nothing allocated per step).
    if (!(momentum >= 0 && Number.isFinite(momentum))) {
      throw optionError(this, 'momentum', momentum, 'at least 0', path);
    }
    if (!Number.isFinite(dampening)) throw optionError(this, 'dampening', dampening, 'a finite number', path);
    if (!(weightDecay >= 0 && Number.isFinite(weightDecay))) {
      throw optionError(this, 'weightDecay', weightDecay, 'at least 0', path);
    }
    if (typeof nesterov !== 'boolean') {
      throw new ConfigError(`SGD: ${path}nesterov must be true or false, got ${String(nesterov)}`);
    }
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new ConfigError(
        `SGD: Nesterov momentum needs momentum > 0 and dampening 0 (got ${path}momentum ${momentum}, ` +
          `${path}dampening ${dampening}); set momentum, e.g. 0.9, and leave dampening at 0`,
      );
    }
  }

  protected update(parameter: Tensor, gradient: Float64Array, group: SGDGroupOptions): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = group;
    const values = parameter.data;
    if (momentum === 0 && weightDecay === 0) {
      // Plain gradient descent, the common case, as a loop of its own with nothing else to decide.
      for (let i = 0; i < values.length; i++) values[i] = values[i]! - lr * gradient[i]!;
      return;
    }
    let buffer = this.state.get(parameter)?.momentumBuffer;
    const firstStep = buffer === undefined;
    if (momentum !== 0 && buffer === undefined) {
      buffer = new Float64Array(values.length);
      this.state.set(parameter, { momentumBuffer: buffer });
    }
    for (let i = 0; i < values.length; i++) {
      let g = gradient[i]! + weightDecay * values[i]!; // g = g + lambda * p
      if (momentum !== 0 && buffer !== undefined) {
        buffer[i] = firstStep ? g : momentum * buffer[i]! + (1 - dampening) * g; // b = mu b + (1 - tau) g
        g = nesterov ? g + momentum * buffer[i]! : buffer[i]!; // g = g + mu b, or g = b
      }
      values[i] = values[i]! - lr * g; // p = p - lr g
    }
  }
}
