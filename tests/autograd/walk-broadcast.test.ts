/**
 * Broadcasting is undone in one place, by the reverse walk: a backward rule returns, for each input, the
 * gradient of the output as the input was broadcast to it, and the walk sums it back to the input's shape
 * (over the leading axes broadcasting added and the size-1 axes it stretched), as PyTorch's engine does in
 * `validate_outputs`. So a custom op given to `record` needs no sum of its own, and a rule whose gradient
 * cannot sum to its input's shape gets a GradientError naming the op, the input and both shapes.
 */
import {
  type BackwardRule,
  GradientError,
  gradcheck,
  gradgradcheck,
  gradients,
  record,
  type Shape,
  type Tensor,
  tensor,
  zeros,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';

/** a + 2b elementwise, its own loop; the rule sends g and 2g, unsummed, as the output was broadcast. */
const scaledAddBackward: BackwardRule<readonly [Tensor, Tensor]> = (g, _out, [a, b]) => [
  a.requiresGrad ? g : null,
  b.requiresGrad ? g.mul(2) : null,
];
function scaledAdd(a: Tensor, b: Tensor): Tensor {
  const twice = b.mul(2).detach();
  const sum = a.detach().add(twice);
  return record('scaledAdd', sum.data, sum.shape, [a, b] as const, scaledAddBackward);
}

/** A custom op whose rule returns the gradient `wrong` for its one input: a buggy rule. */
function withRule(op: string, input: Tensor, outShape: Shape, wrong: Tensor): Tensor {
  const rule: BackwardRule<readonly [Tensor]> = () => [wrong];
  return record(op, zeros(outShape).data, outShape, [input] as const, rule);
}

describe('the walk sums a broadcast gradient back to its input', () => {
  const weights = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  test('a custom op whose rule returns the [2,3] gradient for a [3] input: the walk sums the rows', () => {
    const a = zeros([2, 3], { requiresGrad: true });
    const b = tensor([1, 1, 1], { requiresGrad: true });
    // loss = sum(w * (a + 2b)): dloss/da = w, dloss/db = 2 * (column sums of w) = 2 * [5, 7, 9].
    scaledAdd(a, b).mul(weights).sum().backward();
    expect(a.grad?.toArray()).toEqual(weights.toArray());
    expect(b.grad?.toArray()).toEqual([10, 14, 18]);
  });

  test('a stretched size-1 axis ([2,1]) and a leading axis with a stretched one ([1,3] into [4,2,3])', () => {
    const column = tensor([[0], [0]], { requiresGrad: true });
    scaledAdd(zeros([2, 3]), column)
      .mul(weights)
      .sum()
      .backward();
    expect(column.grad?.toArray()).toEqual([[12], [30]]); // 2 * row sums of w: 2 * [6, 15]

    const row = tensor([[0, 0, 0]], { requiresGrad: true });
    scaledAdd(zeros([4, 2, 3]), row)
      .mul(weights)
      .sum()
      .backward();
    expect(row.grad?.toArray()).toEqual([[40, 56, 72]]); // 4 copies of 2 * [5, 7, 9]
  });

  test('the custom op passes gradcheck and gradgradcheck with broadcast inputs', () => {
    const a = tensor([[0.5, -1, 2]], { requiresGrad: true });
    const b = tensor([[0.25], [1.5]], { requiresGrad: true });
    const f = (x: Tensor, y: Tensor) => scaledAdd(x, y).square();
    const first = gradcheck(f, [a, b]);
    expect(first.passed, first.toString()).toBe(true);
    const second = gradgradcheck(f, [a, b]);
    expect(second.passed, second.toString()).toBe(true);
  });

  test('a gradient of the input shape is delivered as the rule returned it: no sum, no copy', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const fromRule = tensor([7, 8]);
    withRule('identityShaped', x, [2], fromRule).backward(tensor([1, 1]));
    expect(x.grad).toBe(fromRule);
  });

  test('with createGraph the sum is recorded, so second derivatives through broadcasting hold', () => {
    // f = sum((x b)^2), x [2,3], b [3]: df/db = 2 b * (column sums of x^2), a [2,3] gradient summed to [3].
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const b = tensor([1, -1, 2], { requiresGrad: true });
    const [db] = gradients(x.mul(b).square().sum(), [b], { createGraph: true });
    expect(db!.toArray()).toEqual([34, -58, 180]); // 2 * [1, -1, 2] * [17, 29, 45]
    expect(db!.gradFn?.op).toBe('sumToShape');
    // d/dx sum(df/db) = 4 b x; d/db sum(df/db) = 2 * (column sums of x^2).
    const [dx, dbb] = gradients(db!.sum(), [x, b]);
    expect(dx!.toArray()).toEqual([
      [4, -8, 24],
      [16, -20, 48],
    ]);
    expect(dbb!.toArray()).toEqual([34, 58, 90]);
  });
});

describe('a rule whose gradient does not sum to its input', () => {
  test("gets a GradientError naming the op, the input's index and shape and the gradient's shape", () => {
    const x = zeros([2, 4], { requiresGrad: true });
    const run = () =>
      withRule('myop', x, [2, 4], zeros([3, 4]))
        .sum()
        .backward();
    expect(run).toThrow(GradientError);
    expect(run).toThrow(
      "backward of 'myop': the gradient for input 0 has shape [3,4], which does not sum to the input's shape [2,4]",
    );
    expect(x.grad).toBeNull();
  });

  test('fewer axes than the input is an error too, and so is a wrong size where the input has 1', () => {
    const x = zeros([1, 3], { requiresGrad: true });
    expect(() =>
      withRule('dropsAxis', x, [1, 3], zeros([3]))
        .sum()
        .backward(),
    ).toThrow(
      "backward of 'dropsAxis': the gradient for input 0 has shape [3], which does not sum to the input's shape [1,3]",
    );
    const y = zeros([2, 1], { requiresGrad: true });
    expect(() =>
      withRule('wrongSize', y, [2, 1], zeros([3, 5]))
        .sum()
        .backward(),
    ).toThrow(GradientError);
  });
});
