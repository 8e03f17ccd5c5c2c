import {
  ArgumentError,
  gradgradcheck,
  type NormOrder,
  norm,
  type Tensor,
  tensor,
  zeros,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';
import { expectMatchesTorch, type NormCase, TORCH_TOLERANCE, torchMath } from './fixtures/torch-math.ts';

const orderOf = (p: NormCase['p']): NormOrder => (p === 'inf' ? Infinity : p === '-inf' ? -Infinity : p);

describe('norm', () => {
  test('by hand: |[3, -4]| is 5 (p = 2, the default, and fro), 7 (p = 1), 4 (Infinity), 3 (-Infinity)', () => {
    const x = tensor([3, -4]);
    expect(norm(x).item()).toBe(5);
    expect(x.norm('fro').item()).toBe(5);
    expect(x.norm(1).item()).toBe(7);
    expect(x.norm(Infinity).item()).toBe(4);
    expect(x.norm(-Infinity).item()).toBe(3);
    expect(x.norm(3).item()).toBeCloseTo(91 ** (1 / 3), 14);
  });

  test('over one axis and with keepdim', () => {
    const x = tensor([
      [1, -2],
      [3, 0],
    ]);
    expect(x.norm(1, 1).toArray()).toEqual([3, 3]);
    expect(x.norm(Infinity, 0, true).toArray()).toEqual([[3, 2]]);
    expect(x.norm(2, [0, 1]).item()).toBeCloseTo(Math.sqrt(14), 15);
  });

  test("values and gradients match PyTorch's for p = 1, 2, 3, 0.5, 1.5, ±Infinity and fro over any dims", () => {
    for (const torchCase of torchMath.norm) {
      const dim = torchCase.dim ?? undefined;
      expectMatchesTorch(
        (x: Tensor) => norm(x, orderOf(torchCase.p), dim, torchCase.keepdim),
        torchCase,
        TORCH_TOLERANCE,
      );
    }
  });

  test('the gradient at the zero vector is 0 for every p (the subgradient PyTorch picks), never NaN', () => {
    for (const p of [1, 2, 3, 0.5, Infinity, -Infinity, 'fro'] as const) {
      const x = leaf([0, 0, 0]);
      norm(x, p).backward();
      expect(x.grad?.toArray(), `p = ${p}`).toEqual([0, 0, 0]);
    }
  });

  test('an empty slice has norm 0, as in PyTorch, for ±Infinity too', () => {
    expect(norm(zeros([0, 3]), Infinity, 0).toArray()).toEqual([0, 0, 0]);
    expect(norm(zeros([0])).item()).toBe(0);
  });

  test('the Infinity norm splits its gradient among ties of |x|, with the sign of each', () => {
    const x = leaf([2, -2, 1]);
    norm(x, Infinity).backward();
    expectAllClose(x.grad, [0.5, -0.5, 0]);
  });

  test('second derivatives agree with finite differences away from 0 (gradgradcheck)', () => {
    const x = tensor(
      [
        [0.7, -1.3, 0.4],
        [1.1, 0.5, -0.9],
      ],
      { requiresGrad: true },
    );
    for (const p of [2, 3, 1.5, 0.5] as const) {
      expect(gradgradcheck((t: Tensor) => norm(t, p, 1), [x]).passed, `p = ${p}`).toBe(true);
    }
  });

  test('a bad p, dim or keepdim is an ArgumentError naming norm and the argument', () => {
    const x = tensor([1, 2]);
    for (const p of [0, -1, Number.NaN, 'nuc', 'bogus']) {
      expectThrows(() => norm(x, p as NormOrder), ArgumentError, /^norm: argument 'p'/);
    }
    expectThrows(() => norm(x, 2, 1), ArgumentError, /norm/, /dim/);
    expectThrows(() => norm(x, 2, 0, 'yes' as never), ArgumentError, /norm/, /keepdim/);
  });
});
