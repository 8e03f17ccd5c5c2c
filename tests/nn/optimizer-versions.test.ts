/**
 * An optimizer's step changes the parameters in place, and tells the tape so (PyTorch's optimizers use
 * in-place ops): a backward pass through values recorded before the step fails with the in-place error,
 * rather than mixing the old forward with the new weights.
 */
import { GradientError, tensor } from '@tapegrad/autograd';
import { Adam, SGD } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';

describe('optimizer steps count as in-place changes', () => {
  test.each([
    ['SGD', (w: ReturnType<typeof tensor>) => new SGD([w], { lr: 0.1 })],
    ['Adam', (w: ReturnType<typeof tensor>) => new Adam([w], { lr: 0.1 })],
  ])('%s: backward after step() through a graph recorded before it throws, naming the op', (_, make) => {
    const w = tensor([1, -2], { requiresGrad: true });
    const optimizer = make(w);
    w.mul(w).sum().backward();
    const stale = w.mul(w).sum();
    const versionBefore = w.version;
    optimizer.step();
    expect(w.version).toBe(versionBefore + 1);
    expect(() => stale.backward()).toThrow(GradientError);
    expect(() => stale.backward()).toThrow(/gradient of 'mul' has been modified by an in-place operation/);
  });

  test('a graph recorded after the step is fine: the usual loop is untouched', () => {
    const w = tensor([1, -2], { requiresGrad: true });
    const optimizer = new SGD([w], { lr: 0.1 });
    for (let step = 0; step < 3; step++) {
      optimizer.zeroGrad();
      w.mul(w).sum().backward();
      optimizer.step();
    }
    // w <- w - 0.1 * 2w = 0.8 w, three times (w - 0.1 * 2w in float64 lands on 0.512 and -1.024).
    expect(w.toArray()).toEqual([0.512, -1.024]);
  });
});
