import { ArgumentError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { zerosLike } from '../tensor/create.ts';
import type { Tensor, TensorLike } from '../tensor/tensor.ts';
import { where } from './compare.ts';
import { type BinaryRule, binaryOp, type UnaryRule, unaryOp } from './elementwise.ts';
import { sumToShape } from './sum-to-shape.ts';

/** a + b with broadcasting. d/da = 1, d/db = 1. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('add', a, b, kernels.add, addBackward);
}
const addBackward: BinaryRule = (g, _out, [x, y]) => [
  x.requiresGrad ? sumToShape(g, x.shape) : null,
  y.requiresGrad ? sumToShape(g, y.shape) : null,
];

/** a - b with broadcasting. d/da = 1, d/db = -1. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('sub', a, b, kernels.sub, subBackward);
}
const subBackward: BinaryRule = (g, _out, [x, y]) => [
  x.requiresGrad ? sumToShape(g, x.shape) : null,
  y.requiresGrad ? sumToShape(g.neg(), y.shape) : null,
];

/** a * b with broadcasting. d/da = b, d/db = a. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('mul', a, b, kernels.mul, mulBackward);
}
const mulBackward: BinaryRule = (g, _out, [x, y]) => [
  x.requiresGrad ? sumToShape(g.mul(y), x.shape) : null,
  y.requiresGrad ? sumToShape(g.mul(x), y.shape) : null,
];

/** a / b with broadcasting. d/da = 1/b, d/db = -a/b^2 = -(a/b)/b. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('div', a, b, kernels.div, divBackward);
}
const divBackward: BinaryRule = (g, out, [x, y]) => [
  x.requiresGrad ? sumToShape(g.div(y), x.shape) : null,
  y.requiresGrad ? sumToShape(g.mul(out).div(y).neg(), y.shape) : null,
];

/** -x. d/dx = -1. */
export function neg(x: Tensor): Tensor {
  return unaryOp('neg', x, kernels.neg, negBackward);
}
const negBackward: UnaryRule = (g) => [g.neg()];

const powKernel = kernels.zipWith(Math.pow);

/**
 * base ** exponent. A number exponent p: d/dbase = p * base^(p-1), finite at base 0 for p >= 1 (and 0 for
 * p = 0). A tensor exponent e: d/dbase = e * base^(e-1), taken as 0 where base = 0 and e = 0, and
 * d/de = base^e * log(base), taken as 0 where base = 0 and e >= 0 (the limits PyTorch uses), so x^y at
 * x = 0 has no spurious NaN (0 * Inf or 0 * log 0). Only base 0 is masked: at e = 0 elsewhere the formula
 * already gives 0, and it must stay on the tape there, since d/de (e * base^(e-1)) = 1/base at e = 0.
 */
export function pow(base: TensorLike, exponent: TensorLike): Tensor {
  if (typeof exponent === 'number') {
    if (Number.isNaN(exponent)) throw new ArgumentError('pow: the exponent is NaN');
    const p = exponent;
    return binaryOp('pow', base, p, powKernel, (g, _out, [x]) => {
      if (p === 0) return [zerosLike(x), null];
      if (p === 1) return [g, null];
      return [g.mul(x.pow(p - 1).mul(p)), null];
    });
  }
  return binaryOp('pow', base, exponent, powKernel, (g, out, [x, e]) => [
    x.requiresGrad
      ? sumToShape(where(x.eq(0).mul(e.eq(0)), 0, g.mul(e).mul(x.pow(e.sub(1)))), x.shape)
      : null,
    e.requiresGrad ? sumToShape(where(x.eq(0).mul(e.ge(0)), 0, g.mul(out).mul(x.log())), e.shape) : null,
  ]);
}
