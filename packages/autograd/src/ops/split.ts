/**
 * Splitting a tensor into pieces along an axis, PyTorch's torch.split and torch.chunk. Each piece is a
 * slice, so its gradient goes back to the positions it came from.
 */
import { checkInteger, checkTensor } from '../checks/arguments.ts';
import { ArgumentError } from '../errors.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import { formatShape } from '../shape/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { slice } from './indexing.ts';

/** Slices of x along `axis` of the given sizes, in order (the sizes already checked to sum to the axis). */
function pieces(x: Tensor, axis: number, sizes: readonly number[]): Tensor[] {
  let start = 0;
  return sizes.map((size) => {
    const ranges = x.shape.map((_, d) => (d === axis ? { start, stop: start + size } : null));
    start += size;
    return slice(x, ranges);
  });
}

/** Sizes of `size` each along an axis of `length`, the last one smaller if it does not divide. */
function equalSizes(length: number, size: number): number[] {
  const count = Math.max(Math.ceil(length / size), 1);
  return Array.from({ length: count }, (_, i) => Math.min(size, length - i * size));
}

/**
 * Splits x along `dim` (0 by default), PyTorch's torch.split: into pieces of `splitSizeOrSections` each
 * (the last one smaller when it does not divide the axis), or, given an array, into pieces of those sizes,
 * which must add up to the axis's size.
 * @example split(arange(5), 2).map((t) => t.toArray()); // [[0, 1], [2, 3], [4]]
 * @example split(arange(5), [1, 4]).map((t) => t.numel()); // [1, 4]
 */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim: Axis = 0): Tensor[] {
  checkTensor('split', 'input', x);
  const axis = normalizeAxis('split', dim, x.ndim, 'dim');
  const length = x.shape[axis]!;
  if (!Array.isArray(splitSizeOrSections)) {
    const size = checkInteger('split', 'splitSizeOrSections', splitSizeOrSections, 1);
    return pieces(x, axis, equalSizes(length, size));
  }
  splitSizeOrSections.forEach((size: unknown, i) => {
    checkInteger('split', `splitSizeOrSections[${i}]`, size, 0);
  });
  const total = splitSizeOrSections.reduce((sum: number, size: number) => sum + size, 0);
  if (total !== length) {
    throw new ArgumentError(
      `split: splitSizeOrSections [${splitSizeOrSections.join(', ')}] adds up to ${total}, but axis ${axis} ` +
        `of ${formatShape(x.shape)} has size ${length}; the sizes must add up to it`,
    );
  }
  return pieces(x, axis, splitSizeOrSections);
}

/**
 * Splits x along `dim` (0 by default) into `chunks` pieces, PyTorch's torch.chunk: each of size
 * ceil(n / chunks), the last smaller, so there may be fewer than `chunks` of them (6 split into 4 chunks
 * gives 3 of size 2). An empty axis gives `chunks` empty pieces, as in PyTorch.
 * @example chunk(arange(5), 3).map((t) => t.toArray()); // [[0, 1], [2, 3], [4]]
 */
export function chunk(x: Tensor, chunks: number, dim: Axis = 0): Tensor[] {
  checkTensor('chunk', 'input', x);
  checkInteger('chunk', 'chunks', chunks, 1);
  const axis = normalizeAxis('chunk', dim, x.ndim, 'dim');
  const length = x.shape[axis]!;
  if (length === 0) return pieces(x, axis, new Array<number>(chunks).fill(0));
  return pieces(x, axis, equalSizes(length, Math.ceil(length / chunks)));
}
