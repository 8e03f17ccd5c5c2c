import {
  ArgumentError,
  clamp,
  eq,
  ge,
  grad,
  gt,
  le,
  lt,
  maximum,
  minimum,
  type NestedInput,
  ShapeError,
  type Tensor,
  tensor,
  where,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { leaf } from '../support/tensors.ts';

/** Same shape and the same values, where NaN equals NaN (toEqual already does that; shapes are checked too). */
function expectValues(actual: Tensor | null, expected: NestedInput): void {
  expect(actual, 'tensor is null').not.toBeNull();
  const reference = tensor(expected);
  expect(actual!.shape).toEqual(reference.shape);
  expect(Array.from(actual!.data)).toEqual(Array.from(reference.data));
}

describe('comparisons gt, ge, lt, le, eq', () => {
  test('give 1 where the relation holds and 0 elsewhere', () => {
    const x = tensor([1, 2, 3]);
    expectValues(gt(x, 2), [0, 0, 1]);
    expectValues(ge(x, 2), [0, 1, 1]);
    expectValues(lt(x, 2), [1, 0, 0]);
    expectValues(le(x, 2), [1, 1, 0]);
    expectValues(eq(x, 2), [0, 1, 0]);
  });

  test('method forms match, and a number may stand on the left', () => {
    const x = tensor([1, 2, 3]);
    expectValues(x.gt(2), [0, 0, 1]);
    expectValues(x.ge(2), [0, 1, 1]);
    expectValues(x.lt(2), [1, 0, 0]);
    expectValues(x.le(2), [1, 1, 0]);
    expectValues(x.eq(2), [0, 1, 0]);
    expectValues(gt(2, x), [1, 0, 0]); // 2 > x
    expectValues(le(2, x), [0, 1, 1]); // 2 <= x
  });

  test('[3,1] against [2] broadcasts to [3,2]', () => {
    const column = tensor([[1], [2], [3]]);
    const row = tensor([2, 1]);
    expectValues(gt(column, row), [
      [0, 0],
      [0, 1],
      [1, 1],
    ]);
    expectValues(eq(column, row), [
      [0, 1],
      [1, 0],
      [0, 0],
    ]);
  });

  test('every comparison with NaN is 0, including NaN == NaN', () => {
    const nan = tensor([Number.NaN]);
    for (const op of [gt, ge, lt, le, eq]) {
      expectValues(op(nan, 0), [0]);
      expectValues(op(nan, nan), [0]);
    }
  });

  test('results do not require a gradient even when the inputs do', () => {
    const a = leaf([1, 2]);
    const b = leaf([2, 2]);
    for (const op of [gt, ge, lt, le, eq]) {
      const result = op(a, b);
      expect(result.requiresGrad).toBe(false);
      expect(result.gradFn).toBeNull();
    }
  });

  test('a comparison used as a mask passes the gradient only where it is 1', () => {
    const x = leaf([-1, 2, 0]);
    x.mul(x.gt(0)).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 0]);
  });

  test('a shape clash names the comparison and both shapes', () => {
    const call = () =>
      ge(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        tensor([1, 2, 3, 4]),
      );
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/^ge: .*\[2,3\].*\[4\]/);
  });
});

describe('maximum and minimum', () => {
  test('maximum sends the gradient to the larger operand and splits ties 0.5 / 0.5', () => {
    const a = leaf([1, 5, 3]);
    const b = leaf([4, 2, 3]);
    const out = maximum(a, b);
    expect(out.toArray()).toEqual([4, 5, 3]);
    out.sum().backward();
    expect(a.grad!.toArray()).toEqual([0, 1, 0.5]);
    expect(b.grad!.toArray()).toEqual([1, 0, 0.5]);
  });

  test('minimum sends the gradient to the smaller operand and splits ties 0.5 / 0.5', () => {
    const a = leaf([1, 5, 3]);
    const b = leaf([4, 2, 3]);
    const out = a.minimum(b);
    expect(out.toArray()).toEqual([1, 2, 3]);
    out.sum().backward();
    expect(a.grad!.toArray()).toEqual([1, 0, 0.5]);
    expect(b.grad!.toArray()).toEqual([0, 1, 0.5]);
  });

  test('x.maximum(0) is relu except that the tie at 0 gets half the gradient', () => {
    const x = leaf([-1, 0, 2]);
    const out = x.maximum(0);
    expect(out.toArray()).toEqual([0, 0, 2]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0.5, 1]);
  });

  test('maximum of [2,3] and [3] sums the [3] operand gradient over rows', () => {
    const a = leaf([
      [1, 5, 3],
      [0, 7, 3],
    ]);
    const b = leaf([2, 6, 3]);
    const out = maximum(a, b);
    expect(out.toArray()).toEqual([
      [2, 6, 3],
      [2, 7, 3],
    ]);
    out.sum().backward();
    expect(a.grad!.toArray()).toEqual([
      [0, 0, 0.5],
      [0, 1, 0.5],
    ]);
    // column 0: b wins twice; column 1: b wins once (6 > 5), loses once (6 < 7); column 2: two ties
    expect(b.grad!.toArray()).toEqual([2, 1, 1]);
  });

  test('minimum of a 0-d tensor and [2,2]: the 0-d gradient counts wins plus half the ties', () => {
    const s = leaf(2);
    const m = leaf([
      [1, 3],
      [2, 5],
    ]);
    const out = minimum(s, m);
    expect(out.toArray()).toEqual([
      [1, 2],
      [2, 2],
    ]);
    out.sum().backward();
    expect(s.grad!.item()).toBe(2.5); // wins at 3 and 5, ties at 2
    expect(m.grad!.toArray()).toEqual([
      [1, 0],
      [0.5, 0],
    ]);
  });

  test('NaN on either side propagates, as in PyTorch', () => {
    expectValues(maximum(tensor([Number.NaN, 1]), tensor([1, Number.NaN])), [NaN, NaN]);
    expectValues(minimum(tensor([Number.NaN, 1]), tensor([1, Number.NaN])), [NaN, NaN]);
  });

  test('a shape clash names maximum or minimum and both shapes', () => {
    expect(() => maximum(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/^maximum: .*\[2\].*\[3\]/);
    expect(() => minimum(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/^minimum: .*\[2\].*\[3\]/);
  });
});

describe('clamp', () => {
  test('number bounds: the gradient passes where min <= x <= max, bounds included', () => {
    const x = leaf([-2, 0, 0.5, 1, 3]);
    const out = x.clamp(0, 1);
    expect(out.toArray()).toEqual([0, 0, 0.5, 1, 1]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 1, 1, 0]);
  });

  test('only a lower bound (function form)', () => {
    const x = leaf([-2, 0, 0.5, 1, 3]);
    const out = clamp(x, 0);
    expect(out.toArray()).toEqual([0, 0, 0.5, 1, 3]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 1, 1, 1]);
  });

  test('only an upper bound, with null or undefined for the missing one', () => {
    const x = leaf([-2, 0, 0.5, 1, 3]);
    const out = x.clamp(null, 1);
    expect(out.toArray()).toEqual([-2, 0, 0.5, 1, 1]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 1, 1, 1, 0]);
    expect(clamp(tensor([-2, 3]), undefined, 1).toArray()).toEqual([-2, 1]);
  });

  test('tensor bounds receive the gradient where x is outside them', () => {
    const x = leaf([-2, 0.5, 3]);
    const low = leaf([0, 0, 0]);
    const high = leaf([1, 1, 1]);
    const out = x.clamp(low, high);
    expect(out.toArray()).toEqual([0, 0.5, 1]);
    out.backward(tensor([10, 20, 30]));
    expect(x.grad!.toArray()).toEqual([0, 20, 0]);
    expect(low.grad!.toArray()).toEqual([10, 0, 0]);
    expect(high.grad!.toArray()).toEqual([0, 0, 30]);
  });

  test('x exactly on a tensor bound counts as inside: x gets the gradient, the bounds none', () => {
    const x = leaf([0, 1]);
    const low = leaf([0, 0]);
    const high = leaf([1, 1]);
    x.clamp(low, high).sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 1]);
    expect(low.grad!.toArray()).toEqual([0, 0]);
    expect(high.grad!.toArray()).toEqual([0, 0]);
  });

  test('0-d tensor bounds collect the gradient of every element they clamp', () => {
    const x = leaf([-2, 0.5, 3, 4]);
    const low = leaf(0);
    const high = leaf(1);
    const out = clamp(x, low, high);
    expect(out.toArray()).toEqual([0, 0.5, 1, 1]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 0, 0]);
    expect(low.grad!.item()).toBe(1); // clamped -2
    expect(high.grad!.item()).toBe(2); // clamped 3 and 4
  });

  test('min > max makes every element max and sends all the gradient to max, as PyTorch', () => {
    const x = leaf([-1, 0.5, 5]);
    const low = leaf(2);
    const high = leaf(1);
    const out = x.clamp(low, high);
    expect(out.toArray()).toEqual([1, 1, 1]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
    expect(low.grad!.item()).toBe(0);
    expect(high.grad!.item()).toBe(3);
  });

  test('NaN stays NaN', () => {
    expectValues(tensor([Number.NaN, 5]).clamp(0, 1), [NaN, 1]);
  });

  test('neither bound given is an ArgumentError', () => {
    const x = tensor([1, 2]);
    expect(() => x.clamp()).toThrow(ArgumentError);
    expect(() => clamp(x, null, null)).toThrow(ArgumentError);
    expect(() => clamp(x, undefined, null)).toThrow(/clamp: give at least one of min and max/);
  });
});

describe('where', () => {
  test('picks a where cond is non-zero and b elsewhere, broadcasting all three', () => {
    const cond = tensor([[1], [0], [1]]); // [3,1]
    const a = leaf([[10, 20, 30, 40]]); // [1,4]
    const b = leaf(-1); // 0-d
    const out = where(cond, a, b);
    expect(out.shape).toEqual([3, 4]);
    expect(out.toArray()).toEqual([
      [10, 20, 30, 40],
      [-1, -1, -1, -1],
      [10, 20, 30, 40],
    ]);
    out.backward(
      tensor([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
        [9, 10, 11, 12],
      ]),
    );
    // a gets the seed where cond is 1, summed over rows 0 and 2: [1+9, 2+10, 3+11, 4+12]
    expect(a.grad!.toArray()).toEqual([[10, 12, 14, 16]]);
    // b gets the seed where cond is 0, summed to 0-d: 5+6+7+8
    expect(b.grad!.item()).toBe(26);
  });

  test('with a plain sum as loss, a gets cond and b gets 1 - cond', () => {
    const cond = tensor([1, 0, 1]);
    const a = leaf([1, 2, 3]);
    const b = leaf([4, 5, 6]);
    where(cond, a, b).sum().backward();
    expect(a.grad!.toArray()).toEqual([1, 0, 1]);
    expect(b.grad!.toArray()).toEqual([0, 1, 0]);
  });

  test('any non-zero cond counts as true, NaN included (as a cast to bool)', () => {
    const cond = tensor([2, 0, -0.5, Number.NaN]);
    expect(where(cond, tensor([1, 1, 1, 1]), tensor([0, 0, 0, 0])).toArray()).toEqual([1, 0, 1, 1]);
  });

  test('numbers for a and b: where(x > 0, x, 0) has gradient 1 where x > 0', () => {
    const x = leaf([-1, 2]);
    const out = where(x.gt(0), x, 0);
    expect(out.toArray()).toEqual([0, 2]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1]);
    const constant = where(tensor([1, 0]), 1, 2);
    expect(constant.toArray()).toEqual([1, 2]);
    expect(constant.requiresGrad).toBe(false);
  });

  test('cond never receives a gradient, even when it requires one', () => {
    const cond = leaf([1, 0]);
    const a = leaf([1, 2]);
    where(cond, a, 5).sum().backward();
    expect(cond.grad).toBeNull();
    expect(a.grad!.toArray()).toEqual([1, 0]);
  });

  test('is differentiable twice: d²/dx² where(x > 0, x^3, x^2) is 6x or 2', () => {
    const secondDerivative = grad(grad((x) => where(x.gt(0), x.pow(3), x.pow(2))));
    expect(secondDerivative(tensor(2)).item()).toBe(12);
    expect(secondDerivative(tensor(-1)).item()).toBe(2);
  });

  test('a shape clash names where and all three shapes', () => {
    const call = () => where(tensor([1, 0]), tensor([1, 2, 3]), tensor(0));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/^where: .*\[2\].*\[3\].*\[\]/);
  });
});
