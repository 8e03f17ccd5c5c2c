import { TILE, type TileKernel } from './packing.ts';

/**
 * The tile loop in plain TypeScript (register blocking): C is computed in 4x4 tiles, each tile's 16 sums
 * held in local variables over the whole k loop. Per step p a tile reads 4 values of A and 4 of B and does
 * 16 multiply-adds, where the simple i-p-j loop loads and stores C once per multiply-add. V8 compiles it to
 * scalar SSE2 code, about 4x the simple loop; wasm.ts is the same loop with 2 lanes per instruction.
 */
export const blockedKernel: TileKernel = {
  workspace(panelLength) {
    if (panelBuffer.length < panelLength) {
      panelBuffer = new Float64Array(Math.max(panelLength, 2 * panelBuffer.length));
    }
    return panelBuffer;
  },
  multiply(panels, bAt, m, k, n, out, outOffset, adding) {
    for (let firstRow = 0; firstRow < m; firstRow += TILE) {
      const rows = Math.min(TILE, m - firstRow);
      const aAt = firstRow * k;
      for (let firstColumn = 0; firstColumn < n; firstColumn += TILE) {
        const columns = Math.min(TILE, n - firstColumn);
        const bPanelAt = bAt + firstColumn * k;
        if (rows === TILE && columns === TILE && !adding) {
          multiplyTile(panels, aAt, bPanelAt, k, out, outOffset + firstRow * n + firstColumn, n);
          continue;
        }
        // An edge tile (or any tile added to C) goes through edgeTile, and only its kept part reaches C.
        multiplyTile(panels, aAt, bPanelAt, k, edgeTile, 0, TILE);
        for (let r = 0; r < rows; r++) {
          const rowStart = outOffset + (firstRow + r) * n + firstColumn;
          for (let c = 0; c < columns; c++) {
            const sum = edgeTile[r * TILE + c]!;
            out[rowStart + c] = adding ? out[rowStart + c]! + sum : sum;
          }
        }
      }
    }
  },
};

/**
 * The packed panels, kept between calls and grown when too small, so that a training loop does not
 * allocate them every step. Kernels run synchronously on one thread, so one buffer is enough.
 */
let panelBuffer = new Float64Array(0);

/** A tile on the bottom or right edge of C, of which only part is kept. */
const edgeTile = new Float64Array(TILE * TILE);

/**
 * One 4x4 tile of C: `tile[at + r * rowStep + c] = sum over p of A[r, p] B[p, c]`, with A the panel at
 * `panels[aAt..]` and B the panel at `panels[bAt..]`, both read 4 values per step p.
 */
// biome-ignore format: the 16 sums of a 4x4 tile read best as a 4x4 grid
function multiplyTile(
  panels: Float64Array, aAt: number, bAt: number, k: number, tile: Float64Array, at: number, rowStep: number,
): void {
  // c<r><c>: the running sum for row r and column c of the tile.
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const aEnd = aAt + TILE * k;
  for (let aIndex = aAt, bIndex = bAt; aIndex < aEnd; aIndex += TILE, bIndex += TILE) {
    const b0 = panels[bIndex]!, b1 = panels[bIndex + 1]!, b2 = panels[bIndex + 2]!, b3 = panels[bIndex + 3]!;
    const a0 = panels[aIndex]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    const a1 = panels[aIndex + 1]!;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    const a2 = panels[aIndex + 2]!;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    const a3 = panels[aIndex + 3]!;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  tile[at] = c00; tile[at + 1] = c01; tile[at + 2] = c02; tile[at + 3] = c03; at += rowStep;
  tile[at] = c10; tile[at + 1] = c11; tile[at + 2] = c12; tile[at + 3] = c13; at += rowStep;
  tile[at] = c20; tile[at + 1] = c21; tile[at + 2] = c22; tile[at + 3] = c23; at += rowStep;
  tile[at] = c30; tile[at + 1] = c31; tile[at + 2] = c32; tile[at + 3] = c33;
}
