import { broadcastStrides } from '../../shape/broadcast.ts';
import type { Shape } from '../../shape/shape.ts';
import { sizeOf } from '../../shape/shape.ts';
import { PairOdometer } from '../odometer.ts';

/**
 * The reference batched matrix product, kept simple on purpose: a `[...batchA, m, k]` times b
 * `[...batchB, k, n]` into `[...batch, m, n]`, the batch dimensions broadcast to `batchShape`. Shapes are
 * validated by the caller. The i-p-j loop order streams through rows of b and of the output, which keeps the
 * inner loop contiguous. The fast kernels in matmul.ts are tested against this one.
 */
export function matmulReference(
  a: Float64Array,
  aShape: Shape,
  b: Float64Array,
  bShape: Shape,
  batchShape: Shape,
): Float64Array {
  const m = aShape[aShape.length - 2]!;
  const k = aShape[aShape.length - 1]!;
  const n = bShape[bShape.length - 1]!;
  const batchCount = sizeOf(batchShape);
  const out = new Float64Array(batchCount * m * n);
  const aBatchStrides = broadcastStrides(aShape.slice(0, -2), batchShape);
  const bBatchStrides = broadcastStrides(bShape.slice(0, -2), batchShape);
  // Which matrix of A and of B each batch element reads (strides counted in whole matrices).
  const batches = new PairOdometer(batchShape, aBatchStrides, bBatchStrides, batchShape.length);
  for (let batch = 0; batch < batchCount; batch++) {
    const { aOffset: aBatch, bOffset: bBatch } = batches;
    const aOffset = aBatch * m * k;
    const bOffset = bBatch * k * n;
    const outOffset = batch * m * n;
    for (let i = 0; i < m; i++) {
      const outRow = outOffset + i * n;
      for (let p = 0; p < k; p++) {
        const aValue = a[aOffset + i * k + p]!;
        const bRow = bOffset + p * n;
        for (let j = 0; j < n; j++) out[outRow + j]! += aValue * b[bRow + j]!;
      }
    }
    batches.next();
  }
  return out;
}
