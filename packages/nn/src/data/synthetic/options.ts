import { Rng } from '@tapegrad/autograd';
import {
  anyNumber,
  booleanOption,
  checkOptions,
  type OptionCheck,
  rngOption,
  seedOption,
} from '../../checks/arguments.ts';
import { ConfigError } from '../../errors.ts';
import { defaultRng } from '../../init/random.ts';
import { type Dataset, makeDataset } from '../dataset.ts';

/** What every synthetic data generator takes. */
export interface GeneratorOptions {
  /** How many points (spirals: per class). Each generator states its default. */
  readonly n?: number;
  /** The standard deviation of the Gaussian noise (each generator states where it is added). */
  readonly noise?: number;
  /** The generator to draw from; give it or `seed`, not both. Default the shared one (see `manualSeed`). */
  readonly rng?: Rng;
  /** Draw from `new Rng(seed)`: the same seed gives the same data. */
  readonly seed?: number;
  /** Shuffle the rows (default true, as scikit-learn; xor's default is false). */
  readonly shuffle?: boolean;
}

/**
 * Checks a generator's options object at its boundary: an object (or nothing) whose keys are the common
 * ones and `extra`, with `n` and `noise` numbers, `shuffle` true or false, `rng` an Rng and `seed` an
 * integer; each generator then checks its values' ranges with messages of its own.
 */
export function checkGeneratorOptions<T extends object>(
  name: string,
  options: T,
  extra: Readonly<Record<string, OptionCheck>> = {},
  notTaken: readonly string[] = [],
): T {
  const schema: Record<string, OptionCheck> = { ...COMMON_OPTIONS, ...extra };
  for (const key of notTaken) delete schema[key];
  return checkOptions(name, options, schema);
}

const COMMON_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  n: anyNumber,
  noise: anyNumber,
  rng: rngOption,
  seed: seedOption,
  shuffle: booleanOption,
};

/** The Rng a generator draws from: `rng`, else `new Rng(seed)`, else the shared one. */
export function generatorRng(name: string, options: GeneratorOptions): Rng {
  if (options.rng !== undefined && options.seed !== undefined) {
    throw new ConfigError(`${name}: give either rng or seed, not both`);
  }
  if (options.rng !== undefined) return options.rng;
  return options.seed === undefined ? defaultRng() : new Rng(options.seed);
}

/** A count option checked to be an integer >= minimum. */
export function checkCount(name: string, option: string, value: number, minimum = 1): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new ConfigError(`${name}: ${option} = ${value} must be an integer >= ${minimum}`);
  }
  return value;
}

/** A standard deviation option checked to be finite and >= 0. */
export function checkStd(name: string, option: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new ConfigError(`${name}: ${option} = ${value} must be a finite number >= 0`);
  }
  return value;
}

/**
 * Points x [n][features] and labels [n] as a Dataset, after adding `noise` * N(0, 1) to every
 * coordinate (row by row, when noise > 0) and then shuffling the rows (when `shuffle`), both drawn
 * from `rng` in that order.
 */
export function finishDataset(
  points: number[][],
  labels: number[],
  { noise, shuffle, rng }: { readonly noise: number; readonly shuffle: boolean; readonly rng: Rng },
): Dataset {
  if (noise > 0) {
    for (const point of points) {
      for (let j = 0; j < point.length; j++) point[j]! += noise * rng.normal();
    }
  }
  const order = shuffle ? rng.permutation(points.length) : points.map((_, i) => i);
  return makeDataset(
    order.map((i) => points[i]!),
    order.map((i) => labels[i]!),
  );
}
