import { checkTensor } from '../checks/arguments.ts';
import * as kernels from '../kernels/index.ts';
import { broadcastPair, broadcastShapes } from '../shape/broadcast.ts';
import { type BackwardRule, record } from '../tape/tape.ts';
import { toOperand } from '../tensor/create.ts';
import type { Tensor, TensorLike } from '../tensor/tensor.ts';

/** The backward rule of an op of one tensor, handed `[x]`. */
export type UnaryRule = BackwardRule<readonly [Tensor]>;
/** The backward rule of an op of two tensors, handed `[a, b]` (numbers already made 0-d tensors). */
export type BinaryRule = BackwardRule<readonly [Tensor, Tensor]>;

/** The names of a binary op's operands in error messages, PyTorch's: `add(input, other)`. */
export const OPERANDS: readonly [string, string] = ['input', 'other'];

/**
 * Records `op`, computing its values with `kernel` (one output element per element of x). `replay` is what
 * compile needs beyond the op's name to replay it (leakyRelu's slope).
 */
export function unaryOp(
  op: string,
  x: Tensor,
  kernel: kernels.UnaryKernel,
  backward: UnaryRule,
  replay?: unknown,
): Tensor {
  checkTensor(op, 'input', x);
  return record<readonly [Tensor]>(op, kernel(x.data), x.shape, [x], backward, undefined, replay);
}

/**
 * Records `op`, computing its values with `kernel` on a and b broadcast (numbers become 0-d tensors).
 * `names` name the operands in the error for one that is neither a Tensor nor a number.
 */
export function binaryOp(
  op: string,
  a: TensorLike,
  b: TensorLike,
  kernel: kernels.BinaryKernel,
  backward: BinaryRule,
  names: readonly [string, string] = OPERANDS,
  replay?: unknown,
): Tensor {
  const left = toOperand(op, names[0], a);
  const right = toOperand(op, names[1], b);
  const outShape = broadcastPair(op, left.shape, right.shape);
  const data = kernel(left.data, left.shape, right.data, right.shape, outShape);
  return record<readonly [Tensor, Tensor]>(op, data, outShape, [left, right], backward, undefined, replay);
}

/**
 * Records `op` of two tensors of one shape (no broadcasting), computing its values with `kernel`: the form of
 * a backward rule that is an op of its own, taking a gradient and a tensor the forward pass kept.
 */
export function sameShapeOp(
  op: string,
  a: Tensor,
  b: Tensor,
  kernel: (a: Float64Array, b: Float64Array) => Float64Array,
  backward: BinaryRule,
): Tensor {
  return record<readonly [Tensor, Tensor]>(op, kernel(a.data, b.data), b.shape, [a, b], backward);
}

/** The broadcast shape and values of a and b for an op with no gradient (comparisons), and the operands. */
export function binaryValues(op: string, a: TensorLike, b: TensorLike, f: kernels.BinaryFn) {
  const left = toOperand(op, OPERANDS[0], a);
  const right = toOperand(op, OPERANDS[1], b);
  const shape = broadcastShapes(op, left.shape, right.shape);
  const data = kernels.binary(left.data, left.shape, right.data, right.shape, shape, f);
  return { data, shape, operands: [left, right] as const };
}
