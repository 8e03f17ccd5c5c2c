/**
 * @tapegrad/autograd: n-dimensional float64 tensors and a reverse-mode tape.
 * Read in this order: shape (sizes, axes, broadcasting), tensor (the Tensor class and its creation),
 * kernels (the loops), ops (each op's forward beside its backward rule), tape (recording and the reverse
 * pass), functional (grad, vjp, hvp), gradcheck, graph (DOT output).
 */

export { AnomalyError, ArgumentError, GradientError, ShapeError } from './errors.ts';
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
export { add, div, mul, neg, pow, sub } from './ops/arithmetic.ts';
export { clamp, eq, ge, gt, le, lt, maximum, minimum, where } from './ops/compare.ts';
export { gather, indexSelect, type SliceRange, slice } from './ops/indexing.ts';
export { cat, concat, stack } from './ops/join.ts';
export {
  broadcastTo,
  clone,
  flatten,
  permute,
  reshape,
  squeeze,
  transpose,
  unsqueeze,
} from './ops/layout.ts';
export { addmm, matmul, matmulTransposeA, matmulTransposeB } from './ops/matmul.ts';
export { argmax, argmin, logsumexp, max, mean, min, sum } from './ops/reduce.ts';
export { logSoftmax, softmax } from './ops/softmax.ts';
export { sumToShape } from './ops/sum-to-shape.ts';
export { abs, exp, leakyRelu, log, relu, sigmoid, sign, softplus, sqrt, square, tanh } from './ops/unary.ts';
export type { Axis } from './shape/axes.ts';
export { broadcastShapes } from './shape/broadcast.ts';
export type { Shape } from './shape/shape.ts';
export { detectAnomaly, isAnomalyDetectionEnabled, setDetectAnomaly } from './tape/anomaly.ts';
export type { BackwardOptions } from './tape/backward.ts';
export { enableGrad, isGradEnabled, noGrad } from './tape/grad-mode.ts';
export { type BackwardRule, record, type TapeEntry } from './tape/tape.ts';
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
export { type ShapeArgs, Tensor, type TensorLike, zeroGrad } from './tensor/tensor.ts';
