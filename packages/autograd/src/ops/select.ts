/**
 * Picking by position along an axis: select (PyTorch's x[:, i]: the axis goes), narrow (x[:, start:start +
 * length], checked rather than clipped), and PyTorch's x[i] as index and at. Each is a slice, and a reshape
 * where an axis goes, or an indexSelect for a list of positions, so their gradients are those ops' rules
 * (the output's gradient written back at the picked positions, zeros elsewhere) and no loop is repeated here.
 */
import { checkTensor, refuse } from '../checks/arguments.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import { formatShape } from '../shape/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { indexSelect, type SliceRange, slice } from './indexing.ts';
import { reshape } from './layout.ts';
import { maskIndex } from './mask.ts';

/** What `index` takes: a position, a list of positions or of booleans (axis 0), or a 0/1 mask tensor. */
export type IndexArgument = number | readonly number[] | readonly boolean[] | Tensor;

/** `position` (negative counts from the end) as 0..size-1, or an error naming the op, the axis and the range. */
function checkedPosition(op: string, name: string, position: unknown, x: Tensor, axis: number): number {
  const size = x.shape[axis]!;
  if (typeof position !== 'number' || !Number.isInteger(position)) {
    return refuse(op, name, 'an integer position (negative counts from the end)', position);
  }
  if (position < -size || position >= size) {
    const range = size === 0 ? 'the axis is empty' : `valid positions are ${-size}..${size - 1}`;
    throw new ArgumentError(
      `${op}: ${name} ${position} is out of range for axis ${axis} of size ${size} (input ${formatShape(x.shape)}); ${range}`,
    );
  }
  return position < 0 ? position + size : position;
}

/** Ranges for slice that take `range` on `axis` and all of every axis before it. */
function rangesAt(axis: number, range: SliceRange): (SliceRange | null)[] {
  return Array.from({ length: axis + 1 }, (_, d) => (d === axis ? range : null));
}

/** select under the name of the op that called it (index and at report as themselves). */
function selectAs(op: string, x: Tensor, axis: number, position: unknown, name: string): Tensor {
  const start = checkedPosition(op, name, position, x, axis);
  const picked = slice(x, rangesAt(axis, { start, stop: start + 1 }));
  return reshape(
    picked,
    x.shape.filter((_, d) => d !== axis),
  );
}

/** Axis 0 of x for x[i], or the error a 0-d tensor gets (it has no axis to index). */
function firstAxis(op: string, x: Tensor): number {
  if (x.ndim === 0) {
    throw new ShapeError(`${op}: a 0-d tensor has no axis to index; read its value with item()`);
  }
  return 0;
}

/**
 * The sub-tensor at `index` along `dim`, with that axis removed (PyTorch's select; x.select(1, i) is
 * x[:, i]). A negative index counts from the end. Gradient: written back at that position, zeros elsewhere.
 * @example tensor([[1, 2, 3], [4, 5, 6]]).select(1, -1).toArray(); // [3, 6]
 */
export function select(x: Tensor, dim: Axis, index: number): Tensor {
  checkTensor('select', 'input', x);
  const axis = normalizeAxis('select', dim, x.ndim, 'dim');
  return selectAs('select', x, axis, index, 'index');
}

/**
 * `length` consecutive entries of axis `dim` from `start` (negative counts from the end), the axis kept:
 * PyTorch's narrow, x[:, start:start + length]. Unlike slice, a range that runs past the end is an error,
 * not clipped. Gradient: written back into that range, zeros elsewhere.
 * @example tensor([[1, 2, 3], [4, 5, 6]]).narrow(1, 1, 2).toArray(); // [[2, 3], [5, 6]]
 */
export function narrow(x: Tensor, dim: Axis, start: number, length: number): Tensor {
  checkTensor('narrow', 'input', x);
  const axis = normalizeAxis('narrow', dim, x.ndim, 'dim');
  const size = x.shape[axis]!;
  // start may equal the size (an empty range at the end), as in PyTorch.
  if (typeof start !== 'number' || !Number.isInteger(start) || start < -size || start > size) {
    if (typeof start === 'number' && Number.isInteger(start)) {
      throw new ArgumentError(
        `narrow: start ${start} is out of range for axis ${axis} of size ${size} (input ${formatShape(x.shape)}); ` +
          `valid starts are ${-size}..${size}`,
      );
    }
    refuse('narrow', 'start', 'an integer position (negative counts from the end)', start);
  }
  const first = start < 0 ? start + size : start;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    refuse('narrow', 'length', 'an integer >= 0', length);
  }
  if (first + length > size) {
    throw new ArgumentError(
      `narrow: start ${start} + length ${length} runs past the end of axis ${axis} of size ${size} ` +
        `(input ${formatShape(x.shape)}); the range must end at ${size} or before`,
    );
  }
  return slice(x, rangesAt(axis, { start: first, stop: first + length }));
}

/**
 * PyTorch's x[i] along axis 0: with a number, the i-th sub-tensor (negative counts from the end, the axis
 * removed); with an array of numbers, those sub-tensors stacked (indexSelect on axis 0, negatives allowed);
 * with an array of booleans, the sub-tensors where it is true; with a 0/1 mask tensor whose shape is x's
 * leading sizes, the entries (or sub-tensors) where it is 1: `x.index(x.gt(0))` is PyTorch's x[x > 0], the
 * same as maskedSelect. A tensor argument is always a mask (tapegrad's comparisons give 0/1 tensors): for
 * integer positions pass an array, or use indexSelect.
 * @example
 * const x = tensor([[1, 2], [3, 4], [5, 6]]);
 * x.index(-1).toArray();               // [5, 6]
 * x.index([2, 0]).toArray();           // [[5, 6], [1, 2]]
 * x.index([true, false, true]).toArray(); // [[1, 2], [5, 6]]
 * x.index(x.gt(2)).toArray();          // [3, 4, 5, 6]
 */
export function index(x: Tensor, i: IndexArgument): Tensor {
  checkTensor('index', 'input', x);
  if (typeof i === 'number') return selectAs('index', x, firstAxis('index', x), i, 'index');
  if (Array.isArray(i)) return indexByList(x, i);
  if (i instanceof Tensor) return maskIndex('index', x, i);
  return refuse('index', 'index', 'an integer, an array of integers or booleans, or a 0/1 mask Tensor', i);
}

/** x[[2, 0]] (positions along axis 0, negatives counting from the end) or x[[true, false, true]]. */
function indexByList(x: Tensor, list: readonly unknown[]): Tensor {
  const axis = firstAxis('index', x);
  if (list.length > 0 && list.every((item) => typeof item === 'boolean')) {
    if (list.length !== x.shape[0]) {
      throw new ShapeError(
        `index: a boolean index of length ${list.length} does not match axis 0 of input ${formatShape(x.shape)}; ` +
          `it needs one boolean per entry (${x.shape[0]})`,
      );
    }
    return indexSelect(x, axis, positionsOf(list as readonly boolean[]));
  }
  const positions = list.map((item, at) => checkedPosition('index', `index[${at}]`, item, x, axis));
  return indexSelect(x, axis, positions);
}

/** The positions where `flags` is true. */
function positionsOf(flags: readonly boolean[]): number[] {
  const positions: number[] = [];
  flags.forEach((flag, position) => {
    if (flag) positions.push(position);
  });
  return positions;
}

/**
 * The i-th sub-tensor along axis 0, negative counting from the end: JavaScript's Array.prototype.at naming
 * for PyTorch's x[i] (an integer only; out of range is an error, not undefined).
 * @example tensor([[1, 2], [3, 4]]).at(-1).toArray(); // [3, 4]
 */
export function at(x: Tensor, i: number): Tensor {
  checkTensor('at', 'input', x);
  return selectAs('at', x, firstAxis('at', x), i, 'index');
}
