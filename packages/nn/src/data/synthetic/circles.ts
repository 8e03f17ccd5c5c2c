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

export interface CirclesOptions extends GeneratorOptions {
  /** The inner circle's radius relative to the outer one's (1), in [0, 1). Default 0.8. */
  readonly factor?: number;
}

/**
 * A small circle inside a large one, as scikit-learn's make_circles. With nOuter = floor(n / 2) and
 * nInner = n - nOuter, each circle's angles are t_i = 2 pi i / count (i = 0..count-1, so the end is
 * not repeated):
 * - class 0: (cos t, sin t), radius 1;
 * - class 1: (factor cos t, factor sin t), radius `factor`.
 * Then `noise` * N(0, 1) is added to each coordinate and the rows are shuffled (unless
 * `shuffle: false`). Defaults: n = 100, noise = 0, factor = 0.8.
 * @example circles({ n: 400, noise: 0.05, factor: 0.5, seed: 1 });
 */
export function circles(options: CirclesOptions = {}): Dataset {
  checkGeneratorOptions('circles', options, { factor: anyNumber });
  const n = checkCount('circles', 'n', options.n ?? 100);
  const noise = checkStd('circles', 'noise', options.noise ?? 0);
  const factor = options.factor ?? 0.8;
  if (!(factor >= 0 && factor < 1)) {
    throw new ConfigError(`circles: factor = ${factor} must lie in [0, 1) (the inner radius)`);
  }
  const rng = generatorRng('circles', options);
  const nOuter = Math.floor(n / 2);
  const nInner = n - nOuter;
  const angles = (count: number) => Array.from({ length: count }, (_, i) => (2 * Math.PI * i) / count);
  const points = [
    ...angles(nOuter).map((t) => [Math.cos(t), Math.sin(t)]),
    ...angles(nInner).map((t) => [factor * Math.cos(t), factor * Math.sin(t)]),
  ];
  const labels = [...new Array<number>(nOuter).fill(0), ...new Array<number>(nInner).fill(1)];
  return finishDataset(points, labels, { noise, shuffle: options.shuffle ?? true, rng });
}
