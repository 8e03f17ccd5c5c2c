import {
  ArgumentError,
  arange,
  asTensor,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  ShapeError,
  Tensor,
  tensor,
  zeros,
  zerosLike,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';

describe('tensor()', () => {
  test('a number gives a 0-d tensor of shape []', () => {
    const t = tensor(3.5);
    expect(t.shape).toEqual([]);
    expect(t.ndim).toBe(0);
    expect(t.numel()).toBe(1);
    expect(t.item()).toBe(3.5);
    expect(t.toArray()).toBe(3.5);
  });

  test('nested arrays give their shape and row-major data', () => {
    const t = tensor([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ]);
    expect(t.shape).toEqual([1, 3, 2]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ]);
  });

  test('empty arrays give size-0 shapes', () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[]]).shape).toEqual([1, 0]);
    expect(tensor([[]]).numel()).toBe(0);
  });

  test('NaN and Infinity are numbers and are accepted', () => {
    const t = tensor([Number.NaN, Number.POSITIVE_INFINITY]);
    expect(Number.isNaN(t.data[0]!)).toBe(true);
    expect(t.data[1]).toBe(Number.POSITIVE_INFINITY);
  });

  test('a Float64Array with a shape is copied, not shared', () => {
    const source = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const t = tensor(source, { shape: [2, 3] });
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    source[0] = 100;
    expect(t.data[0]).toBe(1);
    expect(t.data).not.toBe(source);
  });

  test('a Float64Array without a shape is 1-D', () => {
    expect(tensor(Float64Array.from([1, 2, 3])).shape).toEqual([3]);
  });

  test('a shape that does not hold the values is a ShapeError', () => {
    expect(() => tensor(Float64Array.from([1, 2, 3, 4, 5]), { shape: [2, 3] })).toThrow(ShapeError);
    expect(() => tensor(Float64Array.from([1, 2, 3, 4, 5]), { shape: [2, 3] })).toThrow(
      /5 values cannot fill shape \[2,3\]/,
    );
  });

  test('a ragged row is rejected with its index path', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/values\[1\] has 1 elements but values\[0\] has 2/);
    // Deeper: the bad row is values[1][1].
    expect(() =>
      tensor([
        [[1], [2]],
        [[3], [4, 5]],
      ]),
    ).toThrow(/values\[1\]\[1\]/);
    // A number where a row was expected, and a row where a number was expected.
    expect(() => tensor([[1, 2], 3] as never)).toThrow(/values\[1\] is number where an array/);
    expect(() =>
      tensor([
        [1, 2],
        [3, [4]],
      ] as never),
    ).toThrow(/values\[1\]\[1\] is an array where a number/);
  });

  test('a non-number element is rejected with its index path', () => {
    expect(() => tensor([1, 'a'] as never)).toThrow(ShapeError);
    expect(() => tensor([1, 'a'] as never)).toThrow(/values\[1\] is string/);
    expect(() =>
      tensor([
        [1, 2],
        [3, null],
      ] as never),
    ).toThrow(/values\[1\]\[1\] is object/);
  });

  test('requiresGrad option makes a leaf that requires a gradient; the default does not', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    expect(p.grad).toBeNull();
    expect(tensor([1, 2]).requiresGrad).toBe(false);
  });

  test('invalid shape sizes throw an ArgumentError naming the op', () => {
    expect(() => tensor([1, 2], { shape: [-2, -1] })).toThrow(ArgumentError);
    expect(() => tensor([1, 2], { shape: [-2, -1] })).toThrow(/^tensor: /);
  });
});

describe('asTensor()', () => {
  test('wraps the array without copying: a subarray view reads and writes the same memory', () => {
    const rows = Float64Array.of(1, 2, 3, 4, 5, 6);
    const view = asTensor(rows.subarray(2), { shape: [2, 2] });
    expect(view.toArray()).toEqual([
      [3, 4],
      [5, 6],
    ]);
    rows[5] = 60;
    expect(view.toArray()).toEqual([
      [3, 4],
      [5, 60],
    ]);
    expect(asTensor(rows).shape).toEqual([6]);
    expect(asTensor(rows, { requiresGrad: true }).requiresGrad).toBe(true);
  });

  test('a shape that does not fit, or something other than a Float64Array, names asTensor and the fix', () => {
    expectThrows(
      () => asTensor(new Float64Array(5), { shape: [2, 3] }),
      ShapeError,
      /asTensor: 5 values cannot fill shape \[2,3\]/,
    );
    expectThrows(
      () => asTensor([1, 2] as unknown as Float64Array),
      ArgumentError,
      /asTensor: argument 'data' must be a Float64Array, got \[1, 2\]; use tensor\(\) to copy/,
    );
  });
});

describe('filled tensors', () => {
  test('zeros, ones and full fill every element', () => {
    expect(zeros([2, 3]).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2, 2], -7.5).toArray()).toEqual([
      [-7.5, -7.5],
      [-7.5, -7.5],
    ]);
    expect(zeros([]).toArray()).toBe(0);
    expect(zeros([2, 0, 3]).numel()).toBe(0);
  });

  test('zeros, ones and full take requiresGrad', () => {
    expect(zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(ones([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(full([2], 3, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(zeros([2]).requiresGrad).toBe(false);
  });

  test('zerosLike and onesLike copy the shape but not requiresGrad (unless asked)', () => {
    const like = tensor([[1, 2, 3]], { requiresGrad: true });
    expect(zerosLike(like).toArray()).toEqual([[0, 0, 0]]);
    expect(onesLike(like).toArray()).toEqual([[1, 1, 1]]);
    expect(zerosLike(like).requiresGrad).toBe(false);
    expect(onesLike(like, { requiresGrad: true }).requiresGrad).toBe(true);
  });

  test('eye is the identity, square or rectangular', () => {
    expect(eye(3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(eye(3, 2).toArray()).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(eye(0).shape).toEqual([0, 0]);
    expect(eye(2, 2, { requiresGrad: true }).requiresGrad).toBe(true);
  });

  test.each([
    ['zeros', () => zeros([2, -1])],
    ['ones', () => ones([1.5])],
    ['full', () => full([Number.NaN], 1)],
    ['full', () => full([Number.POSITIVE_INFINITY], 1)],
  ])('an invalid size throws an ArgumentError naming %s', (op, create) => {
    expect(create).toThrow(ArgumentError);
    expect(create).toThrow(new RegExp(`^${op}: shape .* sizes must be non-negative integers`));
  });

  test.each([
    ['eye', 'n', () => eye(-1)],
    ['eye', 'm', () => eye(2, 2.5)],
    ['linspace', 'steps', () => linspace(0, 1, -1)],
    ['linspace', 'steps', () => linspace(0, 1, 2.5)],
  ])('an invalid size throws an ArgumentError naming %s and the argument %s', (op, argument, create) => {
    expect(create).toThrow(ArgumentError);
    expect(create).toThrow(new RegExp(`^${op}: argument '${argument}' must be an integer >= 0`));
  });
});

describe('arange', () => {
  test('one argument counts from 0 up to, not including, end', () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(0).toArray()).toEqual([]);
  });

  test('two arguments count from start to end', () => {
    expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(arange(-2, 1).toArray()).toEqual([-2, -1, 0]);
  });

  test('three arguments use the step, also negative', () => {
    expect(arange(1, 10, 3).toArray()).toEqual([1, 4, 7]);
    // (0 - 5) / -1.5 = 3.33, so 4 values; all exact in binary.
    expect(arange(5, 0, -1.5).toArray()).toEqual([5, 3.5, 2, 0.5]);
    expect(arange(3, 0, -1).toArray()).toEqual([3, 2, 1]);
  });

  test('float steps: exact where binary is exact, and the decimal values within rounding otherwise', () => {
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    // 0, 0.1, ..., 0.9: ten values (end excluded), each within 1 ulp-ish of the decimal.
    expectAllClose(arange(0, 1, 0.1), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], {
      atol: 1e-15,
      rtol: 0,
    });
  });

  test('takes requiresGrad as its fourth argument', () => {
    expect(arange(0, 3, 1, { requiresGrad: true }).requiresGrad).toBe(true);
  });

  test('a zero, NaN or infinite step or bound throws an ArgumentError naming arange', () => {
    expect(() => arange(0, 1, 0)).toThrow(ArgumentError);
    expect(() => arange(0, 1, 0)).toThrow(/^arange: /);
    expect(() => arange(Number.NaN)).toThrow(/^arange: /);
    expect(() => arange(0, Number.POSITIVE_INFINITY)).toThrow(/^arange: /);
    expect(() => arange(0, 1, Number.NaN)).toThrow(/^arange: /);
  });
});

describe('linspace', () => {
  test('includes both endpoints exactly', () => {
    const t = linspace(-1, 0.3, 7);
    expect(t.data[0]).toBe(-1);
    expect(t.data[6]).toBe(0.3);
    // Between them, -1 + i * 1.3 / 6 within rounding.
    expectAllClose(
      t,
      Array.from({ length: 7 }, (_, i) => -1 + (i * 1.3) / 6),
      { atol: 1e-15, rtol: 0 },
    );
  });

  test('evenly spaced, exact where binary is exact', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, -2, 3).toArray()).toEqual([2, 0, -2]);
    expect(linspace(0, 1, 2).toArray()).toEqual([0, 1]);
  });

  test('one step gives [start] and zero steps give an empty tensor, as torch.linspace', () => {
    expect(linspace(3, 7, 1).toArray()).toEqual([3]);
    expect(linspace(3, 7, 0).shape).toEqual([0]);
  });
});

describe('reading values', () => {
  test('size and ndim', () => {
    expect(zeros([2, 3, 4]).numel()).toBe(24);
    expect(zeros([2, 3, 4]).ndim).toBe(3);
    expect(zeros([5, 0]).numel()).toBe(0);
    expect(tensor(1).ndim).toBe(0);
  });

  test('item() reads any one-element tensor', () => {
    expect(tensor([[7]]).item()).toBe(7);
    expect(tensor([-2]).item()).toBe(-2);
  });

  test('item() on a tensor of several elements throws a ShapeError with the shape', () => {
    expect(() => tensor([5, 6]).item()).toThrow(ShapeError);
    expect(() => zeros([2, 3]).item()).toThrow(/shape \[2,3\]/);
    expect(() => zeros([0]).item()).toThrow(ShapeError);
  });

  test('toArray() returns fresh nested arrays of the values', () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    const nested = t.toArray() as number[][];
    expect(nested).toEqual([
      [1, 2],
      [3, 4],
    ]);
    nested[0]![0] = 99;
    expect(t.data[0]).toBe(1);
  });

  test('the Tensor constructor rejects data that does not fill the shape', () => {
    expect(() => new Tensor(new Float64Array(5), [2, 3])).toThrow(ShapeError);
  });
});
