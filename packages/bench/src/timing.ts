/**
 * The timing rules of WORKLOADS.md §4: an in-process wall clock (performance.now), a warm-up first, then
 * at least 5 repetitions, reported as the median with the min-max spread.
 */
import { performance } from 'node:perf_hooks';

/** The knobs the reference harness passes through the environment (WORKLOADS.md §2 and §4). */
export interface TimingSettings {
  /** Timed repetitions per case: BENCH_REPS, at least 5 (1 in a quick run). */
  readonly reps: number;
  /** W1: the calls per repetition are calibrated so one repetition lasts this long (BENCH_MIN_REP_S, 0.1). */
  readonly minRepSeconds: number;
  /** W3: an epoch projected to take longer than this (BENCH_W3_MAX_EPOCH_S, 4) is cut to its first K batches. */
  readonly w3MaxEpochSeconds: number;
}

export function timingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TimingSettings {
  return {
    reps: Math.max(5, Number(env.BENCH_REPS ?? 5)),
    minRepSeconds: Number(env.BENCH_MIN_REP_S ?? 0.1),
    w3MaxEpochSeconds: Number(env.BENCH_W3_MAX_EPOCH_S ?? 4),
  };
}

/** One repetition and a tiny calibration target: enough to prove the benchmark runs, not to measure it. */
export const QUICK_SETTINGS: TimingSettings = { reps: 1, minRepSeconds: 0.002, w3MaxEpochSeconds: Infinity };

/** Seconds since an arbitrary origin. */
export function now(): number {
  return performance.now() / 1000;
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The median (the mean of the middle two for an even count), the smallest and the largest value. */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spreadOf: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : 0.5 * (sorted[middle - 1]! + sorted[middle]!);
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/**
 * Runs `work` `warmups` times untimed, then `reps` times timed; returns the seconds of each timed run.
 * `afterEach` runs untimed after every timed run (a memory sample, say).
 */
export function timeRepetitions(
  work: () => void,
  reps: number,
  warmups: number,
  afterEach: () => void = () => {},
): number[] {
  for (let i = 0; i < warmups; i++) work();
  const seconds: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = now();
    work();
    seconds.push(now() - start);
    afterEach();
  }
  return seconds;
}

/**
 * How many calls make one repetition last at least `minSeconds` (common.mjs calibrateInner): the count
 * doubles, or jumps to the projected count plus 20%, until a timed batch is long enough. The calibration
 * calls are the warm-up.
 */
export function calibrateCalls(call: () => void, minSeconds: number): number {
  call();
  let calls = 1;
  for (;;) {
    const start = now();
    for (let i = 0; i < calls; i++) call();
    const elapsed = now() - start;
    if (elapsed >= minSeconds || calls >= 1 << 20) return calls;
    calls = Math.max(calls * 2, Math.floor(((calls * minSeconds) / Math.max(elapsed, 1e-9)) * 1.2));
  }
}
