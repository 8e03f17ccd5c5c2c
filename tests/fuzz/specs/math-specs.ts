/** Fuzz specs of math's public functions and methods. */
import type { Spec } from '../harness/spec.ts';

export function mathSpecs(): Spec[] {
  return [];
}
