/** Fuzz specs of functions's public functions and methods. */
import type { Spec } from '../harness/spec.ts';

export function functionsSpecs(): Spec[] {
  return [];
}
