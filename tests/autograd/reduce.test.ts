import {
  ArgumentError,
  argmax,
  argmin,
  logsumexp,
  max,
  mean,
  min,
  sum,
  tensor,
  zeros,
} from '@tapegrad/autograd';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { counting, leaf } from '../support/tensors.ts';

/** x[i][j][k] = 12i + 4j + k, shape [2,3,4]: every entry distinct, so sums are easy by hand. */
const cube = (requiresGrad = false) => counting([2, 3, 4], requiresGrad);

const matrix = () =>
  tensor([
    [1, 5, 2],
    [7, 0, 3],
  ]);

describe('sum', () => {
  it('over all elements gives a 0-d tensor: 1+2+3+4+5+6 = 21', () => {
    const total = sum(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    expect(total.shape).toEqual([]);
    expect(total.item()).toBe(21);
  });

  it('over one axis removes it; a negative axis counts from the end', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(sum(x, 0).toArray()).toEqual([5, 7, 9]);
    expect(sum(x, 1).toArray()).toEqual([6, 15]);
    expect(x.sum(-1).toArray()).toEqual([6, 15]);
    expect(x.sum(-2).toArray()).toEqual([5, 7, 9]);
  });

  it('over several axes of [2,3,4]: sum over i,k of 12i + 4j + k = 60 + 32j', () => {
    // 8 terms per j: 12*(0+1)*4 + 4j*8 + (0+1+2+3)*2 = 48 + 32j + 12.
    const reduced = sum(cube(), [0, 2]);
    expect(reduced.shape).toEqual([3]);
    expect(reduced.toArray()).toEqual([60, 92, 124]);
    expect(sum(cube(), [-1, -3]).toArray()).toEqual([60, 92, 124]);
  });

  it('keepdims keeps each reduced axis with size 1', () => {
    expect(sum(cube(), [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(sum(cube(), [0, 2], true).toArray()).toEqual([[[60], [92], [124]]]);
    expect(sum(cube(), undefined, true).shape).toEqual([1, 1, 1]);
    expect(sum(cube(), undefined, true).item()).toBe(276); // 0 + 1 + ... + 23 = 23*24/2
    expect(sum(cube(), 1, false).shape).toEqual([2, 4]);
    expect(sum(cube(), 1, true).shape).toEqual([2, 1, 4]);
  });

  it('over an empty axis is 0, as in PyTorch', () => {
    const empty = zeros([2, 0]);
    expect(sum(empty, 1).toArray()).toEqual([0, 0]);
    expect(sum(empty).item()).toBe(0);
  });

  it('of a 0-d tensor is itself', () => {
    expect(sum(tensor(5)).item()).toBe(5);
  });

  it('backward spreads the gradient as ones over the summed elements', () => {
    const x = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    x.sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });

  it('backward over one axis repeats each row gradient along that axis', () => {
    const x = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    x.sum(1).backward(tensor([10, 20]));
    expect(x.grad!.toArray()).toEqual([
      [10, 10, 10],
      [20, 20, 20],
    ]);
  });

  it('backward over several axes with keepdims sends g[j] to every (i, j, k)', () => {
    const x = cube(true);
    x.sum([0, 2], true).backward(tensor([[[1], [2], [3]]]));
    const grad = x.grad!;
    expect(grad.shape).toEqual([2, 3, 4]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 4; k++) expect(grad.data[12 * i + 4 * j + k]).toBe(j + 1);
  });

  it('does not modify its input', () => {
    const x = tensor([1, 2, 3]);
    x.sum();
    expect(x.toArray()).toEqual([1, 2, 3]);
  });
});

describe('mean', () => {
  it('over all elements: 21 / 6 = 3.5', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(mean(x).shape).toEqual([]);
    expect(mean(x).item()).toBe(3.5);
  });

  it('over one axis and over several axes (count = product of the reduced sizes)', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(mean(x, 0).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(x.mean(-1, true).toArray()).toEqual([[2], [5]]);
    // (60 + 32j) / 8 elements.
    expect(mean(cube(), [0, 2]).toArray()).toEqual([7.5, 11.5, 15.5]);
    expect(mean(cube(), [0, 2], true).shape).toEqual([1, 3, 1]);
  });

  it('backward gives 1/count to every element', () => {
    const x = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    x.mean().backward();
    expectAllClose(x.grad!.data, [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6]);
  });

  it('backward over one axis gives g / count along it', () => {
    const x = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    x.mean(1).backward(tensor([3, 6]));
    expect(x.grad!.toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
  });
});

describe('max and min', () => {
  it('over all elements and over each axis', () => {
    const x = matrix();
    expect(max(x).shape).toEqual([]);
    expect(max(x).item()).toBe(7);
    expect(min(x).item()).toBe(0);
    expect(max(x, 0).toArray()).toEqual([7, 5, 3]);
    expect(max(x, 1).toArray()).toEqual([5, 7]);
    expect(min(x, 0).toArray()).toEqual([1, 0, 2]);
    expect(x.min(-1).toArray()).toEqual([1, 0]);
    expect(x.max(-1, true).toArray()).toEqual([[5], [7]]);
  });

  it('over several axes of [2,3,4]: max over i,k of 12i + 4j + k is at i=1, k=3', () => {
    expect(max(cube(), [0, 2]).toArray()).toEqual([15, 19, 23]);
    expect(min(cube(), [0, -1], true).toArray()).toEqual([[[0], [4], [8]]]);
  });

  it('propagates NaN, as PyTorch', () => {
    expect(Number.isNaN(max(tensor([1, Number.NaN, 3])).item())).toBe(true);
    expect(Number.isNaN(min(tensor([1, Number.NaN, 3])).item())).toBe(true);
  });

  it('backward sends the gradient to the arg-max only', () => {
    const x = leaf([
      [1, 5, 2],
      [7, 0, 3],
    ]);
    x.max().backward();
    expect(x.grad!.toArray()).toEqual([
      [0, 0, 0],
      [1, 0, 0],
    ]);
  });

  it('backward over an axis sends each row gradient to that row extreme', () => {
    const x = leaf([
      [1, 5, 2],
      [7, 0, 3],
    ]);
    x.max(1).backward(tensor([10, 20]));
    expect(x.grad!.toArray()).toEqual([
      [0, 10, 0],
      [20, 0, 0],
    ]);
    const y = leaf([
      [1, 5, 2],
      [7, 0, 3],
    ]);
    y.min(0).backward(tensor([1, 2, 3]));
    expect(y.grad!.toArray()).toEqual([
      [1, 0, 3],
      [0, 2, 0],
    ]);
  });

  it('backward over several axes with keepdims puts g[j] at (1, j, 3)', () => {
    const x = cube(true);
    x.max([0, 2], true).backward(tensor([[[1], [2], [3]]]));
    const expected = new Array<number>(24).fill(0);
    for (let j = 0; j < 3; j++) expected[12 + 4 * j + 3] = j + 1;
    expect(Array.from(x.grad!.data)).toEqual(expected);
  });

  it('max([1,3,3]) splits the gradient evenly among ties: [0, 0.5, 0.5]', () => {
    const x = leaf([1, 3, 3]);
    x.max().backward();
    expect(x.grad!.toArray()).toEqual([0, 0.5, 0.5]);
  });

  it('min([2,1,1,1]) gives 1/3 to each of the three tied minima', () => {
    const x = leaf([2, 1, 1, 1]);
    x.min().backward();
    expectAllClose(x.grad!.data, [0, 1 / 3, 1 / 3, 1 / 3]);
  });

  it('ties split per reduced slice: max over axis 0 of [[1,4],[1,2]]', () => {
    const x = leaf([
      [1, 4],
      [1, 2],
    ]);
    x.max(0).backward(tensor([6, 8]));
    // Column 0 ties (1 and 1): 6 / 2 each; column 1: all of 8 to the 4.
    expect(x.grad!.toArray()).toEqual([
      [3, 8],
      [3, 0],
    ]);
  });

  it('over an empty axis throws an ArgumentError (there is no max)', () => {
    expectThrows(() => max(zeros([2, 0]), 1), ArgumentError, /max/, /empty axis/, /\[2,0\]/);
    expectThrows(() => min(zeros([0])), ArgumentError, /min/, /empty axis/);
  });
});

describe('logsumexp', () => {
  it('of [1,2,3] is log(e + e^2 + e^3)', () => {
    const result = logsumexp(tensor([1, 2, 3]));
    expect(result.shape).toEqual([]);
    expectAllClose([result.item()], [Math.log(Math.E + Math.E ** 2 + Math.E ** 3)]);
  });

  it('of zeros is log(count), over all elements or one axis, with keepdims shapes', () => {
    const x = zeros([2, 3]);
    expectAllClose([logsumexp(x).item()], [Math.log(6)]);
    const rows = logsumexp(x, 1);
    expect(rows.shape).toEqual([2]);
    expectAllClose(rows.data, [Math.log(3), Math.log(3)]);
    const kept = x.logsumexp(-2, true);
    expect(kept.shape).toEqual([1, 3]);
    expectAllClose(kept.data, [Math.log(2), Math.log(2), Math.log(2)]);
    expect(logsumexp(zeros([2, 3, 4]), [0, 2]).shape).toEqual([3]);
    expectAllClose(logsumexp(zeros([2, 3, 4]), [0, 2]).data, [Math.log(8), Math.log(8), Math.log(8)]);
  });

  it('of [1000, 1000] is exactly 1000 + log 2 (no overflow)', () => {
    const result = logsumexp(tensor([1000, 1000])).item();
    expect(Number.isFinite(result)).toBe(true);
    expect(result).toBe(1000 + Math.log(2));
  });

  it('of a row of -Infinity is -Infinity, not NaN', () => {
    const result = logsumexp(
      tensor([
        [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
        [0, 0],
      ]),
      1,
    );
    expect(result.data[0]).toBe(Number.NEGATIVE_INFINITY);
    expectAllClose([result.data[1]!], [Math.log(2)]);
  });

  it('backward is softmax: exp(x_i - logsumexp(x))', () => {
    const x = leaf([1, 2, 3]);
    x.logsumexp().backward();
    const total = Math.E + Math.E ** 2 + Math.E ** 3;
    expectAllClose(x.grad!.data, [Math.E / total, Math.E ** 2 / total, Math.E ** 3 / total]);
  });

  it('backward over one axis scales each row softmax by its gradient', () => {
    const x = leaf([
      [0, 0],
      [0, Math.log(3)],
    ]);
    x.logsumexp(1).backward(tensor([2, 4]));
    // Row 0: softmax [1/2, 1/2] * 2; row 1: softmax [1/4, 3/4] * 4.
    expectAllClose(x.grad!.data, [1, 1, 1, 3]);
  });
});

describe('argmax and argmin', () => {
  it('without an axis index the flattened tensor and give a 0-d result', () => {
    const x = matrix();
    expect(argmax(x).shape).toEqual([]);
    expect(argmax(x).item()).toBe(3); // 7 sits at flat index 3
    expect(argmin(x).item()).toBe(4); // 0 sits at flat index 4
  });

  it('along an axis, with and without keepdims', () => {
    const x = matrix();
    expect(argmax(x, 1).toArray()).toEqual([1, 0]);
    expect(argmax(x, 0).toArray()).toEqual([1, 0, 1]);
    expect(argmin(x, -1).toArray()).toEqual([0, 1]);
    expect(argmin(x, 0).toArray()).toEqual([0, 1, 0]);
    expect(x.argmax(1, true).shape).toEqual([2, 1]);
    expect(x.argmax(1, true).toArray()).toEqual([[1], [0]]);
    expect(argmax(cube(), 1).shape).toEqual([2, 4]);
    expect(argmax(cube(), 1).toArray()).toEqual([
      [2, 2, 2, 2],
      [2, 2, 2, 2],
    ]);
  });

  it('return the first index on ties', () => {
    expect(argmax(tensor([3, 1, 3])).item()).toBe(0);
    expect(argmin(tensor([2, 1, 1])).item()).toBe(1);
    expect(
      argmax(
        tensor([
          [5, 5],
          [1, 5],
        ]),
        1,
      ).toArray(),
    ).toEqual([0, 1]);
  });

  it('have no gradient: the result is a constant leaf', () => {
    const x = leaf([1, 3, 2]);
    const index = argmax(x);
    expect(index.requiresGrad).toBe(false);
    expect(index.gradFn).toBeNull();
    expect(argmin(x, 0).requiresGrad).toBe(false);
  });

  it('throw on an empty tensor and on an axis out of range', () => {
    expectThrows(() => argmax(zeros([0])), ArgumentError, /argmax/, /empty/);
    expectThrows(() => argmin(matrix(), 2), ArgumentError, /argmin/, /-2\.\.1/);
  });
});

describe('reduction errors', () => {
  it('an axis out of range is an ArgumentError naming the op and the valid range', () => {
    expectThrows(
      () => sum(matrix(), 2),
      ArgumentError,
      /^sum: axis 2 is out of range/,
      /valid axes are -2\.\.1/,
    );
    expectThrows(() => mean(matrix(), -3), ArgumentError, /^mean:/, /axis -3/, /-2\.\.1/);
    expectThrows(() => max(matrix(), [0, 5]), ArgumentError, /^max:/, /axis 5/);
    expectThrows(() => logsumexp(matrix(), 3), ArgumentError, /^logsumexp:/, /-2\.\.1/);
    expectThrows(() => sum(tensor(1), 0), ArgumentError, /sum/, /0-d tensor has no axes/);
  });

  it('a non-integer axis is an ArgumentError', () => {
    expectThrows(() => sum(matrix(), 0.5), ArgumentError, /sum: axis 0.5/);
  });

  it('a repeated axis (also when written once negative) is an ArgumentError', () => {
    expectThrows(() => sum(matrix(), [0, 0]), ArgumentError, /^sum:/, /repeat/);
    expectThrows(() => min(matrix(), [1, -1]), ArgumentError, /^min:/, /repeat/);
    expectThrows(() => mean(matrix(), [0, -2]), ArgumentError, /^mean:/, /repeat/);
  });
});
