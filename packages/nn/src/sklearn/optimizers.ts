/**
 * sklearn's stochastic optimizers (`_stochastic_optimizers.py`) on the flat parameter list
 * [coefs..., intercepts...], each parameter updated in place: `param += update`.
 */
import type { LearningRateSchedule } from './options.ts';

export interface StochasticOptimizer {
  /** The current step size. */
  readonly learningRate: number;
  /** One step: params[i] += update(grads[i]). */
  update(params: readonly Float64Array[], grads: readonly Float64Array[]): void;
  /** The end of an epoch, after `samplesSeen` rows in all (sklearn's `t_`): where invscaling decays. */
  iterationEnds(samplesSeen: number): void;
  /**
   * Training stopped improving for nIterNoChange epochs: true to stop, or false after dividing the rate by 5
   * ('adaptive' SGD, while the rate is above 1e-6).
   */
  triggerStopping(): boolean;
}

export interface SGDSettings {
  readonly learningRateInit: number;
  readonly schedule: LearningRateSchedule;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly powerT: number;
}

/**
 * SGD with momentum: v <- momentum v - lr g, and the update is v, or with Nesterov's momentum
 * momentum v - lr g once more (a look ahead along the new velocity).
 */
export class SklearnSGD implements StochasticOptimizer {
  learningRate: number;
  readonly #velocities: Float64Array[];

  constructor(
    params: readonly Float64Array[],
    readonly settings: SGDSettings,
  ) {
    this.learningRate = settings.learningRateInit;
    this.#velocities = params.map((param) => new Float64Array(param.length));
  }

  update(params: readonly Float64Array[], grads: readonly Float64Array[]): void {
    const { momentum, nesterov } = this.settings;
    const lr = this.learningRate;
    params.forEach((param, p) => {
      const velocity = this.#velocities[p]!;
      const grad = grads[p]!;
      for (let i = 0; i < param.length; i++) {
        velocity[i] = momentum * velocity[i]! - lr * grad[i]!;
        param[i]! += nesterov ? momentum * velocity[i]! - lr * grad[i]! : velocity[i]!;
      }
    });
  }

  /** invscaling: lr = learningRateInit / (t + 1)^powerT, t the rows seen so far. */
  iterationEnds(samplesSeen: number): void {
    const { schedule, learningRateInit, powerT } = this.settings;
    if (schedule === 'invscaling') this.learningRate = learningRateInit / (samplesSeen + 1) ** powerT;
  }

  triggerStopping(): boolean {
    if (this.settings.schedule !== 'adaptive' || this.learningRate <= 1e-6) return true;
    this.learningRate /= 5;
    return false;
  }
}

export interface AdamSettings {
  readonly learningRateInit: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * Adam as sklearn writes it: m <- beta1 m + (1 - beta1) g, v <- beta2 v + (1 - beta2) g^2, and the bias
 * correction folded into the step size, lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t), so that the update is
 * -lr_t m / (sqrt(v) + epsilon): epsilon is added to the uncorrected sqrt(v).
 */
export class SklearnAdam implements StochasticOptimizer {
  learningRate: number;
  #step = 0;
  readonly #firstMoments: Float64Array[];
  readonly #secondMoments: Float64Array[];

  constructor(
    params: readonly Float64Array[],
    readonly settings: AdamSettings,
  ) {
    this.learningRate = settings.learningRateInit;
    this.#firstMoments = params.map((param) => new Float64Array(param.length));
    this.#secondMoments = params.map((param) => new Float64Array(param.length));
  }

  update(params: readonly Float64Array[], grads: readonly Float64Array[]): void {
    const { learningRateInit, beta1, beta2, epsilon } = this.settings;
    this.#step += 1;
    const t = this.#step;
    this.learningRate = (learningRateInit * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    params.forEach((param, p) => {
      const m = this.#firstMoments[p]!;
      const v = this.#secondMoments[p]!;
      const grad = grads[p]!;
      for (let i = 0; i < param.length; i++) {
        m[i] = beta1 * m[i]! + (1 - beta1) * grad[i]!;
        v[i] = beta2 * v[i]! + (1 - beta2) * grad[i]! ** 2;
        param[i]! += (-this.learningRate * m[i]!) / (Math.sqrt(v[i]!) + epsilon);
      }
    });
  }

  iterationEnds(): void {}

  /** Adam has no schedule to lower: it stops. */
  triggerStopping(): boolean {
    return true;
  }
}
