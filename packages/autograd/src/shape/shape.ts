import { ArgumentError } from '../errors.ts';

/** The size of each dimension of a tensor, outermost first (row-major). */
export type Shape = readonly number[];

/** Number of elements of a tensor of this shape (1 for a 0-d tensor). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** Row-major strides: how far apart, in elements, consecutive indices of each dimension lie. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `[2,3]`, the way shapes appear in every error message. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** Rejects NaN, fractional, negative or infinite sizes at the call that received them. */
export function checkShape(op: string, shape: Shape): Shape {
  for (let axis = 0; axis < shape.length; axis++) {
    const dim = shape[axis]!;
    if (!Number.isInteger(dim) || dim < 0) {
      throw new ArgumentError(
        `${op}: shape ${formatShape(shape)} has size ${dim} at axis ${axis}; sizes must be non-negative integers`,
      );
    }
  }
  return shape;
}
