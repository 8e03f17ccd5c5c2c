import { anyNumber, checkOptions, refuse } from '../checks/arguments.ts';
import { checkOption, Optimizer } from './optimizer.ts';

/** A schedule's options: an object of the `keys` (each value's range is checked by its constructor). */
function scheduleOptions<T extends object>(owner: string, options: T, keys: readonly string[]): T {
  if (options === undefined) refuse(owner, 'options', `an object with ${keys[0]}`, options);
  const schema = Object.fromEntries(keys.map((key) => [key, anyNumber]));
  return checkOptions(owner, options, schema);
}

/** An epoch: an integer >= 0. */
function checkEpoch(epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < 0) refuse('lrAt', 'epoch', 'an integer >= 0', epoch);
}

/**
 * The base of the learning-rate schedules, with PyTorch's semantics: the optimizer's learning rate at
 * construction is the base rate, the schedule starts at epoch 0 (where every schedule gives the base rate),
 * and each `step()` advances one epoch and sets `optimizer.lr` to `lrAt(lastEpoch)`. Call it once per epoch,
 * after the epoch's optimizer steps.
 */
export abstract class LRScheduler {
  /** The learning rate at epoch 0: the optimizer's when the schedule was made. */
  readonly baseLr: number;
  /** The epoch whose learning rate the optimizer holds now; 0 after construction. */
  lastEpoch = 0;

  constructor(readonly optimizer: Optimizer) {
    if (!(optimizer instanceof Optimizer)) refuse(new.target.name, 'optimizer', 'an Optimizer', optimizer);
    this.baseLr = optimizer.lr;
  }

  /** The learning rate at `epoch`, in closed form: a pure function of the epoch and the settings. */
  abstract lrAt(epoch: number): number;

  /** Advances one epoch and sets the optimizer's learning rate for it. */
  step(): void {
    this.lastEpoch++;
    this.optimizer.lr = this.lrAt(this.lastEpoch);
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

  lrAt(epoch: number): number {
    checkEpoch(epoch);
    return this.baseLr * this.gamma ** Math.floor(epoch / this.stepSize); // base gamma^floor(epoch / stepSize)
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

  lrAt(epoch: number): number {
    checkEpoch(epoch);
    return this.baseLr * this.gamma ** epoch; // base gamma^epoch
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

  lrAt(epoch: number): number {
    checkEpoch(epoch);
    const { etaMin, tMax } = this;
    // etaMin + (base - etaMin) (1 + cos(pi epoch / tMax)) / 2
    return etaMin + ((this.baseLr - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2;
  }
}
