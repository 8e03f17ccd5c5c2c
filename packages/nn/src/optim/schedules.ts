/**
 * The learning-rate schedules of a closed form (PyTorch's torch.optim.lr_scheduler): their base, StepLR,
 * ExponentialLR and CosineAnnealingLR. LinearLR and OneCycleLR build on the same base in their own files.
 */
import { anyNumber, checkOptions, refuse } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { checkOption, Optimizer } from './optimizer.ts';

/** A schedule's options: an object of the `keys` (each value's range is checked by its constructor). */
export function scheduleOptions<T extends object>(owner: string, options: T, keys: readonly string[]): T {
  if (options === undefined) refuse(owner, 'options', `an object with ${keys[0]}`, options);
  const schema = Object.fromEntries(keys.map((key) => [key, anyNumber]));
  return checkOptions(owner, options, schema);
}

/**
 * The base of the learning-rate schedules, with PyTorch's semantics: each parameter group's learning rate
 * at construction is its base rate, the schedule starts at epoch 0, and each `step()` advances one epoch and
 * sets every group's `lr` to the schedule's rate for it (`lrAt(lastEpoch, group)`, each group's own base
 * rate scaled the same way). Call it once per epoch, after the epoch's optimizer steps (OneCycleLR: once per
 * batch). The rates follow closed forms: a rate set by hand between steps is overwritten at the next.
 */
export abstract class LRScheduler {
  /** Each group's rate at epoch 0: its `lr` when the schedule was made, unless the schedule sets its own. */
  readonly baseLrs: readonly number[];
  /** The epoch whose learning rates the optimizer holds now; 0 after construction. */
  lastEpoch = 0;
  #lastLrs: number[];

  constructor(
    readonly optimizer: Optimizer,
    baseLrs?: readonly number[],
  ) {
    if (!(optimizer instanceof Optimizer)) refuse(new.target.name, 'optimizer', 'an Optimizer', optimizer);
    this.baseLrs = baseLrs ?? optimizer.paramGroups.map((group) => group.lr);
    this.#lastLrs = optimizer.paramGroups.map((group) => group.lr);
  }

  /** The first group's base rate (the only one, unless the optimizer has groups). */
  get baseLr(): number {
    return this.baseLrs[0]!;
  }

  /** The learning rate of `group` at `epoch`, in closed form: a pure function of the epoch and the settings. */
  lrAt(epoch: number, group = 0): number {
    this.checkEpochAndGroup('lrAt', epoch, group);
    return this.groupLrAt(epoch, group);
  }

  /** Advances one epoch and sets each group's learning rate for it. */
  step(): void {
    const fn = `${this.constructor.name}.step`;
    const groups = this.optimizer.paramGroups.length;
    if (groups !== this.baseLrs.length) {
      throw new ConfigError(
        `${fn}: the optimizer has ${groups} parameter groups, the schedule was made ` +
          `for ${this.baseLrs.length}; make the schedule after addParamGroup`,
      );
    }
    if (this.lastEpoch + 1 > this.lastValidEpoch) {
      throw new ConfigError(
        `${fn}: the schedule ends at step ${this.lastValidEpoch} and has taken it; give it as many steps as ` +
          'training takes (OneCycleLR: totalSteps, or epochs and stepsPerEpoch, stepped once per batch)',
      );
    }
    this.applyEpoch(this.lastEpoch + 1);
    this.lastEpoch++;
  }

  /** The learning rate of each group, as the last step (or the construction) set it: PyTorch's get_last_lr(). */
  getLastLr(): number[] {
    return [...this.#lastLrs];
  }

  /** The last epoch the schedule has a rate for: OneCycleLR's totalSteps; the others go on for ever. */
  protected get lastValidEpoch(): number {
    return Number.POSITIVE_INFINITY;
  }

  /** Throws `fn: argument 'epoch' ...` or `'group'` unless both are valid for this schedule. */
  protected checkEpochAndGroup(fn: string, epoch: number, group: number): void {
    const last = this.lastValidEpoch;
    if (!Number.isInteger(epoch) || epoch < 0 || epoch > last) {
      refuse(
        fn,
        'epoch',
        last === Number.POSITIVE_INFINITY ? 'an integer >= 0' : `an integer in [0, ${last}]`,
        epoch,
      );
    }
    const groups = this.baseLrs.length;
    if (!Number.isInteger(group) || group < 0 || group >= groups) {
      refuse(fn, 'group', `a parameter group index, an integer in [0, ${groups})`, group);
    }
  }

  /** The rate of group `group` at `epoch`; both are valid here. */
  protected abstract groupLrAt(epoch: number, group: number): number;

  /** Sets every group's rate for `epoch`, all worked out before any is set (a schedule may refuse an epoch). */
  protected applyEpoch(epoch: number): void {
    const lrs = this.baseLrs.map((_, group) => this.groupLrAt(epoch, group));
    this.optimizer.paramGroups.forEach((group, g) => {
      group.lr = lrs[g]!;
    });
    this.#lastLrs = lrs;
  }
}

/**
 * Multiplies the learning rate by gamma every `stepSize` epochs: lr = base * gamma^floor(epoch / stepSize).
 *
 * @example
 * const schedule = new StepLR(new SGD(model.parameters(), { lr: 1 }), { stepSize: 2, gamma: 0.1 });
 * [0, 1, 2, 3, 4].map((epoch) => schedule.lrAt(epoch)); // => [1, 1, 0.1, 0.1, 0.010000000000000002]
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: { readonly stepSize: number; readonly gamma?: number }) {
    super(optimizer);
    const { stepSize, gamma = 0.1 } = scheduleOptions('StepLR', options, ['stepSize', 'gamma']);
    checkOption(this, 'stepSize', stepSize, Number.isInteger(stepSize) && stepSize > 0, 'a positive integer');
    checkOption(this, 'gamma', gamma, gamma > 0, 'positive');
    this.stepSize = stepSize;
    this.gamma = gamma;
  }

  protected groupLrAt(epoch: number, group: number): number {
    return this.baseLrs[group]! * this.gamma ** Math.floor(epoch / this.stepSize); // base gamma^floor(epoch / stepSize)
  }
}

/**
 * Multiplies the learning rate by gamma every epoch: lr = base * gamma^epoch.
 *
 * @example
 * const schedule = new ExponentialLR(new SGD(model.parameters(), { lr: 0.8 }), { gamma: 0.5 });
 * [0, 1, 2, 3].map((epoch) => schedule.lrAt(epoch)); // => [0.8, 0.4, 0.2, 0.1]
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: { readonly gamma: number }) {
    super(optimizer);
    const { gamma } = scheduleOptions('ExponentialLR', options, ['gamma']);
    checkOption(this, 'gamma', gamma, gamma > 0, 'positive');
    this.gamma = gamma;
  }

  protected groupLrAt(epoch: number, group: number): number {
    return this.baseLrs[group]! * this.gamma ** epoch; // base gamma^epoch
  }
}

/**
 * Cosine annealing (Loshchilov and Hutter's SGDR without restarts): the learning rate falls from the base
 * rate to etaMin along half a cosine over tMax epochs,
 * lr = etaMin + (base - etaMin) * (1 + cos(pi * epoch / tMax)) / 2. Past tMax the cosine rises again, as
 * PyTorch's closed form does.
 *
 * @example
 * const schedule = new CosineAnnealingLR(new SGD(model.parameters(), { lr: 1 }), { tMax: 4 });
 * [0, 2, 4].map((epoch) => schedule.lrAt(epoch)); // => [1, 0.5, 0]
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, options: { readonly tMax: number; readonly etaMin?: number }) {
    super(optimizer);
    const { tMax, etaMin = 0 } = scheduleOptions('CosineAnnealingLR', options, ['tMax', 'etaMin']);
    checkOption(this, 'tMax', tMax, Number.isInteger(tMax) && tMax > 0, 'a positive integer');
    checkOption(this, 'etaMin', etaMin, etaMin >= 0, 'at least 0');
    this.tMax = tMax;
    this.etaMin = etaMin;
  }

  protected groupLrAt(epoch: number, group: number): number {
    const { etaMin, tMax } = this;
    // etaMin + (base - etaMin) (1 + cos(pi epoch / tMax)) / 2
    return etaMin + ((this.baseLrs[group]! - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2;
  }
}
