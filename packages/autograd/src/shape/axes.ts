import { ArgumentError, describeValue } from '../errors.ts';
import { formatShape, type Shape } from './shape.ts';

/** An axis index; negative values count from the end (-1 is the last axis), as in PyTorch. */
export type Axis = number;

/**
 * Turns a possibly negative axis into 0..ndim-1, or throws naming the op, the argument (`name`, 'axis' by
 * default: 'dim0', 'startDim'...) and the valid range.
 */
export function normalizeAxis(op: string, axis: Axis, ndim: number, name = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    const range = ndim === 0 ? 'a 0-d tensor has no axes' : `valid axes are ${-ndim}..${ndim - 1}`;
    if (typeof axis !== 'number') {
      throw new ArgumentError(
        `${op}: argument '${name}' must be an integer axis (${range}), got ${describeValue(axis)}`,
      );
    }
    const which = name === 'axis' ? '' : ` (${name})`;
    throw new ArgumentError(`${op}: axis ${axis}${which} is out of range for a ${ndim}-d tensor; ${range}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * The axes a reduction runs over, sorted and without repeats. `undefined` means every axis.
 * A repeated axis is an error, as in PyTorch.
 */
export function normalizeAxes(op: string, axes: Axis | readonly Axis[] | undefined, shape: Shape): number[] {
  const ndim = shape.length;
  if (axes === undefined) return Array.from({ length: ndim }, (_, axis) => axis);
  if (typeof axes !== 'number' && !Array.isArray(axes)) {
    throw new ArgumentError(
      `${op}: argument 'axis' must be an integer or an array of them, got ${describeValue(axes)}`,
    );
  }
  const list: readonly Axis[] = typeof axes === 'number' ? [axes] : axes;
  const normalized = list.map((axis) => normalizeAxis(op, axis, ndim));
  const unique = [...new Set(normalized)].sort((a, b) => a - b);
  if (unique.length !== normalized.length) {
    throw new ArgumentError(`${op}: axis [${list.join(',')}] repeats an axis of shape ${formatShape(shape)}`);
  }
  return unique;
}

/** The shape after reducing `axes`: kept as size 1 with keepdims, removed otherwise. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let axis = 0; axis < shape.length; axis++) {
    if (!axes.includes(axis)) out.push(shape[axis]!);
    else if (keepdims) out.push(1);
  }
  return out;
}
