import {
  ArgumentError,
  broadcastTo,
  clone,
  flatten,
  permute,
  reshape,
  ShapeError,
  squeeze,
  tensor,
  transpose,
  unsqueeze,
  zeros,
} from '@tapegrad/autograd';
import { describe, expect, it } from 'vitest';
import { expectThrows } from '../support/assertions.ts';
import { counting, leaf } from '../support/tensors.ts';

describe('reshape', () => {
  it('keeps the row-major order of values', () => {
    const x = counting([2, 3]);
    expect(reshape(x, [3, 2]).toArray()).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(x.reshape(6).toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(x.reshape([1, 6]).shape).toEqual([1, 6]);
  });

  it('infers one -1 size from the element count', () => {
    const x = counting([2, 3, 4]);
    expect(x.reshape(-1).shape).toEqual([24]);
    expect(x.reshape(4, -1).shape).toEqual([4, 6]);
    expect(x.reshape([-1, 2, 3]).shape).toEqual([4, 2, 3]);
    expect(zeros([0, 3]).reshape(-1, 3).shape).toEqual([0, 3]);
  });

  it('a size mismatch is a ShapeError naming both shapes', () => {
    expectThrows(() => counting([2, 3]).reshape(4, 2), ShapeError, /^reshape:/, /\[2,3\]/, /\[4,2\]/);
    expectThrows(() => counting([2, 3]).reshape(4, -1), ShapeError, /\[2,3\]/, /\[4,-1\]/);
  });

  it('two -1 sizes are an ArgumentError', () => {
    expectThrows(
      () => counting([2, 3]).reshape(-1, -1),
      ArgumentError,
      /^reshape:/,
      /only one size may be -1/,
    );
  });

  it('non-integer, negative and NaN sizes are ArgumentErrors at the call', () => {
    const x = counting([2, 3]);
    expectThrows(() => x.reshape(1.5, 4), ArgumentError, /^reshape:/, /1\.5/);
    expectThrows(() => x.reshape(-2, -3), ArgumentError, /^reshape:/, /-2/);
    expectThrows(() => x.reshape(Number.NaN, 6), ArgumentError, /^reshape:/, /NaN/);
  });

  it('backward reshapes the gradient back to the input shape', () => {
    const x = counting([2, 3], true);
    x.reshape(3, 2).backward(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    expect(x.grad!.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
});

describe('flatten', () => {
  it('merges all axes by default, or the axes startDim..endDim', () => {
    const x = counting([2, 3, 4]);
    expect(flatten(x).shape).toEqual([24]);
    expect(Array.from(flatten(x).data)).toEqual(Array.from(x.data));
    expect(x.flatten(1).shape).toEqual([2, 12]);
    expect(x.flatten(0, 1).shape).toEqual([6, 4]);
    expect(x.flatten(-2, -1).shape).toEqual([2, 12]);
    expect(x.flatten(1, 1).shape).toEqual([2, 3, 4]);
    expect(flatten(tensor(7)).toArray()).toEqual([7]);
  });

  it('startDim after endDim is an ArgumentError', () => {
    expectThrows(() => counting([2, 3, 4]).flatten(2, 1), ArgumentError, /^flatten:/);
  });

  it('backward gives the gradient back in the original shape', () => {
    const x = counting([2, 2], true);
    x.flatten().backward(tensor([1, 2, 3, 4]));
    expect(x.grad!.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('squeeze and unsqueeze', () => {
  it('squeeze() removes every size-1 axis', () => {
    const x = counting([1, 3, 1, 2]);
    expect(squeeze(x).shape).toEqual([3, 2]);
    expect(squeeze(x).toArray()).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('squeeze(axis) removes that axis only, and leaves a non-1 axis alone (as PyTorch)', () => {
    const x = counting([1, 3, 1, 2]);
    expect(x.squeeze(0).shape).toEqual([3, 1, 2]);
    expect(x.squeeze(-2).shape).toEqual([1, 3, 2]);
    expect(x.squeeze(1).shape).toEqual([1, 3, 1, 2]);
    expect(Array.from(x.squeeze(1).data)).toEqual([0, 1, 2, 3, 4, 5]);
    expectThrows(() => x.squeeze(4), ArgumentError, /^squeeze: axis 4/, /-4\.\.3/);
  });

  it('unsqueeze inserts a size-1 axis; -1 appends one at the end', () => {
    const x = counting([2, 3]);
    expect(unsqueeze(x, 0).shape).toEqual([1, 2, 3]);
    expect(x.unsqueeze(1).shape).toEqual([2, 1, 3]);
    expect(x.unsqueeze(2).shape).toEqual([2, 3, 1]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 3, 1]);
    expect(x.unsqueeze(-3).shape).toEqual([1, 2, 3]);
    expect(x.unsqueeze(-1).toArray()).toEqual([
      [[0], [1], [2]],
      [[3], [4], [5]],
    ]);
    expectThrows(() => x.unsqueeze(3), ArgumentError, /^unsqueeze: axis 3/, /-3\.\.2/);
  });

  it('backward of squeeze and unsqueeze restores the input shape', () => {
    const x = counting([1, 2], true);
    x.squeeze()
      .unsqueeze(-1)
      .backward(tensor([[5], [7]]));
    expect(x.grad!.toArray()).toEqual([[5, 7]]);
  });
});

describe('broadcastTo', () => {
  it('repeats values along new leading axes and size-1 axes', () => {
    expect(broadcastTo(tensor([1, 2, 3]), [2, 3]).toArray()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(
      tensor([[1], [2]])
        .broadcastTo([2, 3])
        .toArray(),
    ).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(broadcastTo(tensor(4), [2]).toArray()).toEqual([4, 4]);
  });

  it('backward sums the gradient back over the repeated axes', () => {
    const row = leaf([1, 2, 3]);
    row.broadcastTo([2, 3]).backward(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    expect(row.grad!.toArray()).toEqual([5, 7, 9]); // 1 + 4, 2 + 5, 3 + 6

    const col = leaf([[1], [2]]);
    col.broadcastTo([3, 2, 4]).sum().backward();
    expect(col.grad!.toArray()).toEqual([[12], [12]]); // each value appears 3 * 4 times
  });

  it('an incompatible target is a ShapeError naming the op', () => {
    expectThrows(
      () => broadcastTo(tensor([1, 2, 3]), [2, 4]),
      ShapeError,
      /^broadcastTo:/,
      /\[3\]/,
      /\[2,4\]/,
    );
    expectThrows(() => broadcastTo(zeros([2, 3]), [3]), ShapeError, /^broadcastTo:/, /\[2,3\]/, /\[3\]/);
  });
});

describe('permute and transpose', () => {
  it('permute: axis i of the result is axis dims[i] of x, so y[k][i][j] = x[i][j][k]', () => {
    const x = counting([2, 3, 4]); // x[i][j][k] = 12i + 4j + k
    const y = permute(x, [2, 0, 1]);
    expect(y.shape).toEqual([4, 2, 3]);
    for (let k = 0; k < 4; k++)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 3; j++) expect(y.data[6 * k + 3 * i + j]).toBe(12 * i + 4 * j + k);
    expect(Array.from(x.permute(-1, 0, 1).data)).toEqual(Array.from(y.data));
  });

  it('permute backward applies the inverse permutation to the gradient', () => {
    const x = counting([2, 3, 4], true);
    const seed = counting([4, 2, 3]); // seed[k][i][j] = 6k + 3i + j
    x.permute(2, 0, 1).backward(seed);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 4; k++) expect(x.grad!.data[12 * i + 4 * j + k]).toBe(6 * k + 3 * i + j);
  });

  it('permute errors: a repeated axis and a wrong number of axes', () => {
    const x = counting([2, 3, 4]);
    expectThrows(() => x.permute(0, 0, 1), ArgumentError, /^permute:/, /repeats an axis/);
    expectThrows(() => x.permute(0, -3, 1), ArgumentError, /^permute:/, /repeats an axis/);
    expectThrows(() => x.permute(0, 1), ArgumentError, /^permute: 2 axes/, /3-d/);
    expectThrows(() => x.permute(0, 1, 3), ArgumentError, /^permute: axis 3/);
  });

  it('transpose swaps the last two axes by default', () => {
    expect(
      transpose(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ).toArray(),
    ).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const x = counting([2, 3, 4]);
    const t = x.transpose();
    expect(t.shape).toEqual([2, 4, 3]);
    expect(t.data[4 * 3 + 1 * 3 + 2]).toBe(12 * 1 + 4 * 2 + 1); // t[1][1][2] = x[1][2][1]
  });

  it('transpose with explicit dims, including negative ones', () => {
    const x = counting([2, 3, 4]);
    const t = x.transpose(0, 2);
    expect(t.shape).toEqual([4, 3, 2]);
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 3; j++)
        for (let i = 0; i < 2; i++) expect(t.data[6 * k + 2 * j + i]).toBe(12 * i + 4 * j + k);
    expect(Array.from(x.transpose(-1, 0).data)).toEqual(Array.from(t.data));
    expectThrows(() => x.transpose(0, 3), ArgumentError, /^transpose: axis 3/);
  });

  it('transpose backward transposes the gradient back', () => {
    const x = counting([2, 3], true);
    x.transpose().backward(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    expect(x.grad!.toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
  });
});

describe('clone and detach', () => {
  it('clone copies the data and stays on the tape with an identity gradient', () => {
    const x = leaf([1, 2, 3]);
    const copy = clone(x);
    expect(copy.toArray()).toEqual([1, 2, 3]);
    expect(copy.data).not.toBe(x.data);
    expect(copy.requiresGrad).toBe(true);
    expect(copy.gradFn?.op).toBe('clone');
    copy
      .mul(tensor([4, 5, 6]))
      .sum()
      .backward();
    expect(x.grad!.toArray()).toEqual([4, 5, 6]);
  });

  it('clone of a tensor that needs no gradient is not recorded', () => {
    const copy = tensor([1, 2]).clone();
    expect(copy.requiresGrad).toBe(false);
    expect(copy.isLeaf).toBe(true);
  });

  it('detach shares the values but cuts the tape: no gradient flows through it', () => {
    const x = leaf([1, 2, 3]);
    const frozen = x.detach();
    expect(frozen.data).toBe(x.data);
    expect(frozen.shape).toEqual([3]);
    expect(frozen.requiresGrad).toBe(false);
    expect(frozen.isLeaf).toBe(true);
    // d/dx sum(x * stop(x)) = stop(x) = x, not the 2x of sum(x * x).
    x.mul(frozen).sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 2, 3]);
  });
});
