/** Running sums along one axis: cumsum's forward (left to right) and its adjoint (right to left). */
import { type Shape, sizeOf } from '../shape/shape.ts';

/**
 * `out[.., i, ..] = x[.., 0, ..] + ... + x[.., i, ..]` along `axis`, or with `reverse` the sum from i to the
 * end.
 */
export function cumsum(x: Float64Array, shape: Shape, axis: number, reverse: boolean): Float64Array {
  const out = new Float64Array(x.length);
  boundCumsum(shape, axis, reverse)(x, out);
  return out;
}

/**
 * `cumsum` bound to one shape, axis and direction: `(x, out)` writes the running sums of x into out,
 * allocating nothing, so that compile's replays run the loop eager runs. x is read as [outer, length,
 * inner], the scanned axis in the middle.
 */
export function boundCumsum(
  shape: Shape,
  axis: number,
  reverse: boolean,
): (x: Float64Array, out: Float64Array) => void {
  const outer = sizeOf(shape.slice(0, axis));
  const length = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  return (x, out) => {
    for (let o = 0; o < outer; o++) {
      const base = o * length * inner;
      for (let step = 0; step < length; step++) {
        const r = reverse ? length - 1 - step : step;
        const row = base + r * inner;
        if (step === 0) {
          for (let i = 0; i < inner; i++) out[row + i] = x[row + i]!;
        } else {
          const previous = row + (reverse ? inner : -inner);
          for (let i = 0; i < inner; i++) out[row + i] = out[previous + i]! + x[row + i]!;
        }
      }
    }
  };
}
