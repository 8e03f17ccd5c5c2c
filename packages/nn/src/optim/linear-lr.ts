/** LinearLR: PyTorch's torch.optim.lr_scheduler.LinearLR, a linear warm-up (or decay) of the rate. */
import { anyNumber, checkOptions } from '../checks/arguments.ts';
import { checkOption, type Optimizer } from './optimizer.ts';
import { LRScheduler } from './schedules.ts';

export interface LinearLROptions {
  /** The factor of the base rate at epoch 0, in (0, 1]. Default 1/3. */
  readonly startFactor?: number;
  /** The factor reached at `totalIters` and kept after, in [0, 1]. Default 1. */
  readonly endFactor?: number;
  /** How many steps the change takes: a positive integer. Default 5. */
  readonly totalIters?: number;
}

/**
 * Scales each group's base rate by a factor that goes linearly from startFactor to endFactor over
 * totalIters steps, then stays: lr = base * (start + (end - start) * min(epoch, totalIters) / totalIters).
 * The optimizer's rate is set to base * startFactor at construction, as PyTorch's does. Usually a warm-up at
 * the start of training (startFactor < 1, endFactor 1).
 *
 * @example
 * const schedule = new LinearLR(new SGD(model.parameters(), { lr: 0.3 }), { startFactor: 0.5, totalIters: 2 });
 * schedule.getLastLr(); // => [0.15]
 * schedule.step(); // [0.225]; after the next step 0.3, and 0.3 from then on
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    super(optimizer);
    const checked = checkOptions('LinearLR', options, {
      startFactor: anyNumber,
      endFactor: anyNumber,
      totalIters: anyNumber,
    });
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = checked;
    checkOption(this, 'startFactor', startFactor, startFactor > 0 && startFactor <= 1, 'in (0, 1]');
    checkOption(this, 'endFactor', endFactor, endFactor >= 0 && endFactor <= 1, 'in [0, 1]');
    checkOption(
      this,
      'totalIters',
      totalIters,
      Number.isInteger(totalIters) && totalIters > 0,
      'a positive integer',
    );
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.applyEpoch(0);
  }

  protected groupLrAt(epoch: number, group: number): number {
    const { startFactor, endFactor, totalIters } = this;
    // base (start + (end - start) min(epoch, totalIters) / totalIters)
    const factor = startFactor + ((endFactor - startFactor) * Math.min(totalIters, epoch)) / totalIters;
    return this.baseLrs[group]! * factor;
  }
}
