/**
 * Error classes of tapegrad. Each message names the op, the shapes or values involved and, where there is
 * one, the fix: `matmul: cannot multiply [2,3] by [4,5]: inner dimensions 3 and 4 differ`.
 */

/** Shapes that do not fit together: broadcasting, matmul, reshape, concat. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** A bad argument that is not about shapes: an axis out of range, a non-integer size, an index out of bounds. */
export class ArgumentError extends Error {
  override readonly name = 'ArgumentError';
}

/** A misuse of the tape: backward on a tensor that does not require a gradient, a non-scalar loss without a seed. */
export class GradientError extends Error {
  override readonly name = 'GradientError';
}

/** Raised in `detectAnomaly` mode at the first op whose forward produces NaN, or whose backward NaN or Inf. */
export class AnomalyError extends Error {
  override readonly name = 'AnomalyError';
}

/**
 * How a value reads in an error message: `number 2`, `string 'abc'`, `an array of 2`, `null`, `a Tensor of
 * shape [2,3]`, so that a message about a wrong argument says what came instead.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    // A short list of numbers reads best as itself: got [0.9].
    const short = value.length <= 8 && value.every((item) => typeof item === 'number');
    return short ? `[${value.join(', ')}]` : `an array of ${value.length}`;
  }
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `string '${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
  }
  const shape = (value as { shape?: unknown }).shape;
  if ((value as { data?: unknown }).data instanceof Float64Array && Array.isArray(shape)) {
    return `a Tensor of shape [${shape.join(',')}]`;
  }
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}
