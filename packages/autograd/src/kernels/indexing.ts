import type { Shape } from '../shape/shape.ts';
import { sizeOf, stridesOf } from '../shape/shape.ts';

/**
 * Walks every position of `indexShape` in row-major order and calls `visit(position, offset)`, where
 * `offset` is the matching element of a tensor of `shape` with the coordinate on `axis` left out (0). The
 * caller adds `index * stride(axis)` itself. Shared by gather and its adjoint scatterAdd.
 */
function forEachAlongAxis(
  indexShape: Shape,
  shape: Shape,
  axis: number,
  visit: (position: number, offsetWithoutAxis: number) => void,
): void {
  const size = sizeOf(indexShape);
  const strides = stridesOf(shape);
  const ndim = indexShape.length;
  const index = new Array<number>(ndim).fill(0);
  let offset = 0;
  for (let position = 0; position < size; position++) {
    visit(position, offset);
    for (let d = ndim - 1; d >= 0; d--) {
      index[d]!++;
      if (d !== axis) offset += strides[d]!;
      if (index[d]! < indexShape[d]!) break;
      if (d !== axis) offset -= strides[d]! * indexShape[d]!;
      index[d] = 0;
    }
  }
}

/** torch.gather: `out[..., j, ...] = x[..., index[..., j, ...], ...]` along `axis`; out has indexShape. */
export function gather(
  x: Float64Array,
  shape: Shape,
  axis: number,
  index: Float64Array,
  indexShape: Shape,
  /** Written over instead of a new array (a compiled plan's buffer, of the result's length). */
  into?: Float64Array,
): Float64Array {
  const out = into ?? new Float64Array(index.length);
  const axisStride = stridesOf(shape)[axis]!;
  forEachAlongAxis(indexShape, shape, axis, (position, offset) => {
    out[position] = x[offset + index[position]! * axisStride]!;
  });
  return out;
}

/** The adjoint of gather: adds `src` (of indexShape) into zeros of `shape` at the gathered positions. */
export function scatterAdd(
  src: Float64Array,
  indexShape: Shape,
  axis: number,
  index: Float64Array,
  shape: Shape,
  /** Written over instead of a new array (a compiled plan's buffer, of the result's length). */
  into?: Float64Array,
): Float64Array {
  const out = into === undefined ? new Float64Array(sizeOf(shape)) : into.fill(0);
  const axisStride = stridesOf(shape)[axis]!;
  forEachAlongAxis(indexShape, shape, axis, (position, offset) => {
    out[offset + index[position]! * axisStride]! += src[position]!;
  });
  return out;
}

/** Views `shape` as [outer, shape[axis], inner] around `axis`. */
function splitAround(shape: Shape, axis: number): [outer: number, length: number, inner: number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))];
}

/** torch.index_select: the slices of x at `indices` along `axis`, in that order. */
export function indexSelect(
  x: Float64Array,
  shape: Shape,
  axis: number,
  indices: Float64Array,
  /** Written over instead of a new array (a compiled plan's buffer, of the result's length). */
  into?: Float64Array,
): Float64Array {
  const [outer, length, inner] = splitAround(shape, axis);
  const out = into ?? new Float64Array(outer * indices.length * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < indices.length; j++) {
      const from = (o * length + indices[j]!) * inner;
      out.set(x.subarray(from, from + inner), (o * indices.length + j) * inner);
    }
  }
  return out;
}

/** The adjoint of indexSelect: adds each selected slice of `src` back at its index (repeats add up). */
export function indexAdd(
  src: Float64Array,
  shape: Shape,
  axis: number,
  indices: Float64Array,
  /** Written over instead of a new array (a compiled plan's buffer, of the result's length). */
  into?: Float64Array,
): Float64Array {
  const [outer, length, inner] = splitAround(shape, axis);
  const out = into === undefined ? new Float64Array(outer * length * inner) : into.fill(0);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < indices.length; j++) {
      const to = (o * length + indices[j]!) * inner;
      const from = (o * indices.length + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i]! += src[from + i]!;
    }
  }
  return out;
}

/** Joins contiguous parts along `axis`; every part has `outShape` except on that axis. */
export function concat(
  parts: readonly Float64Array[],
  shapes: readonly Shape[],
  axis: number,
  outShape: Shape,
  /** Written over instead of a new array (a compiled plan's buffer, of the result's length). */
  into?: Float64Array,
): Float64Array {
  const [outer, outLength, inner] = splitAround(outShape, axis);
  const out = into ?? new Float64Array(outer * outLength * inner);
  let axisOffset = 0;
  parts.forEach((part, p) => {
    const partLength = shapes[p]![axis]!;
    const chunk = partLength * inner;
    for (let o = 0; o < outer; o++) {
      out.set(part.subarray(o * chunk, (o + 1) * chunk), (o * outLength + axisOffset) * inner);
    }
    axisOffset += partLength;
  });
  return out;
}
