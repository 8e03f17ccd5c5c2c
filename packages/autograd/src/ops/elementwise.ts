import * as kernels from '../kernels/index.ts';
import { broadcastShapes } from '../shape/broadcast.ts';
import { type BackwardRule, record } from '../tape/tape.ts';
import { toTensor } from '../tensor/create.ts';
import type { Tensor, TensorLike } from '../tensor/tensor.ts';

/** Records `op`, applying `f` to every element of x. */
export function unaryOp(op: string, x: Tensor, f: kernels.UnaryFn, backward: BackwardRule): Tensor {
  return record(op, kernels.unary(x.data, f), x.shape, [x], backward);
}

/** Records `op`, applying `f` to each broadcast pair of elements of a and b (numbers become 0-d tensors). */
export function binaryOp(
  op: string,
  a: TensorLike,
  b: TensorLike,
  f: kernels.BinaryFn,
  backward: (gradOutput: Tensor, output: Tensor, a: Tensor, b: Tensor) => readonly (Tensor | null)[],
): Tensor {
  const left = toTensor(a);
  const right = toTensor(b);
  const outShape = broadcastShapes(op, left.shape, right.shape);
  const data = kernels.binary(left.data, left.shape, right.data, right.shape, outShape, f);
  return record(op, data, outShape, [left, right], (gradOutput, output) =>
    backward(gradOutput, output, left, right),
  );
}

/** The broadcast shape and values of a and b for an op with no gradient (comparisons). */
export function binaryValues(op: string, a: TensorLike, b: TensorLike, f: kernels.BinaryFn) {
  const left = toTensor(a);
  const right = toTensor(b);
  const shape = broadcastShapes(op, left.shape, right.shape);
  return { data: kernels.binary(left.data, left.shape, right.data, right.shape, shape, f), shape };
}
