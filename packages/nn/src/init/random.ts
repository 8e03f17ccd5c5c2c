/**
 * The global generator lives in @tapegrad/autograd (tensor/rng.ts), below nn, so that one `manualSeed`
 * reaches autograd's rand(2, 3) and randn(2, 3) as well as nn's layers, Dropout and data shuffling.
 * Re-exported here under the names nn has always had.
 */
export { defaultRng, manualSeed } from '@tapegrad/autograd';
