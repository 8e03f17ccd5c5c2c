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

export interface LinearlySeparableOptions extends GeneratorOptions {
  /** The empty band on each side of the line: every point has |w . x| >= margin before noise, in [0, 1). Default 0.1. */
  readonly margin?: number;
  /** The line's normal w (any length; it is normalized). Default a random direction from the Rng. */
  readonly normal?: readonly [number, number];
}

/**
 * Two classes on either side of a line through the origin. With w the unit normal of the line,
 * points are drawn uniformly in the square [-1, 1)^2 and kept only when |w . x| >= margin, until
 * class 0 (w . x < 0) has floor(n / 2) points and class 1 (w . x > 0) the rest; then `noise` * N(0, 1)
 * is added to each coordinate (enough noise pushes points across the line) and the rows are shuffled
 * (unless `shuffle: false`). Without noise a linear classifier separates the classes exactly.
 * Defaults: n = 100, noise = 0, margin = 0.1, a random normal.
 * @example linearlySeparable({ n: 200, margin: 0.2, normal: [1, 1], seed: 0 });
 */
export function linearlySeparable(options: LinearlySeparableOptions = {}): Dataset {
  checkGeneratorOptions('linearlySeparable', options, { margin: anyNumber, normal: anyValue });
  const n = checkCount('linearlySeparable', 'n', options.n ?? 100);
  const noise = checkStd('linearlySeparable', 'noise', options.noise ?? 0);
  const margin = options.margin ?? 0.1;
  if (!(margin >= 0 && margin < 1)) {
    throw new ConfigError(`linearlySeparable: margin = ${margin} must lie in [0, 1)`);
  }
  const rng = generatorRng('linearlySeparable', options);
  const [w1, w2] = lineNormal(options.normal, () => rng.random());
  const wanted = [Math.floor(n / 2), n - Math.floor(n / 2)];
  const found: number[][][] = [[], []];
  // Rejection sampling: a point in the band, or of a class already full, is drawn again.
  while (found[0]!.length < wanted[0]! || found[1]!.length < wanted[1]!) {
    const point = [2 * rng.random() - 1, 2 * rng.random() - 1];
    const distance = w1 * point[0]! + w2 * point[1]!;
    const label = distance > 0 ? 1 : 0;
    if (Math.abs(distance) >= margin && found[label]!.length < wanted[label]!) found[label]!.push(point);
  }
  return finishDataset(
    [...found[0]!, ...found[1]!],
    [...new Array<number>(wanted[0]!).fill(0), ...new Array<number>(wanted[1]!).fill(1)],
    { noise, shuffle: options.shuffle ?? true, rng },
  );
}

/** The unit normal: the given one normalized, or (cos a, sin a) for a uniform angle a. */
function lineNormal(normal: readonly [number, number] | undefined, random: () => number): [number, number] {
  if (normal === undefined) {
    const angle = 2 * Math.PI * random();
    return [Math.cos(angle), Math.sin(angle)];
  }
  const length = Math.hypot(normal[0], normal[1]);
  if (!(length > 0) || !Number.isFinite(length)) {
    throw new ConfigError(
      `linearlySeparable: normal [${normal.join(', ')}] must be a finite non-zero vector`,
    );
  }
  return [normal[0] / length, normal[1] / length];
}
