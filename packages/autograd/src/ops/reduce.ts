import { checkBoolean, checkTensor } from '../checks/arguments.ts';
import { ArgumentError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { type Axis, normalizeAxes, normalizeAxis, reducedShape } from '../shape/axes.ts';
import { formatShape, sizeOf } from '../shape/shape.ts';
import { constantResult, record } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { add, div, mul, sub } from './arithmetic.ts';
import { broadcastTo } from './broadcast.ts';
import { eq } from './compare.ts';
import { reshape } from './layout.ts';
import { exp, log } from './unary.ts';

type Axes = Axis | readonly Axis[] | undefined;

/** Reduces with a kernel and records the op; `backward` gets the gradient in the keepdims shape. */
function reduction(
  op: string,
  kind: kernels.ReduceKind,
  x: Tensor,
  axes: Axes,
  keepdims: boolean,
  backward: (gradKept: Tensor, outKept: Tensor, axes: number[]) => Tensor,
): Tensor {
  checkTensor(op, 'input', x);
  checkBoolean(op, 'keepdims', keepdims);
  const axisList = normalizeAxes(op, axes, x.shape);
  if (kind !== 'sum' && axisList.some((axis) => x.shape[axis] === 0)) {
    throw new ArgumentError(
      `${op}: cannot reduce an empty axis of shape ${formatShape(x.shape)}: there is no ${kind}`,
    );
  }
  const keptShape = reducedShape(x.shape, axisList, true);
  const outShape = reducedShape(x.shape, axisList, keepdims);
  const data = kernels.reduce(x.data, x.shape, axisList, kind);
  // compile replays the reduction over the same axes (its output shape alone does not say which).
  return record(
    op,
    data,
    outShape,
    [x],
    (g, out) => [backward(reshape(g, keptShape), reshape(out, keptShape), axisList)],
    undefined,
    axisList,
  );
}

/** Sum over `axes` (all by default). d/dx_i sum(x) = 1: the gradient is spread back over the summed axes. */
export function sum(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  return reduction('sum', 'sum', x, axes, keepdims, (g) => broadcastTo(g, x.shape));
}

/** Mean over `axes` (all by default): the sum divided by the number of elements summed. */
export function mean(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  checkTensor('mean', 'input', x);
  checkBoolean('mean', 'keepdims', keepdims);
  const axisList = normalizeAxes('mean', axes, x.shape);
  const count = sizeOf(axisList.map((axis) => x.shape[axis]!));
  return div(sum(x, axisList, keepdims), count);
}

/**
 * The gradient of max or min: to the elements equal to the result, split evenly among ties
 * (as PyTorch's max() and amax do).
 */
function toExtremes(g: Tensor, out: Tensor, x: Tensor, axes: number[]): Tensor {
  const isExtreme = eq(x, out);
  return div(mul(g, isExtreme), sum(isExtreme, axes, true));
}

/** Largest element over `axes` (all by default); NaN propagates. */
export function max(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  return reduction('max', 'max', x, axes, keepdims, (g, out, axisList) => toExtremes(g, out, x, axisList));
}

/** Smallest element over `axes` (all by default); NaN propagates. */
export function min(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  return reduction('min', 'min', x, axes, keepdims, (g, out, axisList) => toExtremes(g, out, x, axisList));
}

/**
 * A constant shift that makes exp() safe: the max over `axes` (kept), detached, and 0 where that max is
 * infinite (a row of -Inf stays -Inf instead of becoming NaN).
 */
export function stableShift(x: Tensor, axes: Axes): Tensor {
  const axisList = normalizeAxes('stableShift', axes, x.shape);
  if (axisList.some((axis) => x.shape[axis] === 0)) {
    throw new ArgumentError(
      `max: cannot reduce an empty axis of shape ${formatShape(x.shape)}: there is no max`,
    );
  }
  const shift = kernels.reduce(x.data, x.shape, axisList, 'max');
  for (let i = 0; i < shift.length; i++) if (!Number.isFinite(shift[i]!)) shift[i] = 0;
  // compile replays it as the max over the same axes, then the same zeroing.
  return constantResult(shift, reducedShape(x.shape, axisList, true), 'stableShift', [x], axisList);
}

/**
 * log(sum(exp(x))) over `axes`, computed as m + log(sum(exp(x - m))) with m the max, so large inputs do not
 * overflow. Composed of differentiable ops; its gradient is softmax(x).
 */
export function logsumexp(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  checkTensor('logsumexp', 'input', x);
  checkBoolean('logsumexp', 'keepdims', keepdims);
  const axisList = normalizeAxes('logsumexp', axes, x.shape);
  const shift = stableShift(x, axisList);
  const result = add(log(sum(exp(sub(x, shift)), axisList, true)), shift);
  return keepdims ? result : reshape(result, reducedShape(x.shape, axisList, false));
}

function argExtreme(
  op: string,
  kind: 'max' | 'min',
  x: Tensor,
  axis: Axis | undefined,
  keepdims: boolean,
): Tensor {
  checkTensor(op, 'input', x);
  checkBoolean(op, 'keepdims', keepdims);
  if (x.numel() === 0) throw new ArgumentError(`${op}: the tensor of shape ${formatShape(x.shape)} is empty`);
  // compile recomputes the indices at each replay, along the same axis (null: over the flattened tensor).
  if (axis === undefined) {
    return constantResult(kernels.argReduce(x.data, [x.numel()], 0, kind), [], op, [x], null);
  }
  const dim = normalizeAxis(op, axis, x.ndim);
  const data = kernels.argReduce(x.data, x.shape, dim, kind);
  return constantResult(data, reducedShape(x.shape, [dim], keepdims), op, [x], dim);
}

/** Index of the largest element along `axis` (of the flattened tensor without one); first on ties. No gradient. */
export function argmax(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  return argExtreme('argmax', 'max', x, axis, keepdims);
}

/** Index of the smallest element along `axis` (of the flattened tensor without one); first on ties. No gradient. */
export function argmin(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  return argExtreme('argmin', 'min', x, axis, keepdims);
}
