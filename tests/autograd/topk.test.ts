import { ArgumentError, gradcheck, tensor, topk } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';
import { fromSpec, TORCH_TOLERANCE, torchMath } from './fixtures/torch-math.ts';

describe('topk', () => {
  test('the k largest values, best first, and their indices (a float tensor, as argmax gives)', () => {
    const { values, indices } = topk(tensor([1, 5, 3, 4]), 2);
    expect(values.toArray()).toEqual([5, 4]);
    expect(indices.toArray()).toEqual([1, 3]);
    expect(indices.requiresGrad).toBe(false);
  });

  test('options: the smallest, along another dim, or in their order in x (sorted: false)', () => {
    const x = tensor([
      [1, 5, 3],
      [6, 2, 4],
    ]);
    expect(x.topk(1, { largest: false }).values.toArray()).toEqual([[1], [2]]);
    expect(x.topk(1, 0).indices.toArray()).toEqual([[1, 0, 1]]);
    expect(x.topk(1, { dim: 0 }).values.toArray()).toEqual([[6, 5, 4]]);
    expect(x.topk(2, { sorted: false }).indices.toArray()).toEqual([
      [1, 2],
      [0, 2],
    ]);
  });

  test("values, indices and gradients match PyTorch's (values without ties)", () => {
    for (const torchCase of torchMath.topk) {
      const x = fromSpec(torchCase.input, true);
      const { values, indices } = topk(x, torchCase.k, { dim: torchCase.dim, largest: torchCase.largest });
      expectAllClose(values, fromSpec(torchCase.values), TORCH_TOLERANCE);
      expect(Array.from(indices.data)).toEqual(torchCase.indices);
      values.mul(fromSpec(torchCase.w)).sum().backward();
      expectAllClose(x.grad, fromSpec(torchCase.grad), TORCH_TOLERANCE);
    }
  });

  test('ties: the lower index first; PyTorch 1.13 gives the same set in another (unspecified) order', () => {
    const { input, largest, smallest } = torchMath.topkTies;
    const x = tensor(input);
    const mine = topk(x, 3);
    expect(mine.values.toArray()).toEqual(largest.values);
    expect(Array.from(mine.indices.data)).toEqual([1, 2, 4]);
    expect(largest.indices).toEqual([2, 4, 1]); // PyTorch's order, recorded by the fixture.
    expect([...largest.indices].sort()).toEqual([1, 2, 4]);
    const low = topk(x, 3, { largest: false });
    expect(low.values.toArray()).toEqual(smallest.values);
    expect(Array.from(low.indices.data)).toEqual([0, 5, 3]);
    expect([...smallest.indices].sort()).toEqual([0, 3, 5]);
  });

  test('NaN counts as the largest value, as in PyTorch', () => {
    const x = tensor([1, Number.NaN, 3]);
    expect(Array.from(topk(x, 2).indices.data)).toEqual([1, 2]);
    expect(Array.from(topk(x, 2, { largest: false }).indices.data)).toEqual([0, 2]);
  });

  test('the gradient scatters into the picked positions (and passes gradcheck)', () => {
    const x = leaf([0.3, -1, 2, 0.7]);
    topk(x, 2)
      .values.mul(tensor([10, 100]))
      .sum()
      .backward();
    expect(x.grad?.toArray()).toEqual([0, 0, 10, 100]);
    const y = tensor([0.3, -1, 2, 0.7], { requiresGrad: true });
    expect(gradcheck((t) => topk(t, 3).values, [y]).passed).toBe(true);
  });

  test('a 0-d tensor is picked from as one element; k = 0 gives empty results', () => {
    const scalar = topk(tensor(5), 1);
    expect(scalar.values.shape).toEqual([]);
    expect(scalar.values.item()).toBe(5);
    expect(scalar.indices.item()).toBe(0);
    expect(topk(tensor([1, 2]), 0).values.shape).toEqual([0]);
  });

  test('a bad k, dim or option is an ArgumentError naming topk and the argument', () => {
    const x = tensor([1, 2, 3]);
    expectThrows(() => topk(x, 4), ArgumentError, /topk/, /'k'/);
    expectThrows(() => topk(x, 1.5), ArgumentError, /topk/, /'k'/);
    expectThrows(() => topk(x, 1, 1), ArgumentError, /topk/, /dim/);
    expectThrows(() => topk(x, 1, { dim: 'a' } as never), ArgumentError, /topk/, /dim/);
    expectThrows(() => topk(x, 1, { largest: 1 } as never), ArgumentError, /topk/, /largest/);
    expectThrows(() => topk(x, 1, { bogus: 1 } as never), ArgumentError, /topk/, /bogus/);
    expectThrows(() => topk(x, 1, null as never), ArgumentError, /topk/, /dim/);
  });
});
