/**
 * The version counter (PyTorch's `_version`) and the check at backward: every in-place change of a storage
 * counts once for every tensor over it, and a recorded op whose backward rule reads a value that changed
 * since it ran makes backward() throw PyTorch's error, naming the op, the input and the versions, instead of
 * returning a wrong gradient. Ops whose rules read no values (add, sub, sum, mean, reshape) allow the change,
 * as PyTorch does.
 */
import { bumpVersion, GradientError, gradients, noGrad, record, tensor } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';

const VERSION_ERROR = /has been modified by an in-place operation/;

describe('the version counter', () => {
  test('starts at 0 and counts each in-place op, the data setter and bumpVersion', () => {
    const x = tensor([1, 2, 3]);
    expect(x.version).toBe(0);
    x.add_(1);
    x.zero_();
    expect(x.version).toBe(2);
    x.data = tensor([4, 5, 6]);
    expect(x.version).toBe(3);
    expect(bumpVersion(x)).toBe(x);
    expect(x.version).toBe(4);
  });

  test('detach() and reshape share the storage, so they share the counter both ways', () => {
    const x = tensor([1, 2, 3, 4]);
    const detached = x.detach();
    const matrix = x.reshape(2, 2);
    detached.mul_(2);
    expect(x.version).toBe(1);
    expect(matrix.version).toBe(1);
    expect(matrix.toArray()).toEqual([
      [2, 4],
      [6, 8],
    ]);
    matrix.add_(1);
    expect(x.version).toBe(2);
    expect(detached.version).toBe(2);
    expect(x.toArray()).toEqual([3, 5, 7, 9]);
  });

  test('an out-of-place op leaves its inputs at their version, and its result starts at 0', () => {
    const x = tensor([1, 2]);
    x.add_(1);
    const y = x.add(1);
    expect(x.version).toBe(1);
    expect(y.version).toBe(0);
  });

  test('version is read-only', () => {
    const x = tensor([1]);
    expect(() => {
      (x as unknown as { version: number }).version = 5;
    }).toThrow(TypeError);
    expect(x.version).toBe(0);
  });
});

describe('backward refuses values changed after the op that saved them', () => {
  test("mul saves its inputs: y = x * w; x.add_(1) fails at backward naming 'mul', input 0, versions 1 and 0", () => {
    const x = tensor([1, 2, 3]);
    const w = tensor([4, 5, 6], { requiresGrad: true });
    const y = x.mul(w);
    x.add_(1);
    expectThrows(
      () => y.sum().backward(),
      GradientError,
      /^one of the tensors needed for the gradient of 'mul' has been modified by an in-place operation: /,
      /input 0 of 'mul' \(shape \[3\]\) is at version 1; expected version 0\./,
      /Hint: clone\(\) it before the in-place op, or compute out of place/,
    );
    expect(w.grad).toBeNull();
  });

  test('the message gives the version the op saw: the second change after a first one', () => {
    const x = tensor([1, 2, 3]);
    x.add_(1); // version 1, then used
    const w = tensor([1, 1, 1], { requiresGrad: true });
    const y = w.mul(x);
    x.mul_(2);
    expectThrows(
      () => y.sum().backward(),
      GradientError,
      /input 1 of 'mul' \(shape \[3\]\) is at version 2; expected version 1/,
    );
  });

  test('exp saves its output: changing it through detach() fails at backward', () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const y = x.exp();
    y.detach().zero_();
    expectThrows(
      () => y.sum().backward(),
      GradientError,
      /the output of 'exp' \(shape \[2\]\) is at version 1; expected version 0/,
    );
  });

  test('tanh, sigmoid and sqrt save their output; log, square and pow their input', () => {
    const cases: [string, (x: ReturnType<typeof tensor>) => ReturnType<typeof tensor>, 'input' | 'output'][] =
      [
        ['tanh', (x) => x.tanh(), 'output'],
        ['sigmoid', (x) => x.sigmoid(), 'output'],
        ['sqrt', (x) => x.sqrt(), 'output'],
        ['log', (x) => x.log(), 'input'],
        ['square', (x) => x.square(), 'input'],
        ['pow', (x) => x.pow(3), 'input'],
      ];
    for (const [op, f, saved] of cases) {
      const leaf = tensor([0.5, 2], { requiresGrad: true });
      const x = leaf.mul(1);
      const y = f(x);
      (saved === 'input' ? x : y).detach().add_(1);
      const which = saved === 'input' ? `input 0 of '${op}'` : `the output of '${op}'`;
      expectThrows(
        () => y.sum().backward(),
        GradientError,
        new RegExp(`gradient of '${op}'`),
        new RegExp(which.replace(/[()]/g, '\\$&')),
      );
    }
  });

  test('matmul saves both factors: changing the data matrix after a forward pass fails at backward', () => {
    const X = tensor([
      [1, 2],
      [3, 4],
    ]);
    const W = tensor([[1], [1]], { requiresGrad: true });
    const out = X.matmul(W);
    X.mul_(0.5);
    expectThrows(
      () => out.sum().backward(),
      GradientError,
      /gradient of 'matmul'/,
      /input 0 of 'matmul' \(shape \[2,2\]\)/,
    );
  });

  test('mul saves x only for the gradient of w: if w needs none, changing x is allowed (as PyTorch)', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const factor = tensor([4, 5, 6]);
    const y = a.mul(factor);
    // y's gradient to a reads factor, not a; a itself cannot be changed (a leaf), but a detach of it can.
    a.detach().add_(100);
    y.sum().backward();
    expect(a.grad!.toArray()).toEqual([4, 5, 6]);
  });

  test('add, sub, neg, sum, mean and reshape read no values: their inputs may change (as PyTorch)', () => {
    const x = tensor([1, 2, 3]);
    const w = tensor([1, 1, 1], { requiresGrad: true });
    const total = w.add(x).sub(x).neg().reshape(3, 1).sum().add(w.mean());
    x.add_(1);
    total.backward();
    // d/dw (-(w + x - x)).sum() + mean(w) = -1 + 1/3
    expectAllClose(w.grad!, [-2 / 3, -2 / 3, -2 / 3]);
  });

  test('the y = x + 1; x.add_(1); y.backward() example of PyTorch works and gives 1', () => {
    const leaf = tensor([1, 2], { requiresGrad: true });
    const x = leaf.mul(1);
    const y = x.add(1);
    noGrad(() => x.add_(1));
    y.sum().backward();
    expect(leaf.grad!.toArray()).toEqual([1, 1]);
    expect(y.toArray()).toEqual([2, 3]);
  });

  test('bumpVersion after writing data[i] directly makes a saved tensor fail at backward', () => {
    const x = tensor([1, 2]);
    const w = tensor([3, 4], { requiresGrad: true });
    const y = w.mul(x);
    x.data[0] = 10;
    bumpVersion(x);
    expectThrows(() => y.sum().backward(), GradientError, /input 1 of 'mul'/);
  });

  test('the functional gradients() checks too', () => {
    const x = tensor([1, 2]);
    const w = tensor([3, 4], { requiresGrad: true });
    const y = w.mul(x).sum();
    x.fill_(0);
    expectThrows(() => gradients(y, [w]), GradientError, VERSION_ERROR);
  });

  test("a custom op's rule may read anything: every input and the output are checked", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const offset = tensor([0, 0]);
    const y = record(
      'shift',
      x.data.map((v, i) => v + offset.data[i]!),
      [2],
      [x, offset] as const,
      (g) => [g, null],
    );
    offset.add_(1);
    expectThrows(() => y.sum().backward(), GradientError, /gradient of 'shift'/, /input 1 of 'shift'/);
  });

  test("gather and indexSelect keep their own copy of the index: changing the caller's index later moves nothing", () => {
    const x = tensor([10, 20, 30], { requiresGrad: true });
    const index = tensor([2, 0]);
    const picked = x.gather(0, index);
    const selected = x.indexSelect(0, index);
    index.fill_(1);
    picked.sum().add(selected.sum()).backward();
    // Each of positions 2 and 0 was picked once by each op; position 1 never.
    expect(x.grad!.toArray()).toEqual([2, 0, 2]);
  });
});
