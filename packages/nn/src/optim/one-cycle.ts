/**
 * OneCycleLR: PyTorch's torch.optim.lr_scheduler.OneCycleLR (Smith and Topin's 1cycle policy), stepped once
 * per batch: the rate rises from maxLr / divFactor to maxLr, then falls far below the start, while the
 * momentum (or Adam's beta1) moves the other way.
 */
import {
  anyValue,
  booleanOption,
  checkInstance,
  checkOptions,
  integerOption,
  numberOption,
  oneOfOption,
  refuseOption,
} from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { Optimizer } from './optimizer.ts';
import { LRScheduler } from './schedules.ts';

export interface OneCycleLROptions {
  /** The peak rate: one for every group, or one per group. */
  readonly maxLr: number | readonly number[];
  /** The number of steps (batches) in the cycle; or give epochs and stepsPerEpoch. */
  readonly totalSteps?: number;
  readonly epochs?: number;
  readonly stepsPerEpoch?: number;
  /** The fraction of the cycle spent raising the rate, in (0, 1). Default 0.3. */
  readonly pctStart?: number;
  /** How each phase moves between its rates: 'cos' (the default) or 'linear'. */
  readonly annealStrategy?: 'cos' | 'linear';
  /** Cycle the momentum (SGD, RMSProp) or beta1 (Adam, AdamW) inversely to the rate. Default true. */
  readonly cycleMomentum?: boolean;
  /** The momentum at the peak rate, in [0, 1). Default 0.85. One for every group, or one per group. */
  readonly baseMomentum?: number | readonly number[];
  /** The momentum at the lowest rates, in [0, 1). Default 0.95. One for every group, or one per group. */
  readonly maxMomentum?: number | readonly number[];
  /** The starting rate is maxLr / divFactor. Default 25. */
  readonly divFactor?: number;
  /** The final rate is the starting rate / finalDivFactor. Default 1e4. */
  readonly finalDivFactor?: number;
  /** Three phases (up, back down to the start, then to the final rate) instead of two. Default false. */
  readonly threePhase?: boolean;
}

/** Which of a group's rates (and momenta) a phase starts and ends at. */
type Level = 'initial' | 'max' | 'min';
interface Phase {
  readonly endStep: number;
  readonly startLr: Level;
  readonly endLr: Level;
  readonly startMomentum: 'max' | 'base';
  readonly endMomentum: 'max' | 'base';
}

const positive = numberOption('a positive finite number', (value) => value > 0);
const OPTIONS = {
  maxLr: anyValue,
  totalSteps: integerOption(1),
  epochs: integerOption(1),
  stepsPerEpoch: integerOption(1),
  pctStart: numberOption('a number in (0, 1)', (value) => value > 0 && value < 1),
  annealStrategy: oneOfOption(['cos', 'linear']),
  cycleMomentum: booleanOption,
  baseMomentum: anyValue,
  maxMomentum: anyValue,
  divFactor: positive,
  finalDivFactor: positive,
  threePhase: booleanOption,
};

/**
 * The 1cycle policy, as PyTorch's OneCycleLR: with initial = maxLr / divFactor and min = initial /
 * finalDivFactor, the rate goes from initial up to maxLr over the first pctStart of totalSteps, then down to
 * min (threePhase: down to initial over as many steps, then to min). Each phase moves along half a cosine
 * (start + (end - start) (1 - cos(pi pct)) / 2, written as PyTorch writes it) or a line. Construction sets
 * the initial rate; `step()` once per batch, at most totalSteps times.
 *
 * With cycleMomentum (the default, as in PyTorch) the momentum goes the other way, from maxMomentum down to
 * baseMomentum and back: the optimizer's `momentum` (SGD, RMSProp) or `betas[0]` (Adam, AdamW) in every
 * group. As in PyTorch this turns momentum on for an SGD made without it; pass cycleMomentum: false to keep
 * the optimizer's own.
 *
 * @example
 * const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const schedule = new OneCycleLR(optimizer, { maxLr: 0.1, epochs: 10, stepsPerEpoch: batches.length });
 * // per batch: loss.backward(); optimizer.step(); schedule.step();
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly maxLrs: readonly number[];
  readonly minLrs: readonly number[];
  readonly annealStrategy: 'cos' | 'linear';
  readonly cycleMomentum: boolean;
  readonly baseMomentums: readonly number[];
  readonly maxMomentums: readonly number[];
  readonly #phases: readonly Phase[];

  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    checkInstance('OneCycleLR', 'optimizer', optimizer, Optimizer, 'an Optimizer');
    if (options === undefined) refuseOption('OneCycleLR', 'options', 'an object with maxLr', options);
    const checked = checkOptions('OneCycleLR', options, OPTIONS);
    const groups = optimizer.paramGroups.length;
    const { divFactor = 25, finalDivFactor = 1e4 } = checked;
    const maxLrs = perGroup('maxLr', checked.maxLr, groups, (value) => value > 0, 'a positive number');
    super(
      optimizer,
      maxLrs.map((maxLr) => maxLr / divFactor),
    );
    this.maxLrs = maxLrs;
    this.minLrs = this.baseLrs.map((initial) => initial / finalDivFactor);
    this.totalSteps = totalStepsOf(checked);
    this.#phases = phasesOf(this.totalSteps, checked.pctStart ?? 0.3, checked.threePhase ?? false);
    this.annealStrategy = checked.annealStrategy ?? 'cos';
    this.cycleMomentum = checked.cycleMomentum ?? true;
    const inUnit = (value: number) => value >= 0 && value < 1;
    this.baseMomentums = perGroup(
      'baseMomentum',
      orDefault(checked.baseMomentum, 0.85),
      groups,
      inUnit,
      'in [0, 1)',
    );
    this.maxMomentums = perGroup(
      'maxMomentum',
      orDefault(checked.maxMomentum, 0.95),
      groups,
      inUnit,
      'in [0, 1)',
    );
    if (this.cycleMomentum) {
      for (const group of optimizer.paramGroups) {
        if (!('betas' in group) && !('momentum' in group)) {
          throw new ConfigError(
            `OneCycleLR: ${optimizer.constructor.name} has neither momentum nor betas to cycle; ` +
              'pass cycleMomentum: false',
          );
        }
      }
    }
    this.applyEpoch(0);
  }

  protected override get lastValidEpoch(): number {
    return this.totalSteps;
  }

  protected groupLrAt(epoch: number, group: number): number {
    const { phase, pct } = this.#phaseAt(epoch);
    const levels = { initial: this.baseLrs[group]!, max: this.maxLrs[group]!, min: this.minLrs[group]! };
    return this.#anneal(levels[phase.startLr], levels[phase.endLr], pct);
  }

  /** The momentum (or beta1) of group `group` at `epoch`, when cycleMomentum is on. */
  momentumAt(epoch: number, group = 0): number {
    this.checkEpochAndGroup('momentumAt', epoch, group);
    return this.#momentumOf(epoch, group);
  }

  #momentumOf(epoch: number, group: number): number {
    const { phase, pct } = this.#phaseAt(epoch);
    const levels = { base: this.baseMomentums[group]!, max: this.maxMomentums[group]! };
    return this.#anneal(levels[phase.startMomentum], levels[phase.endMomentum], pct);
  }

  protected override applyEpoch(epoch: number): void {
    const momenta = this.cycleMomentum ? this.baseLrs.map((_, group) => this.#momentumOf(epoch, group)) : [];
    super.applyEpoch(epoch);
    if (!this.cycleMomentum) return;
    this.optimizer.paramGroups.forEach((group, g) => {
      const record = group as unknown as Record<string, unknown>;
      if ('betas' in record) record.betas = [momenta[g]!, (record.betas as readonly number[])[1]!];
      else record.momentum = momenta[g]!;
    });
  }

  /** The phase that holds `epoch` and how far into it the epoch is (PyTorch's step_num and pct). */
  #phaseAt(epoch: number): { phase: Phase; pct: number } {
    const phases = this.#phases;
    // The first phase that ends at or after the epoch; the last takes the epoch totalSteps too.
    const index = phases.findIndex((phase, i) => epoch <= phase.endStep || i === phases.length - 1);
    const startStep = index === 0 ? 0 : phases[index - 1]!.endStep;
    const phase = phases[index]!;
    return { phase, pct: (epoch - startStep) / (phase.endStep - startStep) };
  }

  #anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    const cosOut = Math.cos(Math.PI * pct) + 1; // from 2 at pct 0 to 0 at pct 1
    return end + ((start - end) / 2) * cosOut;
  }
}

/** The value given, or the default when left out (null is not left out: it is refused as a value). */
function orDefault(value: unknown, fallback: number): unknown {
  return value === undefined ? fallback : value;
}

/** One value per group: a number for all, or an array of one per group; each must pass `valid`. */
function perGroup(
  name: string,
  value: unknown,
  groups: number,
  valid: (value: number) => boolean,
  rule: string,
): number[] {
  const list = Array.isArray(value) ? value : [...Array(groups)].map(() => value);
  const fine = (item: unknown) => typeof item === 'number' && Number.isFinite(item) && valid(item);
  if (list.length !== groups || !list.every(fine)) {
    refuseOption('OneCycleLR', name, `${rule}, or an array of ${groups} (one per parameter group)`, value);
  }
  return list as number[];
}

/** totalSteps, or epochs * stepsPerEpoch: one way, not both. */
function totalStepsOf(options: OneCycleLROptions): number {
  const { totalSteps, epochs, stepsPerEpoch } = options;
  if (totalSteps !== undefined && (epochs !== undefined || stepsPerEpoch !== undefined)) {
    throw new ConfigError('OneCycleLR: give totalSteps or epochs and stepsPerEpoch, not both');
  }
  if (totalSteps !== undefined) return totalSteps;
  if (epochs === undefined || stepsPerEpoch === undefined) {
    throw new ConfigError(
      "OneCycleLR: option 'totalSteps' (or both 'epochs' and 'stepsPerEpoch') is needed, e.g. { totalSteps: 1000 }",
    );
  }
  return epochs * stepsPerEpoch;
}

/** PyTorch's phases; each must last at least one step, or a phase's pct would divide by 0. */
function phasesOf(totalSteps: number, pctStart: number, threePhase: boolean): Phase[] {
  const warmUpEnd = pctStart * totalSteps - 1;
  const phases: Phase[] = threePhase
    ? [
        { endStep: warmUpEnd, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
        {
          endStep: 2 * pctStart * totalSteps - 2,
          startLr: 'max',
          endLr: 'initial',
          startMomentum: 'base',
          endMomentum: 'max',
        },
        {
          endStep: totalSteps - 1,
          startLr: 'initial',
          endLr: 'min',
          startMomentum: 'max',
          endMomentum: 'max',
        },
      ]
    : [
        { endStep: warmUpEnd, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
        { endStep: totalSteps - 1, startLr: 'max', endLr: 'min', startMomentum: 'base', endMomentum: 'max' },
      ];
  const ends = phases.map((phase) => phase.endStep);
  if (!ends.every((end, i) => end > (i === 0 ? 0 : ends[i - 1]!))) {
    throw new ConfigError(
      `OneCycleLR: with totalSteps = ${totalSteps} and pctStart = ${pctStart}${threePhase ? ' (threePhase)' : ''} ` +
        `a phase would last no steps (phase ends ${ends.join(', ')}); the warm-up needs pctStart * totalSteps > 1` +
        `${threePhase ? ' and pctStart < 0.5' : ''}: give more steps or another pctStart`,
    );
  }
  return phases;
}
