/**
 * ReduceLROnPlateau: PyTorch's torch.optim.lr_scheduler.ReduceLROnPlateau, which lowers the rate when a
 * watched metric (a validation loss, an accuracy) stops improving.
 */
import {
  anyValue,
  checkInstance,
  checkOptions,
  integerOption,
  nonNegativeOption,
  numberOption,
  oneOfOption,
  refuse,
  refuseOption,
} from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { Optimizer } from './optimizer.ts';

export interface ReduceLROnPlateauOptions {
  /** 'min' (the default): lower is better, as a loss; 'max': higher is better, as an accuracy. */
  readonly mode?: 'min' | 'max';
  /** The rate is multiplied by factor on a plateau, in [0, 1). Default 0.1. */
  readonly factor?: number;
  /** How many steps without improvement are tolerated before the rate falls. Default 10. */
  readonly patience?: number;
  /** How much better a metric must be to count as an improvement. Default 1e-4. */
  readonly threshold?: number;
  /** 'rel' (the default): better than best * (1 -+ threshold); 'abs': better than best -+ threshold. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after a reduction before counting bad steps again. Default 0. */
  readonly cooldown?: number;
  /** The lowest rate: one for every group, or one per group. Default 0. */
  readonly minLr?: number | readonly number[];
  /** A reduction smaller than eps is skipped. Default 1e-8. */
  readonly eps?: number;
}

const OPTIONS = {
  mode: oneOfOption(['min', 'max']),
  factor: numberOption('a number in [0, 1)', (value) => value >= 0 && value < 1),
  patience: integerOption(0),
  threshold: nonNegativeOption,
  thresholdMode: oneOfOption(['rel', 'abs']),
  cooldown: integerOption(0),
  minLr: anyValue,
  eps: nonNegativeOption,
};

/**
 * Watches a metric, given to `step(metric)` once per epoch, and multiplies every group's rate by factor
 * (never below its minLr) when the metric has not improved on its best for more than `patience` steps; then
 * waits `cooldown` steps before counting again. PyTorch's algorithm, step for step: an improvement in 'min'
 * mode with 'rel' threshold is metric < best * (1 - threshold); a reduction smaller than eps is skipped.
 * Unlike the other schedules it has no closed form: the rate depends on the metrics seen.
 *
 * @example
 * const schedule = new ReduceLROnPlateau(optimizer, { patience: 2, factor: 0.5 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train(model, optimizer);
 *   schedule.step(validationLoss(model)); // halves the rate after 3 epochs without improvement
 * }
 */
export class ReduceLROnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: readonly number[];
  readonly eps: number;
  /** The best metric so far (Infinity in 'min' mode, -Infinity in 'max' mode before the first). */
  best: number;
  /** Steps since the best metric (reset by a reduction and during the cooldown). */
  numBadEpochs = 0;
  /** Steps of cooldown left. */
  cooldownCounter = 0;
  /** How many times `step` has been called. */
  lastEpoch = 0;
  #lastLrs: number[];

  constructor(
    readonly optimizer: Optimizer,
    options: ReduceLROnPlateauOptions = {},
  ) {
    checkInstance('ReduceLROnPlateau', 'optimizer', optimizer, Optimizer, 'an Optimizer');
    const checked = checkOptions('ReduceLROnPlateau', options, OPTIONS);
    this.mode = checked.mode ?? 'min';
    this.factor = checked.factor ?? 0.1;
    this.patience = checked.patience ?? 10;
    this.threshold = checked.threshold ?? 1e-4;
    this.thresholdMode = checked.thresholdMode ?? 'rel';
    this.cooldown = checked.cooldown ?? 0;
    this.eps = checked.eps ?? 1e-8;
    this.minLrs = minLrsOf(checked.minLr === undefined ? 0 : checked.minLr, optimizer.paramGroups.length);
    this.best = this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.#lastLrs = optimizer.paramGroups.map((group) => group.lr);
  }

  /** Takes one epoch's metric; lowers the rates if it ends a plateau. A NaN metric is refused. */
  step(metric: number): void {
    if (typeof metric !== 'number' || Number.isNaN(metric)) {
      refuse('ReduceLROnPlateau.step', 'metric', "a number, the epoch's loss or score", metric);
    }
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.minLrs.length) {
      throw new ConfigError(
        `ReduceLROnPlateau.step: the optimizer has ${groups.length} parameter groups, the schedule was made ` +
          `for ${this.minLrs.length}; make the schedule after addParamGroup`,
      );
    }
    this.lastEpoch++;
    if (this.#isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs during the cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      groups.forEach((group, g) => {
        const reduced = Math.max(group.lr * this.factor, this.minLrs[g]!);
        if (group.lr - reduced > this.eps) group.lr = reduced;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.#lastLrs = groups.map((group) => group.lr);
  }

  /** Each group's learning rate after the last step (or at construction): PyTorch's get_last_lr(). */
  getLastLr(): number[] {
    return [...this.#lastLrs];
  }

  #isBetter(metric: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') {
      return this.thresholdMode === 'rel' ? metric < best * (1 - threshold) : metric < best - threshold;
    }
    return this.thresholdMode === 'rel' ? metric > best * (threshold + 1) : metric > best + threshold;
  }
}

/** minLr: a number >= 0 for every group, or an array of one per group. */
function minLrsOf(minLr: unknown, groups: number): number[] {
  const list = Array.isArray(minLr) ? minLr : [...Array(groups)].map(() => minLr);
  const valid = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (list.length !== groups || !list.every(valid)) {
    refuseOption(
      'ReduceLROnPlateau',
      'minLr',
      `a number >= 0, or an array of ${groups} (one per parameter group)`,
      minLr,
    );
  }
  return list as number[];
}
