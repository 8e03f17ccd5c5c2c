/**
 * The methods of Tensor that run an op or the tape: `x.add(y)` is `add(x, y)`, `loss.backward()` runs the
 * reverse walk. Tensor (tensor/tensor.ts) is storage only and imports no op, while every op imports Tensor;
 * adding the methods here, above both, keeps the modules in layers without a circle. This is TensorFlow.js's
 * chained ops: the signatures join the class's type through `declare module`, the functions join its
 * prototype when this module runs. The package's entry imports it, so every user of the package has them;
 * the package's `sideEffects` lists it, so that bundlers keep it.
 */

import { checkOptions, refuse } from '../checks/arguments.ts';
import { add, div, mul, neg, sub } from '../ops/arithmetic.ts';
import { broadcastTo } from '../ops/broadcast.ts';
import { eq, ge, gt, le, lt } from '../ops/compare.ts';
import { gather, indexSelect, type SliceRange, slice } from '../ops/indexing.ts';
import { clone, flatten, permute, reshape, squeeze, transpose, unsqueeze } from '../ops/layout.ts';
import { addmm, matmul } from '../ops/matmul.ts';
import { clamp, maximum, minimum } from '../ops/maximum.ts';
import { pow } from '../ops/pow.ts';
import { argmax, argmin, logsumexp, max, mean, min, sum } from '../ops/reduce.ts';
import { logSoftmax, softmax } from '../ops/softmax.ts';
import { abs, exp, leakyRelu, log, relu, sigmoid, sign, softplus, sqrt, square, tanh } from '../ops/unary.ts';
import type { Axis } from '../shape/axes.ts';
import type { Shape } from '../shape/shape.ts';
import { BACKWARD_OPTIONS, type BackwardOptions, runBackward, seedFor } from '../tape/backward.ts';
import { Tensor, type TensorLike } from '../tensor/tensor.ts';

/** A shape given as one array or as separate sizes: `reshape([2, 3])` or `reshape(2, 3)`. */
export type ShapeArgs = readonly number[] | [readonly number[]];

/** The methods this module adds to every Tensor; each is the function of the same name, the tensor first. */
interface TensorMethods {
  // Elementwise arithmetic, with broadcasting.
  /** this + other, broadcast: `add(this, other)`. */
  add(other: TensorLike): Tensor;
  /** this - other, broadcast: `sub(this, other)`. */
  sub(other: TensorLike): Tensor;
  /** this * other, broadcast: `mul(this, other)`. */
  mul(other: TensorLike): Tensor;
  /** this / other, broadcast: `div(this, other)`. */
  div(other: TensorLike): Tensor;
  /** this ** exponent, broadcast: `pow(this, exponent)`. */
  pow(exponent: TensorLike): Tensor;
  /** -this: `neg(this)`. */
  neg(): Tensor;

  // Elementwise functions.
  /** e^this: `exp(this)`. */
  exp(): Tensor;
  /** The natural logarithm: `log(this)`. */
  log(): Tensor;
  /** The square root: `sqrt(this)`. */
  sqrt(): Tensor;
  /** |this|: `abs(this)`. */
  abs(): Tensor;
  /** this^2: `square(this)`. */
  square(): Tensor;
  /** The hyperbolic tangent: `tanh(this)`. */
  tanh(): Tensor;
  /** The logistic function 1 / (1 + e^-this): `sigmoid(this)`. */
  sigmoid(): Tensor;
  /** max(this, 0): `relu(this)`. */
  relu(): Tensor;
  /** this where positive, else negativeSlope * this: `leakyRelu(this, negativeSlope)`. */
  leakyRelu(negativeSlope?: number): Tensor;
  /** log(1 + e^this): `softplus(this)`. */
  softplus(): Tensor;
  /** -1, 0 or 1 by sign, no gradient: `sign(this)`. */
  sign(): Tensor;
  /** The elementwise larger of this and other: `maximum(this, other)`. */
  maximum(other: TensorLike): Tensor;
  /** The elementwise smaller of this and other: `minimum(this, other)`. */
  minimum(other: TensorLike): Tensor;
  /** This limited to [min, max], either bound optional: `clamp(this, min, max)`. */
  clamp(min?: TensorLike | null, max?: TensorLike | null): Tensor;

  // Comparisons: 0/1 results, no gradient.
  /** 1 where this > other, else 0: `gt(this, other)`. */
  gt(other: TensorLike): Tensor;
  /** 1 where this >= other, else 0: `ge(this, other)`. */
  ge(other: TensorLike): Tensor;
  /** 1 where this < other, else 0: `lt(this, other)`. */
  lt(other: TensorLike): Tensor;
  /** 1 where this <= other, else 0: `le(this, other)`. */
  le(other: TensorLike): Tensor;
  /** 1 where this == other, else 0: `eq(this, other)`. */
  eq(other: TensorLike): Tensor;

  // Reductions over all elements, one axis or several.
  /** The sum over `axes` (all by default): `sum(this, axes, keepdims)`. */
  sum(axes?: Axis | readonly Axis[], keepdims?: boolean): Tensor;
  /** The mean over `axes` (all by default): `mean(this, axes, keepdims)`. */
  mean(axes?: Axis | readonly Axis[], keepdims?: boolean): Tensor;
  /** The largest element over `axes` (all by default): `max(this, axes, keepdims)`. */
  max(axes?: Axis | readonly Axis[], keepdims?: boolean): Tensor;
  /** The smallest element over `axes` (all by default): `min(this, axes, keepdims)`. */
  min(axes?: Axis | readonly Axis[], keepdims?: boolean): Tensor;
  /** log(sum(exp(this))) over `axes`, without overflow: `logsumexp(this, axes, keepdims)`. */
  logsumexp(axes?: Axis | readonly Axis[], keepdims?: boolean): Tensor;
  /** The index of the largest element along `axis`, no gradient: `argmax(this, axis, keepdims)`. */
  argmax(axis?: Axis, keepdims?: boolean): Tensor;
  /** The index of the smallest element along `axis`, no gradient: `argmin(this, axis, keepdims)`. */
  argmin(axis?: Axis, keepdims?: boolean): Tensor;
  /** exp(this) / sum(exp(this)) along `axis` (the last by default): `softmax(this, axis)`. */
  softmax(axis?: Axis): Tensor;
  /** log(softmax(this)) along `axis` (the last by default): `logSoftmax(this, axis)`. */
  logSoftmax(axis?: Axis): Tensor;

  // Linear algebra and shape.
  /** The matrix product with PyTorch's rules: `matmul(this, other)`. */
  matmul(other: Tensor): Tensor;
  /** this + mat1 mat2 as one op (PyTorch's Tensor.addmm); this broadcasts to the product's shape. */
  addmm(mat1: Tensor, mat2: Tensor): Tensor;
  /** Swaps two axes, by default the last two: `transpose(this, dim0, dim1)`. */
  transpose(dim0?: Axis, dim1?: Axis): Tensor;
  /** Reorders the axes, `x.permute(2, 0, 1)` or `x.permute([2, 0, 1])`: `permute(this, dims)`. */
  permute(...dims: ShapeArgs): Tensor;
  /** The same values in a new shape, one size may be -1: `x.reshape(2, 3)` or `x.reshape([2, 3])`. */
  reshape(...shape: ShapeArgs): Tensor;
  /** Merges axes startDim..endDim into one: `flatten(this, startDim, endDim)`. */
  flatten(startDim?: Axis, endDim?: Axis): Tensor;
  /** Removes the size-1 axis given, or all of them: `squeeze(this, axis)`. */
  squeeze(axis?: Axis): Tensor;
  /** Inserts a size-1 axis at `axis`: `unsqueeze(this, axis)`. */
  unsqueeze(axis: Axis): Tensor;
  /** Repeats this along broadcast axes to `shape`: `broadcastTo(this, shape)`. */
  broadcastTo(shape: Shape): Tensor;
  /** Python-style slicing, one range per leading axis: `slice(this, ranges)`. */
  slice(ranges: readonly (SliceRange | null | undefined)[]): Tensor;
  /** torch.gather, picks along `axis` by `index`: `gather(this, axis, index)`. */
  gather(axis: Axis, index: Tensor | readonly number[]): Tensor;
  /** torch.index_select, the slices at `indices` along `axis`: `indexSelect(this, axis, indices)`. */
  indexSelect(axis: Axis, indices: Tensor | readonly number[]): Tensor;
  /** A copy recorded on the tape (its gradient is the identity). */
  clone(): Tensor;

  // The tape.
  /**
   * Runs the tape backward from this tensor and adds d(this)/d(leaf) into the `.grad` of every leaf that
   * requires a gradient. A non-scalar tensor needs a `seed` of its own shape (the vector of a
   * vector-Jacobian product). Calling it again on the same graph works and adds the gradients again.
   * @example loss.backward(); loss.backward({ createGraph: true }); y.backward(onesLike(y));
   */
  backward(seedOrOptions?: Tensor | BackwardOptions, options?: BackwardOptions): void;
}

declare module '../tensor/tensor.ts' {
  interface Tensor extends TensorMethods {}
}

const methods: TensorMethods & ThisType<Tensor> = {
  add(other) {
    return add(this, other);
  },
  sub(other) {
    return sub(this, other);
  },
  mul(other) {
    return mul(this, other);
  },
  div(other) {
    return div(this, other);
  },
  pow(exponent) {
    return pow(this, exponent);
  },
  neg() {
    return neg(this);
  },

  exp() {
    return exp(this);
  },
  log() {
    return log(this);
  },
  sqrt() {
    return sqrt(this);
  },
  abs() {
    return abs(this);
  },
  square() {
    return square(this);
  },
  tanh() {
    return tanh(this);
  },
  sigmoid() {
    return sigmoid(this);
  },
  relu() {
    return relu(this);
  },
  leakyRelu(negativeSlope = 0.01) {
    return leakyRelu(this, negativeSlope);
  },
  softplus() {
    return softplus(this);
  },
  sign() {
    return sign(this);
  },
  maximum(other) {
    return maximum(this, other);
  },
  minimum(other) {
    return minimum(this, other);
  },
  clamp(min, max) {
    return clamp(this, min, max);
  },

  gt(other) {
    return gt(this, other);
  },
  ge(other) {
    return ge(this, other);
  },
  lt(other) {
    return lt(this, other);
  },
  le(other) {
    return le(this, other);
  },
  eq(other) {
    return eq(this, other);
  },

  sum(axes, keepdims = false) {
    return sum(this, axes, keepdims);
  },
  mean(axes, keepdims = false) {
    return mean(this, axes, keepdims);
  },
  max(axes, keepdims = false) {
    return max(this, axes, keepdims);
  },
  min(axes, keepdims = false) {
    return min(this, axes, keepdims);
  },
  logsumexp(axes, keepdims = false) {
    return logsumexp(this, axes, keepdims);
  },
  argmax(axis, keepdims = false) {
    return argmax(this, axis, keepdims);
  },
  argmin(axis, keepdims = false) {
    return argmin(this, axis, keepdims);
  },
  softmax(axis = -1) {
    return softmax(this, axis);
  },
  logSoftmax(axis = -1) {
    return logSoftmax(this, axis);
  },

  matmul(other) {
    return matmul(this, other);
  },
  addmm(mat1, mat2) {
    return addmm(this, mat1, mat2);
  },
  transpose(dim0 = -2, dim1 = -1) {
    return transpose(this, dim0, dim1);
  },
  permute(...dims) {
    return permute(this, flattenArgs(dims));
  },
  reshape(...shape) {
    return reshape(this, flattenArgs(shape));
  },
  flatten(startDim = 0, endDim = -1) {
    return flatten(this, startDim, endDim);
  },
  squeeze(axis) {
    return squeeze(this, axis);
  },
  unsqueeze(axis) {
    return unsqueeze(this, axis);
  },
  broadcastTo(shape) {
    return broadcastTo(this, shape);
  },
  slice(ranges) {
    return slice(this, ranges);
  },
  gather(axis, index) {
    return gather(this, axis, index);
  },
  indexSelect(axis, indices) {
    return indexSelect(this, axis, indices);
  },
  clone() {
    return clone(this);
  },

  backward(seedOrOptions, options = {}) {
    const seed = seedOrOptions instanceof Tensor ? seedOrOptions : undefined;
    const isOptions =
      typeof seedOrOptions === 'object' && seedOrOptions !== null && !Array.isArray(seedOrOptions);
    if (seedOrOptions !== undefined && !isOptions) {
      refuse('backward', 'seed', "a Tensor of the output's shape or an options object", seedOrOptions);
    }
    const resolved = seedOrOptions instanceof Tensor || seedOrOptions === undefined ? options : seedOrOptions;
    checkOptions('backward', resolved, BACKWARD_OPTIONS);
    runBackward([this], [seedFor('backward', this, seed)], resolved, null);
  },
};

/** The sizes of a ShapeArgs: the one array, or the sizes themselves. */
export function flattenArgs(args: ShapeArgs): readonly number[] {
  const first = args[0];
  return args.length === 1 && Array.isArray(first) ? first : (args as readonly number[]);
}

// As a class's own methods are: writable and configurable, but not enumerable (a for-in over a tensor, or a
// test comparing two, sees its fields only).
const descriptors = Object.getOwnPropertyDescriptors(methods);
for (const descriptor of Object.values(descriptors)) descriptor.enumerable = false;
Object.defineProperties(Tensor.prototype, descriptors);
