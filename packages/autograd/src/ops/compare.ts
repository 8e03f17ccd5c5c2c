import * as kernels from '../kernels/index.ts';
import { broadcastShapes, broadcastStrides } from '../shape/broadcast.ts';
import { constantResult, record } from '../tape/tape.ts';
import { toOperand } from '../tensor/create.ts';
import type { Tensor, TensorLike } from '../tensor/tensor.ts';
import { binaryValues } from './elementwise.ts';

function comparison(
  op: string,
  a: TensorLike,
  b: TensorLike,
  test: (x: number, y: number) => boolean,
): Tensor {
  const { data, shape, operands } = binaryValues(op, a, b, (x, y) => (test(x, y) ? 1 : 0));
  return constantResult(data, shape, op, operands);
}

/** 1 where a > b, else 0 (broadcast). No gradient. */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  return comparison('gt', a, b, (x, y) => x > y);
}
/** 1 where a >= b, else 0. No gradient. */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  return comparison('ge', a, b, (x, y) => x >= y);
}
/** 1 where a < b, else 0. No gradient. */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  return comparison('lt', a, b, (x, y) => x < y);
}
/** 1 where a <= b, else 0. No gradient. */
export function le(a: TensorLike, b: TensorLike): Tensor {
  return comparison('le', a, b, (x, y) => x <= y);
}
/** 1 where a == b, else 0. No gradient. */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  return comparison('eq', a, b, (x, y) => x === y);
}

/**
 * Picks a where cond is non-zero and b elsewhere, all three broadcast together.
 * d/da = cond, d/db = 1 - cond; cond gets no gradient.
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = toOperand('where', 'condition', cond);
  const x = toOperand('where', 'input', a);
  const y = toOperand('where', 'other', b);
  const shape = broadcastShapes('where', c.shape, x.shape, y.shape);
  const spread = (t: Tensor) => kernels.gatherStrided(t.data, 0, broadcastStrides(t.shape, shape), shape);
  const data = kernels.ternary(spread(c), spread(x), spread(y), (test, ifTrue, ifFalse) =>
    test !== 0 ? ifTrue : ifFalse,
  );
  return record('where', data, shape, [c, x, y], (g) => [
    null,
    x.requiresGrad ? where(c, g, 0) : null,
    y.requiresGrad ? where(c, 0, g) : null,
  ]);
}
