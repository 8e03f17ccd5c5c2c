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
  /** Written over instead of a new array (a compiled plan's buffer, of the result's length). */
  into?: Float64Array,
): Float64Array {
  const size = sizeOf(outShape);
  const out = into ?? new Float64Array(size);
  if (size === 0) return out;
  // One element repeated (the gradient of a full sum or mean, spread back): a fill.
  if (strides.every((stride) => stride === 0)) return out.fill(x[offset]!);
  const ndim = outShape.length;
  const rowLength = outShape[ndim - 1]!;
  const step = strides[ndim - 1]!;
  const index = new Array<number>(ndim).fill(0);
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
  return out;
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
  /** Written over instead of a new array (a compiled plan's buffer, of the result's length). */
  into?: Float64Array,
): Float64Array {
  const out = into === undefined ? new Float64Array(outSize) : into.fill(0);
  const size = src.length;
  if (size === 0) return out;
  const ndim = srcShape.length;
  if (ndim === 0) {
    out[offset]! += src[0]!;
    return out;
  }
  const rowLength = srcShape[ndim - 1]!;
  const step = strides[ndim - 1]!;
  const index = new Array<number>(ndim).fill(0);
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
  return out;
}
