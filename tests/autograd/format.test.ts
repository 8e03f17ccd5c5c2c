import { arange, tensor, zeros } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';

// The expected strings follow PyTorch's layout: 'tensor(' then the values, every element padded to the
// width of the widest, each row of a 2-d tensor indented under the first, one blank line between the
// blocks of a 3-d tensor; then the shape and, for a tensor on the tape, requiresGrad or gradFn.

describe('Tensor.toString', () => {
  test('0-d tensors print their value alone', () => {
    expect(tensor(3).toString()).toBe('tensor(3, shape=[])');
    expect(tensor(-2.5).toString()).toBe('tensor(-2.5000, shape=[])');
  });

  test('integers print without decimals, padded to one width (the sign counts)', () => {
    expect(tensor([1, 2, 3]).toString()).toBe('tensor([1, 2, 3], shape=[3])');
    // Widest entries are '-2' and '30' (2 characters).
    expect(tensor([1, -2, 30]).toString()).toBe('tensor([ 1, -2, 30], shape=[3])');
  });

  test('any non-integer switches every element to 4 decimals', () => {
    expect(tensor([1, 2.5]).toString()).toBe('tensor([1.0000, 2.5000], shape=[2])');
    // 1/3 and 2/3 round to 4 decimals.
    expect(tensor([1 / 3, -2 / 3]).toString()).toBe('tensor([ 0.3333, -0.6667], shape=[2])');
  });

  test('2-d: rows aligned in columns, negative numbers included', () => {
    // Widest entry '300.0000' is 8 characters; the second row starts under the first ('tensor([' is 8 wide).
    expect(
      tensor([
        [1, -2.5],
        [300, 4],
      ]).toString(),
    ).toBe('tensor([[  1.0000,  -2.5000],\n        [300.0000,   4.0000]], shape=[2, 2])');
  });

  test('3-d: blocks separated by a blank line, inner rows indented one more', () => {
    const t = tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
    expect(t.toString()).toBe(
      [
        'tensor([[[1, 2],',
        '         [3, 4]],',
        '',
        '        [[5, 6],',
        '         [7, 8]]], shape=[2, 2, 2])',
      ].join('\n'),
    );
  });

  test('empty tensors print empty brackets', () => {
    expect(tensor([]).toString()).toBe('tensor([], shape=[0])');
    expect(zeros([2, 0]).toString()).toBe('tensor([[],\n        []], shape=[2, 0])');
  });

  test('scientific notation when some magnitude is below 1e-4 or at least 1e8', () => {
    expect(tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-5, 1.0000e+0], shape=[2])');
    expect(tensor([1.5e8, 2.5]).toString()).toBe('tensor([1.5000e+8, 2.5000e+0], shape=[2])');
    // Exactly 1e-4 is still fixed-point.
    expect(tensor([0.0001, 0.5]).toString()).toBe('tensor([0.0001, 0.5000], shape=[2])');
  });

  test('NaN and Infinity print as words and take part in the width', () => {
    // Widest is '-Infinity' (9 characters).
    expect(tensor([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5]).toString()).toBe(
      'tensor([      NaN,  Infinity, -Infinity,    1.5000], shape=[4])',
    );
    // NaN does not stop integers from printing as integers.
    expect(tensor([1, Number.NaN]).toString()).toBe('tensor([  1, NaN], shape=[2])');
  });

  test('a leaf that requires a gradient says so; a recorded result names its op', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(x.toString()).toBe('tensor([1, 2], shape=[2], requiresGrad=true)');
    expect(x.mul(2).toString()).toBe('tensor([2, 4], shape=[2], gradFn=mul)');
    expect(x.sum().toString()).toBe('tensor(3, shape=[], gradFn=sum)');
    expect(x.detach().toString()).toBe('tensor([1, 2], shape=[2])');
  });

  test('up to 1000 elements print in full', () => {
    const text = arange(1000).toString();
    expect(text).not.toContain('...');
    expect(text.startsWith('tensor([  0,   1,   2,')).toBe(true);
    expect(text.endsWith(' 998, 999], shape=[1000])')).toBe(true);
  });

  test('more than 1000 elements: the first and last 3 of each axis, with ... between', () => {
    expect(arange(1001).toString()).toBe('tensor([   0,    1,    2, ...,  998,  999, 1000], shape=[1001])');
    // Row i holds 30i .. 30i + 29; rows 0-2 and 37-39 shown.
    expect(arange(1200).reshape(40, 30).toString()).toBe(
      [
        'tensor([[   0,    1,    2, ...,   27,   28,   29],',
        '        [  30,   31,   32, ...,   57,   58,   59],',
        '        [  60,   61,   62, ...,   87,   88,   89],',
        '        ...,',
        '        [1110, 1111, 1112, ..., 1137, 1138, 1139],',
        '        [1140, 1141, 1142, ..., 1167, 1168, 1169],',
        '        [1170, 1171, 1172, ..., 1197, 1198, 1199]], shape=[40, 30])',
      ].join('\n'),
    );
  });

  test('an axis of 6 or fewer is never cut, even in a summarized tensor', () => {
    // 2 x 3 x 200: only the last axis is long enough to cut.
    const lines = arange(1200).reshape(2, 3, 200).toString().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('tensor([[[   0,    1,    2, ...,  197,  198,  199],');
    expect(lines[3]).toBe('');
    expect(lines[6]).toBe('         [1000, 1001, 1002, ..., 1197, 1198, 1199]]], shape=[2, 3, 200])');
  });

  test('a very large tensor prints (no stack overflow from spreading its values)', () => {
    expect(zeros([200_000]).add(0.5).toString()).toBe(
      'tensor([0.5000, 0.5000, 0.5000, ..., 0.5000, 0.5000, 0.5000], shape=[200000])',
    );
  });
});
