/** in-place: the exports of this area, gathered by the package's entry (src/index.ts). */

// Puts add_, sub_, mul_, div_, zero_, fill_, copy_, clamp_ and requiresGrad_ on Tensor.prototype.
import '../methods/in-place.ts';

export { type AlphaOptions, bumpVersion, clamp_, fill_, zero_ } from '../ops/in-place.ts';
