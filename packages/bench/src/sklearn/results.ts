/**
 * The JSON each side writes (`tapegrad-side.ts`, `sklearn_side.py`): for every dataset and seed, the
 * epochs trained, the loss per epoch, the test accuracy and the seconds of each timed fit.
 */
import { readFileSync } from 'node:fs';

export interface SeedRun {
  readonly seed: number;
  /** Epochs trained (sklearn's n_iter_): the same on both sides for the same seed. */
  readonly nIter: number;
  readonly testAccuracy: number;
  /** The training loss of each epoch (sklearn's loss_curve_). */
  readonly lossCurve: readonly number[];
  /** The wall-clock seconds of each timed fit with this seed. */
  readonly seconds: readonly number[];
}

export interface DatasetRuns {
  readonly name: string;
  readonly runs: readonly SeedRun[];
}

export interface SideResult {
  /** 'tapegrad' or 'scikit-learn'. */
  readonly system: string;
  /** The library's version, e.g. '1.2.1'. */
  readonly version: string;
  /** What ran it, e.g. 'Node v20.20.2' or 'Python 3.11.2, NumPy 1.24.2'. */
  readonly runtime: string;
  readonly datasets: readonly DatasetRuns[];
}

/** Reads a side's JSON file. */
export function readSideResult(path: string): SideResult {
  return JSON.parse(readFileSync(path, 'utf8')) as SideResult;
}
