/**
 * Every random part of a run draws from its own generator, all derived from --seed, so that the same seed
 * gives the same data, split, weights and batches, and re-creating one part (the test split, in evaluate)
 * does not depend on the others. The data itself is drawn from the seed as given, so `--dataset moons
 * --seed 42` holds the same points as `moons({ seed: 42 })`.
 */
import { Rng } from '@tapegrad/autograd';
import { type Dataset, trainTestSplit } from '@tapegrad/nn';

const OFFSETS = { data: 0, split: 1, init: 2, shuffle: 3, dropout: 4 } as const;

/** The seed of one part of a run. */
export function seedFor(seed: number, part: keyof typeof OFFSETS): number {
  return seed + OFFSETS[part];
}

/** The share of the rows held out for testing. */
export const TEST_FRACTION = 0.2;

/**
 * The stratified 80/20 split of a run's data: the same seed gives the same split.
 * @example const { train, test } = runSplit(data, 42);
 */
export function runSplit<D extends Dataset>(
  data: D,
  seed: number,
  testFraction: number = TEST_FRACTION,
): { train: D; test: D } {
  const { train, test } = trainTestSplit(data, {
    testFraction,
    rng: new Rng(seedFor(seed, 'split')),
  });
  return { train: { ...data, ...train }, test: { ...data, ...test } };
}
