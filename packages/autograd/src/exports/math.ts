/** math: the exports of this area, gathered by the package's entry (src/index.ts). */

// Puts sin, cos, var, std, norm, cumsum, topk, split, chunk, allclose and equal on Tensor.prototype.
import '../methods/math.ts';

export { cumsum } from '../ops/cumsum.ts';
export type { Dims } from '../ops/dims.ts';
export { einsum } from '../ops/einsum.ts';
export { type AllcloseOptions, allclose, equal } from '../ops/equality.ts';
export { type NormOrder, norm } from '../ops/norm.ts';
export { chunk, split } from '../ops/split.ts';
// `var` is a reserved word: `import { var as variance }`, or `tg.var(x)`; `variance` is the same function.
export { std, type VarOptions, variance, variance as var } from '../ops/statistics.ts';
export { type TopkOptions, type TopkResult, topk } from '../ops/topk.ts';
export { cos, sin } from '../ops/trig.ts';
