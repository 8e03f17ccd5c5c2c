/** sin and cos, one fixed loop each (as math.ts's kernels, so V8 inlines the call). */

export function sin(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.sin(x[i]!);
  return out;
}

export function cos(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.cos(x[i]!);
  return out;
}
