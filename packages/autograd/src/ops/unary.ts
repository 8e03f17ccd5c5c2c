import * as kernels from '../kernels/index.ts';
import { constantResult } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { sub } from './arithmetic.ts';
import { gt, where } from './compare.ts';
import { unaryOp } from './elementwise.ts';

/** e^x. d/dx e^x = e^x, the output itself. */
export function exp(x: Tensor): Tensor {
  return unaryOp('exp', x, Math.exp, (g, out) => [g.mul(out)]);
}

/** Natural logarithm. d/dx log x = 1/x. */
export function log(x: Tensor): Tensor {
  return unaryOp('log', x, Math.log, (g) => [g.div(x)]);
}

/** Square root. d/dx sqrt(x) = 1 / (2 sqrt(x)). */
export function sqrt(x: Tensor): Tensor {
  return unaryOp('sqrt', x, Math.sqrt, (g, out) => [g.div(out.mul(2))]);
}

/** |x|. d/dx |x| = sign(x), taken as 0 at x = 0 (PyTorch's convention). */
export function abs(x: Tensor): Tensor {
  return unaryOp('abs', x, Math.abs, (g) => [g.mul(sign(x))]);
}

/** x^2. d/dx x^2 = 2x. */
export function square(x: Tensor): Tensor {
  return unaryOp(
    'square',
    x,
    (v) => v * v,
    (g) => [g.mul(x).mul(2)],
  );
}

/** Hyperbolic tangent. d/dx tanh(x) = 1 - tanh(x)^2. */
export function tanh(x: Tensor): Tensor {
  return unaryOp('tanh', x, Math.tanh, (g, out) => [g.mul(sub(1, out.square()))]);
}

/** 1 / (1 + e^-x), by a form that never overflows. Its own rule, as the composed one gives 0 * Inf far out. */
function stableSigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** The logistic function. d/dx sigmoid(x) = sigmoid(x) (1 - sigmoid(x)). */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp('sigmoid', x, stableSigmoid, (g, out) => [g.mul(out).mul(sub(1, out))]);
}

/** max(x, 0), NaN kept. d/dx relu(x) = 1 for x > 0, else 0 (0 at x = 0, as PyTorch). */
export function relu(x: Tensor): Tensor {
  return unaryOp(
    'relu',
    x,
    (v) => (v > 0 || Number.isNaN(v) ? v : 0),
    (g) => [g.mul(gt(x, 0))],
  );
}

/** x for x > 0, negativeSlope * x otherwise. The derivative is 1 for x > 0 and negativeSlope at and below 0. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return unaryOp(
    'leakyRelu',
    x,
    (v) => (v > 0 ? v : v * negativeSlope),
    (g) => [g.mul(where(gt(x, 0), 1, negativeSlope))],
  );
}

/** log(1 + e^x) as max(x, 0) + log1p(e^-|x|), exact for large |x|. d/dx softplus(x) = sigmoid(x). */
export function softplus(x: Tensor): Tensor {
  return unaryOp(
    'softplus',
    x,
    (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))),
    (g) => [g.mul(sigmoid(x))],
  );
}

/** -1, 0 or 1 by the sign of each element; NaN stays NaN. No gradient (it is 0 almost everywhere). */
export function sign(x: Tensor): Tensor {
  return constantResult(kernels.unary(x.data, Math.sign), x.shape);
}
