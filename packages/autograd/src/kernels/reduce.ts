import type { Shape } from '../shape/shape.ts';
import { sizeOf, stridesOf } from '../shape/shape.ts';

export type ReduceKind = 'sum' | 'max' | 'min';

const initialValue: Record<ReduceKind, number> = { sum: 0, max: -Infinity, min: Infinity };

/**
 * Reduces `x` over `axes` (sorted, normalized). Returns the result laid out in the keepdims shape (size 1
 * on each reduced axis), which is also the row-major layout of the squeezed shape. max and min propagate
 * NaN, as PyTorch does. Adjacent axes (all of them, leading, trailing or a single one: what sumToShape and
 * mean ask for) take a plain loop; others the reference's odometer.
 */
export function reduce(
  x: Float64Array,
  shape: Shape,
  axes: readonly number[],
  kind: ReduceKind,
): Float64Array {
  const keptShape = shape.map((dim, axis) => (axes.includes(axis) ? 1 : dim));
  const out = new Float64Array(sizeOf(keptShape));
  boundReducer(shape, axes, kind)(x, out);
  return out;
}

/**
 * x as [outer, length, inner], reduced over the middle axis into out ([outer, inner]): each output position
 * takes its elements in increasing index order, as the reference does.
 */
function reduceMiddleAxis(
  x: Float64Array,
  out: Float64Array,
  outer: number,
  length: number,
  inner: number,
  kind: ReduceKind,
): void {
  out.fill(initialValue[kind]);
  for (let o = 0; o < outer; o++) {
    const target = o * inner;
    for (let r = 0; r < length; r++) {
      const source = (o * length + r) * inner;
      if (kind === 'sum') {
        for (let i = 0; i < inner; i++) out[target + i]! += x[source + i]!;
      } else {
        for (let i = 0; i < inner; i++) {
          const value = x[source + i]!;
          const best = out[target + i]!;
          if ((kind === 'max' ? value > best : value < best) || Number.isNaN(value)) out[target + i] = value;
        }
      }
    }
  }
}

/**
 * `reduce` bound to one shape, axes and kind, for compile's replays: `(x, out)` writes the reduction of x
 * into out, allocating nothing, with the same bits as `reduce` (the middle-axis loop for adjacent axes,
 * the reference's odometer otherwise).
 */
export function boundReducer(
  shape: Shape,
  axes: readonly number[],
  kind: ReduceKind,
): (x: Float64Array, out: Float64Array) => void {
  const first = axes[0];
  const last = axes[axes.length - 1];
  if (first === undefined || last === undefined || last - first !== axes.length - 1) {
    return referenceReducer(shape, axes, kind);
  }
  const outer = sizeOf(shape.slice(0, first));
  const length = sizeOf(shape.slice(first, last + 1));
  const inner = sizeOf(shape.slice(last + 1));
  return (x, out) => reduceMiddleAxis(x, out, outer, length, inner, kind);
}

/**
 * The reference reduction, for any set of axes: reads x once in row-major order, sending each element to
 * its output position through the kept axes' strides. The fast path of `reduce` is tested against it.
 */
export function reduceReference(
  x: Float64Array,
  shape: Shape,
  axes: readonly number[],
  kind: ReduceKind,
): Float64Array {
  const keptShape = shape.map((dim, axis) => (axes.includes(axis) ? 1 : dim));
  const out = new Float64Array(sizeOf(keptShape));
  referenceReducer(shape, axes, kind)(x, out);
  return out;
}

/**
 * The reference reduction bound to one shape, axes and kind: `(x, out)` writes the reduction of x into out
 * (the keepdims layout), allocating nothing, so that compile's replays can run it again and again. Each output
 * position takes its elements in increasing index order, as `reduce`'s fast path does: the same bits.
 */
export function referenceReducer(
  shape: Shape,
  axes: readonly number[],
  kind: ReduceKind,
): (x: Float64Array, out: Float64Array) => void {
  const keptShape = shape.map((dim, axis) => (axes.includes(axis) ? 1 : dim));
  // Reading x in row-major order, the output position follows the kept axes only (stride 0 on reduced ones).
  const keptStrides = stridesOf(keptShape).map((stride, axis) => (axes.includes(axis) ? 0 : stride));
  const ndim = shape.length;
  const index = new Array<number>(ndim).fill(0);
  return (x, out) => {
    out.fill(initialValue[kind]);
    index.fill(0);
    let target = 0;
    for (let i = 0; i < x.length; i++) {
      const value = x[i]!;
      if (kind === 'sum') out[target]! += value;
      else if (kind === 'max') {
        if (value > out[target]! || Number.isNaN(value)) out[target] = value;
      } else if (value < out[target]! || Number.isNaN(value)) out[target] = value;
      for (let axis = ndim - 1; axis >= 0; axis--) {
        index[axis]!++;
        target += keptStrides[axis]!;
        if (index[axis]! < shape[axis]!) break;
        target -= keptStrides[axis]! * shape[axis]!;
        index[axis] = 0;
      }
    }
  };
}

/**
 * Index of the largest (`max`) or smallest (`min`) element along `axis`, the first one on ties, as PyTorch.
 * The result has the shape of x without `axis`. A NaN counts as the extreme value.
 */
export function argReduce(x: Float64Array, shape: Shape, axis: number, kind: 'max' | 'min'): Float64Array {
  const out = new Float64Array(sizeOf(shape.slice(0, axis)) * sizeOf(shape.slice(axis + 1)));
  boundArgReduce(shape, axis, kind)(x, out);
  return out;
}

/**
 * `argReduce` bound to one shape, axis and kind: `(x, out)` writes the indices into out, allocating nothing,
 * so that compile's replays run the loop eager runs.
 */
export function boundArgReduce(
  shape: Shape,
  axis: number,
  kind: 'max' | 'min',
): (x: Float64Array, out: Float64Array) => void {
  const length = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  return (x, out) => {
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * length * inner + i;
        let best = x[base]!;
        let bestIndex = 0;
        for (let k = 1; k < length && !Number.isNaN(best); k++) {
          const value = x[base + k * inner]!;
          const better = kind === 'max' ? value > best : value < best;
          if (better || Number.isNaN(value)) {
            best = value;
            bestIndex = k;
          }
        }
        out[o * inner + i] = bestIndex;
      }
    }
  };
}
