/**
 * The learning-rate schedules against PyTorch's (tests/fixtures/torch-api/make-optim.py, torch 1.13 in
 * float64): the rate of each of two parameter groups after construction and each step, from getLastLr(),
 * for StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, OneCycleLR (with its momentum or beta1 cycling)
 * and ReduceLROnPlateau given metrics with plateaus, a cooldown and minimum rates; and their errors.
 */
import { readFileSync } from 'node:fs';
import {
  Adam,
  ConfigError,
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  type LRScheduler,
  OneCycleLR,
  type OneCycleLROptions,
  type Optimizer,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  SGD,
  StepLR,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';

interface ScheduleCase {
  readonly name: string;
  readonly options: Record<string, unknown>;
  readonly optimizer?: 'SGD' | 'Adam';
  readonly optimizerOptions?: Record<string, unknown>;
  readonly lrs: number[][];
  readonly momenta?: number[][];
}
interface Fixture {
  readonly schedulers: ScheduleCase[];
  readonly plateau: { metrics: number[]; cases: { options: ReduceLROnPlateauOptions; lrs: number[][] }[] };
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/torch-api/optim.json', import.meta.url), 'utf8'),
) as Fixture;

/**
 * PyTorch steps StepLR, ExponentialLR, CosineAnnealingLR and LinearLR by its chained (recursive) form,
 * tapegrad by the closed form of the same rates: they differ in the last bits, well inside rtol 1e-12.
 */
const PYTORCH = { atol: 0, rtol: 1e-12 };

/** SGD (or Adam) with two groups at lr 0.1 and 0.05, as the fixture's. */
function twoGroups(kind: 'SGD' | 'Adam' = 'SGD', options: Record<string, unknown> = {}): Optimizer {
  const groups = [
    { params: [leaf([0, 0])], lr: 0.1 },
    { params: [leaf([0, 0, 0])], lr: 0.05 },
  ];
  return kind === 'SGD' ? new SGD(groups, options) : new Adam(groups, options);
}

/** What each group's momentum (or beta1) is now. */
function momenta(optimizer: Optimizer): number[] {
  return optimizer.paramGroups.map((group) => {
    const record = group as unknown as { betas?: number[]; momentum?: number };
    return record.betas === undefined ? record.momentum! : record.betas[0]!;
  });
}

function make(testCase: ScheduleCase, optimizer: Optimizer): LRScheduler {
  const options = testCase.options as never;
  switch (testCase.name) {
    case 'StepLR':
      return new StepLR(optimizer, options);
    case 'ExponentialLR':
      return new ExponentialLR(optimizer, options);
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(optimizer, options);
    case 'LinearLR':
      return new LinearLR(optimizer, options);
    default:
      return new OneCycleLR(optimizer, options as OneCycleLROptions);
  }
}

describe("each schedule's rates per parameter group match PyTorch's get_last_lr() (rtol 1e-12)", () => {
  for (const testCase of fixture.schedulers) {
    it(`${testCase.name} ${JSON.stringify(testCase.options)}${testCase.optimizer ? ` on ${testCase.optimizer}` : ''}`, () => {
      const optimizer = twoGroups(testCase.optimizer, testCase.optimizerOptions);
      const schedule = make(testCase, optimizer);
      const lrs = [schedule.getLastLr()];
      const cycled = [momenta(optimizer)];
      for (let step = 1; step < testCase.lrs.length; step++) {
        optimizer.step();
        schedule.step();
        lrs.push(schedule.getLastLr());
        cycled.push(momenta(optimizer));
      }
      expectAllClose(lrs, testCase.lrs, PYTORCH);
      // The optimizer steps with what getLastLr says.
      expect(optimizer.paramGroups.map((group) => group.lr)).toEqual(lrs.at(-1));
      if (testCase.momenta !== undefined) expectAllClose(cycled, testCase.momenta, PYTORCH);
    });
  }

  it('lrAt(epoch, group) is the closed form of each group', () => {
    const schedule = new StepLR(twoGroups(), { stepSize: 2, gamma: 0.5 });
    expect([schedule.lrAt(2, 0), schedule.lrAt(2, 1)]).toEqual([0.05, 0.025]);
    expect(schedule.baseLrs).toEqual([0.1, 0.05]);
    expect(schedule.baseLr).toBe(0.1);
    expectThrows(
      () => schedule.lrAt(1, 2),
      ConfigError,
      /lrAt: argument 'group' must be a parameter group index/,
    );
  });
});

describe("ReduceLROnPlateau matches PyTorch's on metrics with plateaus (rtol 1e-12)", () => {
  for (const testCase of fixture.plateau.cases) {
    it(JSON.stringify(testCase.options), () => {
      const optimizer = twoGroups();
      const schedule = new ReduceLROnPlateau(optimizer, testCase.options);
      const lrs = [schedule.getLastLr()];
      for (const metric of fixture.plateau.metrics) {
        schedule.step(metric);
        lrs.push(schedule.getLastLr());
      }
      expectAllClose(lrs, testCase.lrs, PYTORCH);
    });
  }

  it('by hand: patience 1 halves the rate on the second step without improvement, then waits out the cooldown', () => {
    const optimizer = new SGD([leaf([0])], { lr: 1 });
    const schedule = new ReduceLROnPlateau(optimizer, { patience: 1, factor: 0.5, cooldown: 1 });
    const rates = [3, 2, 2, 2, 2, 2, 2].map((loss) => {
      schedule.step(loss);
      return optimizer.lr;
    });
    // 3 best; 2 best; 2 bad (1); 2 bad (2 > patience): halve, cooldown 1; 2 cooldown; 2 bad (1); 2 bad (2): halve
    expect(rates).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
    expect(schedule.best).toBe(2);
  });
});

describe('LinearLR and OneCycleLR by hand', () => {
  it('LinearLR sets base * startFactor at construction, as PyTorch, and reaches endFactor at totalIters', () => {
    const optimizer = new SGD([leaf([0])], { lr: 0.3 });
    const schedule = new LinearLR(optimizer, { startFactor: 0.5, totalIters: 2 });
    expect(optimizer.lr).toBe(0.15);
    schedule.step(); // 0.3 (0.5 + 0.5 * 1/2)
    expect(optimizer.lr).toBeCloseTo(0.225, 15);
    schedule.step();
    schedule.step();
    expect(optimizer.lr).toBe(0.3);
  });

  it("OneCycleLR with cycleMomentum turns on an SGD's momentum as PyTorch does; cycleMomentum: false keeps it", () => {
    const plain = new SGD([leaf([0])], { lr: 0.1 });
    new OneCycleLR(plain, { maxLr: 1, totalSteps: 10 });
    expect(plain.momentum).toBe(0.95);
    const kept = new SGD([leaf([0])], { lr: 0.1 });
    new OneCycleLR(kept, { maxLr: 1, totalSteps: 10, cycleMomentum: false });
    expect(kept.momentum).toBe(0);
  });

  it('OneCycleLR steps totalSteps times, then refuses, changing nothing', () => {
    const optimizer = new SGD([leaf([0])], { lr: 0.1 });
    const schedule = new OneCycleLR(optimizer, { maxLr: 1, totalSteps: 4, pctStart: 0.5 });
    for (let i = 0; i < 4; i++) schedule.step();
    const lr = optimizer.lr;
    expectThrows(
      () => schedule.step(),
      ConfigError,
      /OneCycleLR.step: the schedule ends at step 4 and has taken it/,
    );
    expect([optimizer.lr, schedule.lastEpoch]).toEqual([lr, 4]);
  });
});

describe('errors', () => {
  const optimizer = () => new SGD([leaf([0])], { lr: 1 });

  it('LinearLR', () => {
    expectThrows(
      () => new LinearLR(optimizer(), { startFactor: 0 }),
      ConfigError,
      /LinearLR: startFactor = 0 must be in \(0, 1\]/,
    );
    expectThrows(() => new LinearLR(optimizer(), { endFactor: 1.5 }), ConfigError, /endFactor = 1.5/);
    expectThrows(
      () => new LinearLR(optimizer(), { totalIters: 2.5 }),
      ConfigError,
      /totalIters = 2.5 must be a positive integer/,
    );
    expectThrows(
      () => new LinearLR({} as never),
      ConfigError,
      /LinearLR: argument 'optimizer' must be an Optimizer/,
    );
  });

  it('OneCycleLR', () => {
    expectThrows(
      () => new OneCycleLR(optimizer(), {} as never),
      ConfigError,
      /OneCycleLR: option 'maxLr' must be a positive number/,
    );
    expectThrows(
      () => new OneCycleLR(optimizer(), { maxLr: [0.1, 0.2], totalSteps: 10 }),
      ConfigError,
      /option 'maxLr' .*or an array of 1 \(one per parameter group\)/,
    );
    expectThrows(
      () => new OneCycleLR(optimizer(), { maxLr: 0.1 }),
      ConfigError,
      /option 'totalSteps' \(or both 'epochs' and 'stepsPerEpoch'\) is needed/,
    );
    expectThrows(
      () => new OneCycleLR(optimizer(), { maxLr: 0.1, totalSteps: 10, epochs: 2, stepsPerEpoch: 5 }),
      ConfigError,
      /not both/,
    );
    expectThrows(
      () => new OneCycleLR(optimizer(), { maxLr: 0.1, totalSteps: 3 }),
      ConfigError,
      /a phase would last no steps/,
    );
    expectThrows(
      () => new OneCycleLR(optimizer(), { maxLr: 0.1, totalSteps: 10, annealStrategy: 'cosine' as never }),
      ConfigError,
      /option 'annealStrategy' must be one of 'cos', 'linear'/,
    );
    expectThrows(
      () => new OneCycleLR(optimizer(), { maxLr: 0.1, totalSteps: 10, maxMomentum: 1 }),
      ConfigError,
      /maxMomentum/,
    );
  });

  it('ReduceLROnPlateau', () => {
    expectThrows(
      () => new ReduceLROnPlateau(optimizer(), { factor: 1 }),
      ConfigError,
      /ReduceLROnPlateau: option 'factor' must be a number in \[0, 1\)/,
    );
    expectThrows(
      () => new ReduceLROnPlateau(optimizer(), { mode: 'minimum' as never }),
      ConfigError,
      /option 'mode'/,
    );
    expectThrows(
      () => new ReduceLROnPlateau(optimizer(), { minLr: [0, 0] }),
      ConfigError,
      /option 'minLr' .*an array of 1/,
    );
    expectThrows(
      () => new ReduceLROnPlateau(optimizer(), { patience: -1 }),
      ConfigError,
      /option 'patience'/,
    );
    const schedule = new ReduceLROnPlateau(optimizer());
    expectThrows(
      () => schedule.step(undefined as never),
      ConfigError,
      /ReduceLROnPlateau.step: argument 'metric' must be a number/,
    );
    expectThrows(() => schedule.step(Number.NaN), ConfigError, /argument 'metric'.*got NaN/);
    expect(schedule.lastEpoch).toBe(0);
  });

  it('a schedule made before addParamGroup refuses to step', () => {
    const sgd = optimizer();
    const schedule = new StepLR(sgd, { stepSize: 1 });
    sgd.addParamGroup({ params: [leaf([0])] });
    expectThrows(
      () => schedule.step(),
      ConfigError,
      /StepLR.step: the optimizer has 2 parameter groups, the schedule was made for 1/,
    );
  });
});
