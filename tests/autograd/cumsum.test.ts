import { ArgumentError, cumsum, grad, ones, type Tensor, tensor } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';
import { expectMatchesTorch, TORCH_TOLERANCE, torchMath } from './fixtures/torch-math.ts';

describe('cumsum', () => {
  test('running sums along the axis given: [1, 2, 3] -> [1, 3, 6]; rows and columns of a matrix', () => {
    expect(cumsum(tensor([1, 2, 3]), 0).toArray()).toEqual([1, 3, 6]);
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.cumsum(0).toArray()).toEqual([
      [1, 2, 3],
      [5, 7, 9],
    ]);
    expect(x.cumsum(-1).toArray()).toEqual([
      [1, 3, 6],
      [4, 9, 15],
    ]);
  });

  test('the gradient is the reversed cumsum of the gradient: d/dx_j sum_i w_i out_i = w_j + ... + w_last', () => {
    const x = leaf([1, 2, 3, 4]);
    cumsum(x, 0)
      .mul(tensor([1, 10, 100, 1000]))
      .sum()
      .backward();
    expect(x.grad?.toArray()).toEqual([1111, 1110, 1100, 1000]);
  });

  test("values and gradients along every axis of [2,3,4] match PyTorch's", () => {
    for (const torchCase of torchMath.cumsum) {
      expectMatchesTorch((x: Tensor) => cumsum(x, torchCase.dim), torchCase, TORCH_TOLERANCE);
    }
  });

  test('second derivative: the gradient of a gradient of cumsum(x)^2 runs both scans', () => {
    // f(x) = sum(cumsum(x)^2); df/dx_j = 2 sum_{i >= j} c_i; d2f/dx_j dx_k = 2 (number of i >= max(j, k)).
    const x = tensor([0.5, -1, 2]);
    const hessianRowSums = grad((t: Tensor) => grad((u: Tensor) => cumsum(u, 0).square().sum())(t).sum())(x);
    // Row j of the Hessian: 2 * (3 - max(j, k)) summed over k: j=0: 2(3+2+1), j=1: 2(2+2+1), j=2: 2(1+1+1).
    expectAllClose(hessianRowSums, [12, 10, 6]);
  });

  test('a 0-d tensor is its own cumsum (dim 0 or -1); an empty axis gives an empty result', () => {
    expect(cumsum(tensor(5), 0).item()).toBe(5);
    expect(cumsum(tensor(5), -1).shape).toEqual([]);
    expect(cumsum(ones([0, 2]), 0).shape).toEqual([0, 2]);
  });

  test('a dim out of range or missing is an ArgumentError naming cumsum and dim', () => {
    expectThrows(() => cumsum(ones([2, 3]), 2), ArgumentError, /cumsum/, /dim/);
    expectThrows(
      () => cumsum(ones([2, 3]), undefined as unknown as number),
      ArgumentError,
      /cumsum/,
      /'dim'/,
    );
  });
});
