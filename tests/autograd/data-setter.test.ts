/**
 * `t.data = ...`: a Tensor of t's shape, a Float64Array of t's length or nested arrays of t's shape are
 * copied into t's own storage (everything sharing it sees the new values) and count as an in-place change;
 * anything else throws naming `data`, both shapes or lengths and the fix, and leaves t as it was. Before
 * this, `p.data = tensor(...)` or an array of another length made every later result NaN.
 */
import { ArgumentError, GradientError, ShapeError, tensor, zeros } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectThrows } from '../support/assertions.ts';

describe('accepted values are copied into the tensor', () => {
  test('a Tensor of the same shape: the values are copied, the storage stays the tensor own', () => {
    const p = zeros([2, 2]);
    const storage = p.data;
    const source = tensor([
      [1, 2],
      [3, 4],
    ]);
    p.data = source;
    expect(p.data).toBe(storage);
    expect(p.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    source.data[0] = 100; // not shared with the source
    expect(p.data[0]).toBe(1);
    expect(p.version).toBe(1);
  });

  test('a Float64Array of the same length, and nested arrays of the same shape', () => {
    const p = zeros([2, 3]);
    p.data = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(p.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    p.data = [
      [6, 5, 4],
      [3, 2, 1],
    ];
    expect([...p.data]).toEqual([6, 5, 4, 3, 2, 1]);
    const scalar = tensor(1);
    scalar.data = 2.5;
    expect(scalar.item()).toBe(2.5);
    expect(p.version).toBe(2);
  });

  test('a parameter that requires a gradient can be assigned (PyTorch: p.data = ... bypasses the tape)', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.data = tensor([3, 4]);
    expect(w.toArray()).toEqual([3, 4]);
    expect(w.isLeaf).toBe(true);
    w.mul(w).sum().backward();
    expect(w.grad!.toArray()).toEqual([6, 8]);
  });

  test('a reshape and a detach() of the tensor see the new values', () => {
    const p = zeros([4]);
    const view = p.reshape(2, 2);
    const detached = p.detach();
    p.data = tensor([1, 2, 3, 4]);
    expect(view.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(detached.toArray()).toEqual([1, 2, 3, 4]);
  });

  test('counts as an in-place change: an op that saved the old values refuses to compute from the new', () => {
    const x = tensor([1, 2]);
    const w = tensor([3, 4], { requiresGrad: true });
    const y = w.mul(x);
    x.data = tensor([5, 6]);
    expectThrows(
      () => y.sum().backward(),
      GradientError,
      /input 1 of 'mul' \(shape \[2\]\) is at version 1; expected version 0/,
    );
  });
});

describe('refused values throw, naming data, the shapes and the fix, and change nothing', () => {
  test('a tensor of another shape, even with the same number of elements', () => {
    const p = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expectThrows(
      () => {
        p.data = tensor([1, 2, 3]);
      },
      ShapeError,
      /^data: cannot assign a tensor of shape \[3\] to a tensor of shape \[2,3\]/,
      /t\.copy_\(other\)/,
    );
    expectThrows(
      () => {
        p.data = zeros([3, 2]);
      },
      ShapeError,
      /shape \[3,2\] to a tensor of shape \[2,3\]/,
    );
    expect(p.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(p.version).toBe(0);
  });

  test('a Float64Array of another length', () => {
    const p = zeros([2, 3]);
    expectThrows(
      () => {
        p.data = new Float64Array(5);
      },
      ShapeError,
      /^data: cannot assign a Float64Array of length 5 to a tensor of shape \[2,3\] \(6 elements\)/,
    );
    expectThrows(
      () => {
        p.data = new Float64Array(7);
      },
      ShapeError,
      /length 7/,
    );
  });

  test('nested arrays of another shape, or ragged ones', () => {
    const p = zeros([2, 2]);
    expectThrows(
      () => {
        p.data = [1, 2, 3, 4];
      },
      ShapeError,
      /^data: cannot assign values of shape \[4\] to a tensor of shape \[2,2\]/,
    );
    expectThrows(
      () => {
        p.data = [[1, 2], [3]];
      },
      ShapeError,
      /^data: ragged nested array/,
    );
    expect([...p.data]).toEqual([0, 0, 0, 0]);
  });

  test('anything else is an ArgumentError saying what data accepts', () => {
    const p = zeros([2]);
    for (const value of ['1,2', null, undefined, { data: new Float64Array(2) }, new Float32Array(2)]) {
      expectThrows(
        () => {
          (p as unknown as { data: unknown }).data = value;
        },
        ArgumentError,
        /^data: must be a Tensor of shape \[2\], a Float64Array of 2 values or nested arrays of shape \[2\], got /,
      );
    }
    expect(p.version).toBe(0);
  });
});
