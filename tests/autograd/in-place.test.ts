/**
 * The in-place ops' values and arguments: add_, sub_ (with alpha), mul_, div_, zero_, fill_, copy_, clamp_
 * and requiresGrad_, with broadcasting of the operand to the tensor's own shape, the tensor itself returned,
 * the function forms PyTorch has (zero_, fill_, clamp_), every refused argument, and PyTorch's rule for a
 * leaf that requires a gradient (only inside noGrad, as in a manual SGD step).
 */
import {
  ArgumentError,
  clamp_,
  fill_,
  GradientError,
  noGrad,
  ShapeError,
  tensor,
  zero_,
  zeros,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';

describe('values', () => {
  test('add_ adds other, broadcast over rows, into the tensor and returns the tensor', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const storage = x.data;
    const returned = x.add_(tensor([10, 20, 30]));
    expect(returned).toBe(x);
    expect(x.data).toBe(storage);
    expect(x.toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
  });

  test('add_ and sub_ scale other by alpha: x + alpha * other, x - alpha * other', () => {
    const x = tensor([1, 2, 3]);
    x.add_(tensor([1, 1, 2]), { alpha: 2 }); // [3, 4, 7]
    expect(x.toArray()).toEqual([3, 4, 7]);
    x.sub_(tensor([2, 4, 6]), { alpha: 0.5 }); // [2, 2, 4]
    expect(x.toArray()).toEqual([2, 2, 4]);
    x.sub_(1); // [1, 1, 3]
    expect(x.toArray()).toEqual([1, 1, 3]);
    x.add_(0.5, { alpha: -4 }); // [-1, -1, 1]
    expect(x.toArray()).toEqual([-1, -1, 1]);
  });

  test('mul_ and div_ with a number, a column and a 0-d tensor', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    x.mul_(3); // [[3, 6], [9, 12]]
    x.mul_(tensor([[1], [-1]])); // [[3, 6], [-9, -12]]
    x.div_(tensor(3)); // [[1, 2], [-3, -4]]
    x.div_(tensor([1, 4])); // [[1, 0.5], [-3, -1]]
    expect(x.toArray()).toEqual([
      [1, 0.5],
      [-3, -1],
    ]);
  });

  test('an op with itself as the operand reads the old values: x.mul_(x) squares, x.sub_(x) gives 0', () => {
    const x = tensor([-2, 3, 0.5]);
    x.mul_(x);
    expect(x.toArray()).toEqual([4, 9, 0.25]);
    x.sub_(x);
    expect(x.toArray()).toEqual([0, 0, 0]);
  });

  test('zero_ and fill_ set every element; the function forms do the same and return the tensor', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(x.fill_(-1.5).toArray()).toEqual([
      [-1.5, -1.5],
      [-1.5, -1.5],
    ]);
    expect(x.zero_().toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(fill_(x, Number.POSITIVE_INFINITY)).toBe(x);
    expect(x.toArray()).toEqual([
      [Infinity, Infinity],
      [Infinity, Infinity],
    ]);
    expect(zero_(x)).toBe(x);
    expect([...x.data]).toEqual([0, 0, 0, 0]);
  });

  test('copy_ copies src, broadcast to the shape: a row to every row, a 0-d tensor to every element', () => {
    const x = zeros([2, 3]);
    expect(x.copy_(tensor([7, 8, 9]))).toBe(x);
    expect(x.toArray()).toEqual([
      [7, 8, 9],
      [7, 8, 9],
    ]);
    x.copy_(tensor(-1));
    expect(x.toArray()).toEqual([
      [-1, -1, -1],
      [-1, -1, -1],
    ]);
    const source = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    x.copy_(source);
    source.data[0] = 100;
    expect(x.data[0]).toBe(1); // a copy, not a view of src
  });

  test('clamp_ limits to [min, max] with either bound alone, numbers or tensors; min > max gives max', () => {
    const x = tensor([-3, -0.5, 0.5, 3]);
    x.clamp_(-1, 1);
    expect(x.toArray()).toEqual([-1, -0.5, 0.5, 1]);
    x.clamp_(0);
    expect(x.toArray()).toEqual([0, 0, 0.5, 1]);
    x.clamp_(null, 0.75);
    expect(x.toArray()).toEqual([0, 0, 0.5, 0.75]);
    x.clamp_(tensor([0.1, 0.2, 0.3, 0.4]), undefined);
    expect(x.toArray()).toEqual([0.1, 0.2, 0.5, 0.75]);
    expect(clamp_(x, 2, 1)).toBe(x); // as PyTorch: every element becomes max
    expect(x.toArray()).toEqual([1, 1, 1, 1]);
  });

  test('chained in-place ops read as PyTorch: x.mul_(2).add_(1).clamp_(0, 5)', () => {
    const x = tensor([-1, 1, 4]);
    expect(x.mul_(2).add_(1).clamp_(0, 5).toArray()).toEqual([0, 3, 5]);
  });

  test('requiresGrad_ switches a leaf (default true) and returns it; true on a recorded result is a no-op', () => {
    const w = tensor([1, 2]);
    expect(w.requiresGrad_()).toBe(w);
    expect(w.requiresGrad).toBe(true);
    expect(w.requiresGrad_(false).requiresGrad).toBe(false);
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(y.requiresGrad_(true)).toBe(y);
    expectThrows(() => y.requiresGrad_(false), GradientError, /requiresGrad_/, /'mul'/, /detach\(\)/);
  });
});

describe('errors name the op, the argument and the shapes, and change nothing', () => {
  test('an operand that does not broadcast to the tensor shape is a ShapeError naming both shapes', () => {
    const x = tensor([1, 2, 3]);
    // [2,3] would need the result to grow, which an in-place op cannot do (PyTorch refuses it too).
    expectThrows(() => x.add_(zeros([2, 3])), ShapeError, /add_/, /\[2,3\]/, /\[3\]/);
    expectThrows(() => x.mul_(zeros([2])), ShapeError, /mul_/, /other of shape \[2\]/);
    expectThrows(() => x.copy_(zeros([1, 3])), ShapeError, /copy_/, /src of shape \[1,3\]/);
    expectThrows(() => x.clamp_(zeros([4])), ShapeError, /clamp_/, /min of shape \[4\]/);
    expect(x.toArray()).toEqual([1, 2, 3]);
    expect(x.version).toBe(0);
  });

  test('wrong types are ArgumentErrors naming the function and the argument', () => {
    const x = tensor([1, 2, 3]);
    const loose = x as unknown as Record<string, (...args: unknown[]) => unknown>;
    expectThrows(() => loose.add_!('1'), ArgumentError, /add_: argument 'other'/, /string '1'/);
    expectThrows(() => loose.sub_!(1, { alpha: '2' }), ArgumentError, /sub_: option 'alpha'/);
    expectThrows(() => loose.add_!(1, { alpha: Number.NaN }), ArgumentError, /add_: option 'alpha'/);
    expectThrows(() => loose.add_!(1, { beta: 2 }), ArgumentError, /add_: unknown option 'beta'/);
    expectThrows(() => loose.fill_!('0'), ArgumentError, /fill_: argument 'value'/);
    expectThrows(() => loose.copy_!(3), ArgumentError, /copy_: argument 'src' must be a Tensor/);
    expectThrows(() => loose.clamp_!(), ArgumentError, /clamp_: argument 'min'/);
    expectThrows(() => loose.requiresGrad_!('yes'), ArgumentError, /requiresGrad_: argument 'flag'/);
    expectThrows(() => zero_([1, 2] as never), ArgumentError, /zero_: argument 'input' must be a Tensor/);
    expect(x.toArray()).toEqual([1, 2, 3]);
    expect(x.version).toBe(0);
  });
});

describe('a leaf that requires a gradient (PyTorch: only under no_grad)', () => {
  test('with recording on, every in-place op on it throws and leaves it unchanged', () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const attempts: [string, () => unknown][] = [
      ['add_', () => w.add_(1)],
      ['sub_', () => w.sub_(1)],
      ['mul_', () => w.mul_(2)],
      ['div_', () => w.div_(2)],
      ['zero_', () => w.zero_()],
      ['fill_', () => w.fill_(0)],
      ['copy_', () => w.copy_(tensor([0, 0, 0]))],
      ['clamp_', () => w.clamp_(0, 1)],
    ];
    for (const [op, attempt] of attempts) {
      expectThrows(
        attempt,
        GradientError,
        new RegExp(`a leaf tensor that requires grad is being used in an in-place operation \\(${op}\\)`),
        /noGrad\(\(\) => \.\.\.\)/,
      );
    }
    expect(w.toArray()).toEqual([1, 2, 3]);
    expect(w.version).toBe(0);
  });

  test('inside noGrad it works: the manual SGD step w -= lr * grad, then grad.zero_()', () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    w.mul(w).sum().backward(); // grad 2w = [2, 4, 6]
    noGrad(() => {
      w.sub_(w.grad!.mul(0.1));
      w.grad!.zero_();
    });
    expectAllClose(w, [0.8, 1.6, 2.4]);
    expect(w.grad!.toArray()).toEqual([0, 0, 0]);
    expect(w.isLeaf).toBe(true);
    expect(w.requiresGrad).toBe(true);
    expect(w.version).toBe(1);
    // The next step's gradient is at the new values.
    w.grad = null;
    w.mul(w).sum().backward();
    expectAllClose(w.grad!, [1.6, 3.2, 4.8]);
  });

  test('with an operand that requires a gradient, inside noGrad nothing is recorded', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const other = tensor([3, 4], { requiresGrad: true });
    noGrad(() => w.add_(other));
    expect(w.toArray()).toEqual([4, 6]);
    expect(w.isLeaf).toBe(true);
  });
});

describe('a tensor that does not require a gradient', () => {
  test('is modified in place with recording on, stays a leaf, and counts each modification', () => {
    const x = tensor([1, 2, 3]);
    x.add_(1).mul_(2);
    expect(x.toArray()).toEqual([4, 6, 8]);
    expect(x.isLeaf).toBe(true);
    expect(x.requiresGrad).toBe(false);
    expect(x.version).toBe(2);
  });
});
