/**
 * Every fast matmul kernel against the simple i-p-j reference kernel: dot products (for products smaller
 * than a tile), packed 4x4 tiles in TypeScript, the same tiles in WebAssembly SIMD, and the automatic choice.
 * Random shapes: sizes 0 to 21 (empty, odd, around the tile size 4 and its multiples), broadcast batch
 * axes, and each of A B, A Bᵀ and Aᵀ B (transposed operands read in place). A transposed operand is given
 * to the reference already transposed, by a plain loop.
 *
 * Tolerance: the two kernels add the same products in a different order, so they differ by rounding only.
 * Each entry must satisfy |fast - reference| <= 1e-12 * sum over p of |a_ip b_pj|. (Any order of summation
 * is within about k * 2^-53 times that sum of the exact value, so two orders differ by at most about
 * 2k * 2^-53 times it: 1.7e-13 for k = 784, the largest k here.) The values are random doubles with random
 * signs and exponents, so cancellation is common.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type MatmulKernel, matmul } from '../../../packages/autograd/src/kernels/matmul/matmul.ts';
import { matmulReference } from '../../../packages/autograd/src/kernels/matmul/reference.ts';
import { tileThreads, wasmKernel } from '../../../packages/autograd/src/kernels/matmul/wasm.ts';
import { xorshift32 } from '../../support/xorshift.ts';

const RELATIVE_TOLERANCE = 1e-12;

interface Case {
  readonly batchA: number[];
  readonly batchB: number[];
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly seed: number;
}

/** A size of one matrix axis: often tiny, empty or odd, sometimes a few tiles wide. */
const dimArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 3, 4, 5, 7, 8, 17) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 21 }) },
);

/** Batch shapes of A and B that broadcast: each a suffix of a common shape, with some axes set to 1. */
const batchesArb = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }).chain((common) => {
  const operand = fc
    .tuple(
      fc.integer({ min: 0, max: common.length }),
      fc.array(fc.boolean(), { minLength: common.length, maxLength: common.length }),
    )
    .map(([dropped, ones]) => common.map((dim, axis) => (ones[axis] ? 1 : dim)).slice(dropped));
  return fc.tuple(operand, operand);
});

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    batches: batchesArb,
    m: dimArb,
    k: dimArb,
    n: dimArb,
    transposeA: fc.boolean(),
    transposeB: fc.boolean(),
    seed: fc.integer(),
  })
  .map(({ batches: [batchA, batchB], ...rest }) => ({ batchA, batchB, ...rest }));

/** Deterministic values from `seed`: a random sign, mantissa and exponent (2^-8..2^8). */
function randomValues(count: number, seed: number): Float64Array {
  const next = xorshift32(seed);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = (next() * 2 - 1) * 2 ** Math.floor(next() * 17 - 8);
  return values;
}

/** Swaps the last two axes of a row-major array of `shape`, copying. */
function transposeLastTwo(data: Float64Array, shape: readonly number[]): Float64Array {
  const rows = shape[shape.length - 2]!;
  const columns = shape[shape.length - 1]!;
  const out = new Float64Array(data.length);
  for (let start = 0; start < data.length; start += rows * columns) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) out[start + c * rows + r] = data[start + r * columns + c]!;
    }
  }
  return out;
}

function broadcastBatch(a: readonly number[], b: readonly number[]): number[] {
  const ndim = Math.max(a.length, b.length);
  return Array.from({ length: ndim }, (_, axis) => {
    const dimA = a[axis - (ndim - a.length)] ?? 1;
    const dimB = b[axis - (ndim - b.length)] ?? 1;
    return dimA === 1 ? dimB : dimA;
  });
}

const size = (shape: readonly number[]) => shape.reduce((total, dim) => total * dim, 1);

function expectCloseToReference(
  kernel: MatmulKernel,
  { batchA, batchB, m, k, n, transposeA, transposeB, seed }: Case,
) {
  const batch = broadcastBatch(batchA, batchB);
  // The shapes as the kernel reads them, op(A) [m, k] and op(B) [k, n], and as they are stored.
  const aShape = [...batchA, m, k];
  const bShape = [...batchB, k, n];
  const aStoredShape = transposeA ? [...batchA, k, m] : aShape;
  const bStoredShape = transposeB ? [...batchB, n, k] : bShape;
  const aStored = randomValues(size(aStoredShape), seed);
  const bStored = randomValues(size(bStoredShape), seed ^ 0x5bd1e995);

  const fast = matmul(aStored, aStoredShape, bStored, bStoredShape, batch, {
    transposeA,
    transposeB,
    kernel,
  });

  const a = transposeA ? transposeLastTwo(aStored, aStoredShape) : aStored;
  const b = transposeB ? transposeLastTwo(bStored, bStoredShape) : bStored;
  const reference = matmulReference(a, aShape, b, bShape, batch);
  // sum over p of |a_ip b_pj|: the same product of the absolute values.
  const magnitude = matmulReference(a.map(Math.abs), aShape, b.map(Math.abs), bShape, batch);

  expect(fast.length).toBe(size(batch) * m * n);
  for (let i = 0; i < reference.length; i++) {
    const error = Math.abs(fast[i]! - reference[i]!);
    if (error > RELATIVE_TOLERANCE * magnitude[i]!) {
      expect.fail(
        `entry ${i}: fast ${fast[i]} vs reference ${reference[i]} (error ${error}, ` +
          `allowed ${RELATIVE_TOLERANCE * magnitude[i]!})`,
      );
    }
  }
}

it('WebAssembly SIMD is available here, so the tiles-simd cases test the SIMD loop', () => {
  expect(wasmKernel).not.toBeNull();
});

test.prop([caseArb], { numRuns: 100 })(
  'the SIMD tiles equal the TypeScript tiles bit for bit (the same products, summed in the same order)',
  ({ batchA, batchB, m, k, n, transposeA, transposeB, seed }) => {
    const aShape = transposeA ? [...batchA, k, m] : [...batchA, m, k];
    const bShape = transposeB ? [...batchB, n, k] : [...batchB, k, n];
    const a = randomValues(size(aShape), seed);
    const b = randomValues(size(bShape), seed + 1);
    const batch = broadcastBatch(batchA, batchB);
    const run = (kernel: MatmulKernel) =>
      matmul(a, aShape, b, bShape, batch, { transposeA, transposeB, kernel });
    expect(run('tiles-simd')).toEqual(run('tiles'));
  },
);

const kernels: readonly MatmulKernel[] = ['auto', 'dot-products', 'tiles', 'tiles-simd'];

describe.each(kernels)(
  'matmul kernel %s equals the i-p-j reference within 1e-12 * sum |a_ip b_pj|',
  (kernel) => {
    test.prop([caseArb], { numRuns: 200 })('random shapes, batches and transposes', (testCase) => {
      expectCloseToReference(kernel, testCase);
    });

    const largeDim = fc.integer({ min: 60, max: 131 });
    test.prop([largeDim, largeDim, largeDim, fc.boolean(), fc.boolean(), fc.integer()], { numRuns: 6 })(
      'matrices many tiles wide, with edge tiles on both sides',
      (m, k, n, transposeA, transposeB, seed) => {
        expectCloseToReference(kernel, { batchA: [], batchB: [], m, k, n, transposeA, transposeB, seed });
      },
    );

    test.prop([fc.boolean(), fc.boolean(), fc.integer()], { numRuns: 2 })(
      'the W3 shapes: [128,784] by [784,128] and its gradients, [128,128] by [128,10]',
      (transposeA, transposeB, seed) => {
        const single = { batchA: [], batchB: [], transposeA, transposeB, seed };
        expectCloseToReference(kernel, { ...single, m: 128, k: 784, n: 128 });
        expectCloseToReference(kernel, { ...single, m: 128, k: 128, n: 10 });
        expectCloseToReference(kernel, { ...single, m: 128, k: 10, n: 128 });
      },
    );

    test('a B shared by the whole batch and a B that changes every batch element', () => {
      for (const [transposeA, transposeB] of [
        [false, false],
        [true, true],
      ] as const) {
        const shape = { m: 5, k: 6, n: 7, transposeA, transposeB, seed: 7 };
        expectCloseToReference(kernel, { batchA: [3, 2], batchB: [], ...shape });
        expectCloseToReference(kernel, { batchA: [2, 1], batchB: [3], ...shape });
      }
    });

    test('results stay exact on integers and keep NaN and infinities where the reference has them', () => {
      const a = Float64Array.from([1, 2, 3, 4, 5, 6]); // [2, 3]
      const b = Float64Array.from([7, 8, 9, 10, 11, 12]); // [3, 2]
      expect(Array.from(matmul(a, [2, 3], b, [3, 2], [], { kernel }))).toEqual([58, 64, 139, 154]);
      const special = Float64Array.from([Number.NaN, 1, Infinity, 0, -Infinity, 2, 0, -0]); // [4, 2]
      const values = Float64Array.from([1, -1, 2, 0, 3, 1, -2, 0.5]); // [2, 4]
      expect(Array.from(matmul(special, [4, 2], values, [2, 4], [], { kernel }))).toEqual(
        Array.from(matmulReference(special, [4, 2], values, [2, 4], [])),
      );
    });
  },
);

describe('helper threads', () => {
  it('large products shared with helper threads equal the one-thread TypeScript tiles bit for bit', () => {
    const threads = tileThreads!;
    // Helpers start in the background; until they are ready, products run on one thread.
    expect(threads.waitForHelpers(10_000)).toBe(threads.helperCount);
    const shapes = [
      [128, 784, 128, false, false], // W3: X W1
      [784, 128, 128, true, false], // W3: dW1 = Xᵀ dZ1
      [256, 256, 256, false, true],
      [130, 301, 67, true, true], // 33 row panels: shares of unequal size, edge tiles
    ] as const;
    for (const [m, k, n, transposeA, transposeB] of shapes) {
      const aShape = transposeA ? [k, m] : [m, k];
      const bShape = transposeB ? [n, k] : [k, n];
      const a = randomValues(m * k, m);
      const b = randomValues(k * n, n);
      const run = (kernel: MatmulKernel) =>
        matmul(a, aShape, b, bShape, [], { transposeA, transposeB, kernel });
      expect(run('tiles-simd')).toEqual(run('tiles'));
    }
  });

  // At least 128 x 260 x 128 multiply-adds: above the 2^22 from which helpers take a share.
  const sharedSizeArb = fc.record({
    m: fc.integer({ min: 128, max: 200 }),
    k: fc.integer({ min: 260, max: 400 }),
    n: fc.integer({ min: 128, max: 160 }),
    transposeA: fc.boolean(),
    transposeB: fc.boolean(),
    seed: fc.integer(),
  });
  test.prop([sharedSizeArb], { numRuns: 30 })(
    'back-to-back products large enough to share, each equal to the reference',
    ({ m, k, n, transposeA, transposeB, seed }) => {
      tileThreads!.waitForHelpers(10_000);
      const single = { batchA: [], batchB: [], m, k, n, transposeA, transposeB, seed };
      expectCloseToReference('tiles-simd', single);
    },
  );
});
