/**
 * Fast kernels for the elementwise functions models use most. `unary(x, f)` in elementwise.ts is the
 * reference they are tested against; it calls `f` once per element, a call V8 cannot inline once many
 * different `f`s have passed through it. Each loop here applies one fixed function. The scalar formulas
 * are exported for the reference to use.
 */
import { fastTanh } from './tanh.ts';

export type UnaryKernel = (x: Float64Array) => Float64Array;

/** 1 / (1 + e^-v), in a form that never overflows: e^v / (1 + e^v) for negative v. */
export function stableSigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** log(1 + e^v) as max(v, 0) + log1p(e^-|v|): exact for large |v|, where e^v overflows or 1 + e^v rounds. */
export function stableSoftplus(v: number): number {
  return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
}

/** max(v, 0), with NaN kept. */
export function reluOf(v: number): number {
  return v > 0 || Number.isNaN(v) ? v : 0;
}

export function neg(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = -x[i]!;
  return out;
}

export function square(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! * x[i]!;
  return out;
}

export function exp(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]!);
  return out;
}

export function log(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]!);
  return out;
}

export function sqrt(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]!);
  return out;
}

export function abs(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]!);
  return out;
}

/** Within 1 ulp of the exact tanh (see tanh.ts); the reference is `unary(x, Math.tanh)`, within 2. */
export function tanh(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = fastTanh(x[i]!);
  return out;
}

/** `g (1 - y^2)` elementwise, tanh's derivative at the output y times the gradient g, in one pass. */
export function tanhGradient(g: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = g[i]! * (1 - y[i]! * y[i]!);
  return out;
}

/** g where x > 0 and 0 elsewhere (relu's derivative, 0 at x = 0, times the gradient g), in one pass. */
export function reluGradient(g: Float64Array, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! > 0 ? g[i]! : 0;
  return out;
}

export function sigmoid(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = stableSigmoid(x[i]!);
  return out;
}

export function softplus(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = stableSoftplus(x[i]!);
  return out;
}

export function relu(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = reluOf(x[i]!);
  return out;
}
