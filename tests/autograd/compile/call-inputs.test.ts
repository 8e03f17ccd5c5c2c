/**
 * How a compiled function receives its inputs: the first four as named parameters copied into one array
 * that every call reuses (so a replay allocates nothing), the others as an array. Each call must still see
 * its own tensors, count them as given, and store gradients into its own inputs.
 */
import { compile, type Tensor, tensor } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';

const vector = (values: number[], requiresGrad = false) => tensor(values, { shape: [2], requiresGrad });

describe('compile: the inputs of each call', () => {
  test('a function of six tensors replays with each call’s six inputs', () => {
    type Six = [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    const combined = compile((a: Tensor, b: Tensor, c: Tensor, d: Tensor, e: Tensor, f: Tensor) =>
      a.mul(b).add(c).sub(d).mul(e).add(f),
    );
    const six = (start: number) => [0, 1, 2, 3, 4, 5].map((k) => vector([start + k, start + k + 1])) as Six;
    // (1*2 + 3 - 4) * 5 + 6 = 11 and (2*3 + 4 - 5) * 6 + 7 = 37.
    expect(combined(...six(1)).toArray()).toEqual([11, 37]);
    // Each input one larger: 37 and (3*4 + 5 - 6) * 7 + 8 = 85, so the replay read the new fifth and sixth.
    expect(combined(...six(2)).toArray()).toEqual([37, 85]);
    expect(combined.plans).toHaveLength(1);
  });

  test('f(x) and f(x, y) are different calls: each traces its own plan', () => {
    const total = compile((...parts: Tensor[]) => parts.reduce((sum, part) => sum.add(part)));
    const x = vector([1, 2]);
    const y = vector([10, 20]);
    expect(total(x).toArray()).toEqual([1, 2]);
    expect(total(x, y).toArray()).toEqual([11, 22]);
    expect(total(x).toArray()).toEqual([1, 2]);
    expect(total.plans).toHaveLength(2);
  });

  test('each call’s gradients go to that call’s inputs, the fifth one included', () => {
    const step = compile((a: Tensor, b: Tensor, c: Tensor, d: Tensor, e: Tensor) => {
      const loss = a.add(b).add(c).add(d).mul(e).sum();
      loss.backward();
      return loss;
    });
    const inputs = (scale: number) => [1, 2, 3, 4, 5].map((v) => vector([v * scale, -v * scale], true));
    const first = inputs(1);
    step(...(first as [Tensor, Tensor, Tensor, Tensor, Tensor]));
    const second = inputs(2);
    step(...(second as [Tensor, Tensor, Tensor, Tensor, Tensor]));
    // d/da (a + b + c + d) e = e, and d/de = a + b + c + d: of the second call's values, into its tensors.
    expect(second[0]!.grad!.toArray()).toEqual([10, -10]);
    expect(second[4]!.grad!.toArray()).toEqual([20, -20]);
    // The first call's tensors keep the gradients of the first call.
    expect(first[0]!.grad!.toArray()).toEqual([5, -5]);
    expect(first[4]!.grad!.toArray()).toEqual([10, -10]);
  });
});
