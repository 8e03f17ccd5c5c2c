import { checkNumber, checkTensor } from '../checks/arguments.ts';
import * as kernels from '../kernels/index.ts';
import { constantResult } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { div, mul, sub } from './arithmetic.ts';
import { gt, where } from './compare.ts';
import { type BinaryRule, sameShapeOp, type UnaryRule, unaryOp } from './elementwise.ts';

/** e^x. d/dx e^x = e^x, the output itself. */
export function exp(x: Tensor): Tensor {
  return unaryOp('exp', x, kernels.exp, expBackward);
}
const expBackward: UnaryRule = (g, out) => [mul(g, out)];

/** Natural logarithm. d/dx log x = 1/x. */
export function log(x: Tensor): Tensor {
  return unaryOp('log', x, kernels.log, logBackward);
}
const logBackward: UnaryRule = (g, _out, [x]) => [div(g, x)];

/** Square root. d/dx sqrt(x) = 1 / (2 sqrt(x)). */
export function sqrt(x: Tensor): Tensor {
  return unaryOp('sqrt', x, kernels.sqrt, sqrtBackward);
}
const sqrtBackward: UnaryRule = (g, out) => [div(g, mul(out, 2))];

/** |x|. d/dx |x| = sign(x), taken as 0 at x = 0 (PyTorch's convention). */
export function abs(x: Tensor): Tensor {
  return unaryOp('abs', x, kernels.abs, absBackward);
}
const absBackward: UnaryRule = (g, _out, [x]) => [mul(g, sign(x))];

/** x^2. d/dx x^2 = 2x. */
export function square(x: Tensor): Tensor {
  return unaryOp('square', x, kernels.square, squareBackward);
}
const squareBackward: UnaryRule = (g, _out, [x]) => [mul(mul(g, x), 2)];

/** Hyperbolic tangent. d/dx tanh(x) = 1 - tanh(x)^2. */
export function tanh(x: Tensor): Tensor {
  return unaryOp('tanh', x, kernels.tanh, tanhBackward);
}
const tanhBackward: UnaryRule = (g, out) => [tanhGradient(g, out)];

/**
 * g (1 - y^2) with y = tanh(x): tanh's backward rule as one op (PyTorch's tanh_backward), so that the
 * backward pass makes one array where g.mul(sub(1, y.square())) makes three. It is differentiable, for
 * higher-order gradients: d/dg = 1 - y^2 and d/dy = -2 y g. g has y's shape (the engine's invariant).
 */
function tanhGradient(g: Tensor, y: Tensor): Tensor {
  return sameShapeOp('tanhBackward', g, y, kernels.tanhGradient, tanhGradientBackward);
}
const tanhGradientBackward: BinaryRule = (gg, _out, [g, y]) => [
  g.requiresGrad ? mul(gg, sub(1, square(y))) : null,
  y.requiresGrad ? mul(mul(mul(gg, g), y), -2) : null,
];

/**
 * The logistic function 1 / (1 + e^-x), by a form that never overflows. Its own op, as the composed one
 * gives 0 * Inf far out. d/dx sigmoid(x) = sigmoid(x) (1 - sigmoid(x)).
 */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp('sigmoid', x, kernels.sigmoid, sigmoidBackward);
}
const sigmoidBackward: UnaryRule = (g, out) => [mul(mul(g, out), sub(1, out))];

/** max(x, 0), NaN kept. d/dx relu(x) = 1 for x > 0, else 0 (0 at x = 0, as PyTorch). */
export function relu(x: Tensor): Tensor {
  return unaryOp('relu', x, kernels.relu, reluBackward);
}
const reluBackward: UnaryRule = (g, _out, [x]) => [reluGradient(g, x)];

/**
 * g where x > 0, else 0: relu's backward rule as one op (PyTorch's threshold_backward), one array where
 * g.mul(gt(x, 0)) makes two. Differentiable in g (the same mask); in x its derivative is 0 wherever it exists.
 */
function reluGradient(g: Tensor, x: Tensor): Tensor {
  return sameShapeOp('reluBackward', g, x, kernels.reluGradient, reluGradientBackward);
}
const reluGradientBackward: BinaryRule = (gg, _out, [g, x]) => [
  g.requiresGrad ? mul(gg, gt(x, 0)) : null,
  null,
];

/** x for x > 0, negativeSlope * x otherwise. The derivative is 1 for x > 0 and negativeSlope at and below 0. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  checkNumber('leakyRelu', 'negativeSlope', negativeSlope, false);
  return unaryOp(
    'leakyRelu',
    x,
    kernels.mapWith((v) => (v > 0 ? v : v * negativeSlope)),
    (g) => [mul(g, where(gt(x, 0), 1, negativeSlope))],
    negativeSlope,
  );
}

/** log(1 + e^x) as max(x, 0) + log1p(e^-|x|), exact for large |x|. d/dx softplus(x) = sigmoid(x). */
export function softplus(x: Tensor): Tensor {
  return unaryOp('softplus', x, kernels.softplus, softplusBackward);
}
const softplusBackward: UnaryRule = (g, _out, [x]) => [mul(g, sigmoid(x))];

/** -1, 0 or 1 by the sign of each element; NaN stays NaN. No gradient (it is 0 almost everywhere). */
export function sign(x: Tensor): Tensor {
  checkTensor('sign', 'input', x);
  return constantResult(kernels.unary(x.data, Math.sign), x.shape, 'sign', [x]);
}
