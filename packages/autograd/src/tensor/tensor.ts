import { GradientError, ShapeError } from '../errors.ts';
import { add, div, mul, neg, pow, sub } from '../ops/arithmetic.ts';
import { clamp, eq, ge, gt, le, lt, maximum, minimum } from '../ops/compare.ts';
import { gather, indexSelect, type SliceRange, slice } from '../ops/indexing.ts';
import {
  broadcastTo,
  clone,
  flatten,
  permute,
  reshape,
  squeeze,
  transpose,
  unsqueeze,
} from '../ops/layout.ts';
import { addmm, matmul } from '../ops/matmul.ts';
import { argmax, argmin, logsumexp, max, mean, min, sum } from '../ops/reduce.ts';
import { logSoftmax, softmax } from '../ops/softmax.ts';
import { abs, exp, leakyRelu, log, relu, sigmoid, sign, softplus, sqrt, square, tanh } from '../ops/unary.ts';
import type { Axis } from '../shape/axes.ts';
import { formatShape, type Shape, sizeOf } from '../shape/shape.ts';
import { type BackwardOptions, runBackward, seedFor } from '../tape/backward.ts';
import type { TapeEntry } from '../tape/tape.ts';
import { formatTensor } from './format.ts';
import { type NestedArray, toNested } from './nested.ts';

/** A tensor or a plain number, accepted wherever an op takes a second operand. */
export type TensorLike = Tensor | number;

/** A shape given as one array or as separate sizes: `reshape([2, 3])` or `reshape(2, 3)`. */
export type ShapeArgs = readonly number[] | [readonly number[]];

interface TensorInit {
  readonly requiresGrad?: boolean;
  readonly gradFn?: TapeEntry | null;
}

/**
 * An n-dimensional array of float64 values, stored row-major in `data`, that can take part in automatic
 * differentiation. Create one with `tensor()`, `zeros()`, `randn()` and friends rather than the constructor.
 *
 * Data is never modified by an op: every op returns a new tensor. Gradients are never modified in place
 * either, so a `.grad` may be shared safely.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad?.toArray(); // [[2, 4], [6, 8]]
 */
export class Tensor {
  readonly data: Float64Array;
  readonly shape: Shape;
  /** Gradient accumulated by `backward()`; only leaves (and `retainGrad()` tensors) keep one. */
  grad: Tensor | null = null;
  /** The tape entry of the op that produced this tensor; null for a leaf. */
  readonly gradFn: TapeEntry | null;
  /** @internal true after `retainGrad()`. */
  retainsGrad = false;
  /** @internal gradient gathered for this tensor during one backward pass. */
  pendingGrad: Tensor | null = null;
  /** @internal true while `pendingGrad` is a sum the backward pass made itself, and may add into. */
  ownsPendingGrad = false;
  /** @internal the backward pass that last visited this tensor. */
  visitPass = 0;
  #requiresGrad: boolean;

  constructor(data: Float64Array, shape: Shape, init: TensorInit = {}) {
    if (data.length !== sizeOf(shape)) {
      throw new ShapeError(
        `Tensor: ${data.length} values cannot fill shape ${formatShape(shape)} (${sizeOf(shape)})`,
      );
    }
    this.data = data;
    this.shape = shape;
    this.gradFn = init.gradFn ?? null;
    this.#requiresGrad = init.requiresGrad ?? false;
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** A leaf is a tensor no recorded op produced: an input or a parameter. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  get requiresGrad(): boolean {
    return this.#requiresGrad;
  }

  /** Only a leaf may be switched; a recorded result requires a gradient because its inputs do. */
  set requiresGrad(flag: boolean) {
    if (!this.isLeaf) {
      throw new GradientError(
        `requiresGrad can only be set on a leaf tensor; this one came from ${this.gradFn!.op}. Use detach() first`,
      );
    }
    this.#requiresGrad = flag;
  }

  // Elementwise arithmetic, with broadcasting.
  add(other: TensorLike): Tensor {
    return add(this, other);
  }
  sub(other: TensorLike): Tensor {
    return sub(this, other);
  }
  mul(other: TensorLike): Tensor {
    return mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return div(this, other);
  }
  pow(exponent: TensorLike): Tensor {
    return pow(this, exponent);
  }
  neg(): Tensor {
    return neg(this);
  }

  // Elementwise functions.
  exp(): Tensor {
    return exp(this);
  }
  log(): Tensor {
    return log(this);
  }
  sqrt(): Tensor {
    return sqrt(this);
  }
  abs(): Tensor {
    return abs(this);
  }
  square(): Tensor {
    return square(this);
  }
  tanh(): Tensor {
    return tanh(this);
  }
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  relu(): Tensor {
    return relu(this);
  }
  leakyRelu(negativeSlope = 0.01): Tensor {
    return leakyRelu(this, negativeSlope);
  }
  softplus(): Tensor {
    return softplus(this);
  }
  sign(): Tensor {
    return sign(this);
  }
  maximum(other: TensorLike): Tensor {
    return maximum(this, other);
  }
  minimum(other: TensorLike): Tensor {
    return minimum(this, other);
  }
  clamp(min?: TensorLike | null, max?: TensorLike | null): Tensor {
    return clamp(this, min, max);
  }

  // Comparisons: 0/1 results, no gradient.
  gt(other: TensorLike): Tensor {
    return gt(this, other);
  }
  ge(other: TensorLike): Tensor {
    return ge(this, other);
  }
  lt(other: TensorLike): Tensor {
    return lt(this, other);
  }
  le(other: TensorLike): Tensor {
    return le(this, other);
  }
  eq(other: TensorLike): Tensor {
    return eq(this, other);
  }

  // Reductions over all elements, one axis or several.
  sum(axes?: Axis | readonly Axis[], keepdims = false): Tensor {
    return sum(this, axes, keepdims);
  }
  mean(axes?: Axis | readonly Axis[], keepdims = false): Tensor {
    return mean(this, axes, keepdims);
  }
  max(axes?: Axis | readonly Axis[], keepdims = false): Tensor {
    return max(this, axes, keepdims);
  }
  min(axes?: Axis | readonly Axis[], keepdims = false): Tensor {
    return min(this, axes, keepdims);
  }
  logsumexp(axes?: Axis | readonly Axis[], keepdims = false): Tensor {
    return logsumexp(this, axes, keepdims);
  }
  argmax(axis?: Axis, keepdims = false): Tensor {
    return argmax(this, axis, keepdims);
  }
  argmin(axis?: Axis, keepdims = false): Tensor {
    return argmin(this, axis, keepdims);
  }
  softmax(axis: Axis = -1): Tensor {
    return softmax(this, axis);
  }
  logSoftmax(axis: Axis = -1): Tensor {
    return logSoftmax(this, axis);
  }

  // Linear algebra and shape.
  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }
  /** this + mat1 mat2 as one op (PyTorch's Tensor.addmm); this broadcasts to the product's shape. */
  addmm(mat1: Tensor, mat2: Tensor): Tensor {
    return addmm(this, mat1, mat2);
  }
  transpose(dim0: Axis = -2, dim1: Axis = -1): Tensor {
    return transpose(this, dim0, dim1);
  }
  permute(...dims: ShapeArgs): Tensor {
    return permute(this, flattenArgs(dims));
  }
  reshape(...shape: ShapeArgs): Tensor {
    return reshape(this, flattenArgs(shape));
  }
  flatten(startDim: Axis = 0, endDim: Axis = -1): Tensor {
    return flatten(this, startDim, endDim);
  }
  squeeze(axis?: Axis): Tensor {
    return squeeze(this, axis);
  }
  unsqueeze(axis: Axis): Tensor {
    return unsqueeze(this, axis);
  }
  broadcastTo(shape: Shape): Tensor {
    return broadcastTo(this, shape);
  }
  slice(ranges: readonly (SliceRange | null | undefined)[]): Tensor {
    return slice(this, ranges);
  }
  gather(axis: Axis, index: Tensor | readonly number[]): Tensor {
    return gather(this, axis, index);
  }
  indexSelect(axis: Axis, indices: Tensor | readonly number[]): Tensor {
    return indexSelect(this, axis, indices);
  }

  /** A copy recorded on the tape (its gradient is the identity). */
  clone(): Tensor {
    return clone(this);
  }

  /** The same values, cut from the tape: no gradient flows through the result. Shares `data`. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  // The tape.
  /**
   * Runs the tape backward from this tensor and adds d(this)/d(leaf) into the `.grad` of every leaf that
   * requires a gradient. A non-scalar tensor needs a `seed` of its own shape (the vector of a
   * vector-Jacobian product). Calling it again on the same graph works and adds the gradients again.
   * @example loss.backward(); loss.backward({ createGraph: true }); y.backward(onesLike(y));
   */
  backward(seedOrOptions?: Tensor | BackwardOptions, options: BackwardOptions = {}): void {
    const seed = seedOrOptions instanceof Tensor ? seedOrOptions : undefined;
    const resolved = seedOrOptions instanceof Tensor || seedOrOptions === undefined ? options : seedOrOptions;
    runBackward([this], [seedFor('backward', this, seed)], resolved, null);
  }

  /** Keeps this intermediate's gradient in `.grad` after `backward()` (leaves always keep theirs). */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** Forgets the accumulated gradient (PyTorch's `zero_grad` with set_to_none). */
  zeroGrad(): void {
    this.grad = null;
  }

  // Reading values.
  /** The values as nested arrays (a plain number for a 0-d tensor). */
  toArray(): NestedArray {
    return toNested(this.data, this.shape);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new ShapeError(
        `item: only a one-element tensor has an item; this one has shape ${formatShape(this.shape)}`,
      );
    }
    return this.data[0]!;
  }

  toString(): string {
    return formatTensor(this);
  }
}

/**
 * Forgets the accumulated gradient of every tensor given, e.g. all parameters of a model before the next
 * backward pass.
 * @example zeroGrad([W1, b1, W2, b2]);
 */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const t of tensors) t.zeroGrad();
}

function flattenArgs(args: ShapeArgs): readonly number[] {
  const first = args[0];
  return args.length === 1 && Array.isArray(first) ? first : (args as readonly number[]);
}
