/**
 * Batch invariance: a row of A B has the same bits whether A holds that row alone or among other rows.
 * The automatic kernel choice depends on the columns of the product only (dot products and tiles add a
 * dot product's terms in different orders), so a prediction service that batches requests answers each
 * one exactly as it would alone. Checked through the public API (matmul and addmm, the product nn.Linear
 * computes), for random sizes around the 4x4 tile, transposed operands included, and for one product
 * large enough to be shared with helper threads.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { addmm, matmul, type Tensor, tensor } from '../../../packages/autograd/src/index.ts';
import { xorshift32 } from '../../support/xorshift.ts';

/** Deterministic values from `seed`, of mixed signs and magnitudes. */
function randomValues(count: number, seed: number): number[] {
  const next = xorshift32(seed);
  return Array.from({ length: count }, () => (next() * 2 - 1) * 2 ** Math.floor(next() * 9 - 4));
}

/** Each row of `product(A)` against `product` of that row alone, bit for bit. */
function expectRowsInvariant(A: Tensor, product: (rows: Tensor) => Tensor): void {
  const whole = product(A);
  const columns = whole.shape[1]!;
  for (let row = 0; row < A.shape[0]!; row++) {
    const alone = product(A.indexSelect(0, [row]));
    const inBatch = whole.data.subarray(row * columns, (row + 1) * columns);
    for (let j = 0; j < columns; j++) {
      if (!Object.is(alone.data[j], inBatch[j])) {
        expect.fail(
          `row ${row}, column ${j}: ${inBatch[j]} in a batch of ${A.shape[0]}, ${alone.data[j]} alone`,
        );
      }
    }
  }
}

describe('matmul is batch invariant', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 13 }),
      fc.integer({ min: 0, max: 21 }),
      fc.integer({ min: 1, max: 9 }),
      fc.boolean(),
      fc.integer(),
    ],
    { numRuns: 200 },
  )('rows of A B and of bias + A B, for m, k, n around the tile size', (m, k, n, transposeB, seed) => {
    const A = tensor(randomValues(m * k, seed), { shape: [m, k] });
    const bValues = randomValues(k * n, seed ^ 0x9e3779b9);
    // B given as Bᵀ stored [n, k] and transposed: the kernel reads it in place through its strides.
    const B = transposeB
      ? tensor(bValues, { shape: [n, k] }).transpose(0, 1)
      : tensor(bValues, { shape: [k, n] });
    const bias = tensor(randomValues(n, seed ^ 0x85ebca6b), { shape: [n] });
    expectRowsInvariant(A, (rows) => matmul(rows, B));
    expectRowsInvariant(A, (rows) => addmm(bias, rows, B));
  });

  it('rows of a product shared with helper threads equal the rows computed alone', () => {
    const [m, k, n] = [512, 256, 64];
    const A = tensor(randomValues(m * k, 7), { shape: [m, k] });
    const B = tensor(randomValues(k * n, 11), { shape: [k, n] });
    const whole = matmul(A, B);
    for (const row of [0, 1, 255, 511]) {
      const alone = matmul(A.indexSelect(0, [row]), B);
      expect(Array.from(alone.data)).toEqual(Array.from(whole.data.subarray(row * n, (row + 1) * n)));
    }
  });
});
