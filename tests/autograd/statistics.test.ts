import * as tg from '@tapegrad/autograd';
import { ArgumentError, gradgradcheck, std, type Tensor, tensor, variance } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';
import { expectMatchesTorch, TORCH_TOLERANCE, torchMath } from './fixtures/torch-math.ts';

describe('var and std', () => {
  test('by hand: [2,4,4,4,5,5,7,9] has mean 5, squared deviations summing to 32', () => {
    const x = tensor([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(tg.var(x).item()).toBeCloseTo(32 / 7, 15);
    expect(variance(x, { correction: 0 }).item()).toBe(4);
    expect(std(x, { correction: 0 }).item()).toBe(2);
    expect(std(x, { unbiased: false }).item()).toBe(2);
    expect(x.var({ unbiased: true }).item()).toBeCloseTo(32 / 7, 15);
    expect(x.std(0, { correction: 2 }).item()).toBeCloseTo(Math.sqrt(32 / 6), 15);
  });

  test('over one axis, with keepdim, and over a list of axes', () => {
    const x = tensor([
      [1, 2],
      [3, 5],
    ]);
    expect(x.var(1, { correction: 0, keepdim: true }).toArray()).toEqual([[0.25], [1]]);
    expect(x.var(0).toArray()).toEqual([2, 4.5]);
    expect(x.var([0, 1], { correction: 0 }).item()).toBeCloseTo(2.1875, 15);
    expect(x.var(null).item()).toBeCloseTo(2.9166666666666665, 15);
  });

  test("values and gradients match PyTorch's for every dim, correction, unbiased and keepdim case", () => {
    for (const torchCase of torchMath.statistics) {
      const op = torchCase.op === 'var' ? variance : std;
      const dim = torchCase.dim ?? undefined;
      expectMatchesTorch((x: Tensor) => op(x, dim, torchCase.options), torchCase, TORCH_TOLERANCE);
    }
  });

  test('the gradient of std at a constant input is 0, as PyTorch 1.13 gives (not 0 * Infinity = NaN)', () => {
    const x = leaf([
      [3, 3, 3],
      [1, 2, 3],
    ]);
    std(x, 1).sum().backward();
    // Row 1: d/dx_i std = (x_i - mean) / ((N - 1) std) = (x_i - 2) / 2, with std = 1.
    expectAllClose(x.grad, [
      [0, 0, 0],
      [-0.5, 0, 0.5],
    ]);
  });

  test('second derivatives agree with finite differences (gradgradcheck), var and std', () => {
    const x = tensor(
      [
        [0.3, -1.2, 0.8],
        [1.5, 0.1, -0.4],
      ],
      { requiresGrad: true },
    );
    expect(gradgradcheck((t: Tensor) => variance(t, 1), [x]).passed).toBe(true);
    expect(gradgradcheck((t: Tensor) => std(t, 0, { correction: 0 }), [x]).passed).toBe(true);
  });

  test('too few elements for the correction is an ArgumentError naming the op (PyTorch gives NaN or Infinity)', () => {
    expectThrows(
      () => tg.var(tensor([3])),
      ArgumentError,
      /^var: 1 element/,
      /correction 1/,
      /correction: 0/,
    );
    expectThrows(() => std(tensor([1, 2]), { correction: 2 }), ArgumentError, /^std: 2 elements/);
    expectThrows(() => tensor([[1, 2]]).var(0), ArgumentError, /var/, /\[1,2\]/);
    // One element with correction 0 is a variance of 0.
    expect(tg.var(tensor([3]), { correction: 0 }).item()).toBe(0);
  });

  test('bad arguments are ArgumentErrors naming the op and the argument', () => {
    const x = tensor([1, 2, 3]);
    expectThrows(
      () => tg.var(x, { correction: 1, unbiased: true }),
      ArgumentError,
      /var/,
      /correction/,
      /unbiased/,
    );
    expectThrows(() => std(x, { correction: -1 }), ArgumentError, /std/, /correction/);
    expectThrows(() => std(x, 0, { keepdims: true } as never), ArgumentError, /std/, /keepdims/);
    expectThrows(() => tg.var(x, 1), ArgumentError, /var/, /dim/);
    expectThrows(() => tg.var(x, []), ArgumentError, /^var: dim \[\] names no axis/);
    expectThrows(() => tg.var(x, 0, true as never), ArgumentError, /var/, /options/);
    expectThrows(() => tg.var(x, { unbiased: false }, {}), ArgumentError, /var/, /options/);
  });
});
