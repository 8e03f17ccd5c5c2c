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
