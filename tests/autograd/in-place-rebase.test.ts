/**
 * In-place ops recorded on the tape ("rebasing" a tensor's history, as PyTorch does): on a recorded result
 * that no op has used yet, the op becomes part of its history and gradients are those of the same program
 * written out of place; where the tape could not do that correctly (the tensor was already used by a
 * recorded op, or is a reshape's view) the op is refused at once. And `.grad`: every stored gradient has
 * storage of its own, so `p.grad.zero_()` changes p's only.
 */
import { GradientError, gradients, noGrad, tensor, zeros } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';

describe('an in-place op on a recorded result becomes part of its history', () => {
  test('y = x * 2; y.add_(1); y.sum().backward() gives x.grad = 2 (PyTorch: AddBackward)', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(2);
    const storage = y.data;
    expect(y.add_(1)).toBe(y);
    expect(y.data).toBe(storage);
    expect(y.toArray()).toEqual([3, 5, 7]);
    expect(y.gradFn!.op).toBe('add');
    expect(y.version).toBe(1);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2, 2]);
  });

  test('y = x * 2; y.mul_(y) squares: d/dx (2x)^2 = 8x (PyTorch refuses this one at backward)', () => {
    const x = tensor([1, -2], { requiresGrad: true });
    const y = x.mul(2);
    y.mul_(y);
    expect(y.toArray()).toEqual([4, 16]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([8, -16]);
  });

  test('mul_ by a tensor that requires a gradient keeps the old values for its gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([3, 5], { requiresGrad: true });
    const y = x.add(1); // [2, 3]
    y.mul_(w); // [6, 15]
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 5]); // w
    expect(w.grad!.toArray()).toEqual([2, 3]); // x + 1, the values before mul_
  });

  test('sub_ with alpha, clamp_ and div_ by a broadcast operand: the out-of-place gradients (PyTorch 1.13)', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const d = tensor([2, 4], { requiresGrad: true });
    const y = x.mul(1);
    y.sub_(tensor([[1], [1]]), { alpha: 0.5 }); // [[0.5, 1.5], [2.5, 3.5]]
    y.clamp_(0.25, 2.75); // [[0.5, 1.5], [2.5, 2.75]]: only 3.5 is outside
    y.div_(d); // [[0.25, 0.375], [1.25, 0.6875]]
    expect(y.toArray()).toEqual([
      [0.25, 0.375],
      [1.25, 0.6875],
    ]);
    y.sum().backward();
    // d/dx = 1/d where the clamp passes; d/dd = -(clamped values)/d^2 summed over the rows.
    expect(x.grad!.toArray()).toEqual([
      [0.5, 0.25],
      [0.5, 0],
    ]);
    expect(d.grad!.toArray()).toEqual([-0.75, -4.25 / 16]);
  });

  test("div_ keeps div's rule, which reads its output: a later in-place op fails at backward, never a wrong gradient", () => {
    // PyTorch's div saves the dividend instead and allows this; tapegrad refuses it, naming the op.
    const x = tensor([1, 2], { requiresGrad: true });
    const d = tensor([2, 4], { requiresGrad: true });
    const y = x.mul(1);
    y.div_(d);
    y.add_(1);
    expectThrows(() => y.sum().backward(), GradientError, /the output of 'div'/);
  });

  test('an in-place op with an operand that requires a gradient makes a plain tensor part of the tape', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const buffer = zeros([2]);
    buffer.add_(w.mul(3)); // as PyTorch: buffer is no longer a leaf
    expect(buffer.isLeaf).toBe(false);
    expect(buffer.requiresGrad).toBe(true);
    buffer.square().sum().backward();
    expect(w.grad!.toArray()).toEqual([18, 36]); // d/dw (3w)^2 = 18 w
  });

  test('copy_ sends the gradient to src (summed over broadcast axes) and 0 to the old values', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const src = tensor([5], { requiresGrad: true });
    const y = x.mul(4);
    y.copy_(src);
    expect(y.toArray()).toEqual([5, 5, 5]);
    y.mul(tensor([1, 2, 3]))
      .sum()
      .backward();
    expect(src.grad!.toArray()).toEqual([6]);
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
  });

  test('zero_ and fill_ on a recorded result: the gradient of the old values is 0 (PyTorch: zeros, not None)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.fill_(7);
    const z = x.mul(3);
    z.zero_();
    y.add(z).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0]);
    expect(y.toArray()).toEqual([7, 7]);
  });

  test("exp's saved output filled in place: backward refuses it, as PyTorch's does", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.exp();
    y.fill_(7);
    expectThrows(() => y.sum().backward(), GradientError, /the output of 'exp'/);
  });

  test("y = x.exp(); y.mul_(3) runs, and backward refuses exp's saved output (as PyTorch)", () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const y = x.exp();
    y.mul_(3);
    expectAllClose(y, [3, 3 * Math.E]);
    expectThrows(
      () => y.sum().backward(),
      GradientError,
      /the output of 'exp' \(shape \[2\]\) is at version 1; expected version 0/,
    );
  });

  test('secondOrder: createGraph through a rebased tensor, d2/dx2 of (2x + 1)^2 = 8', () => {
    const x = tensor([1.5], { requiresGrad: true });
    const y = x.mul(2);
    y.add_(1);
    const [dx] = gradients(y.square().sum(), [x], { createGraph: true });
    expect(dx!.toArray()).toEqual([16]); // 2 (2x + 1) 2 = 16 at x = 1.5
    const [dxx] = gradients(dx!.sum(), [x]);
    expect(dxx!.toArray()).toEqual([8]);
  });
});

describe('refused where the tape cannot record it correctly', () => {
  test('a result already used by a recorded op: its gradient would flow through the new values', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const z = y.add(1);
    expectThrows(() => y.mul_(3), GradientError, /mul_/, /already been used by a recorded op/, /clone\(\)/);
    expect(y.toArray()).toEqual([2, 4]);
    expect(y.version).toBe(0);
    z.sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2]);
  });

  test('a reshape view of a recorded result, and the result a view was taken of', () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const y = x.mul(2);
    const view = y.reshape(2, 2);
    expectThrows(() => view.add_(1), GradientError, /add_/, /shares its storage with a reshape/);
    const plain = zeros([4]);
    const plainView = plain.reshape(2, 2);
    expectThrows(() => plainView.add_(x.reshape(2, 2)), GradientError, /shares its storage/);
    expectThrows(() => plain.add_(x), GradientError, /shares its storage/);
    expect([...plain.data]).toEqual([0, 0, 0, 0]);
  });

  test('a plain tensor used by a recorded op cannot take a gradient-requiring operand in place', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const data = tensor([3, 4]);
    w.add(data);
    expectThrows(() => data.add_(w), GradientError, /already been used by a recorded op/);
    // Without a gradient involved it is a plain modification, checked at backward where it matters.
    data.add_(1);
    expect(data.toArray()).toEqual([4, 5]);
  });

  test('clone() first makes it work: the clone is a new result no op has used', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const z = y.add(1);
    const copy = y.clone();
    copy.mul_(3);
    z.add(copy).sum().backward();
    expect(x.grad!.toArray()).toEqual([8, 8]); // 2 + 6
  });

  test('inside noGrad a recorded result may be changed: the values change, its history does not', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    noGrad(() => y.add_(10));
    expect(y.gradFn!.op).toBe('mul');
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2]);
  });
});

describe('.grad tensors have storage of their own', () => {
  test('add gives the same gradient to both inputs: a.grad.zero_() leaves b.grad alone', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([4, 5, 6], { requiresGrad: true });
    a.add(b).sum().backward();
    expect(a.grad!.data).not.toBe(b.grad!.data);
    a.grad!.zero_();
    expect(b.grad!.toArray()).toEqual([1, 1, 1]);
    b.grad!.mul_(0.5);
    expect(a.grad!.toArray()).toEqual([0, 0, 0]);
    expect(b.grad!.toArray()).toEqual([0.5, 0.5, 0.5]);
  });

  test("a seed passed to backward is never a leaf's .grad: changing the grad leaves the seed", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seed = tensor([3, 4]);
    x.reshape(2, 1).reshape(2).backward(seed);
    x.grad!.zero_();
    expect(seed.toArray()).toEqual([3, 4]);
  });

  test('a retained intermediate and the leaf it passes its gradient to get separate storage', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.add(0).retainGrad();
    y.sum().backward();
    y.grad!.fill_(9);
    expect(x.grad!.toArray()).toEqual([1, 1]);
  });

  test('gradients() returns separate tensors for two inputs that receive the same gradient', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const [da, db] = gradients(a.add(b).sum(), [a, b]);
    da!.zero_();
    expect(db!.toArray()).toEqual([1, 1]);
  });

  test('with createGraph the copies stay on the tape: second derivatives through both .grads', () => {
    const a = tensor([2], { requiresGrad: true });
    const b = tensor([3], { requiresGrad: true });
    a.mul(b).add(a.mul(b)).sum().backward({ createGraph: true });
    // d/da = 2b, d/db = 2a; then d/db (a.grad) = 2 and d/da (b.grad) = 2.
    const [dadb] = gradients(a.grad!.sum(), [b]);
    const [dbda] = gradients(b.grad!.sum(), [a]);
    expect(dadb!.toArray()).toEqual([2]);
    expect(dbda!.toArray()).toEqual([2]);
  });
});
