import { linspace } from '@tapegrad/autograd';
import type { Dataset } from '../dataset.ts';
import {
  checkCount,
  checkGeneratorOptions,
  checkStd,
  finishDataset,
  type GeneratorOptions,
  generatorRng,
} from './options.ts';

/**
 * Two interleaving half circles, as scikit-learn's make_moons. With nOuter = floor(n / 2) and
 * nInner = n - nOuter, and t running evenly over [0, pi] (both ends included):
 * - class 0, the upper moon: (cos t, sin t), on the unit circle about (0, 0);
 * - class 1, the lower moon: (1 - cos t, 1 - sin t - 0.5), on the unit circle about (1, 0.5).
 * Then `noise` * N(0, 1) is added to each coordinate and the rows are shuffled (unless
 * `shuffle: false`). Defaults: n = 100, noise = 0.
 * @example const { X, y } = moons({ n: 1000, noise: 0.15, seed: 0 }); // X [1000, 2], 500 per class
 */
export function moons(options: GeneratorOptions = {}): Dataset {
  checkGeneratorOptions('moons', options);
  const n = checkCount('moons', 'n', options.n ?? 100);
  const noise = checkStd('moons', 'noise', options.noise ?? 0);
  const rng = generatorRng('moons', options);
  const nOuter = Math.floor(n / 2);
  const nInner = n - nOuter;
  const outer = nOuter === 0 ? [] : Array.from(linspace(0, Math.PI, nOuter).data);
  const inner = Array.from(linspace(0, Math.PI, nInner).data);
  const points = [
    ...outer.map((t) => [Math.cos(t), Math.sin(t)]),
    ...inner.map((t) => [1 - Math.cos(t), 1 - Math.sin(t) - 0.5]),
  ];
  const labels = [...outer.map(() => 0), ...inner.map(() => 1)];
  return finishDataset(points, labels, { noise, shuffle: options.shuffle ?? true, rng });
}
