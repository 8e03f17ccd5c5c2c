/**
 * PyTorch's positional indexing names: select, narrow, index/at (x[i]), the T and mT properties, view and
 * tolist. Values by hand on counting tensors (x[i][j][k] = 12i + 4j + k for [2, 3, 4]), gradients by hand:
 * each op picks entries, so the gradient is the seed written back at the picked places, zeros elsewhere.
 */
import { ArgumentError, at, index, narrow, ShapeError, select, tensor } from '@tapegrad/autograd';
import { describe, expect, it } from 'vitest';
import { expectThrows } from '../support/assertions.ts';
import { counting } from '../support/tensors.ts';

describe('select(dim, index): the axis goes', () => {
  const x = counting([2, 3, 4]);

  it('picks x[:, i] for dim 1, and negative indices count from the end', () => {
    expect(select(x, 1, 2).toArray()).toEqual([
      [8, 9, 10, 11],
      [20, 21, 22, 23],
    ]);
    expect(x.select(1, -1).toArray()).toEqual(x.select(1, 2).toArray());
    expect(x.select(-1, 0).toArray()).toEqual([
      [0, 4, 8],
      [12, 16, 20],
    ]);
    expect(x.select(0, 1).shape).toEqual([3, 4]);
    expect(tensor([5, 6, 7]).select(0, -3).toArray()).toBe(5);
  });

  it('backward writes the seed into that slot, zeros elsewhere', () => {
    const m = counting([2, 3], true);
    m.select(1, -2).backward(tensor([10, 20]));
    expect(m.grad!.toArray()).toEqual([
      [0, 10, 0],
      [0, 20, 0],
    ]);
  });

  it('errors name the op, the axis and the valid range', () => {
    expectThrows(
      () => x.select(1, 3),
      ArgumentError,
      /^select: index 3 is out of range for axis 1 of size 3 \(input \[2,3,4\]\); valid positions are -3\.\.2$/,
    );
    expectThrows(() => x.select(1, -4), ArgumentError, /index -4 .* valid positions are -3\.\.2/);
    expectThrows(() => x.select(3, 0), ArgumentError, /^select: axis 3 \(dim\) is out of range .* -3\.\.2/);
    expectThrows(() => x.select(0, 0.5), ArgumentError, /^select: argument 'index' must be an integer/);
    expectThrows(() => tensor(1).select(0, 0), ArgumentError, /^select: .*a 0-d tensor has no axes/);
  });
});

describe('narrow(dim, start, length): the axis stays', () => {
  const x = counting([2, 3, 4]);

  it('is x[:, :, start:start + length], with a negative start counted from the end', () => {
    expect(narrow(x, 2, 1, 2).toArray()).toEqual([
      [
        [1, 2],
        [5, 6],
        [9, 10],
      ],
      [
        [13, 14],
        [17, 18],
        [21, 22],
      ],
    ]);
    expect(x.narrow(0, -1, 1).toArray()).toEqual([x.select(0, 1).toArray()]);
    expect(x.narrow(1, 3, 0).shape).toEqual([2, 0, 4]);
  });

  it('backward writes the seed into the range', () => {
    const v = counting([5], true);
    v.narrow(0, 1, 3).backward(tensor([1, 2, 3]));
    expect(v.grad!.toArray()).toEqual([0, 1, 2, 3, 0]);
  });

  it('a range past the end is an error, not clipped as slice clips', () => {
    expectThrows(
      () => x.narrow(2, 3, 2),
      ArgumentError,
      /^narrow: start 3 \+ length 2 runs past the end of axis 2 of size 4 .*end at 4 or before/,
    );
    expectThrows(() => x.narrow(2, 5, 0), ArgumentError, /^narrow: start 5 .* valid starts are -4\.\.4/);
    expectThrows(
      () => x.narrow(2, 0, -1),
      ArgumentError,
      /^narrow: argument 'length' must be an integer >= 0/,
    );
    expectThrows(() => x.narrow(2, 1.5, 1), ArgumentError, /^narrow: argument 'start' must be an integer/);
  });
});

describe('index(i) and at(i): PyTorch x[i]', () => {
  const x = counting([3, 2]);

  it('a number is the i-th row, negative from the end (at is the same, named as Array.prototype.at)', () => {
    expect(index(x, 1).toArray()).toEqual([2, 3]);
    expect(x.index(-1).toArray()).toEqual([4, 5]);
    expect(at(x, -3).toArray()).toEqual([0, 1]);
    expect(x.at(2).toArray()).toEqual([4, 5]);
    expect(counting([4]).at(-1).toArray()).toBe(3);
  });

  it('an array of numbers stacks those rows (negatives allowed, repeats allowed)', () => {
    expect(x.index([2, 0, -1]).toArray()).toEqual([
      [4, 5],
      [0, 1],
      [4, 5],
    ]);
    expect(x.index([]).shape).toEqual([0, 2]);
  });

  it('an array of booleans keeps the rows where it is true', () => {
    expect(x.index([true, false, true]).toArray()).toEqual([
      [0, 1],
      [4, 5],
    ]);
    expect(x.index([false, false, false]).shape).toEqual([0, 2]);
  });

  it('backward: each row gets the gradient of every place it went to (a repeat adds)', () => {
    const m = counting([3, 2], true);
    m.index([2, 0, 2]).backward(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    expect(m.grad!.toArray()).toEqual([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
    const n = counting([3, 2], true);
    n.at(-1).sum().backward();
    expect(n.grad!.toArray()).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
  });

  it('errors name the op, the axis and the range', () => {
    expectThrows(
      () => x.index(3),
      ArgumentError,
      /^index: index 3 is out of range for axis 0 of size 3 .* -3\.\.2/,
    );
    expectThrows(() => x.at(-4), ArgumentError, /^at: index -4 is out of range for axis 0 of size 3/);
    expectThrows(() => x.index([0, 5]), ArgumentError, /^index: index\[1\] 5 is out of range/);
    expectThrows(
      () => x.index([true, false]),
      ShapeError,
      /^index: a boolean index of length 2 .* axis 0 .* \(3\)/,
    );
    expectThrows(() => x.index('1' as never), ArgumentError, /^index: argument 'index' must be an integer/);
    expectThrows(() => x.at([0] as never), ArgumentError, /^at: argument 'index' must be an integer/);
    expectThrows(() => tensor(2).at(0), ShapeError, /^at: a 0-d tensor has no axis to index; .*item\(\)/);
  });
});

describe('T and mT', () => {
  it('T transposes a matrix; a 0-d or 1-d tensor is itself', () => {
    const m = counting([2, 3]);
    expect(m.T.toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    const v = counting([3]);
    expect(v.T).toBe(v);
    expect(tensor(4).T.toArray()).toBe(4);
  });

  it('T on more than 2 axes is an error naming mT and permute (PyTorch 2 deprecates reversing them)', () => {
    expectThrows(
      () => counting([2, 3, 4]).T,
      ShapeError,
      /^T: a 3-d tensor \[2,3,4\]/,
      /x\.mT/,
      /x\.permute\(2, 1, 0\)/,
    );
  });

  it('mT swaps the last two axes of a batch; fewer than 2 axes is an error', () => {
    const batch = counting([2, 2, 3]);
    expect(batch.mT.toArray()).toEqual([
      [
        [0, 3],
        [1, 4],
        [2, 5],
      ],
      [
        [6, 9],
        [7, 10],
        [8, 11],
      ],
    ]);
    expectThrows(() => counting([3]).mT, ShapeError, /^mT: a 1-d tensor \[3\] .* at least 2 axes/);
  });

  it('their gradients are transposed back', () => {
    const m = counting([2, 3], true);
    m.T.backward(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    expect(m.grad!.toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
  });

  it('are getters: not enumerable, not assignable', () => {
    const m = counting([2, 2]);
    expect(Object.keys(m)).not.toContain('T');
    expect(() => {
      (m as unknown as { T: number }).T = 1;
    }).toThrow(TypeError);
  });
});

describe('view and tolist', () => {
  it('view is reshape, sizes as arguments or one array, -1 inferred, sharing the storage', () => {
    const x = counting([2, 6]);
    const viewed = x.view(3, -1);
    expect(viewed.shape).toEqual([3, 4]);
    expect(x.view([12]).toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(viewed.data).toBe(x.data);
  });

  it("view's errors name view", () => {
    expectThrows(
      () => counting([2, 6]).view(5, -1),
      ShapeError,
      /^view: cannot reshape \[2,6\] \(12 elements\) into \[5,-1\]/,
    );
    expectThrows(() => counting([2, 6]).view(-1, -1), ArgumentError, /^view: only one size may be -1/);
  });

  it('view backward reshapes the gradient back', () => {
    const x = counting([2, 3], true);
    x.view(6).backward(tensor([1, 2, 3, 4, 5, 6]));
    expect(x.grad!.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('tolist gives nested arrays, a number for a 0-d tensor', () => {
    expect(counting([2, 2]).tolist()).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(tensor(2.5).tolist()).toBe(2.5);
  });
});
