/** indexing: the exports of this area, gathered by the package's entry (src/index.ts). */

// Puts select, narrow, index, at, view, maskedFill, maskedSelect, tolist, T and mT on Tensor.prototype.
import '../methods/indexing.ts';

export { maskedFill, maskedSelect } from '../ops/mask.ts';
export { at, type IndexArgument, index, narrow, select } from '../ops/select.ts';
export { empty, type SizesThen } from '../tensor/create.ts';
export { defaultRng, manualSeed, undoDrawsOnError } from '../tensor/rng.ts';
