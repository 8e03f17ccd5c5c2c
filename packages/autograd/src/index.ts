/**
 * @tapegrad/autograd: n-dimensional float64 tensors and a reverse-mode tape.
 * Read in this order, each layer importing only the ones before it: shape (sizes, axes, broadcasting),
 * tensor (the Tensor class, storage only, and its creation), kernels (the loops), tape (recording: `record`
 * and the grad and anomaly modes), ops (each op's forward beside its backward rule), the reverse walk
 * (tape/backward.ts, which adds and sums gradients with ops), methods (`x.add(y)`, `loss.backward()`, put on
 * Tensor), functional (grad, vjp, hvp), gradcheck, graph (DOT output).
 */

// Puts the op methods on Tensor.prototype: whoever imports the package gets `x.add(y)` and `loss.backward()`.
import './methods/methods.ts';

export { AnomalyError, ArgumentError, describeValue, GradientError, ShapeError } from './errors.ts';
export * from './exports/compile.ts';
export * from './exports/functions.ts';
export * from './exports/in-place.ts';
export * from './exports/indexing.ts';
export * from './exports/math.ts';
export { type GradientsOptions, gradients } from './functional/gradients.ts';
export { type ArgNums, grad, hvp, type TensorFunction, valueAndGrad, vjp } from './functional/transforms.ts';
export {
  type GradcheckOptions,
  type GradcheckReport,
  gradcheck,
  gradgradcheck,
  type InputReport,
  type Mismatch,
} from './gradcheck/gradcheck.ts';
export { type DotOptions, toDot } from './graph/dot.ts';
export type { ShapeArgs } from './methods/methods.ts';
export { add, div, mul, neg, sub } from './ops/arithmetic.ts';
export { broadcastTo, sumToShape } from './ops/broadcast.ts';
export { eq, ge, gt, le, lt, where } from './ops/compare.ts';
export { gather, indexSelect, type SliceRange, slice } from './ops/indexing.ts';
export { cat, concat, stack } from './ops/join.ts';
export {
  clone,
  flatten,
  permute,
  reshape,
  squeeze,
  transpose,
  unsqueeze,
} from './ops/layout.ts';
export { addmm, matmul, matmulTransposeA, matmulTransposeB } from './ops/matmul.ts';
export { clamp, maximum, minimum } from './ops/maximum.ts';
export { pow } from './ops/pow.ts';
export { argmax, argmin, logsumexp, max, mean, min, sum } from './ops/reduce.ts';
export { logSoftmax, softmax } from './ops/softmax.ts';
export { abs, exp, leakyRelu, log, relu, sigmoid, sign, softplus, sqrt, square, tanh } from './ops/unary.ts';
export type { Axis } from './shape/axes.ts';
export { broadcastShapes } from './shape/broadcast.ts';
export type { Shape } from './shape/shape.ts';
export { detectAnomaly, isAnomalyDetectionEnabled, setDetectAnomaly } from './tape/anomaly.ts';
export type { BackwardOptions } from './tape/backward.ts';
export { record } from './tape/custom-op.ts';
export { enableGrad, isGradEnabled, noGrad } from './tape/grad-mode.ts';
export type { BackwardRule, TapeEntry } from './tape/tape.ts';
export {
  arange,
  asTensor,
  type CreateOptions,
  eye,
  type FromArrayOptions,
  full,
  linspace,
  ones,
  onesLike,
  tensor,
  zeros,
  zerosLike,
} from './tensor/create.ts';
export type { NestedArray, NestedInput } from './tensor/nested.ts';
export { Rng, rand, randn, uniform } from './tensor/rng.ts';
export { Tensor, type TensorLike, zeroGrad } from './tensor/tensor.ts';
