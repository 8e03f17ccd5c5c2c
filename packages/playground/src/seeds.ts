/**
 * Every random part of a run draws from its own generator, derived from the config's seed exactly as
 * `tapegrad train` derives them (packages/cli/src/seeds.ts; a test keeps the two equal), so a playground run
 * with the CLI's settings has the CLI's data, split, initial weights and batches, and its exported files
 * describe a run the CLI reproduces. The data is drawn from the seed as given.
 */
import { Rng } from '@tapegrad/autograd';

export const SEED_OFFSETS = { data: 0, split: 1, init: 2, shuffle: 3 } as const;

/**
 * A fresh generator for one part of the run.
 * @example rngFor(42, 'init'); // new Rng(44): the initial weights of seed 42
 */
export function rngFor(seed: number, part: keyof typeof SEED_OFFSETS): Rng {
  return new Rng(seed + SEED_OFFSETS[part]);
}
