/**
 * matmulTransposeB (A Bᵀ) and matmulTransposeA (Aᵀ B): the products matmul's backward rules use, so that no
 * gradient copies out a transpose. Each is checked against matmul with an explicit transpose, by
 * finite differences (gradcheck) and, since its own backward rule is written with the other products, to
 * second order (gradgradcheck).
 */
import { fc, test } from '@fast-check/vitest';
import { matmul, Rng, ShapeError, type Tensor, zeros } from '@tapegrad/autograd';
import { describe, expect, it } from 'vitest';
import { matmulTransposeA, matmulTransposeB } from '../../packages/autograd/src/ops/matmul.ts';
import { expectThrows } from '../support/assertions.ts';
import {
  anyValue,
  broadcastShapesArb,
  expectGradcheck,
  expectGradgradcheck,
  leafOf,
  specArb,
} from './properties/arbitraries.ts';

describe('matmulTransposeB and matmulTransposeA forward', () => {
  it('A Bᵀ and Aᵀ B equal matmul with the transpose copied out, batch axes broadcast', () => {
    const rng = new Rng(11);
    const a = rng.randn([2, 1, 5, 3]);
    const bStoredTransposed = rng.randn([3, 4, 3]);
    expect(matmulTransposeB(a, bStoredTransposed).toArray()).toEqual(
      matmul(a, bStoredTransposed.transpose()).toArray(),
    );
    const aStoredTransposed = rng.randn([3, 5]);
    const b = rng.randn([2, 3, 4]);
    expect(matmulTransposeA(aStoredTransposed, b).toArray()).toEqual(
      matmul(aStoredTransposed.transpose(), b).toArray(),
    );
  });

  it('[2,3] by [4,3] is [2,4] for A Bᵀ; [3,2] by [3,4] is [2,4] for Aᵀ B', () => {
    expect(matmulTransposeB(zeros([2, 3]), zeros([4, 3])).shape).toEqual([2, 4]);
    expect(matmulTransposeA(zeros([3, 2]), zeros([3, 4])).shape).toEqual([2, 4]);
  });

  it('inner sizes that differ, or a 1-D operand, are a ShapeError naming both shapes', () => {
    expectThrows(() => matmulTransposeB(zeros([2, 3]), zeros([3, 4])), ShapeError, /\[2,3\] by \[3,4\]/);
    expectThrows(() => matmulTransposeA(zeros([3, 2]), zeros([4, 3])), ShapeError, /matmulTransposeA/);
    expectThrows(() => matmulTransposeA(zeros([3]), zeros([3, 3])), ShapeError, /2 or more axes/);
  });
});

describe('matmul backward uses the transposed products', () => {
  it('with createGraph, dA comes from A Bᵀ-style matmulTransposeB and dB from matmulTransposeA', () => {
    const rng = new Rng(5);
    const a = rng.randn([2, 3], { requiresGrad: true });
    const b = rng.randn([3, 4], { requiresGrad: true });
    matmul(a, b).sum().backward({ createGraph: true });
    expect(a.grad!.gradFn?.op).toBe('matmulTransposeB');
    expect(b.grad!.gradFn?.op).toBe('matmulTransposeA');
  });
});

const numRuns = 25;
const size = fc.integer({ min: 1, max: 3 });
const seedArb = fc.nat({ max: 1000 });

/** Operands for `op(A) op(B)` stored as the product reads them: [..., m, k] or [..., k, m] for A, etc. */
function operandsArb(transposeA: boolean, transposeB: boolean) {
  return fc
    .record({
      batch: broadcastShapesArb(2, { maxRank: 2, maxDim: 2 }),
      m: size,
      k: size,
      n: size,
    })
    .chain(({ batch: { operands }, m, k, n }) =>
      fc.tuple(
        specArb([...operands[0]!, ...(transposeA ? [k, m] : [m, k])], anyValue),
        specArb([...operands[1]!, ...(transposeB ? [n, k] : [k, n])], anyValue),
      ),
    );
}

const products: readonly [string, (a: Tensor, b: Tensor) => Tensor, boolean, boolean][] = [
  ['matmulTransposeB: dA = G B, dB = Gᵀ A', matmulTransposeB, false, true],
  ['matmulTransposeA: dA = B Gᵀ, dB = A G', matmulTransposeA, true, false],
];

describe.each(products)('%s', (_name, f, transposeA, transposeB) => {
  test.prop([operandsArb(transposeA, transposeB)], { numRuns })(
    'gradients agree with finite differences',
    ([a, b]) => {
      expectGradcheck(f, [leafOf(a), leafOf(b)]);
    },
  );
  test.prop([operandsArb(transposeA, transposeB), seedArb], { numRuns })(
    'the backward rule is itself differentiable (gradgradcheck)',
    ([a, b], seed) => {
      expectGradgradcheck(f, [leafOf(a), leafOf(b)], seed);
    },
  );
});
