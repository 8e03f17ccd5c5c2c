/**
 * Elementwise transcendental math on whole arrays, written into a caller's buffer: the kernels a compiled
 * step replays with no allocation. Each function reads x[i] and writes out[i] for i < x.length; x and out
 * may be the same array, and any of them may be a subarray of a larger buffer at any offset.
 */
import { stableSigmoid } from '../math.ts';
import { fastTanh } from '../tanh.ts';

/** out[i] = tanh(x[i]), within 1 ulp (see tanh.ts). */
export function tanhInto(x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = fastTanh(x[i]!);
}

/** out[i] = e^x[i] (Math.exp). */
export function expInto(x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]!);
}

/** out[i] = ln x[i] (Math.log). */
export function logInto(x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]!);
}

/** out[i] = 1 / (1 + e^-x[i]), never overflowing. */
export function sigmoidInto(x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = stableSigmoid(x[i]!);
}

/** out[i] = g[i] (1 - y[i]^2): tanh's backward given its output y (d/dx tanh x = 1 - tanh^2 x). */
export function tanhGradientInto(g: Float64Array, y: Float64Array, out: Float64Array): void {
  for (let i = 0; i < y.length; i++) out[i] = g[i]! * (1 - y[i]! * y[i]!);
}

/** out[i] = g[i] y[i] (1 - y[i]): sigmoid's backward given its output y (d/dx s(x) = s(x) (1 - s(x))). */
export function sigmoidGradientInto(g: Float64Array, y: Float64Array, out: Float64Array): void {
  for (let i = 0; i < y.length; i++) out[i] = g[i]! * y[i]! * (1 - y[i]!);
}
