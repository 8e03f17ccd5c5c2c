/**
 * PyTorch's `dim` argument of var, std and norm: undefined or null for every axis, one axis, or a list of
 * distinct axes; negative axes count from the end. Errors name the argument `dim`, as PyTorch does.
 */
import { ArgumentError, describeValue } from '../errors.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import { formatShape, type Shape, sizeOf } from '../shape/shape.ts';

/** Every axis (undefined or null), one axis, or several. */
export type Dims = Axis | readonly Axis[] | null | undefined;

/** The axes `dim` names, sorted, each in 0..ndim-1; a repeated axis is an error, as in PyTorch. */
export function normalizeDims(op: string, dim: Dims, shape: Shape): number[] {
  const ndim = shape.length;
  if (dim === undefined || dim === null) return Array.from({ length: ndim }, (_, axis) => axis);
  if (typeof dim !== 'number' && !Array.isArray(dim)) {
    throw new ArgumentError(
      `${op}: argument 'dim' must be an axis, an array of axes, or null for all, got ${describeValue(dim)}`,
    );
  }
  const list: readonly Axis[] = typeof dim === 'number' ? [dim] : dim;
  // PyTorch 1.13 reads dim=[] as every axis for some reductions and as none for others: refused, not guessed.
  if (list.length === 0) {
    throw new ArgumentError(
      `${op}: dim [] names no axis; leave dim out (or pass null) to reduce over every axis`,
    );
  }
  const axes = list.map((axis) => normalizeAxis(op, axis, ndim, 'dim'));
  const unique = [...new Set(axes)].sort((a, b) => a - b);
  if (unique.length !== axes.length) {
    throw new ArgumentError(`${op}: dim [${list.join(',')}] repeats an axis of shape ${formatShape(shape)}`);
  }
  return unique;
}

/** How many elements each reduced slice holds: the product of the sizes of `axes`. */
export function countOver(shape: Shape, axes: readonly number[]): number {
  return sizeOf(axes.map((axis) => shape[axis]!));
}
