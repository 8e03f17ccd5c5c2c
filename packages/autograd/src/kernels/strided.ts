import type { Shape } from '../shape/shape.ts';
import { sizeOf } from '../shape/shape.ts';

/**
 * Reads `x` through a strided view into a new contiguous array of `outShape`: element `idx` of the result is
 * `x[offset + sum(idx[axis] * strides[axis])]`. Permute (permuted strides), broadcastTo (stride 0 on
 * broadcast axes) and slice (offset at the start, strides times step) are all this one loop.
 */
export function gatherStrided(
  x: Float64Array,
  offset: number,
  strides: readonly number[],
  outShape: Shape,
): Float64Array {
  const out = new Float64Array(sizeOf(outShape));
  boundGatherStrided(offset, strides, outShape)(x, out);
  return out;
}

/**
 * `gatherStrided` bound to one view, for compile's replays: `(x, out)` writes the view of x into out (of the
 * view's size), allocating nothing, with the same loop.
 */
export function boundGatherStrided(
  offset: number,
  strides: readonly number[],
  outShape: Shape,
): (x: Float64Array, out: Float64Array) => void {
  const size = sizeOf(outShape);
  const ndim = outShape.length;
  // One element repeated (the gradient of a full sum or mean, spread back): a fill.
  const repeatsOne = strides.every((stride) => stride === 0);
  const rowLength = outShape[ndim - 1]!;
  const step = strides[ndim - 1]!;
  const index = new Array<number>(ndim).fill(0);
  return (x, out) => {
    if (size === 0) return;
    if (repeatsOne) {
      out.fill(x[offset]!);
      return;
    }
    index.fill(0);
    let source = offset;
    for (let rowStart = 0; rowStart < size; rowStart += rowLength) {
      for (let j = 0; j < rowLength; j++) out[rowStart + j] = x[source + j * step]!;
      for (let axis = ndim - 2; axis >= 0; axis--) {
        index[axis]!++;
        source += strides[axis]!;
        if (index[axis]! < outShape[axis]!) break;
        source -= strides[axis]! * outShape[axis]!;
        index[axis] = 0;
      }
    }
  };
}

/**
 * The adjoint of `gatherStrided`: adds each element of `src` (of `srcShape`) into a zero array of `outSize`
 * at the position the same view reads from. Where the view reads one element twice (stride 0), the
 * contributions add up, which is exactly the gradient of a broadcast.
 */
export function scatterStrided(
  src: Float64Array,
  srcShape: Shape,
  offset: number,
  strides: readonly number[],
  outSize: number,
): Float64Array {
  const out = new Float64Array(outSize);
  boundScatterStrided(srcShape, offset, strides)(src, out);
  return out;
}

/**
 * `scatterStrided` bound to one view, for compile's replays: `(src, out)` zeroes out and adds src into it at
 * the view's positions, allocating nothing, with the same loop (the same order of additions).
 */
export function boundScatterStrided(
  srcShape: Shape,
  offset: number,
  strides: readonly number[],
): (src: Float64Array, out: Float64Array) => void {
  const ndim = srcShape.length;
  const rowLength = srcShape[ndim - 1]!;
  const step = strides[ndim - 1]!;
  const index = new Array<number>(ndim).fill(0);
  return (src, out) => {
    out.fill(0);
    const size = src.length;
    if (size === 0) return;
    if (ndim === 0) {
      out[offset]! += src[0]!;
      return;
    }
    index.fill(0);
    let target = offset;
    for (let rowStart = 0; rowStart < size; rowStart += rowLength) {
      for (let j = 0; j < rowLength; j++) out[target + j * step]! += src[rowStart + j]!;
      for (let axis = ndim - 2; axis >= 0; axis--) {
        index[axis]!++;
        target += strides[axis]!;
        if (index[axis]! < srcShape[axis]!) break;
        target -= strides[axis]! * srcShape[axis]!;
        index[axis] = 0;
      }
    }
  };
}
