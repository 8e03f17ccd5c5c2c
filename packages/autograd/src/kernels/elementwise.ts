import { broadcastStrides } from '../shape/broadcast.ts';
import { type Shape, sizeOf } from '../shape/shape.ts';
import type { BinaryKernel } from './arithmetic.ts';
import type { UnaryKernel } from './math.ts';
import { PairOdometer } from './odometer.ts';

export type UnaryFn = (x: number) => number;
export type BinaryFn = (x: number, y: number) => number;

/** `out[i] = f(x[i])`. */
export function unary(x: Float64Array, f: UnaryFn): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return out;
}

/**
 * `out = f(a, b)` elementwise, with `a` and `b` broadcast to `outShape` (already validated by the caller).
 * Equal sizes and scalar operands take a flat loop; otherwise an odometer walks the output row by row, each
 * input advancing by its broadcast strides (0 on broadcast axes).
 */
export function binary(
  a: Float64Array,
  aShape: Shape,
  b: Float64Array,
  bShape: Shape,
  outShape: Shape,
  f: BinaryFn,
): Float64Array {
  const size = sizeOf(outShape);
  const out = new Float64Array(size);
  if (size === 0) return out;
  // An operand with as many elements as the output has the output's row-major layout.
  const aFull = a.length === size;
  const bFull = b.length === size;
  if (aFull && bFull) {
    for (let i = 0; i < size; i++) out[i] = f(a[i]!, b[i]!);
    return out;
  }
  if (aFull && b.length === 1) {
    const y = b[0]!;
    for (let i = 0; i < size; i++) out[i] = f(a[i]!, y);
    return out;
  }
  if (a.length === 1 && bFull) {
    const x = a[0]!;
    for (let i = 0; i < size; i++) out[i] = f(x, b[i]!);
    return out;
  }
  const ndim = outShape.length;
  const aStrides = broadcastStrides(aShape, outShape);
  const bStrides = broadcastStrides(bShape, outShape);
  const rowLength = outShape[ndim - 1]!;
  const aStep = aStrides[ndim - 1]!;
  const bStep = bStrides[ndim - 1]!;
  // One row at a time; the odometer walks every axis but the last.
  const rows = new PairOdometer(outShape, aStrides, bStrides, ndim - 1);
  for (let rowStart = 0; rowStart < size; rowStart += rowLength) {
    const { aOffset, bOffset } = rows;
    for (let j = 0; j < rowLength; j++) {
      out[rowStart + j] = f(a[aOffset + j * aStep]!, b[bOffset + j * bStep]!);
    }
    rows.next();
  }
  return out;
}

/** `unary` with `f` fixed: a kernel of the same form as the fast ones in math.ts, for functions without one. */
export function mapWith(f: UnaryFn): UnaryKernel {
  return (x) => unary(x, f);
}

/** `binary` with `f` fixed: a kernel of the same form as the fast ones in arithmetic.ts. */
export function zipWith(f: BinaryFn): BinaryKernel {
  return (a, aShape, b, bShape, outShape) => binary(a, aShape, b, bShape, outShape, f);
}

/** `out[i] = f(a[i], b[i], c[i])` for three arrays of the same length. */
export function ternary(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  f: (x: number, y: number, z: number) => number,
): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, b[i]!, c[i]!);
  return out;
}

/**
 * `into[i] += values[i]`: the one kernel that writes to an argument. Only the backward pass calls it, on a
 * buffer of its own that no tensor outside the pass can see yet (fan-out accumulation).
 */
export function addInto(into: Float64Array, values: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i]! += values[i]!;
}
