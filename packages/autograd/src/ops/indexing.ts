import { checkTensor, refuse } from '../checks/arguments.ts';
import { ArgumentError, describeValue, ShapeError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import { formatShape, type Shape, sizeOf, stridesOf } from '../shape/shape.ts';
import { record } from '../tape/tape.ts';
import { tensor } from '../tensor/create.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** One axis of a slice, as Python's start:stop:step. Negative start and stop count from the end. */
export interface SliceRange {
  readonly start?: number;
  readonly stop?: number;
  readonly step?: number;
}

/** Where a slice begins (flat offset), the strides it reads with, and its shape. */
interface SliceView {
  readonly offset: number;
  readonly strides: number[];
  readonly shape: number[];
}

/** The keys of a SliceRange. */
const SLICE_KEYS: readonly string[] = ['start', 'stop', 'step'];

/** Resolves per-axis ranges as Python does: negatives count from the end, out-of-range ends are clipped. */
function sliceView(shape: Shape, ranges: readonly (SliceRange | null | undefined)[]): SliceView {
  if (!Array.isArray(ranges)) refuse('slice', 'ranges', 'an array of ranges, one per leading axis', ranges);
  if (ranges.length > shape.length) {
    throw new ArgumentError(
      `slice: ${ranges.length} ranges given for a ${shape.length}-d tensor ${formatShape(shape)}`,
    );
  }
  const strides = stridesOf(shape);
  let offset = 0;
  const viewStrides: number[] = [];
  const viewShape: number[] = [];
  shape.forEach((dim, axis) => {
    const range = ranges[axis] ?? {};
    if (typeof range !== 'object' || Array.isArray(range)) {
      refuse('slice', `ranges[${axis}]`, 'a range { start, stop, step } or null', range);
    }
    const step = range.step ?? 1;
    for (const [name, value] of Object.entries(range)) {
      if (!SLICE_KEYS.includes(name)) {
        throw new ArgumentError(
          `slice: unknown key '${name}' in ranges[${axis}]; a range has start, stop and step`,
        );
      }
      if (value !== undefined && !Number.isInteger(value)) {
        const shown = typeof value === 'number' ? value : describeValue(value);
        throw new ArgumentError(`slice: ${name} ${shown} at axis ${axis} is not an integer`);
      }
    }
    if (step < 1)
      throw new ArgumentError(`slice: step ${step} at axis ${axis} must be positive (as in PyTorch)`);
    const resolve = (index: number) => Math.min(Math.max(index < 0 ? index + dim : index, 0), dim);
    const start = resolve(range.start ?? 0);
    const stop = resolve(range.stop ?? dim);
    viewShape.push(Math.max(0, Math.ceil((stop - start) / step)));
    viewStrides.push(strides[axis]! * step);
    offset += start * strides[axis]!;
  });
  return { offset, strides: viewStrides, shape: viewShape };
}

/**
 * Python-style slicing, one range per leading axis (missing or null ranges take the whole axis):
 * `x.slice([{ start: 1 }, { stop: -1, step: 2 }])` is `x[1:, :-1:2]`. Its gradient places the output's
 * gradient back at the sliced positions and zeros elsewhere.
 */
export function slice(x: Tensor, ranges: readonly (SliceRange | null | undefined)[]): Tensor {
  checkTensor('slice', 'input', x);
  const view = sliceView(x.shape, ranges);
  const data = kernels.gatherStrided(x.data, view.offset, view.strides, view.shape);
  // compile replays it through the same view.
  const backward = (g: Tensor) => [sliceBackward(g, x.shape, ranges)];
  return record('slice', data, view.shape, [x], backward, undefined, view);
}

/** The adjoint of slice: `gradient` written into zeros of `shape`. Its own gradient is the slice again. */
function sliceBackward(
  gradient: Tensor,
  shape: Shape,
  ranges: readonly (SliceRange | null | undefined)[],
): Tensor {
  const view = sliceView(shape, ranges);
  const data = kernels.scatterStrided(
    gradient.data,
    gradient.shape,
    view.offset,
    view.strides,
    sizeOf(shape),
  );
  return record('sliceBackward', data, shape, [gradient], (g) => [slice(g, ranges)], undefined, view);
}

/**
 * What gather, indexSelect and their adjoints pass compile: the axis, and the index as the caller gave it
 * (a tensor the compiled function computes or takes as input is read afresh at every replay).
 */
export interface IndexReplay {
  readonly axis: number;
  readonly index: Tensor;
}

/** Index values as a Float64Array, checked to be integers in [0, limit). */
function checkedIndices(
  op: string,
  name: string,
  indices: Tensor | readonly number[],
  limit: number,
  axis: number,
): Tensor {
  if (Array.isArray(indices)) {
    indices.forEach((value: unknown, position) => {
      if (typeof value !== 'number') refuse(op, `${name}[${position}]`, 'an integer index', value);
    });
  } else checkTensor(op, name, indices);
  // A copy of a given tensor: the backward rule keeps it, and a later in-place change to the caller's
  // tensor must not move the gradient.
  const index = Array.isArray(indices)
    ? tensor(indices as readonly number[])
    : tensor((indices as Tensor).data.slice(), { shape: (indices as Tensor).shape });
  index.data.forEach((value, position) => {
    if (!Number.isInteger(value) || value < 0 || value >= limit) {
      throw new ArgumentError(
        `${op}: index ${value} at position ${position} of ${name} is out of range for axis ${axis} of size ${limit}; ` +
          `indices must be integers in 0..${limit - 1}`,
      );
    }
  });
  return index;
}

/**
 * torch.gather: picks along `axis` by `index`, which has as many axes as x; on every other axis index may be
 * no larger than x. For logits [N, C] and labels [N, 1], `logProbs.gather(1, labels)` picks each row's class.
 * Gradient: scattered back (added) to the picked positions.
 */
export function gather(x: Tensor, axis: Axis, index: Tensor | readonly number[]): Tensor {
  checkTensor('gather', 'input', x);
  const dim = normalizeAxis('gather', axis, x.ndim);
  const picks = checkedIndices('gather', 'index', index, x.shape[dim]!, dim);
  if (picks.ndim !== x.ndim || picks.shape.some((size, d) => d !== dim && size > x.shape[d]!)) {
    throw new ShapeError(
      `gather: index of shape ${formatShape(picks.shape)} does not fit input ${formatShape(x.shape)} at axis ${dim}: ` +
        'it needs as many axes as the input and no larger sizes on the other axes',
    );
  }
  const data = kernels.gather(x.data, x.shape, dim, picks.data, picks.shape);
  const replay: IndexReplay = { axis: dim, index: Array.isArray(index) ? picks : (index as Tensor) };
  const backward = (g: Tensor) => [scatterAdd(g, x.shape, picks, replay)];
  return record('gather', data, picks.shape, [x], backward, undefined, replay);
}

/** The adjoint of gather: `gradient` added into zeros of `shape` at the index positions. */
function scatterAdd(gradient: Tensor, shape: Shape, index: Tensor, replay: IndexReplay): Tensor {
  const { axis } = replay;
  const data = kernels.scatterAdd(gradient.data, index.shape, axis, index.data, shape);
  return record('scatterAdd', data, shape, [gradient], (g) => [gather(g, axis, index)], undefined, replay);
}

/**
 * torch.index_select: the slices of x at `indices` (1-D) along `axis`, repeats allowed.
 * Gradient: each slice's gradient added back at its index.
 */
export function indexSelect(x: Tensor, axis: Axis, indices: Tensor | readonly number[]): Tensor {
  checkTensor('indexSelect', 'input', x);
  const dim = normalizeAxis('indexSelect', axis, x.ndim);
  const picks = checkedIndices('indexSelect', 'indices', indices, x.shape[dim]!, dim);
  if (picks.ndim !== 1) {
    throw new ShapeError(`indexSelect: indices must be 1-D, got shape ${formatShape(picks.shape)}`);
  }
  const shape = x.shape.map((size, d) => (d === dim ? picks.numel() : size));
  const data = kernels.indexSelect(x.data, x.shape, dim, picks.data);
  const replay: IndexReplay = { axis: dim, index: Array.isArray(indices) ? picks : (indices as Tensor) };
  const backward = (g: Tensor) => [indexAdd(g, x.shape, picks, replay)];
  return record('indexSelect', data, shape, [x], backward, undefined, replay);
}

/** The adjoint of indexSelect. */
function indexAdd(gradient: Tensor, shape: Shape, indices: Tensor, replay: IndexReplay): Tensor {
  const { axis } = replay;
  const data = kernels.indexAdd(gradient.data, shape, axis, indices.data);
  return record(
    'indexAdd',
    data,
    shape,
    [gradient],
    (g) => [indexSelect(g, axis, indices)],
    undefined,
    replay,
  );
}
