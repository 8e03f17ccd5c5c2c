import type { StridedMatrix } from './packing.ts';

/**
 * C = A B with each entry one dot product, A and B read through their strides. Nothing is packed, which
 * makes it the cheapest loop for a product smaller than one 4x4 tile, and for a matrix times a vector.
 * Each dot product keeps four partial sums, over p = 0, 4, 8, ... then 1, 5, 9, ... and so on: one running
 * sum would make every addition wait for the one before it (a few cycles each), four let the processor
 * overlap them. The sums are added at the end, (s0 + s1) + (s2 + s3), plus the last k mod 4 products.
 */
export function multiplyByDotProducts(
  a: StridedMatrix,
  b: StridedMatrix,
  m: number,
  k: number,
  n: number,
  out: Float64Array,
  outOffset: number,
  adding = false,
): void {
  const { data: aData, rowStride: aRowStride, colStride: aColStride } = a;
  const { data: bData, rowStride: bRowStride, colStride: bColStride } = b;
  const unrolled = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const aRow = a.offset + i * aRowStride;
    for (let j = 0; j < n; j++) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let aIndex = aRow;
      let bIndex = b.offset + j * bColStride;
      for (let p = 0; p < unrolled; p += 4, aIndex += 4 * aColStride, bIndex += 4 * bRowStride) {
        s0 += aData[aIndex]! * bData[bIndex]!;
        s1 += aData[aIndex + aColStride]! * bData[bIndex + bRowStride]!;
        s2 += aData[aIndex + 2 * aColStride]! * bData[bIndex + 2 * bRowStride]!;
        s3 += aData[aIndex + 3 * aColStride]! * bData[bIndex + 3 * bRowStride]!;
      }
      let sum = s0 + s1 + (s2 + s3);
      for (let p = unrolled; p < k; p++, aIndex += aColStride, bIndex += bRowStride)
        sum += aData[aIndex]! * bData[bIndex]!;
      const at = outOffset + i * n + j;
      out[at] = adding ? out[at]! + sum : sum;
    }
  }
}
