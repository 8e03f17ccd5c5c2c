import { ArgumentError, allclose, equal, ShapeError, tensor } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectThrows } from '../support/assertions.ts';
import { fromSpec, torchMath } from './fixtures/torch-math.ts';

describe('allclose and equal', () => {
  test("match PyTorch's answers on pairs near and far, broadcast or not, with and without tolerances", () => {
    for (const { a, b, options, allclose: close, equal: same } of torchMath.closeness) {
      const label = `${JSON.stringify(a)} vs ${JSON.stringify(b)} ${JSON.stringify(options)}`;
      expect(allclose(fromSpec(a), fromSpec(b), options), label).toBe(close);
      expect(equal(fromSpec(a), fromSpec(b)), label).toBe(same);
    }
  });

  test('the rule is |a - b| <= atol + rtol |b|: not symmetric in a and b', () => {
    // |a - b| = 1: within 0.5 * |b| for b = 2 but not for b = 1.
    expect(allclose(tensor([1]), tensor([2]), { rtol: 0.5, atol: 0 })).toBe(true);
    expect(tensor([2]).allclose(tensor([1]), { rtol: 0.5, atol: 0 })).toBe(false);
  });

  test('infinities are close only to themselves; NaN only to NaN and only with equalNan', () => {
    expect(allclose(tensor([Infinity]), tensor([Infinity]))).toBe(true);
    expect(allclose(tensor([Infinity]), tensor([-Infinity]))).toBe(false);
    expect(allclose(tensor([1]), tensor([Infinity]), { rtol: 1 })).toBe(false);
    expect(allclose(tensor([Number.NaN]), tensor([Number.NaN]))).toBe(false);
    expect(allclose(tensor([Number.NaN]), tensor([Number.NaN]), { equalNan: true })).toBe(true);
    expect(equal(tensor([Number.NaN]), tensor([Number.NaN]))).toBe(false);
  });

  test('equal needs the same shape (no broadcasting); allclose broadcasts', () => {
    expect(equal(tensor([1, 2]), tensor([[1, 2]]))).toBe(false);
    expect(tensor([1, 2]).equal(tensor([1, 2]))).toBe(true);
    expect(allclose(tensor([1, 2]), tensor([[1, 2]]))).toBe(true);
  });

  test('shapes that do not broadcast, numbers and bad options are errors naming the function', () => {
    expectThrows(() => allclose(tensor([1, 2]), tensor([1, 2, 3])), ShapeError, /allclose/, /\[2\]/, /\[3\]/);
    expectThrows(() => allclose(tensor([1]), 1 as never), ArgumentError, /allclose/, /'other'/);
    expectThrows(() => equal(1 as never, tensor([1])), ArgumentError, /equal/, /'input'/);
    expectThrows(() => allclose(tensor([1]), tensor([1]), { rtol: -1 }), ArgumentError, /allclose/, /rtol/);
    expectThrows(() => allclose(tensor([1]), tensor([1]), { atol: Number.NaN }), ArgumentError, /atol/);
    expectThrows(
      () => allclose(tensor([1]), tensor([1]), { equal_nan: true } as never),
      ArgumentError,
      /equal_nan/,
    );
  });
});
