import type { Spec } from '../harness/spec.ts';
import { autogradSpecs } from './autograd-specs.ts';
import { compileSpecs, nnCompileSpecs } from './compile-specs.ts';
import { functionsSpecs } from './functions-specs.ts';
import { idxSpecs } from './idx-specs.ts';
import { inPlaceSpecs } from './in-place-specs.ts';
import { indexingSpecs } from './indexing-specs.ts';
import { mathSpecs } from './math-specs.ts';
import { nnDataSpecs } from './nn-data-specs.ts';
import { nnLossesSpecs } from './nn-losses-specs.ts';
import { nnModulesSpecs } from './nn-modules-specs.ts';
import { nnOptimSpecs } from './nn-optim-specs.ts';
import { nnSpecs } from './nn-specs.ts';
import { safetensorsSpecs } from './safetensors-specs.ts';
import { sklearnSpecs } from './sklearn-specs.ts';

/** Every spec of the fuzz, autograd's then nn's (nn's ids start with `nn.` where a name repeats). */
export function allSpecs(): Spec[] {
  const specs = [
    ...autogradSpecs(),
    ...compileSpecs(),
    ...functionsSpecs(),
    ...inPlaceSpecs(),
    ...indexingSpecs(),
    ...mathSpecs(),
    ...[
      ...nnSpecs(),
      ...nnLossesSpecs(),
      ...nnModulesSpecs(),
      ...nnOptimSpecs(),
      ...nnCompileSpecs(),
      ...nnDataSpecs(),
      ...sklearnSpecs(),
      ...safetensorsSpecs(),
      ...idxSpecs(),
    ].map((s) => ({
      ...s,
      id: `nn.${s.id}`,
    })),
  ];
  const ids = new Set<string>();
  for (const s of specs) {
    if (ids.has(s.id)) throw new Error(`two fuzz specs have the id ${s.id}`);
    ids.add(s.id);
  }
  return specs;
}
