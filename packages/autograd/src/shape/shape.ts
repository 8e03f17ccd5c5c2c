import { ArgumentError, describeValue } from '../errors.ts';

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

/**
 * Rejects a shape that is not an array of sizes, or has a NaN, fractional, negative or infinite size, at the
 * call that received it; `name` is the argument's name in the message.
 */
export function checkShape(op: string, shape: Shape, name = 'shape'): Shape {
  if (!Array.isArray(shape)) {
    throw new ArgumentError(
      `${op}: argument '${name}' must be an array of sizes such as [2, 3], got ${describeValue(shape)}`,
    );
  }
  for (let axis = 0; axis < shape.length; axis++) {
    const dim: unknown = shape[axis];
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 0) {
      throw new ArgumentError(
        `${op}: ${name} [${shape.map((size: unknown) => (typeof size === 'number' ? size : describeValue(size))).join(',')}] ` +
          `has size ${typeof dim === 'number' ? dim : describeValue(dim)} at axis ${axis}; sizes must be non-negative integers`,
      );
    }
  }
  return shape;
}
