/** Fuzz specs of nn-optim's public functions and methods. */
import type { Spec } from '../harness/spec.ts';

export function nnOptimSpecs(): Spec[] {
  return [];
}
