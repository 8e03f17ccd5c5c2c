import type { Rng } from '@tapegrad/autograd';
import { anyNumber, anyValue } from '../../checks/arguments.ts';
import { ConfigError } from '../../errors.ts';
import type { Dataset } from '../dataset.ts';
import {
  checkCount,
  checkGeneratorOptions,
  checkStd,
  finishDataset,
  type GeneratorOptions,
  generatorRng,
} from './options.ts';

export interface BlobsOptions extends Omit<GeneratorOptions, 'noise'> {
  /**
   * The cluster centers, one per class: a count k (drawn uniformly in `centerBox` on each axis) or
   * the centers themselves as rows. Default 3.
   */
  readonly centers?: number | readonly (readonly number[])[];
  /** The standard deviation of each cluster: one for all, or one per center. Default 1. */
  readonly std?: number | readonly number[];
  /** The number of features when the centers are drawn. Default 2. */
  readonly features?: number;
  /** The [low, high) range the drawn centers lie in, on each axis. Default [-10, 10]. */
  readonly centerBox?: readonly [number, number];
}

/**
 * Gaussian clusters, one per class, as scikit-learn's make_blobs: cluster c has floor(n / k) points
 * (the first n mod k clusters one more), each center_c + std_c * N(0, 1) on every axis, labelled c.
 * Drawn centers come first from the Rng, then the points cluster by cluster, then the shuffle (unless
 * `shuffle: false`). Defaults: n = 100, 3 centers in [-10, 10)^2, std 1.
 * @example blobs({ n: 90, centers: [[0, 0], [5, 5]], std: 0.5, seed: 3 }); // 45 points per cluster
 */
export function blobs(options: BlobsOptions = {}): Dataset {
  checkGeneratorOptions(
    'blobs',
    options,
    {
      centers: anyValue,
      std: anyValue,
      features: anyNumber,
      centerBox: anyValue,
    },
    ['noise'],
  );
  const n = checkCount('blobs', 'n', options.n ?? 100);
  const rng = generatorRng('blobs', options);
  const centers = blobCenters(options, rng);
  const k = centers.length;
  const stds =
    typeof options.std === 'object' ? [...options.std] : new Array<number>(k).fill(options.std ?? 1);
  if (stds.length !== k) {
    throw new ConfigError(`blobs: ${stds.length} standard deviations for ${k} centers; give one per center`);
  }
  stds.forEach((std, c) => {
    checkStd('blobs', `std[${c}]`, std);
  });
  const points: number[][] = [];
  const labels: number[] = [];
  centers.forEach((center, c) => {
    const count = Math.floor(n / k) + (c < n % k ? 1 : 0);
    for (let i = 0; i < count; i++) {
      points.push(center.map((coordinate) => coordinate + stds[c]! * rng.normal()));
      labels.push(c);
    }
  });
  return finishDataset(points, labels, { noise: 0, shuffle: options.shuffle ?? true, rng });
}

function blobCenters(options: BlobsOptions, rng: Rng): number[][] {
  const centers = options.centers ?? 3;
  if (typeof centers === 'object') {
    const width = centers[0]?.length ?? 0;
    if (centers.length === 0 || width === 0 || centers.some((center) => center.length !== width)) {
      throw new ConfigError(
        'blobs: centers must be a non-empty list of points with the same number of features',
      );
    }
    if (options.features !== undefined && options.features !== width) {
      throw new ConfigError(`blobs: features = ${options.features} but the centers have ${width}`);
    }
    return centers.map((center) => [...center]);
  }
  const k = checkCount('blobs', 'centers', centers);
  const features = checkCount('blobs', 'features', options.features ?? 2);
  const [low, high] = options.centerBox ?? [-10, 10];
  if (!(low < high) || !Number.isFinite(low) || !Number.isFinite(high)) {
    throw new ConfigError(`blobs: centerBox [${low}, ${high}] must be finite with low < high`);
  }
  return Array.from({ length: k }, () =>
    Array.from({ length: features }, () => low + (high - low) * rng.random()),
  );
}
