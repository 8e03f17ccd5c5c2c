import type { Tensor } from '@tapegrad/autograd';
import { anyNumber, anyValue, checkOptions, refuseOption } from '../checks/arguments.ts';
import { checkOption, Optimizer } from './optimizer.ts';

export interface AdamOptions {
  /** The learning rate. Default 0.001. */
  readonly lr?: number;
  /** [beta1, beta2]: the decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Added to sqrt(vHat) so the step stays finite where the gradient is 0. Default 1e-8. */
  readonly eps?: number;
  /** Weight decay lambda (Adam: L2 added to the gradient; AdamW: decoupled). Default 0 (AdamW: 0.01). */
  readonly weightDecay?: number;
}

/** The options of Adam and AdamW; their ranges are checked with checkOption, naming each. */
export const ADAM_OPTIONS = { lr: anyNumber, betas: anyValue, eps: anyNumber, weightDecay: anyNumber };

/** One parameter's state: its own step count t and its moment estimates m and v. */
interface MomentState {
  step: number;
  readonly m: Float64Array;
  readonly v: Float64Array;
}

/**
 * Adam (Kingma and Ba, 2015), PyTorch's torch.optim.Adam without amsgrad: per parameter p with gradient g,
 * at the parameter's own step t = 1, 2, ...
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
export class Adam extends Optimizer {
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly #states: (MomentState | undefined)[] = [];

  constructor(parameters: Iterable<Tensor>, options: AdamOptions = {}) {
    super(parameters, checkOptions(new.target.name, options, ADAM_OPTIONS).lr ?? 0.001);
    const { betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = options;
    if (!Array.isArray(betas) || betas.length !== 2) {
      refuseOption(new.target.name, 'betas', 'a pair of numbers in [0, 1)', betas);
    }
    betas.forEach((beta, i) => {
      checkOption(this, `betas[${i}]`, beta, beta >= 0 && beta < 1, 'in [0, 1), e.g. [0.9, 0.999]');
    });
    checkOption(this, 'eps', eps, eps >= 0, 'at least 0');
    checkOption(this, 'weightDecay', weightDecay, weightDecay >= 0, 'at least 0');
    this.betas = [betas[0], betas[1]];
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  protected update(values: Float64Array, gradient: Float64Array, index: number): void {
    this.adamStep(values, gradient, index, this.weightDecay);
  }

  /** The Adam step with L2 strength `l2` added to the gradient (AdamW passes 0). */
  protected adamStep(values: Float64Array, gradient: Float64Array, index: number, l2: number): void {
    const { lr, eps } = this;
    const [beta1, beta2] = this.betas;
    const state = this.#states[index] ?? {
      step: 0,
      m: new Float64Array(values.length),
      v: new Float64Array(values.length),
    };
    this.#states[index] = state;
    state.step++;
    const { m, v, step } = state;
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
