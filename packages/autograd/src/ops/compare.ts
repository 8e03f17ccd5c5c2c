import { ArgumentError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { broadcastShapes, broadcastStrides } from '../shape/broadcast.ts';
import { constantResult, record } from '../tape/tape.ts';
import { toTensor } from '../tensor/create.ts';
import type { Tensor, TensorLike } from '../tensor/tensor.ts';
import { type BinaryRule, binaryOp, binaryValues } from './elementwise.ts';
import { sumToShape } from './sum-to-shape.ts';

function comparison(
  op: string,
  a: TensorLike,
  b: TensorLike,
  test: (x: number, y: number) => boolean,
): Tensor {
  const { data, shape } = binaryValues(op, a, b, (x, y) => (test(x, y) ? 1 : 0));
  return constantResult(data, shape);
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

/** NaN wins, as in PyTorch's maximum and minimum. */
const larger = (x: number, y: number): number => (x > y || Number.isNaN(x) ? x : y);
const smaller = (x: number, y: number): number => (x < y || Number.isNaN(x) ? x : y);
const largerKernel = kernels.zipWith(larger);
const smallerKernel = kernels.zipWith(smaller);

/**
 * Elementwise larger of a and b. The gradient goes to the larger one; on a tie it is split 0.5 / 0.5, as
 * PyTorch's maximum does.
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('maximum', a, b, largerKernel, maximumBackward);
}
const maximumBackward: BinaryRule = (g, _out, [x, y]) => {
  const toX = gt(x, y).add(eq(x, y).mul(0.5));
  return [
    x.requiresGrad ? sumToShape(g.mul(toX), x.shape) : null,
    y.requiresGrad ? sumToShape(g.mul(toX.neg().add(1)), y.shape) : null,
  ];
};

/** Elementwise smaller of a and b; ties split the gradient 0.5 / 0.5. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('minimum', a, b, smallerKernel, minimumBackward);
}
const minimumBackward: BinaryRule = (g, _out, [x, y]) => {
  const toX = lt(x, y).add(eq(x, y).mul(0.5));
  return [
    x.requiresGrad ? sumToShape(g.mul(toX), x.shape) : null,
    y.requiresGrad ? sumToShape(g.mul(toX.neg().add(1)), y.shape) : null,
  ];
};

/** max(x, low): the gradient goes to x where x >= low (the bound itself counts as inside), else to low. */
function clampMin(x: Tensor, low: TensorLike): Tensor {
  return binaryOp('clamp', x, low, largerKernel, clampMinBackward);
}
const clampMinBackward: BinaryRule = (g, _out, [value, bound]) => {
  const inside = ge(value, bound);
  return [
    value.requiresGrad ? sumToShape(g.mul(inside), value.shape) : null,
    bound.requiresGrad ? sumToShape(g.mul(inside.neg().add(1)), bound.shape) : null,
  ];
};

/** min(x, high): the gradient goes to x where x <= high, else to high. */
function clampMax(x: Tensor, high: TensorLike): Tensor {
  return binaryOp('clamp', x, high, smallerKernel, clampMaxBackward);
}
const clampMaxBackward: BinaryRule = (g, _out, [value, bound]) => {
  const inside = le(value, bound);
  return [
    value.requiresGrad ? sumToShape(g.mul(inside), value.shape) : null,
    bound.requiresGrad ? sumToShape(g.mul(inside.neg().add(1)), bound.shape) : null,
  ];
};

/**
 * Limits x to [min, max] (either bound may be left out with null or undefined; bounds may be tensors).
 * As in PyTorch, the gradient passes where min <= x <= max, bounds included; if min > max every element
 * becomes max.
 */
export function clamp(x: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new ArgumentError('clamp: give at least one of min and max');
  }
  const low = min === undefined || min === null ? x : clampMin(x, min);
  return max === undefined || max === null ? low : clampMax(low, max);
}

/**
 * Picks a where cond is non-zero and b elsewhere, all three broadcast together.
 * d/da = cond, d/db = 1 - cond; cond gets no gradient.
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const [c, x, y] = [toTensor(cond), toTensor(a), toTensor(b)];
  const shape = broadcastShapes('where', c.shape, x.shape, y.shape);
  const spread = (t: Tensor) => kernels.gatherStrided(t.data, 0, broadcastStrides(t.shape, shape), shape);
  const data = kernels.ternary(spread(c), spread(x), spread(y), (test, ifTrue, ifFalse) =>
    test !== 0 ? ifTrue : ifFalse,
  );
  return record('where', data, shape, [c, x, y], (g) => [
    null,
    x.requiresGrad ? sumToShape(where(c, g, 0), x.shape) : null,
    y.requiresGrad ? sumToShape(where(c, 0, g), y.shape) : null,
  ]);
}
