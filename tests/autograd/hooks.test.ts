/**
 * Tensor#registerHook (PyTorch's register_hook): what a hook sees (the complete gradient, fan-out added up,
 * once per pass), replacing a gradient (stored in .grad for a leaf, passed on for an intermediate), order,
 * remove(), gradients() and createGraph, and the errors of a misuse. Every number is worked out by hand.
 */
import { ArgumentError, GradientError, gradients, ShapeError, type Tensor, tensor } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

/** A hook that keeps a copy of every gradient it sees. */
function recorder(): { seen: number[][]; hook: (g: Tensor) => void } {
  const seen: number[][] = [];
  return { seen, hook: (g) => void seen.push([...g.data]) };
}

describe('what a hook sees', () => {
  test("a leaf's hook sees d(loss)/d(leaf), and .grad holds it too", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const { seen, hook } = recorder();
    x.registerHook(hook);
    x.mul(x).sum().backward();
    expect(seen).toEqual([[2, 4, 6]]); // d/dx sum(x^2) = 2x
    expectAllClose(x.grad, [2, 4, 6]);
  });

  test("an intermediate's hook sees d(loss)/d(intermediate)", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = x.mul(3); // [3, 6]
    const { seen, hook } = recorder();
    hidden.registerHook(hook);
    hidden.square().sum().backward();
    expect(seen).toEqual([[6, 12]]); // 2 * hidden
    expectAllClose(x.grad, [18, 36]); // 3 * 2 * hidden
    expect(hidden.grad).toBeNull(); // a hook does not retain the gradient
  });

  test('a tensor used twice: the hook is called once, with the sum of both uses', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = x.mul(2); // [2, 4]
    const onHidden = recorder();
    const onX = recorder();
    hidden.registerHook(onHidden.hook);
    x.registerHook(onX.hook);
    // loss = sum(hidden) + sum(hidden^2) + sum(3x): dL/dhidden = 1 + 2 hidden, dL/dx = 2 (1 + 2 hidden) + 3.
    hidden.sum().add(hidden.square().sum()).add(x.mul(3).sum()).backward();
    expect(onHidden.seen).toEqual([[5, 9]]);
    expect(onX.seen).toEqual([[13, 21]]);
  });

  test('a hook sees the gradient of this pass, not the .grad it is added to', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const { seen, hook } = recorder();
    x.registerHook(hook);
    x.mul(x).sum().backward();
    x.mul(x).sum().backward();
    expect(seen).toEqual([
      [2, 4, 6],
      [2, 4, 6],
    ]);
    expectAllClose(x.grad, [4, 8, 12]);
  });

  test("a hook on the output sees the seed, and one on a tensor backward never reaches isn't called", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const unused = tensor([5], { requiresGrad: true });
    const y = x.mul(2);
    const onY = recorder();
    const onUnused = recorder();
    y.registerHook(onY.hook);
    unused.registerHook(onUnused.hook);
    y.backward(tensor([0.5, -1]));
    expect(onY.seen).toEqual([[0.5, -1]]);
    expect(onUnused.seen).toEqual([]);
    expectAllClose(x.grad, [1, -2]);
  });
});

describe('replacing a gradient', () => {
  test("a leaf's hook that returns a tensor changes what is stored in .grad", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.registerHook((g) => g.mul(0.5));
    x.mul(x).sum().backward();
    expectAllClose(x.grad, [1, 2, 3]); // 0.5 * 2x
  });

  test("an intermediate's replacement flows on to its inputs", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = x.mul(3);
    hidden.registerHook((g) => g.add(1)); // [6, 12] -> [7, 13]
    hidden.square().sum().backward();
    expectAllClose(x.grad, [21, 39]); // 3 * [7, 13]
  });

  test("a retained intermediate's .grad holds the replaced gradient", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = x.mul(3).retainGrad();
    hidden.registerHook((g) => g.mul(-1));
    hidden.sum().backward();
    expectAllClose(hidden.grad, [-1, -1]);
    expectAllClose(x.grad, [-3, -3]);
  });

  test('a hook that returns nothing keeps the gradient', () => {
    const x = tensor([2], { requiresGrad: true });
    x.registerHook(() => undefined);
    x.registerHook(() => null);
    x.mul(5).sum().backward();
    expectAllClose(x.grad, [5]);
  });

  test('several hooks run in the order registered, each seeing what the one before returned', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const order: string[] = [];
    const second = recorder();
    x.registerHook((g) => {
      order.push('first');
      return g.add(1); // [1, 1, 1] -> [2, 2, 2]
    });
    x.registerHook((g) => {
      order.push('second');
      second.hook(g);
      return g.mul(2);
    });
    x.sum().backward();
    expect(order).toEqual(['first', 'second']);
    expect(second.seen).toEqual([[2, 2, 2]]);
    expectAllClose(x.grad, [4, 4, 4]);
  });

  test('remove() unregisters the hook; a second remove() does nothing', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const kept = recorder();
    const handle = x.registerHook((g) => g.mul(10));
    x.registerHook(kept.hook);
    x.sum().backward();
    expectAllClose(x.grad, [10, 10]);
    handle.remove();
    handle.remove();
    x.zeroGrad();
    x.sum().backward();
    expectAllClose(x.grad, [1, 1]);
    expect(kept.seen).toEqual([
      [10, 10],
      [1, 1],
    ]);
  });
});

describe('with gradients() and createGraph', () => {
  test('gradients() returns the replaced gradient of a leaf and of what an intermediate passes on', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = x.mul(3);
    const loss = hidden.square().sum();
    const onHidden = hidden.registerHook((g) => g.mul(2)); // [6, 12] -> [12, 24]
    x.registerHook((g) => g.add(1));
    const [dHidden, dx] = gradients(loss, [hidden, x]);
    expectAllClose(dHidden!, [12, 24]);
    expectAllClose(dx!, [37, 73]); // 3 * [12, 24] + 1
    onHidden.remove();
    expect(x.grad).toBeNull();
  });

  test("createGraph: a hook's replacement, made of tensor ops, is differentiated again", () => {
    // hidden = x^2; its hook replaces d(sum hidden)/d(hidden) = 1 by hidden, so dL/dx = hidden * 2x = 2x^3.
    const x = tensor(2, { requiresGrad: true });
    const hidden = x.square();
    const handle = hidden.registerHook((g) => g.mul(hidden));
    const [first] = gradients(hidden.sum(), [x], { createGraph: true });
    handle.remove();
    expectClose(first!.item(), 16); // 2 * 2^3
    expect(first!.requiresGrad).toBe(true);
    const [second] = gradients(first!, [x]);
    expectClose(second!.item(), 24); // d/dx 2x^3 = 6x^2
  });

  test('a hook runs in every pass it is reached by, the second-order one too', () => {
    const x = tensor(3, { requiresGrad: true });
    const { seen, hook } = recorder();
    x.registerHook(hook);
    const [first] = gradients(x.pow(3), [x], { createGraph: true });
    gradients(first!, [x]);
    expect(seen).toEqual([[27], [18]]); // 3x^2, then 6x
  });
});

describe('errors', () => {
  test('a hook that is not a function', () => {
    const x = tensor([1], { requiresGrad: true });
    expectThrows(
      () => x.registerHook(5 as never),
      ArgumentError,
      /registerHook: argument 'hook' must be a function, got number 5/,
    );
  });

  test("a tensor that doesn't require a gradient, with PyTorch's words", () => {
    expectThrows(
      () => tensor([1, 2]).registerHook(() => undefined),
      GradientError,
      /registerHook: cannot register a hook on a tensor that doesn't require gradient \(shape \[2\]\)/,
      /requiresGrad: true/,
    );
  });

  test('a replacement of another shape names registerHook and both shapes', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.registerHook(() => tensor([1, 2]));
    expectThrows(
      () => x.sum().backward(),
      ShapeError,
      /registerHook: a hook returned a gradient of shape \[2\] for a tensor of shape \[3\]/,
    );
    expect(x.grad).toBeNull();
  });

  test('a hook that returns something other than a tensor or nothing', () => {
    const x = tensor([1], { requiresGrad: true });
    x.registerHook(() => 7 as never);
    expectThrows(() => x.sum().backward(), GradientError, /registerHook: a hook returned number 7/);
  });

  test('after a pass a hook made throw, the next pass is correct', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = x.mul(2);
    const handle = hidden.registerHook(() => {
      throw new Error('stop');
    });
    const loss = hidden.square().sum();
    expect(() => loss.backward()).toThrow('stop');
    handle.remove();
    loss.backward();
    expectAllClose(x.grad, [8, 16]); // 2 * 2 * hidden
  });
});
