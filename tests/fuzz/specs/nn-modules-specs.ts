/** Fuzz specs of nn-modules's public functions and methods. */
import type { Spec } from '../harness/spec.ts';

export function nnModulesSpecs(): Spec[] {
  return [];
}
