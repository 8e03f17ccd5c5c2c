/** Fuzz specs of nn-losses's public functions and methods. */
import type { Spec } from '../harness/spec.ts';

export function nnLossesSpecs(): Spec[] {
  return [];
}
