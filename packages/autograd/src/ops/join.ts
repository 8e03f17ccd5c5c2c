import { checkTensorList } from '../checks/arguments.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import { formatShape, shapesEqual } from '../shape/shape.ts';
import { record } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { slice } from './indexing.ts';
import { unsqueeze } from './layout.ts';

/**
 * Joins tensors along an existing `axis`; all other sizes must agree. Each input's gradient is its slice of
 * the output's gradient.
 * @example concat([zeros([2, 3]), ones([1, 3])]).shape // [3, 3]
 */
export function concat(tensors: readonly Tensor[], axis: Axis = 0): Tensor {
  checkTensorList('concat', 'tensors', tensors);
  const first = tensors[0];
  if (first === undefined) throw new ArgumentError("concat: needs at least one tensor in 'tensors'");
  const dim = normalizeAxis('concat', axis, first.ndim);
  tensors.forEach((t, i) => {
    const fits = t.ndim === first.ndim && t.shape.every((size, d) => d === dim || size === first.shape[d]);
    if (!fits) {
      throw new ShapeError(
        `concat: tensor ${i} has shape ${formatShape(t.shape)} but tensor 0 has ${formatShape(first.shape)}; ` +
          `all sizes must match except on axis ${dim}`,
      );
    }
  });
  const outShape = first.shape.map((size, d) =>
    d === dim ? tensors.reduce((n, t) => n + t.shape[dim]!, 0) : size,
  );
  const data = kernels.concat(
    tensors.map((t) => t.data),
    tensors.map((t) => t.shape),
    dim,
    outShape,
  );
  const backward = (g: Tensor) => {
    let start = 0;
    return tensors.map((t) => {
      const stop = start + t.shape[dim]!;
      const ranges = outShape.map((_, d) => (d === dim ? { start, stop } : null));
      start = stop;
      return t.requiresGrad ? slice(g, ranges) : null;
    });
  };
  // compile replays it along the same axis.
  return record('concat', data, outShape, tensors, backward, undefined, dim);
}

/** PyTorch's name for concat. */
export const cat = concat;

/**
 * Joins tensors of one shape along a new `axis`.
 * @example stack([zeros([2]), ones([2])]).shape // [2, 2]
 */
export function stack(tensors: readonly Tensor[], axis: Axis = 0): Tensor {
  checkTensorList('stack', 'tensors', tensors);
  const first = tensors[0];
  if (first === undefined) throw new ArgumentError("stack: needs at least one tensor in 'tensors'");
  tensors.forEach((t, i) => {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(
        `stack: tensor ${i} has shape ${formatShape(t.shape)} but tensor 0 has ${formatShape(first.shape)}; all must match`,
      );
    }
  });
  const dim = normalizeAxis('stack', axis, first.ndim + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, dim)),
    dim,
  );
}
