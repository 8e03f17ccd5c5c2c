import * as kernels from '../kernels/index.ts';
import type { Tensor, TensorLike } from '../tensor/tensor.ts';
import { type BinaryRule, binaryOp, type UnaryRule, unaryOp } from './elementwise.ts';

/** a + b with broadcasting. d/da = 1, d/db = 1. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('add', a, b, kernels.add, addBackward);
}
const addBackward: BinaryRule = (g, _out, [x, y]) => [x.requiresGrad ? g : null, y.requiresGrad ? g : null];

/** a - b with broadcasting. d/da = 1, d/db = -1. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('sub', a, b, kernels.sub, subBackward);
}
const subBackward: BinaryRule = (g, _out, [x, y]) => [
  x.requiresGrad ? g : null,
  y.requiresGrad ? neg(g) : null,
];

/** a * b with broadcasting. d/da = b, d/db = a. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('mul', a, b, kernels.mul, mulBackward);
}
const mulBackward: BinaryRule = (g, _out, [x, y]) => [
  x.requiresGrad ? mul(g, y) : null,
  y.requiresGrad ? mul(g, x) : null,
];

/** a / b with broadcasting. d/da = 1/b, d/db = -a/b^2 = -(a/b)/b. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('div', a, b, kernels.div, divBackward);
}
const divBackward: BinaryRule = (g, out, [x, y]) => [
  x.requiresGrad ? div(g, y) : null,
  y.requiresGrad ? neg(div(mul(g, out), y)) : null,
];

/** -x. d/dx = -1. */
export function neg(x: Tensor): Tensor {
  return unaryOp('neg', x, kernels.neg, negBackward);
}
const negBackward: UnaryRule = (g) => [neg(g)];
