import { broadcastStrides } from '../shape/broadcast.ts';
import { type Shape, sizeOf } from '../shape/shape.ts';
import { PairOdometer } from './odometer.ts';

/**
 * Fast kernels for + - * /, the elementwise ops every model runs most. `binary(a, ..., f)` in
 * elementwise.ts is the reference they are tested against; it calls `f` once per element, a call V8 cannot
 * inline once many different `f`s have passed through it. Here each op has its own loop, which compiles to
 * straight-line arithmetic, over a whole matrix (the last two axes) at a time, so that a bias row added to
 * every row of a batch is one call.
 */
export type BinaryKernel = (
  a: Float64Array,
  aShape: Shape,
  b: Float64Array,
  bShape: Shape,
  outShape: Shape,
) => Float64Array;

/**
 * One matrix of the output, `rows` by `columns` from `o`: element (r, j) is
 * `a[ai + r * aRowStride + j * aStep] op b[bi + r * bRowStride + j * bStep]`, a stride being 0 along an
 * axis where that operand is broadcast. Plain arguments rather than a closure keep the arrays in registers.
 */
type MatrixKernel = (
  out: Float64Array,
  o: number,
  rows: number,
  columns: number,
  a: Float64Array,
  ai: number,
  aRowStride: number,
  aStep: number,
  b: Float64Array,
  bi: number,
  bRowStride: number,
  bStep: number,
) => void;

const addMatrix: MatrixKernel = (
  out,
  o,
  rows,
  columns,
  a,
  ai,
  aRowStride,
  aStep,
  b,
  bi,
  bRowStride,
  bStep,
) => {
  for (let r = 0; r < rows; r++) {
    const outRow = o + r * columns;
    const aRow = ai + r * aRowStride;
    const bRow = bi + r * bRowStride;
    for (let j = 0; j < columns; j++) out[outRow + j] = a[aRow + j * aStep]! + b[bRow + j * bStep]!;
  }
};
const subMatrix: MatrixKernel = (
  out,
  o,
  rows,
  columns,
  a,
  ai,
  aRowStride,
  aStep,
  b,
  bi,
  bRowStride,
  bStep,
) => {
  for (let r = 0; r < rows; r++) {
    const outRow = o + r * columns;
    const aRow = ai + r * aRowStride;
    const bRow = bi + r * bRowStride;
    for (let j = 0; j < columns; j++) out[outRow + j] = a[aRow + j * aStep]! - b[bRow + j * bStep]!;
  }
};
const mulMatrix: MatrixKernel = (
  out,
  o,
  rows,
  columns,
  a,
  ai,
  aRowStride,
  aStep,
  b,
  bi,
  bRowStride,
  bStep,
) => {
  for (let r = 0; r < rows; r++) {
    const outRow = o + r * columns;
    const aRow = ai + r * aRowStride;
    const bRow = bi + r * bRowStride;
    for (let j = 0; j < columns; j++) out[outRow + j] = a[aRow + j * aStep]! * b[bRow + j * bStep]!;
  }
};
const divMatrix: MatrixKernel = (
  out,
  o,
  rows,
  columns,
  a,
  ai,
  aRowStride,
  aStep,
  b,
  bi,
  bRowStride,
  bStep,
) => {
  for (let r = 0; r < rows; r++) {
    const outRow = o + r * columns;
    const aRow = ai + r * aRowStride;
    const bRow = bi + r * bRowStride;
    for (let j = 0; j < columns; j++) out[outRow + j] = a[aRow + j * aStep]! / b[bRow + j * bStep]!;
  }
};

/**
 * Applies `matrix` over `a` and `b` broadcast to `outShape` (validated by the caller). When each operand is
 * either as large as the output or a single element, the whole output is one row; otherwise an odometer
 * walks the matrices of the last two axes (a 1-d output always is the first case), each operand advancing
 * by its broadcast strides.
 */
function broadcastMatrices(
  a: Float64Array,
  aShape: Shape,
  b: Float64Array,
  bShape: Shape,
  outShape: Shape,
  matrix: MatrixKernel,
): Float64Array {
  const size = sizeOf(outShape);
  const out = new Float64Array(size);
  if (size === 0) return out;
  const aFlat = a.length === size || a.length === 1;
  const bFlat = b.length === size || b.length === 1;
  if (aFlat && bFlat) {
    matrix(out, 0, 1, size, a, 0, 0, a.length === size ? 1 : 0, b, 0, 0, b.length === size ? 1 : 0);
    return out;
  }
  const ndim = outShape.length;
  const aStrides = broadcastStrides(aShape, outShape);
  const bStrides = broadcastStrides(bShape, outShape);
  const rows = outShape[ndim - 2]!;
  const columns = outShape[ndim - 1]!;
  const aRowStride = aStrides[ndim - 2]!;
  const aStep = aStrides[ndim - 1]!;
  const bRowStride = bStrides[ndim - 2]!;
  const bStep = bStrides[ndim - 1]!;
  // One matrix (the last two axes) at a time; the odometer walks the axes before them.
  const matrices = new PairOdometer(outShape, aStrides, bStrides, ndim - 2);
  for (let start = 0; start < size; start += rows * columns) {
    matrix(
      out,
      start,
      rows,
      columns,
      a,
      matrices.aOffset,
      aRowStride,
      aStep,
      b,
      matrices.bOffset,
      bRowStride,
      bStep,
    );
    matrices.next();
  }
  return out;
}

/** `a + b`, broadcast. */
export const add: BinaryKernel = (a, aShape, b, bShape, outShape) =>
  broadcastMatrices(a, aShape, b, bShape, outShape, addMatrix);

/** `a - b`, broadcast. */
export const sub: BinaryKernel = (a, aShape, b, bShape, outShape) =>
  broadcastMatrices(a, aShape, b, bShape, outShape, subMatrix);

/** `a * b`, broadcast. */
export const mul: BinaryKernel = (a, aShape, b, bShape, outShape) =>
  broadcastMatrices(a, aShape, b, bShape, outShape, mulMatrix);

/** `a / b`, broadcast. */
export const div: BinaryKernel = (a, aShape, b, bShape, outShape) =>
  broadcastMatrices(a, aShape, b, bShape, outShape, divMatrix);

/**
 * `into += values` in place, values broadcast to the matrix `into` of shape `[rows, columns]` (validated by
 * the caller): addmm adds its bias to the product's own array this way. addMatrix may write where it reads,
 * as each element is read once, just before it is written.
 */
export function addBroadcastInto(
  into: Float64Array,
  intoShape: Shape,
  values: Float64Array,
  valuesShape: Shape,
): void {
  boundAddBroadcast(intoShape, valuesShape)(into, values);
}

/** addBroadcastInto bound to its shapes, for compile's replays: `(into, values)` allocates nothing. */
export function boundAddBroadcast(
  intoShape: Shape,
  valuesShape: Shape,
): (into: Float64Array, values: Float64Array) => void {
  const [rows, columns] = intoShape as [number, number];
  const [rowStride, columnStride] = broadcastStrides(valuesShape, intoShape) as [number, number];
  return (into, values) =>
    addMatrix(into, 0, rows, columns, into, 0, columns, 1, values, 0, rowStride, columnStride);
}
