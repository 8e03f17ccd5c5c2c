import type { StridedMatrix } from './matmul-packing.ts';

/**
 * C = A B with each entry one dot product, summed in a local variable, A and B read through their strides.
 * Nothing is packed, which makes it the cheapest loop for a product smaller than one 4x4 tile, and for one
 * with fewer than 4 columns (a matrix times a vector) where the SIMD tiles are missing.
 */
export function multiplyByDotProducts(
  a: StridedMatrix,
  b: StridedMatrix,
  m: number,
  k: number,
  n: number,
  out: Float64Array,
  outOffset: number,
): void {
  const { data: aData, rowStride: aRowStride, colStride: aColStride } = a;
  const { data: bData, rowStride: bRowStride, colStride: bColStride } = b;
  for (let i = 0; i < m; i++) {
    const aRow = a.offset + i * aRowStride;
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let aIndex = aRow;
      let bIndex = b.offset + j * bColStride;
      for (let p = 0; p < k; p++, aIndex += aColStride, bIndex += bRowStride)
        sum += aData[aIndex]! * bData[bIndex]!;
      out[outOffset + i * n + j] = sum;
    }
  }
}
