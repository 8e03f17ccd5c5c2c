import { checkTensor, refuse } from '../checks/arguments.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import { checkShape, formatShape, type Shape, sizeOf, stridesOf } from '../shape/shape.ts';
import { record } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';

/**
 * The same values in a new shape of equal size; one size may be -1 and is inferred. Shares the data (the
 * layout is always row-major). d/dx reshape(x) = reshape back.
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  return reshapeAs('reshape', x, shape);
}

/** reshape, its errors naming `op` (the Tensor method view is reshape under PyTorch's other name). */
export function reshapeAs(op: string, x: Tensor, shape: Shape): Tensor {
  checkTensor(op, 'input', x);
  if (!Array.isArray(shape)) refuse(op, 'shape', 'an array of sizes such as [2, 3]', shape);
  const inferred = shape.filter((dim) => dim === -1).length;
  if (inferred > 1)
    throw new ArgumentError(`${op}: only one size may be -1, got shape ${formatShape(shape)}`);
  const known = shape.filter((dim) => dim !== -1);
  checkShape(op, known);
  const knownSize = sizeOf(known);
  const fits = inferred === 1 ? knownSize > 0 && x.numel() % knownSize === 0 : knownSize === x.numel();
  if (!fits) {
    throw new ShapeError(
      `${op}: cannot reshape ${formatShape(x.shape)} (${x.numel()} elements) into ${formatShape(shape)}` +
        (inferred === 1 ? ': the other sizes do not divide the element count' : ` (${knownSize} elements)`),
    );
  }
  const target = shape.map((dim) => (dim === -1 ? x.numel() / knownSize : dim));
  return record('reshape', x.data, target, [x], (g) => [reshape(g, x.shape)]);
}

/** Merges axes startDim..endDim into one (all of them by default, giving 1-D). */
export function flatten(x: Tensor, startDim: Axis = 0, endDim: Axis = -1): Tensor {
  checkTensor('flatten', 'input', x);
  if (x.ndim === 0) return reshape(x, [1]);
  const start = normalizeAxis('flatten', startDim, x.ndim, 'startDim');
  const end = normalizeAxis('flatten', endDim, x.ndim, 'endDim');
  if (start > end) throw new ArgumentError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const merged = sizeOf(x.shape.slice(start, end + 1));
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

/** Removes size-1 axes: the one given (left alone if its size is not 1, as PyTorch), or all of them. */
export function squeeze(x: Tensor, axis?: Axis): Tensor {
  checkTensor('squeeze', 'input', x);
  if (axis === undefined)
    return reshape(
      x,
      x.shape.filter((dim) => dim !== 1),
    );
  const dim = normalizeAxis('squeeze', axis, x.ndim);
  return x.shape[dim] === 1
    ? reshape(
        x,
        x.shape.filter((_, i) => i !== dim),
      )
    : x;
}

/** Inserts a size-1 axis at `axis` (-1 appends one at the end). */
export function unsqueeze(x: Tensor, axis: Axis): Tensor {
  checkTensor('unsqueeze', 'input', x);
  const dim = normalizeAxis('unsqueeze', axis, x.ndim + 1);
  return reshape(x, [...x.shape.slice(0, dim), 1, ...x.shape.slice(dim)]);
}

/**
 * Reorders the axes: axis i of the result is axis dims[i] of x. The gradient is permuted back by the
 * inverse permutation.
 */
export function permute(x: Tensor, dims: readonly Axis[]): Tensor {
  checkTensor('permute', 'input', x);
  if (!Array.isArray(dims)) refuse('permute', 'dims', 'an array of axes', dims);
  if (dims.length !== x.ndim) {
    throw new ArgumentError(
      `permute: ${dims.length} axes [${dims.join(',')}] given as dims for a ${x.ndim}-d tensor`,
    );
  }
  const order = dims.map((axis) => normalizeAxis('permute', axis, x.ndim, 'dims'));
  if (new Set(order).size !== order.length) {
    throw new ArgumentError(
      `permute: dims [${dims.join(',')}] repeats an axis; give each of 0..${x.ndim - 1} once`,
    );
  }
  const strides = stridesOf(x.shape);
  const shape = order.map((axis) => x.shape[axis]!);
  const data = kernels.gatherStrided(
    x.data,
    0,
    order.map((axis) => strides[axis]!),
    shape,
  );
  const inverse = new Array<number>(order.length);
  order.forEach((axis, i) => {
    inverse[axis] = i;
  });
  // compile replays it from the order of the axes.
  return record('permute', data, shape, [x], (g) => [permute(g, inverse)], undefined, order);
}

/** Swaps two axes (by default the last two: the matrix transpose of each batch element). */
export function transpose(x: Tensor, dim0: Axis = -2, dim1: Axis = -1): Tensor {
  checkTensor('transpose', 'input', x);
  const a = normalizeAxis('transpose', dim0, x.ndim, 'dim0');
  const b = normalizeAxis('transpose', dim1, x.ndim, 'dim1');
  const order = Array.from({ length: x.ndim }, (_, axis) => (axis === a ? b : axis === b ? a : axis));
  return permute(x, order);
}

/** A copy of x that stays on the tape: d/dx clone(x) = 1. */
export function clone(x: Tensor): Tensor {
  checkTensor('clone', 'input', x);
  return record('clone', x.data.slice(), x.shape, [x], (g) => [g]);
}
