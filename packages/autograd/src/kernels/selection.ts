/** The positions of the k largest (or smallest) values along one axis: topk's selection. */
import { type Shape, sizeOf } from '../shape/shape.ts';

/**
 * For each slice along `axis`, the indices of its k largest values (smallest with `largest` false) in the
 * order topk returns them: best first when `sorted`, else by position. NaN counts as larger than every
 * number, as in PyTorch; among equal values the lower index comes first. The result has x's shape with k on
 * `axis`.
 */
export function topkIndices(
  x: Float64Array,
  shape: Shape,
  axis: number,
  k: number,
  largest: boolean,
  sorted: boolean,
): Float64Array {
  const outer = sizeOf(shape.slice(0, axis));
  const length = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const out = new Float64Array(outer * k * inner);
  const positions = Array.from({ length }, (_, i) => i);
  const sign = largest ? -1 : 1;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * length * inner + i;
      const valueAt = (position: number) => x[start + position * inner]!;
      // By sign * value ascending, NaN as the largest value (first for largest, last for smallest), then by
      // position, so ties keep the lower index first.
      const order = positions.slice().sort((p, q) => {
        const a = valueAt(p);
        const b = valueAt(q);
        const aNaN = Number.isNaN(a);
        const bNaN = Number.isNaN(b);
        if (aNaN || bNaN) return aNaN === bNaN ? p - q : aNaN ? sign : -sign;
        return a === b ? p - q : sign * a > sign * b ? 1 : -1;
      });
      const picked = order.slice(0, k);
      if (!sorted) picked.sort((p, q) => p - q);
      picked.forEach((position, j) => {
        out[(o * k + j) * inner + i] = position;
      });
    }
  }
  return out;
}
