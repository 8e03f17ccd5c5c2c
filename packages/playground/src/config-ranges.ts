/**
 * The valid values of each setting of the playground: what the URL reader clamps to and what the page's
 * controls may offer. A network on a page stays small (at most 6 hidden layers of 32 units), a dataset stays
 * quick to train (at most 2000 points).
 */
import type { DatasetName } from './config.ts';
import type { NumberRange } from './url-values.ts';

export const CONFIG_RANGES = {
  points: { min: 20, max: 2000, whole: true },
  /** The noise's standard deviation in the data's units: 0.5 already blurs moons into one cloud. */
  noise: { min: 0, max: 1 },
  testRatio: { min: 0.1, max: 0.9 },
  hiddenLayers: { min: 1, max: 6, whole: true },
  hiddenUnits: { min: 1, max: 32, whole: true },
  learningRate: { min: 0, max: 10, above: true },
  batchSize: { min: 1, max: 2000, whole: true },
  l2: { min: 0, max: 1 },
  /** Dropout 1 would zero every unit; 0.9 keeps one in ten. */
  dropout: { min: 0, max: 0.9 },
  /** Any 32-bit signed integer (Rng takes any integer; a URL keeps this short). */
  seed: { min: -2147483647, max: 2147483647, whole: true },
} as const satisfies Record<string, NumberRange>;

/**
 * How many classes each synthetic dataset has (the CLI's generators: spirals 3 arms, blobs 3 clusters);
 * undefined for a CSV, whose classes are known once it is read.
 * @example syntheticClassCount('blobs'); // 3
 */
export function syntheticClassCount(dataset: DatasetName): number | undefined {
  if (dataset === 'csv') return undefined;
  return dataset === 'spirals' || dataset === 'blobs' ? 3 : 2;
}

/** Every synthetic dataset is drawn in the plane: 2 features, x1 and x2. */
export const SYNTHETIC_FEATURES = 2;
