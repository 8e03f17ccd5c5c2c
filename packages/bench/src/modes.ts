/**
 * The two ways W2 and W3 train, each printed as its own row: eagerly on the tape, and through a compiled
 * step (nn's compileStep). Their repetitions alternate (eager, compiled, eager, ...), so that a change in
 * the machine's load falls on both rows alike.
 */
import { timeRepetitions } from './timing.ts';

export const MODES = ['eager', 'compiled'] as const;
export type Mode = (typeof MODES)[number];

/** The seconds of each timed repetition of each mode, run alternately; `afterEach` runs untimed after each. */
export function timeAlternating(
  work: Readonly<Record<Mode, () => void>>,
  reps: number,
  afterEach: () => void = () => {},
): Record<Mode, number[]> {
  const seconds: Record<Mode, number[]> = { eager: [], compiled: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const mode of MODES) seconds[mode].push(timeRepetitions(work[mode], 1, 0, afterEach)[0]!);
  }
  return seconds;
}

/** The case name of a mode's row: the workload's own for eager, marked for compiled. */
export function caseOf(caseName: string, mode: Mode): string {
  return mode === 'compiled' ? `${caseName} compiled` : caseName;
}
