/** Fuzz specs of indexing's public functions and methods. */
import type { Spec } from '../harness/spec.ts';

export function indexingSpecs(): Spec[] {
  return [];
}
