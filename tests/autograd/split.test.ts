import { ArgumentError, arange, chunk, split, tensor } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectThrows } from '../support/assertions.ts';
import { counting } from '../support/tensors.ts';
import { torchMath } from './fixtures/torch-math.ts';

const sizesOf = (pieces: readonly { shape: readonly number[] }[], axis = 0) =>
  pieces.map((piece) => piece.shape[axis]);

describe('split and chunk', () => {
  test('split into pieces of a size, the last one smaller; or into the sizes given', () => {
    expect(split(arange(5), 2).map((t) => t.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(split(arange(5), [1, 4]).map((t) => t.toArray())).toEqual([[0], [1, 2, 3, 4]]);
    const x = counting([2, 3]);
    expect(x.split(2, 1).map((t) => t.toArray())).toEqual([
      [
        [0, 1],
        [3, 4],
      ],
      [[2], [5]],
    ]);
  });

  test('chunk makes ceil(n / chunks)-sized pieces, so maybe fewer than asked: 6 in 4 chunks is 3 of 2', () => {
    expect(sizesOf(chunk(arange(6), 4))).toEqual([2, 2, 2]);
    expect(chunk(counting([2, 5]), 2, -1).map((t) => t.toArray())).toEqual([
      [
        [0, 1, 2],
        [5, 6, 7],
      ],
      [
        [3, 4],
        [8, 9],
      ],
    ]);
  });

  test("piece sizes match PyTorch's for every length and count, an empty axis included", () => {
    for (const { length, chunks, sizes } of torchMath.pieces.chunk) {
      expect(sizesOf(chunk(arange(length), chunks)), `chunk(${length}, ${chunks})`).toEqual(sizes);
    }
    for (const { length, size, sizes } of torchMath.pieces.split) {
      expect(sizesOf(split(arange(length), size)), `split(${length}, ${size})`).toEqual(sizes);
    }
  });

  test('each piece sends its gradient back to the positions it came from', () => {
    const x = tensor([1, 2, 3, 4, 5], { requiresGrad: true });
    const [first, second, third] = chunk(x, 3);
    first!.mul(10).sum().add(second!.mul(100).sum()).add(third!.mul(1000).sum()).backward();
    expect(x.grad?.toArray()).toEqual([10, 10, 100, 100, 1000]);
    const y = tensor([1, 2, 3], { requiresGrad: true });
    split(y, [2, 1])[1]!.sum().backward();
    expect(y.grad?.toArray()).toEqual([0, 0, 1]);
  });

  test('bad sizes, counts and dims are ArgumentErrors naming the function and argument', () => {
    const x = arange(5);
    expectThrows(
      () => split(x, [2, 2]),
      ArgumentError,
      /^split: splitSizeOrSections \[2, 2\] adds up to 4/,
      /size 5/,
    );
    expectThrows(() => split(x, 0), ArgumentError, /split/, /splitSizeOrSections/);
    expectThrows(() => split(x, [2, -1, 4]), ArgumentError, /split/, /splitSizeOrSections\[1\]/);
    expectThrows(() => split(x, 2, 1), ArgumentError, /split/, /dim/);
    expectThrows(() => chunk(x, 0), ArgumentError, /chunk/, /chunks/);
    expectThrows(() => chunk(tensor(3), 1), ArgumentError, /chunk/, /dim/);
  });
});
