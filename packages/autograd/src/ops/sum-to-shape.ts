import { type Shape, shapesEqual } from '../shape/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';

/**
 * Sums a gradient back to the shape of an input that was broadcast: over the leading axes the input did not
 * have, and over every axis where the input had size 1. The single place where broadcasting is undone;
 * every backward rule of a broadcasting op goes through it.
 */
export function sumToShape(gradient: Tensor, shape: Shape): Tensor {
  if (shapesEqual(gradient.shape, shape)) return gradient;
  const leading = gradient.ndim - shape.length;
  const axes: number[] = [];
  for (let axis = 0; axis < gradient.ndim; axis++) {
    if (axis < leading || (shape[axis - leading] === 1 && gradient.shape[axis] !== 1)) axes.push(axis);
  }
  return gradient.sum(axes, true).reshape(shape);
}
