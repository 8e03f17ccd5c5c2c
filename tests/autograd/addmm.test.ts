/**
 * addmm(input, A, B) = input + A B as one op (PyTorch's torch.addmm), the fused linear layer: values by hand,
 * equality with matmul then add for every bias shape that broadcasts to the product, gradients by hand and
 * by finite differences to second order, and errors that name the shapes.
 */
import { fc, test } from '@fast-check/vitest';
import { addmm, matmul, Rng, ShapeError, type Tensor, tensor, zeros } from '@tapegrad/autograd';
import { Linear } from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';
import { anyValue, expectGradcheck, expectGradgradcheck, leafOf, specArb } from './properties/arbitraries.ts';

describe('addmm forward', () => {
  it('by hand: [10, 20] + [[1, 2], [3, 4]] [[5, 6], [7, 8]] = [[29, 42], [53, 70]]', () => {
    const product = tensor([
      [1, 2],
      [3, 4],
    ]);
    const other = tensor([
      [5, 6],
      [7, 8],
    ]);
    // [[1*5 + 2*7, 1*6 + 2*8], [3*5 + 4*7, 3*6 + 4*8]] = [[19, 22], [43, 50]], plus the row [10, 20].
    expect(addmm(tensor([10, 20]), product, other).toArray()).toEqual([
      [29, 42],
      [53, 70],
    ]);
    expect(tensor([10, 20]).addmm(product, other).toArray()).toEqual([
      [29, 42],
      [53, 70],
    ]);
  });

  it.each([[[]], [[1]], [[4]], [[1, 4]], [[3, 1]], [[3, 4]]])(
    'a bias of shape %j gives exactly matmul then add',
    (biasShape) => {
      const rng = new Rng(7);
      const bias = rng.randn(biasShape as number[]);
      const a = rng.randn([3, 5]);
      const b = rng.randn([5, 4]);
      expect(addmm(bias, a, b).toArray()).toEqual(matmul(a, b).add(bias).toArray());
    },
  );

  it('is recorded as one op', () => {
    const w = leaf([[1], [2]]);
    expect(addmm(tensor([0]), tensor([[1, 1]]), w).gradFn?.op).toBe('addmm');
  });
});

describe('addmm backward', () => {
  it('by hand: d bias = column sums of G, dA = G Bᵀ, dB = Aᵀ G', () => {
    const bias = leaf([10, 20]);
    const a = leaf([
      [1, 2],
      [3, 4],
    ]);
    const b = leaf([
      [5, 6],
      [7, 8],
    ]);
    addmm(bias, a, b).sum().backward();
    // G is all ones: each bias entry is used by 2 rows; G Bᵀ has rows [5 + 6, 7 + 8]; Aᵀ G has rows
    // [1 + 3, 1 + 3] and [2 + 4, 2 + 4].
    expectAllClose(bias.grad, [2, 2], { atol: 0, rtol: 0 });
    expectAllClose(
      a.grad,
      [
        [11, 15],
        [11, 15],
      ],
      { atol: 0, rtol: 0 },
    );
    expectAllClose(
      b.grad,
      [
        [4, 4],
        [6, 6],
      ],
      { atol: 0, rtol: 0 },
    );
  });

  it('with createGraph the gradients are the transposed products, so no transpose is copied', () => {
    const rng = new Rng(3);
    const a = rng.randn([2, 3], { requiresGrad: true });
    const b = rng.randn([3, 4], { requiresGrad: true });
    addmm(zeros([4]), a, b)
      .sum()
      .backward({ createGraph: true });
    expect(a.grad!.gradFn?.op).toBe('matmulTransposeB');
    expect(b.grad!.gradFn?.op).toBe('matmulTransposeA');
  });
});

const size = fc.integer({ min: 1, max: 3 });
/** Bias shapes that broadcast to [m, n]: 0-d, [1], [n], [1, n], [m, 1], [m, n]. */
const operandsArb = fc
  .record({ m: size, k: size, n: size, biasKind: fc.integer({ min: 0, max: 5 }) })
  .chain(({ m, k, n, biasKind }) => {
    const biasShape = [[], [1], [n], [1, n], [m, 1], [m, n]][biasKind]!;
    return fc.tuple(specArb(biasShape, anyValue), specArb([m, k], anyValue), specArb([k, n], anyValue));
  });

describe('addmm gradients (property)', () => {
  test.prop([operandsArb], { numRuns: 30 })('agree with finite differences', ([bias, a, b]) => {
    expectGradcheck(addmm, [leafOf(bias), leafOf(a), leafOf(b)]);
  });
  test.prop([operandsArb, fc.nat({ max: 1000 })], { numRuns: 30 })(
    'the backward rule is itself differentiable (gradgradcheck)',
    ([bias, a, b], seed) => {
      expectGradgradcheck(addmm, [leafOf(bias), leafOf(a), leafOf(b)], seed);
    },
  );
});

describe('addmm errors name the op and the shapes', () => {
  it('inner dimensions that differ', () => {
    expectThrows(
      () => addmm(zeros([4]), zeros([2, 3]), zeros([2, 4])),
      ShapeError,
      /addmm: cannot compute \[4\] \+ \[2,3\] by \[2,4\].*equal inner dimensions/,
    );
  });
  it('operands that are not matrices', () => {
    expectThrows(() => addmm(zeros([4]), zeros([5, 2, 3]), zeros([3, 4])), ShapeError, /use matmul and add/);
    expectThrows(() => addmm(zeros([4]), zeros([3]), zeros([3, 4])), ShapeError, /must be matrices/);
  });
  it('a bias that does not broadcast to the product, or would grow it', () => {
    expectThrows(() => addmm(zeros([3]), zeros([2, 3]), zeros([3, 4])), ShapeError, /addmm/);
    expectThrows(
      () => addmm(zeros([5, 2, 4]), zeros([2, 3]), zeros([3, 4])),
      ShapeError,
      /does not broadcast to the product's shape \[2,4\]/,
    );
  });
});

describe('Linear uses addmm for a batch of rows', () => {
  it('a 2-D input is one addmm; a 3-D input still broadcasts through matmul and add, with equal values', () => {
    const layer = new Linear(3, 2, { rng: new Rng(1) });
    const rows = new Rng(2).randn([4, 3]);
    const out: Tensor = layer.forward(rows);
    expect(out.gradFn?.op).toBe('addmm');
    const batched = layer.forward(rows.reshape([2, 2, 3]));
    expect(batched.gradFn?.op).toBe('add');
    expect(batched.reshape([4, 2]).toArray()).toEqual(out.toArray());
  });
});
