import { linspace } from '@tapegrad/autograd';
import { anyNumber } from '../../checks/arguments.ts';
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

export interface SpiralsOptions extends GeneratorOptions {
  /** The number of classes (arms). Default 3. */
  readonly classes?: number;
  /**
   * How many points in all, instead of `n` per class: split over the arms, the first `total mod classes`
   * arms one point more (500 over 3 arms: 167, 167, 166). Give `n` or `total`, not both.
   */
  readonly total?: number;
}

/** The points of each arm: `n` each, or `total` split with the remainder going to the first arms. */
function armSizes(options: SpiralsOptions, classes: number): number[] {
  if (options.total === undefined) {
    const n = checkCount('spirals', 'n', options.n ?? 100);
    return new Array<number>(classes).fill(n);
  }
  if (options.n !== undefined) {
    throw new ConfigError('spirals: give n (points per class) or total (points in all), not both');
  }
  const total = checkCount('spirals', 'total', options.total, classes);
  return Array.from(
    { length: classes },
    (_, j) => Math.floor(total / classes) + (j < total % classes ? 1 : 0),
  );
}

/**
 * Interleaved spiral arms, one per class, as in Stanford's CS231n notes ("Putting it together: a
 * minimal neural network case study"). Here `n` is the number of points PER CLASS (CS231n's N), so
 * there are n * classes rows. For class j and i = 0..n-1:
 *   r = i / (n - 1)                        (the radius, evenly from 0 to 1)
 *   theta = 4 j + 4 r + noise * N(0, 1)    (CS231n: linspace(4j, 4(j+1), N) + 0.2 randn)
 *   x = (r sin theta, r cos theta)
 * so the noise bends the angle, not the point. Every arm starts at the origin (r = 0), where the
 * classes coincide. Rows are shuffled unless `shuffle: false`. Defaults: n = 100, classes = 3,
 * noise = 0.2 (CS231n's values). With `total` instead of `n`, arm j has its own count n_j (the
 * remainder going to the first arms) and r = i / (n_j - 1).
 * @example const { X, y } = spirals({ n: 100, classes: 3, seed: 0 }); // X [300, 2], y in 0..2
 * @example spirals({ total: 500, seed: 0 }).X.shape; // [500, 2]: arms of 167, 167 and 166 points
 */
export function spirals(options: SpiralsOptions = {}): Dataset {
  checkGeneratorOptions('spirals', options, { classes: anyNumber, total: anyNumber });
  const classes = checkCount('spirals', 'classes', options.classes ?? 3);
  const sizes = armSizes(options, classes);
  const noise = checkStd('spirals', 'noise', options.noise ?? 0.2);
  const rng = generatorRng('spirals', options);
  const points: number[][] = [];
  const labels: number[] = [];
  for (let j = 0; j < classes; j++) {
    for (const r of linspace(0, 1, sizes[j]!).data) {
      const theta = 4 * j + 4 * r + (noise > 0 ? noise * rng.normal() : 0);
      points.push([r * Math.sin(theta), r * Math.cos(theta)]);
      labels.push(j);
    }
  }
  return finishDataset(points, labels, { noise: 0, shuffle: options.shuffle ?? true, rng });
}
