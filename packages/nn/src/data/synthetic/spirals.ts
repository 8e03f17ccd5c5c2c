import { linspace } from '@tapegrad/autograd';
import { anyNumber } from '../../checks/arguments.ts';
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
 * noise = 0.2 (CS231n's values).
 * @example const { X, y } = spirals({ n: 100, classes: 3, seed: 0 }); // X [300, 2], y in 0..2
 */
export function spirals(options: SpiralsOptions = {}): Dataset {
  checkGeneratorOptions('spirals', options, { classes: anyNumber });
  const n = checkCount('spirals', 'n', options.n ?? 100);
  const classes = checkCount('spirals', 'classes', options.classes ?? 3);
  const noise = checkStd('spirals', 'noise', options.noise ?? 0.2);
  const rng = generatorRng('spirals', options);
  const radii = Array.from(linspace(0, 1, n).data);
  const points: number[][] = [];
  const labels: number[] = [];
  for (let j = 0; j < classes; j++) {
    for (const r of radii) {
      const theta = 4 * j + 4 * r + (noise > 0 ? noise * rng.normal() : 0);
      points.push([r * Math.sin(theta), r * Math.cos(theta)]);
      labels.push(j);
    }
  }
  return finishDataset(points, labels, { noise: 0, shuffle: options.shuffle ?? true, rng });
}
