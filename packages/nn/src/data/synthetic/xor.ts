import type { Dataset } from '../dataset.ts';
import {
  checkCount,
  checkGeneratorOptions,
  checkStd,
  finishDataset,
  type GeneratorOptions,
  generatorRng,
} from './options.ts';

/** The XOR truth table: inputs (a, b) and the label a XOR b. */
const XOR_TABLE: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
];

/**
 * The XOR problem. Point i is corner i mod 4 of the truth table (0,0) -> 0, (0,1) -> 1, (1,0) -> 1,
 * (1,1) -> 0, plus `noise` * N(0, 1) on each coordinate. The defaults (n = 4, noise = 0, no shuffle)
 * give exactly the 4 points of the truth table, in its order: what a 2-2-1 network learns. A larger n
 * with noise gives 4 Gaussian clusters at the corners.
 * @example xor().X.toArray(); // [[0, 0], [0, 1], [1, 0], [1, 1]], y = [0, 1, 1, 0]
 * @example xor({ n: 200, noise: 0.1, shuffle: true, seed: 0 }); // 50 noisy points per corner
 */
export function xor(options: GeneratorOptions = {}): Dataset {
  checkGeneratorOptions('xor', options);
  const n = checkCount('xor', 'n', options.n ?? 4);
  const noise = checkStd('xor', 'noise', options.noise ?? 0);
  const rng = generatorRng('xor', options);
  const corners = Array.from({ length: n }, (_, i) => XOR_TABLE[i % 4]!);
  return finishDataset(
    corners.map(([a, b]) => [a, b]),
    corners.map(([, , label]) => label),
    { noise, shuffle: options.shuffle ?? false, rng },
  );
}
