/** The circular functions sin and cos, each the other's derivative (up to sign). */
import * as kernels from '../kernels/index.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { mul, neg } from './arithmetic.ts';
import { type UnaryRule, unaryOp } from './elementwise.ts';

/** Sine, elementwise, in radians. d/dx sin(x) = cos(x). */
export function sin(x: Tensor): Tensor {
  return unaryOp('sin', x, kernels.sin, sinBackward);
}
const sinBackward: UnaryRule = (g, _out, [x]) => [mul(g, cos(x))];

/** Cosine, elementwise, in radians. d/dx cos(x) = -sin(x). */
export function cos(x: Tensor): Tensor {
  return unaryOp('cos', x, kernels.cos, cosBackward);
}
const cosBackward: UnaryRule = (g, _out, [x]) => [neg(mul(g, sin(x)))];
