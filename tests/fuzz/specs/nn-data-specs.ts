/** Fuzz specs of nn-data's public functions and methods. */
import type { Spec } from '../harness/spec.ts';

export function nnDataSpecs(): Spec[] {
  return [];
}
