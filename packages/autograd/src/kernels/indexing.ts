import type { Shape } from '../shape/shape.ts';
import { sizeOf, stridesOf } from '../shape/shape.ts';

/**
 * Walks every position of `indexShape` in row-major order, keeping `offset`: the matching element of a
 * tensor of `shape` with the coordinate on `axis` left out (0). The caller adds `index * stride(axis)`
 * itself. Made once per shapes (gather and its adjoint scatterAdd, bound); `restart()` before each walk.
 */
class AlongAxisWalk {
  offset = 0;
  readonly #strides: readonly number[];
  readonly #index: number[];

  constructor(
    private readonly indexShape: Shape,
    shape: Shape,
    private readonly axis: number,
  ) {
    this.#strides = stridesOf(shape);
    this.#index = new Array<number>(indexShape.length).fill(0);
  }

  restart(): void {
    this.offset = 0;
    this.#index.fill(0);
  }

  /** Moves to the next position of the index. */
  next(): void {
    for (let d = this.indexShape.length - 1; d >= 0; d--) {
      this.#index[d]!++;
      if (d !== this.axis) this.offset += this.#strides[d]!;
      if (this.#index[d]! < this.indexShape[d]!) return;
      if (d !== this.axis) this.offset -= this.#strides[d]! * this.indexShape[d]!;
      this.#index[d] = 0;
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
): Float64Array {
  const out = new Float64Array(index.length);
  boundGather(shape, axis, indexShape)(x, index, out);
  return out;
}

/** `gather` bound to the shapes, for compile's replays: `(x, index, out)`, allocating nothing. */
export function boundGather(
  shape: Shape,
  axis: number,
  indexShape: Shape,
): (x: Float64Array, index: Float64Array, out: Float64Array) => void {
  const walk = new AlongAxisWalk(indexShape, shape, axis);
  const axisStride = stridesOf(shape)[axis]!;
  return (x, index, out) => {
    walk.restart();
    for (let position = 0; position < index.length; position++) {
      out[position] = x[walk.offset + index[position]! * axisStride]!;
      walk.next();
    }
  };
}

/** The adjoint of gather: adds `src` (of indexShape) into zeros of `shape` at the gathered positions. */
export function scatterAdd(
  src: Float64Array,
  indexShape: Shape,
  axis: number,
  index: Float64Array,
  shape: Shape,
): Float64Array {
  const out = new Float64Array(sizeOf(shape));
  boundScatterAdd(indexShape, axis, shape)(src, index, out);
  return out;
}

/** `scatterAdd` bound to the shapes, for compile's replays: `(src, index, out)` zeroes out first. */
export function boundScatterAdd(
  indexShape: Shape,
  axis: number,
  shape: Shape,
): (src: Float64Array, index: Float64Array, out: Float64Array) => void {
  const walk = new AlongAxisWalk(indexShape, shape, axis);
  const axisStride = stridesOf(shape)[axis]!;
  return (src, index, out) => {
    out.fill(0);
    walk.restart();
    for (let position = 0; position < index.length; position++) {
      out[walk.offset + index[position]! * axisStride]! += src[position]!;
      walk.next();
    }
  };
}

/** Copies `length` values of `source` starting at `from` into `target` starting at `to`. */
type RowCopy = (source: Float64Array, from: number, target: Float64Array, to: number, length: number) => void;

/** The typed array's own copy through a view of the row: several times faster on long rows, a view each. */
const copyThroughView: RowCopy = (source, from, target, to, length) => {
  target.set(source.subarray(from, from + length), to);
};

/** Element by element: allocates nothing, so compile's replays copy rows this way. */
const copyByElement: RowCopy = (source, from, target, to, length) => {
  for (let i = 0; i < length; i++) target[to + i] = source[from + i]!;
};

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
): Float64Array {
  const [outer, , inner] = splitAround(shape, axis);
  const out = new Float64Array(outer * indices.length * inner);
  boundIndexSelect(shape, axis, copyThroughView)(x, indices, out);
  return out;
}

/**
 * `indexSelect` bound to the shape of x: `(x, indices, out)`. By default rows are copied element by element,
 * allocating nothing, for compile's replays.
 */
export function boundIndexSelect(
  shape: Shape,
  axis: number,
  copyRow: RowCopy = copyByElement,
): (x: Float64Array, indices: Float64Array, out: Float64Array) => void {
  const [outer, length, inner] = splitAround(shape, axis);
  return (x, indices, out) => {
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < indices.length; j++) {
        copyRow(x, (o * length + indices[j]!) * inner, out, (o * indices.length + j) * inner, inner);
      }
    }
  };
}

/** The adjoint of indexSelect: adds each selected slice of `src` back at its index (repeats add up). */
export function indexAdd(src: Float64Array, shape: Shape, axis: number, indices: Float64Array): Float64Array {
  const out = new Float64Array(sizeOf(shape));
  boundIndexAdd(shape, axis)(src, indices, out);
  return out;
}

/** `indexAdd` bound to the result's shape, for compile's replays: `(src, indices, out)` zeroes out first. */
export function boundIndexAdd(
  shape: Shape,
  axis: number,
): (src: Float64Array, indices: Float64Array, out: Float64Array) => void {
  const [outer, length, inner] = splitAround(shape, axis);
  return (src, indices, out) => {
    out.fill(0);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < indices.length; j++) {
        const to = (o * length + indices[j]!) * inner;
        const from = (o * indices.length + j) * inner;
        for (let i = 0; i < inner; i++) out[to + i]! += src[from + i]!;
      }
    }
  };
}

/** Joins contiguous parts along `axis`; every part has `outShape` except on that axis. */
export function concat(
  parts: readonly Float64Array[],
  shapes: readonly Shape[],
  axis: number,
  outShape: Shape,
): Float64Array {
  const out = new Float64Array(sizeOf(outShape));
  boundConcat(shapes, axis, outShape, copyThroughView)(parts, out);
  return out;
}

/**
 * `concat` bound to the parts' shapes: `(parts, out)`. By default rows are copied element by element,
 * allocating nothing, for compile's replays.
 */
export function boundConcat(
  shapes: readonly Shape[],
  axis: number,
  outShape: Shape,
  copyRow: RowCopy = copyByElement,
): (parts: readonly Float64Array[], out: Float64Array) => void {
  const [outer, outLength, inner] = splitAround(outShape, axis);
  // Each part's run of values per outer position, and where along the axis the part starts.
  const chunks = shapes.map((shape) => shape[axis]! * inner);
  const axisOffsets: number[] = [];
  let axisOffset = 0;
  for (const shape of shapes) {
    axisOffsets.push(axisOffset);
    axisOffset += shape[axis]!;
  }
  return (parts, out) => {
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p]!;
      const chunk = chunks[p]!;
      for (let o = 0; o < outer; o++)
        copyRow(part, o * chunk, out, (o * outLength + axisOffsets[p]!) * inner, chunk);
    }
  };
}
