/** Adam: PyTorch's torch.optim.Adam (without amsgrad), per parameter group. */
import type { Tensor } from '@tapegrad/autograd';
import { anyNumber, anyValue, refuseOption } from '../checks/arguments.ts';
import { Optimizer, optionError } from './optimizer.ts';
import type { Params } from './param-groups.ts';

/** The options of one Adam or AdamW group (each may differ between groups). */
export interface AdamGroupOptions {
  /** The learning rate. Default 0.001. */
  lr: number;
  /** [beta1, beta2]: the decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  betas: readonly [number, number];
  /** Added to sqrt(vHat) so the step stays finite where the gradient is 0. Default 1e-8. */
  eps: number;
  /** Weight decay lambda (Adam: L2 added to the gradient; AdamW: decoupled). Default 0 (AdamW: 0.01). */
  weightDecay: number;
}

/** Adam's and AdamW's options: any of a group's, the rest at their defaults. */
export type AdamOptions = Readonly<Partial<AdamGroupOptions>>;

/** The options of Adam and AdamW; their ranges are checked in checkHyperparameters, naming each. */
export const ADAM_OPTIONS = { lr: anyNumber, betas: anyValue, eps: anyNumber, weightDecay: anyNumber };

/** One parameter's state: its own step count t and its moment estimates m (expAvg) and v (expAvgSq). */
type MomentState = { step: number; expAvg: Float64Array; expAvgSq: Float64Array };

/**
 * Adam (Kingma and Ba, 2015), PyTorch's torch.optim.Adam without amsgrad: per parameter p with gradient g,
 * at the parameter's own step t = 1, 2, ..., with its group's options:
 *
 *     g = g + lambda * p                      (L2 weight decay, on the gradient)
 *     m = beta1 * m + (1 - beta1) * g         (first moment: the mean of g)
 *     v = beta2 * v + (1 - beta2) * g^2       (second moment: the mean of g^2)
 *     mHat = m / (1 - beta1^t),  vHat = v / (1 - beta2^t)   (bias corrections for m, v starting at 0)
 *     p = p - lr * mHat / (sqrt(vHat) + eps)
 *
 * A parameter without a gradient is skipped and its t does not advance, as in PyTorch.
 *
 * @example
 * const x = tensor([2, 4], { requiresGrad: true });
 * const optimizer = new Adam([x], { lr: 0.1, betas: [0.8, 0.9] });
 * x.mul(x).sum().backward();
 * optimizer.step(); // the first step moves each value by lr against the sign of its gradient
 * x.toArray(); // => about [1.9, 3.9]
 */
export class Adam extends Optimizer<AdamGroupOptions, MomentState> {
  protected readonly stateKinds = { step: 'count', expAvg: 'buffer', expAvgSq: 'buffer' } as const;

  /** The weight decay of a group that sets none: 0 (AdamW's is 0.01). */
  protected static readonly defaultWeightDecay: number = 0;

  constructor(parameters: Params<AdamGroupOptions>, options: AdamOptions = {}) {
    const weightDecay = new.target.defaultWeightDecay;
    super(parameters, options, { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weightDecay }, ADAM_OPTIONS);
  }

  /** The first group's [beta1, beta2] (every group's, unless groups set their own). */
  get betas(): readonly [number, number] {
    return this.paramGroups[0]!.betas;
  }

  /** The first group's eps. */
  get eps(): number {
    return this.paramGroups[0]!.eps;
  }

  /** The first group's weight decay. */
  get weightDecay(): number {
    return this.paramGroups[0]!.weightDecay;
  }

  protected checkHyperparameters(group: AdamGroupOptions, path: string): void {
    const { betas, eps, weightDecay } = group;
    if (!Array.isArray(betas) || betas.length !== 2) {
      refuseOption(this.constructor.name, `${path}betas`, 'a pair of numbers in [0, 1)', betas);
    }
    // Indexed, not destructured (an iterator per step), and each test written out, a failing value only
    // handed on (Optimizer.step: nothing allocated per step).
    const beta1 = betas[0];
    const beta2 = betas[1];
    const betaRule = 'in [0, 1), e.g. [0.9, 0.999]';
    if (!(Number.isFinite(beta1) && beta1 >= 0 && beta1 < 1)) {
      throw optionError(this, 'betas[0]', beta1, betaRule, path);
    }
    if (!(Number.isFinite(beta2) && beta2 >= 0 && beta2 < 1)) {
      throw optionError(this, 'betas[1]', beta2, betaRule, path);
    }
    if (!(eps >= 0 && Number.isFinite(eps))) throw optionError(this, 'eps', eps, 'at least 0', path);
    if (!(weightDecay >= 0 && Number.isFinite(weightDecay))) {
      throw optionError(this, 'weightDecay', weightDecay, 'at least 0', path);
    }
  }

  protected update(parameter: Tensor, gradient: Float64Array, group: AdamGroupOptions): void {
    this.adamStep(parameter, gradient, group, group.weightDecay);
  }

  /** The Adam step with L2 strength `l2` added to the gradient (AdamW passes 0). */
  protected adamStep(parameter: Tensor, gradient: Float64Array, group: AdamGroupOptions, l2: number): void {
    const { lr, eps } = group;
    const beta1 = group.betas[0];
    const beta2 = group.betas[1];
    const values = parameter.data;
    const state = this.state.get(parameter) ?? {
      step: 0,
      expAvg: new Float64Array(values.length),
      expAvgSq: new Float64Array(values.length),
    };
    this.state.set(parameter, state);
    state.step++;
    const { expAvg: m, expAvgSq: v, step } = state;
    const biasCorrection1 = 1 - beta1 ** step; // 1 - beta1^t
    const biasCorrection2 = 1 - beta2 ** step; // 1 - beta2^t
    for (let i = 0; i < values.length; i++) {
      const g = gradient[i]! + l2 * values[i]!; // g = g + lambda p
      m[i] = beta1 * m[i]! + (1 - beta1) * g; // m = beta1 m + (1 - beta1) g
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g; // v = beta2 v + (1 - beta2) g^2
      const mHat = m[i]! / biasCorrection1;
      const vHat = v[i]! / biasCorrection2;
      values[i] = values[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps); // p = p - lr mHat / (sqrt(vHat) + eps)
    }
  }
}
