import { Rng } from '@tapegrad/autograd';
import { refuse } from '../checks/arguments.ts';

let globalRng = new Rng(0);

/**
 * Reseeds the generator that layers, Dropout and data shuffling use when no `rng` is given, as
 * torch.manual_seed: the same seed then reproduces a whole run.
 */
export function manualSeed(seed: number): void {
  if (!Number.isInteger(seed)) refuse('manualSeed', 'seed', 'an integer', seed);
  globalRng = new Rng(seed);
}

/** The shared generator (see `manualSeed`). */
export function defaultRng(): Rng {
  return globalRng;
}
