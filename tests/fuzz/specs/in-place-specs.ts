/** Fuzz specs of in-place's public functions and methods. */
import type { Spec } from '../harness/spec.ts';

export function inPlaceSpecs(): Spec[] {
  return [];
}
