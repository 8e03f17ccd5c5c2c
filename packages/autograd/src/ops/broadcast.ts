import { checkTensor } from '../checks/arguments.ts';
import { ShapeError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { broadcastShapes, broadcastStrides, broadcastsTo } from '../shape/broadcast.ts';
import { checkShape, formatShape, type Shape, shapesEqual } from '../shape/shape.ts';
import { record } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { UnaryRule } from './elementwise.ts';

// broadcastTo and sumToShape are each other's adjoint, as slice and its scatter are: the gradient of a
// broadcast is a sum over the repeated axes, and the gradient of that sum is a broadcast again.

/** Repeats x along broadcast axes to `shape`. The gradient sums back over the repeated axes. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  checkTensor('broadcastTo', 'input', x);
  checkShape('broadcastTo', shape);
  const result = broadcastShapes('broadcastTo', x.shape, shape);
  if (!shapesEqual(result, shape)) {
    throw new ShapeError(`broadcastTo: cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)}`);
  }
  const target = [...shape];
  const data = kernels.gatherStrided(x.data, 0, broadcastStrides(x.shape, target), target);
  return record('broadcastTo', data, target, [x], broadcastToBackward);
}
/** d/dx broadcastTo(x) = 1 for every copy of x: the walk sums the copies' gradients back to x's shape. */
const broadcastToBackward: UnaryRule = (g) => [g];

/**
 * Sums a gradient back to the shape of an input that was broadcast: over the leading axes the input did not
 * have, and over every axis where the input had size 1. Returns the gradient itself when it already has
 * that shape.
 * @example sumToShape(ones([2, 3]), [3]).toArray() // [2, 2, 2]
 */
export function sumToShape(gradient: Tensor, shape: Shape): Tensor {
  checkTensor('sumToShape', 'gradient', gradient);
  if (!Array.isArray(shape)) checkShape('sumToShape', shape);
  if (shapesEqual(gradient.shape, shape)) return gradient;
  if (!broadcastsTo(shape, gradient.shape)) {
    throw new ShapeError(
      `sumToShape: cannot sum shape ${formatShape(gradient.shape)} to ${formatShape(shape)}: ` +
        `${formatShape(shape)} does not broadcast to ${formatShape(gradient.shape)}`,
    );
  }
  const leading = gradient.ndim - shape.length;
  const axes: number[] = [];
  for (let axis = 0; axis < gradient.ndim; axis++) {
    if (axis < leading || (shape[axis - leading] === 1 && gradient.shape[axis] !== 1)) axes.push(axis);
  }
  const data = kernels.reduce(gradient.data, gradient.shape, axes, 'sum');
  return record('sumToShape', data, shape, [gradient], sumToShapeBackward);
}
/** d/dgradient sumToShape(gradient) repeats the gradient over the summed axes: a broadcast. */
const sumToShapeBackward: UnaryRule = (g, _out, [gradient]) => [broadcastTo(g, gradient.shape)];
