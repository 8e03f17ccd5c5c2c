import { ShapeError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { broadcastShapes } from '../shape/broadcast.ts';
import { formatShape } from '../shape/shape.ts';
import { record } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { sumToShape } from './sum-to-shape.ts';

/**
 * Batched product of operands of 2 or more axes; batch axes broadcast.
 * For C = A B: dA = dC B^T and dB = A^T dC, each summed back over broadcast batch axes.
 */
function batchedMatmul(a: Tensor, b: Tensor, shapes: string): Tensor {
  const batch = broadcastShapes(`matmul ${shapes}`, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outShape = [...batch, a.shape[a.ndim - 2]!, b.shape[b.ndim - 1]!];
  const data = kernels.matmul(a.data, a.shape, b.data, b.shape, batch);
  return record('matmul', data, outShape, [a, b], (g) => [
    a.requiresGrad ? sumToShape(g.matmul(b.transpose()), a.shape) : null,
    b.requiresGrad ? sumToShape(a.transpose().matmul(g), b.shape) : null,
  ]);
}

/**
 * Matrix product with PyTorch's rules: 1-D by 1-D is a dot product (0-d); 2-D by 2-D the matrix product; a
 * 1-D first operand is a row vector and a 1-D second operand a column vector, the added axis removed after;
 * beyond 2-D the leading axes are batch axes and broadcast.
 * @example matmul(zeros([10, 2, 3]), zeros([3, 4])).shape // [10, 2, 4]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const shapes = `${formatShape(a.shape)} by ${formatShape(b.shape)}`;
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      `matmul: cannot multiply ${shapes}: both operands need at least 1 axis; use mul for a scalar`,
    );
  }
  const inner = a.shape[a.ndim - 1]!;
  const rows = b.shape[Math.max(0, b.ndim - 2)]!;
  if (inner !== rows) {
    throw new ShapeError(`matmul: cannot multiply ${shapes}: inner dimensions ${inner} and ${rows} differ`);
  }
  const left = a.ndim === 1 ? a.unsqueeze(0) : a;
  const right = b.ndim === 1 ? b.unsqueeze(1) : b;
  let product = batchedMatmul(left, right, shapes);
  if (b.ndim === 1) product = product.squeeze(-1);
  if (a.ndim === 1) product = product.squeeze(b.ndim === 1 ? -1 : -2);
  return product;
}
