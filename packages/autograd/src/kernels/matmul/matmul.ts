import { broadcastStrides } from '../../shape/broadcast.ts';
import type { Shape } from '../../shape/shape.ts';
import { sizeOf } from '../../shape/shape.ts';
import { PairOdometer } from '../odometer.ts';
import { blockedKernel } from './blocked.ts';
import { multiplyByDotProducts } from './dot-products.ts';
import {
  packPanels,
  paddedToTile,
  type StridedMatrix,
  TILE,
  type TileKernel,
  transposedView,
} from './packing.ts';
import { wasmKernel } from './wasm.ts';

/**
 * Which loop computes a product. `auto` (the default) takes dot products for a single column (a matrix
 * times a vector), and otherwise 4x4 tiles in WebAssembly SIMD where the platform has it (measured faster
 * than dot products from 2 columns on); without it, dot products for fewer than 4 columns and TypeScript
 * tiles otherwise. The choice depends on the columns of C only, never on its rows: the two loops add a dot
 * product's terms in different orders, and a row's result must not change with the rows multiplied beside
 * it (batch invariance: a server that batches requests answers each with the bits it would get alone). The others pin one loop, so that tests
 * can compare each with the reference kernel; `tiles-simd` falls back to `tiles` without WebAssembly SIMD.
 */
export type MatmulKernel = 'auto' | 'dot-products' | 'tiles' | 'tiles-simd';

export interface MatmulOptions {
  /** Multiply by the transpose of a: a is `[..., k, m]` and read as `[..., m, k]` (as tf.matMul). */
  readonly transposeA?: boolean;
  /** Multiply by the transpose of b: b is `[..., n, k]` and read as `[..., k, n]`. */
  readonly transposeB?: boolean;
  /** The loop to use; `auto` unless a test pins one. */
  readonly kernel?: MatmulKernel;
}

/**
 * Batched matrix product `op(a) op(b)`, where op transposes the last two axes when asked: `[...batchA, m, k]`
 * times `[...batchB, k, n]` into `[...batch, m, n]`, the batch axes broadcast to `batchShape`. Shapes are
 * validated by the caller. A transposed operand is read in place through its strides, never copied out, so
 * the backward rules of matmul (G Bᵀ and Aᵀ G) cost no transpose. The result equals matmulReference's up to
 * rounding: the same products, summed in another order. With `into` the result is written there instead.
 * @example matmul(a, [2, 3], b, [4, 3], [], { transposeB: true }) // [2, 3] times [4, 3]ᵀ: [2, 4]
 */
export function matmul(
  a: Float64Array,
  aShape: Shape,
  b: Float64Array,
  bShape: Shape,
  batchShape: Shape,
  options: MatmulOptions = {},
  into?: Float64Array,
): Float64Array {
  const product = boundMatmul(aShape, bShape, batchShape, options);
  // `into`, of the result's length, is written over (a compiled plan's buffer): every element is assigned.
  const out = into ?? new Float64Array(product.outputLength);
  product.run(a, b, out);
  return out;
}

/**
 * The sizes of op(a) op(b), [m, k] times [k, n], from the operands' last two axes, and the element strides
 * that read element (i, p) of op(a) and (p, j) of op(b) from one matrix of each: a transposed operand is
 * read in place through other strides.
 */
export function productLayout(
  aShape: Shape,
  bShape: Shape,
  { transposeA = false, transposeB = false }: Pick<MatmulOptions, 'transposeA' | 'transposeB'> = {},
) {
  const aRows = aShape[aShape.length - 2]!;
  const aColumns = aShape[aShape.length - 1]!;
  const bRows = bShape[bShape.length - 2]!;
  const bColumns = bShape[bShape.length - 1]!;
  return {
    m: transposeA ? aColumns : aRows,
    k: transposeA ? aRows : aColumns,
    n: transposeB ? bRows : bColumns,
    aRowStride: transposeA ? 1 : aColumns,
    aColumnStride: transposeA ? aColumns : 1,
    bRowStride: transposeB ? 1 : bColumns,
    bColumnStride: transposeB ? bColumns : 1,
  };
}

/**
 * Whether `auto` computes a product of n columns by dot products (one column) rather than tiles, where
 * WebAssembly SIMD runs: the order of the sums that any other loop must follow to give matmul's bits.
 */
export function autoTakesDotProducts(n: number): boolean {
  return n === 1;
}

/**
 * A product bound to its shapes: `run(a, b, out)` writes op(a) op(b) into out, allocating nothing; with
 * `adding` it adds each entry to out instead (out + c, with c rounded as `run` writes it: the bits of writing
 * C and then adding it, without C's buffer; a compiled plan adds a weight's gradient into `.grad` so).
 */
export interface BoundMatmul {
  readonly outputLength: number;
  run(a: Float64Array, b: Float64Array, out: Float64Array, adding?: boolean): void;
}

/**
 * `matmul` bound once to the operands' shapes, the batch shape and the options: the loop is chosen and the
 * strided views and batch odometer are made here, so that `run` (a compiled plan's replay calls it every
 * step) allocates nothing. The same loops in the same order as `matmul`: the same bits.
 */
export function boundMatmul(
  aShape: Shape,
  bShape: Shape,
  batchShape: Shape,
  { transposeA = false, transposeB = false, kernel = 'auto' }: MatmulOptions = {},
): BoundMatmul {
  const layout = productLayout(aShape, bShape, { transposeA, transposeB });
  const { m, k, n } = layout;
  const batchCount = sizeOf(batchShape);
  const outputLength = batchCount * m * n;
  const aMatrix: StridedMatrix = {
    data: new Float64Array(0),
    offset: 0,
    rowStride: layout.aRowStride,
    colStride: layout.aColumnStride,
  };
  const bMatrix: StridedMatrix = {
    data: new Float64Array(0),
    offset: 0,
    rowStride: layout.bRowStride,
    colStride: layout.bColumnStride,
  };
  // B is packed through its transpose, so that its panels hold columns.
  const bColumnsView = transposedView(bMatrix);
  const aPanelsLength = paddedToTile(m) * k;
  const panelLength = aPanelsLength + paddedToTile(n) * k;
  const tiles = chooseTiles(kernel, panelLength, m, n);
  // Which matrix of A and of B each batch element reads (strides counted in whole matrices).
  const batches = new PairOdometer(
    batchShape,
    broadcastStrides(aShape.slice(0, -2), batchShape),
    broadcastStrides(bShape.slice(0, -2), batchShape),
    batchShape.length,
  );
  const run = (a: Float64Array, b: Float64Array, out: Float64Array, adding = false): void => {
    if (outputLength === 0) return;
    aMatrix.data = a;
    bMatrix.data = bColumnsView.data = b;
    // The workspace is asked for again each call: another product may have grown the module's memory.
    const panels = tiles === null ? null : tiles.workspace(panelLength, m, n)!;
    // B is packed once per distinct batch element: a B shared by the whole batch is packed once.
    let packedBatch = -1;
    for (let batch = 0; batch < batchCount; batch++) {
      const { aOffset: aBatch, bOffset: bBatch } = batches;
      aMatrix.offset = aBatch * m * k;
      bMatrix.offset = bColumnsView.offset = bBatch * k * n;
      if (tiles === null || panels === null) {
        multiplyByDotProducts(aMatrix, bMatrix, m, k, n, out, batch * m * n, adding);
      } else {
        if (bBatch !== packedBatch) {
          packPanels(bColumnsView, n, k, panels, aPanelsLength);
          packedBatch = bBatch;
        }
        packPanels(aMatrix, m, k, panels, 0);
        tiles.multiply(panels, aPanelsLength, m, k, n, out, batch * m * n, adding);
      }
      batches.next();
    }
  };
  return { outputLength, run };
}

/**
 * The tile loop for a product, or null for dot products: WebAssembly SIMD, unless pinned to another loop,
 * missing on this platform, or short of memory for this product.
 */
function chooseTiles(kernel: MatmulKernel, panelLength: number, m: number, n: number): TileKernel | null {
  // A matrix times a vector (one column) would leave 3 of each tile's 4 columns empty: dot products, 3-35%
  // faster measured. The rows m never choose the loop (batch invariance, see MatmulKernel).
  if (kernel === 'dot-products' || (kernel === 'auto' && autoTakesDotProducts(n))) return null;
  if (kernel !== 'tiles' && wasmKernel !== null && wasmKernel.workspace(panelLength, m, n) !== null) {
    return wasmKernel;
  }
  // Fewer than 4 columns would leave most of each TypeScript tile empty.
  if (kernel === 'auto' && n < TILE) return null;
  return blockedKernel;
}
