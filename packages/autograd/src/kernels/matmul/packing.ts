/**
 * Packing for the tiled matmul kernels (Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication"). C = A B is computed in 4x4 tiles; a tile needs, at each step p of the sum, 4 values of
 * A (rows i..i+3 at column p) and 4 of B (row p at columns j..j+3). Packing copies A into panels of 4 rows
 * and B into panels of 4 columns, laid out so that the tile loop reads both contiguously, 4 values per
 * step, whatever the strides of the operands. It costs O(mk + kn) copies against O(mkn) multiply-adds, and
 * gives one tile loop for A B, A Bᵀ and Aᵀ B: a transposed operand only has other strides.
 *
 * Panels are padded with zeros to a multiple of 4 rows; the padded rows and columns of a tile are computed
 * and thrown away, so edges need no loop of their own. (Padding is along m and n only, never along k, so no
 * padded value enters a kept sum.)
 */

/** Rows of A and columns of B per tile (and per panel). */
export const TILE = 4;

/** A matrix read through strides: element (row, col) is data[offset + row * rowStride + col * colStride]. */
export interface StridedMatrix {
  data: Float64Array;
  offset: number;
  rowStride: number;
  colStride: number;
}

/** `rows` rounded up to whole panels. */
export function paddedToTile(rows: number): number {
  return Math.ceil(rows / TILE) * TILE;
}

/**
 * Packs `source` [rows, depth] into panels of 4 rows at `into[at..]`: panel q (rows 4q..4q+3) starts at
 * `at + 4q * depth`, and its step p holds source(4q..4q+3, p) side by side. Rows past `rows` are zeros.
 * A is packed as it is; B is packed through its transpose view, so that its panels are panels of columns.
 */
export function packPanels(
  source: StridedMatrix,
  rows: number,
  depth: number,
  into: Float64Array,
  at: number,
): void {
  const { data, rowStride, colStride } = source;
  for (let firstRow = 0; firstRow < rows; firstRow += TILE) {
    const kept = Math.min(TILE, rows - firstRow);
    let target = at + firstRow * depth;
    let element = source.offset + firstRow * rowStride;
    if (kept === TILE) {
      for (let p = 0; p < depth; p++, target += TILE, element += colStride) {
        into[target] = data[element]!;
        into[target + 1] = data[element + rowStride]!;
        into[target + 2] = data[element + 2 * rowStride]!;
        into[target + 3] = data[element + 3 * rowStride]!;
      }
    } else {
      for (let p = 0; p < depth; p++, target += TILE, element += colStride) {
        for (let r = 0; r < TILE; r++) into[target + r] = r < kept ? data[element + r * rowStride]! : 0;
      }
    }
  }
}

/** The transpose view of `matrix`: the same data with rows and columns swapped. */
export function transposedView(matrix: StridedMatrix): StridedMatrix {
  return { ...matrix, rowStride: matrix.colStride, colStride: matrix.rowStride };
}

/**
 * A loop over 4x4 tiles of C that reads packed panels: the plain TypeScript one (blocked.ts) or the
 * WebAssembly SIMD one (wasm.ts).
 */
export interface TileKernel {
  /**
   * A buffer for the packed panels of A (from index 0) and B, with room for `panelLength` values and
   * whatever else the kernel needs for an m x n product, reused by the next call; null if it cannot have
   * that much memory.
   */
  workspace(panelLength: number, m: number, n: number): Float64Array | null;
  /**
   * Writes C = A B, row-major [m, n], into `out` at `outOffset`, from A packed at `workspace[0..]` and B
   * (through its transpose view) at `workspace[bAt..]`, both by `packPanels`. With `adding`, each entry's
   * whole sum is added to what `out` holds instead (out + c, one rounding: as adding C to out afterwards).
   */
  multiply(
    workspace: Float64Array,
    bAt: number,
    m: number,
    k: number,
    n: number,
    out: Float64Array,
    outOffset: number,
    adding: boolean,
  ): void;
}
