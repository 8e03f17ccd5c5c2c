/**
 * The two sides' results put side by side, per dataset and seed: what the page's tables and plots show and
 * what `results.json` keeps (the loss curves of the plotted seed only, every other number of every seed).
 */
import type { Manifest, PreparedDataset } from './prepare.ts';
import type { SeedRun, SideResult } from './results.ts';

/** One number of one seed, on each side. */
export interface Pair<T> {
  readonly tapegrad: T;
  readonly sklearn: T;
}

export interface SeedComparison {
  readonly seed: number;
  readonly nIter: Pair<number>;
  readonly testAccuracy: Pair<number>;
  /** The largest |tapegrad's loss - sklearn's loss| over the epochs; null when they stopped apart. */
  readonly maxLossDifference: number | null;
}

export interface DatasetComparison extends Omit<PreparedDataset, 'trainFile' | 'testFile'> {
  readonly seeds: readonly SeedComparison[];
  /** The seconds of every timed fit, all seeds together. */
  readonly seconds: Pair<readonly number[]>;
  /** The loss curves of the plotted seed. */
  readonly plottedLossCurves: Pair<readonly number[]>;
}

/** Where and when it ran. */
export interface Environment {
  /** The day, YYYY-MM-DD. */
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  /** The 1-minute load average when the run began: other work on a shared machine. */
  readonly loadAverage: number;
  readonly tapegrad: string;
  readonly node: string;
  readonly sklearn: string;
  readonly python: string;
  /** Timed fits per seed on each side. */
  readonly reps: number;
}

/** What results.json holds. */
export interface Comparison {
  readonly environment: Environment;
  readonly settings: Omit<Manifest, 'datasets'>;
  readonly datasets: readonly DatasetComparison[];
}

/** The largest |a_i - b_i|; null when the curves have different lengths (they stopped apart). */
export function maxAbsDifference(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) return null;
  return a.reduce((largest, value, i) => Math.max(largest, Math.abs(value - b[i]!)), 0);
}

function runsOf(side: SideResult, dataset: string): readonly SeedRun[] {
  const found = side.datasets.find((entry) => entry.name === dataset);
  if (found === undefined) throw new Error(`${side.system}'s results have no dataset '${dataset}'`);
  return found.runs;
}

function runOf(runs: readonly SeedRun[], seed: number, system: string): SeedRun {
  const found = runs.find((run) => run.seed === seed);
  if (found === undefined) throw new Error(`${system}'s results have no run with seed ${seed}`);
  return found;
}

/** Puts tapegrad's and sklearn's results side by side, dataset by dataset and seed by seed. */
export function compareSides(
  manifest: Manifest,
  tapegrad: SideResult,
  sklearn: SideResult,
  environment: Environment,
): Comparison {
  const { datasets, ...settings } = manifest;
  return {
    environment,
    settings,
    datasets: datasets.map(({ trainFile: _train, testFile: _test, ...dataset }) => {
      const ours = runsOf(tapegrad, dataset.name);
      const theirs = runsOf(sklearn, dataset.name);
      const pairOf = (seed: number) => ({
        tapegrad: runOf(ours, seed, tapegrad.system),
        sklearn: runOf(theirs, seed, sklearn.system),
      });
      const plotted = pairOf(manifest.plottedSeed);
      return {
        ...dataset,
        seeds: manifest.seeds.map((seed) => {
          const pair = pairOf(seed);
          return {
            seed,
            nIter: { tapegrad: pair.tapegrad.nIter, sklearn: pair.sklearn.nIter },
            testAccuracy: { tapegrad: pair.tapegrad.testAccuracy, sklearn: pair.sklearn.testAccuracy },
            maxLossDifference: maxAbsDifference(pair.tapegrad.lossCurve, pair.sklearn.lossCurve),
          };
        }),
        seconds: {
          tapegrad: ours.flatMap((run) => run.seconds),
          sklearn: theirs.flatMap((run) => run.seconds),
        },
        plottedLossCurves: { tapegrad: plotted.tapegrad.lossCurve, sklearn: plotted.sklearn.lossCurve },
      };
    }),
  };
}
