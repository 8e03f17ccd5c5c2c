/**
 * The functional API: gradients (torch.autograd.grad), grad / valueAndGrad with argnums (JAX), vjp and hvp,
 * each checked against derivatives worked out by hand.
 */
import {
  GradientError,
  grad,
  gradients,
  hvp,
  ShapeError,
  type Tensor,
  tensor,
  valueAndGrad,
  vjp,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectClose } from '../support/assertions.ts';

describe('gradients(output, inputs)', () => {
  test('returns d(output)/d(input) and leaves every .grad untouched', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const previous = tensor([9, 9, 9]);
    x.grad = previous;
    const [dx] = gradients(x.mul(x).sum(), [x]);
    expect(dx!.toArray()).toEqual([2, 4, 6]);
    expect(x.grad).toBe(previous);
    expect(x.grad.toArray()).toEqual([9, 9, 9]);
  });

  test('does not fill .grad of intermediates either, even retained ones', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = x.mul(2).retainGrad();
    const [dHidden, dx] = gradients(hidden.mul(hidden).sum(), [hidden, x]);
    expect(dHidden!.toArray()).toEqual([4, 8]); // 2 * hidden
    expect(dx!.toArray()).toEqual([8, 16]); // d/dx 4x^2 = 8x
    expect(hidden.grad).toBeNull();
    expect(x.grad).toBeNull();
  });

  test('a seed gives the vector-Jacobian product of a non-scalar output', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    // y = x^3 elementwise: seed^T J = 3x^2 * seed.
    const [dx] = gradients(x.pow(3), [x], { seed: tensor([1, -1, 0.5]) });
    expect(dx!.toArray()).toEqual([3, -12, 13.5]);
  });

  test('createGraph: the result is on the tape and can be differentiated again', () => {
    const x = tensor(3, { requiresGrad: true });
    const [first] = gradients(x.pow(4), [x], { createGraph: true });
    expect(first!.item()).toEqual(108); // 4x^3
    expect(first!.requiresGrad).toBe(true);
    const [second] = gradients(first!, [x]);
    expect(second!.item()).toEqual(108); // 12x^2
    expect(x.grad).toBeNull();
  });

  test('without createGraph the result is off the tape', () => {
    const x = tensor(3, { requiresGrad: true });
    const [first] = gradients(x.pow(4), [x]);
    expect(first!.requiresGrad).toBe(false);
  });

  test('an input the output does not depend on gets zeros of its shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const unused = tensor([[1, 2, 3]], { requiresGrad: true });
    const [, dUnused] = gradients(x.sum(), [x, unused]);
    expect(dUnused!.toArray()).toEqual([[0, 0, 0]]);
  });

  test('a non-scalar output without a seed is an error that says to reduce it or pass a seed', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => gradients(x.mul(2), [x])).toThrow(GradientError);
    expect(() => gradients(x.mul(2), [x])).toThrow(/reduce it.*seed/);
  });
});

describe('grad and valueAndGrad', () => {
  test('grad(f) differentiates with respect to the first argument', () => {
    // f(x) = sum(x^2) * 3, grad = 6x.
    const df = grad((x: Tensor) => x.mul(x).sum().mul(3));
    expect(df(tensor([1, -2])).toArray()).toEqual([6, -12]);
  });

  test('grad(f, [0, 2]) returns the gradients for the arguments named, in that order', () => {
    // f(a, b, c) = sum(a * b + c^2): df/da = b, df/dc = 2c.
    const f = (a: Tensor, b: Tensor, c: Tensor) => a.mul(b).add(c.mul(c)).sum();
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    const c = tensor([5, 6]);
    const [da, dc] = grad(f, [0, 2])(a, b, c);
    expect(da!.toArray()).toEqual([3, 4]);
    expect(dc!.toArray()).toEqual([10, 12]);
    const [db] = grad(f, [1])(a, b, c);
    expect(db!.toArray()).toEqual([1, 2]);
    expect(grad(f, 1)(a, b, c).toArray()).toEqual([1, 2]);
  });

  test('valueAndGrad returns f(x) and its gradient together', () => {
    // f(x) = sum(exp(x)), gradient exp(x).
    const [value, dx] = valueAndGrad((x: Tensor) => x.exp().sum())(tensor([0, 1]));
    expectClose(value.item(), 1 + Math.E, { atol: 0, rtol: 1e-15 });
    expect(dx.toArray()).toEqual([1, Math.E]);
  });

  test("grad does not make the caller's tensors require a gradient or touch their .grad", () => {
    const x = tensor([1, 2]);
    grad((v: Tensor) => v.sum())(x);
    expect(x.requiresGrad).toBe(false);
    expect(x.grad).toBeNull();
    const parameter = tensor([1, 2], { requiresGrad: true });
    expect(grad((v: Tensor) => v.mul(v).sum())(parameter).toArray()).toEqual([2, 4]);
    expect(parameter.grad).toBeNull();
  });

  test('grad(grad(f)) is the second derivative and grad(grad(grad(f))) the third: x^3 gives 6x and 6', () => {
    const cube = (x: Tensor) => x.pow(3);
    expect(grad(cube)(tensor(2)).item()).toEqual(12); // 3x^2
    expect(grad(grad(cube))(tensor(2)).item()).toEqual(12); // 6x
    expect(grad(grad(grad(cube)))(tensor(2)).item()).toEqual(6);
  });

  test('third derivative of tanh is -2 (1 - t^2)(1 - 3t^2)', () => {
    // tanh' = 1 - t^2, tanh'' = -2t(1 - t^2), tanh''' = -2(1 - t^2)(1 - 3t^2) with t = tanh(x).
    const x = 0.4;
    const t = Math.tanh(x);
    const tanh = (v: Tensor) => v.tanh();
    expectClose(grad(grad(tanh))(tensor(x)).item(), -2 * t * (1 - t * t), { atol: 1e-15, rtol: 1e-13 });
    expectClose(grad(grad(grad(tanh)))(tensor(x)).item(), -2 * (1 - t * t) * (1 - 3 * t * t), {
      atol: 1e-15,
      rtol: 1e-13,
    });
  });

  test('grad of a function that ignores an argument gives zeros for it', () => {
    const [da, db] = grad((a: Tensor, _b: Tensor) => a.mul(2).sum(), [0, 1])(
      tensor([1, 2]),
      tensor([3, 4, 5]),
    );
    expect(da!.toArray()).toEqual([2, 2]);
    expect(db!.toArray()).toEqual([0, 0, 0]);
    // A constant function: no argument reaches the output.
    expect(grad((_x: Tensor) => tensor(5))(tensor([1, 2])).toArray()).toEqual([0, 0]);
  });

  test('grad of a non-scalar output says to reduce it or use vjp', () => {
    const df = grad((x: Tensor) => x.mul(2));
    expect(() => df(tensor([1, 2]))).toThrow(GradientError);
    expect(() => df(tensor([1, 2]))).toThrow(/\[2\].*reduce it.*vjp/);
  });

  test('argnums that name no argument are errors', () => {
    const f = (a: Tensor, b: Tensor) => a.add(b).sum();
    const x = tensor([1]);
    expect(() => grad(f, 2)(x, x)).toThrow(GradientError);
    expect(() => grad(f, 2)(x, x)).toThrow(/^grad: argnums: 2/);
    expect(() => grad(f, -1)(x, x)).toThrow(GradientError);
    expect(() => grad(f, [0, 1.5])(x, x)).toThrow(/argnums: 1.5/);
  });
});

describe('vjp', () => {
  test('vjp of the outer product x x^T with a seed V is (V + V^T) x', () => {
    // f(x)_ij = x_i x_j, so d/dx_k sum_ij V_ij x_i x_j = (V x)_k + (V^T x)_k.
    // x = [1, 2, 3], V = [[1,0,2],[0,1,0],[1,1,1]]: V x = [7, 2, 6], V^T x = [4, 5, 5], sum [11, 7, 11].
    const outer = (x: Tensor) => x.reshape([3, 1]).mul(x.reshape([1, 3]));
    const v = tensor([
      [1, 0, 2],
      [0, 1, 0],
      [1, 1, 1],
    ]);
    const { value, vjp: products } = vjp(outer, [tensor([1, 2, 3])], v);
    expect(value.toArray()).toEqual([
      [1, 2, 3],
      [2, 4, 6],
      [3, 6, 9],
    ]);
    expect(products[0]!.toArray()).toEqual([11, 7, 11]);
  });

  test('vjp of a matmul with a seed V: V B^T for A and A^T V for B', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [5, 6],
      [7, 8],
    ]);
    const v = tensor([
      [1, 2],
      [0, 1],
    ]);
    const { vjp: products } = vjp((left, right) => left!.matmul(right!), [a, b], v);
    // V B^T = [[1,2],[0,1]] [[5,7],[6,8]] = [[17, 23], [6, 8]]; A^T V = [[1,3],[2,4]] [[1,2],[0,1]] = [[1,5],[2,8]].
    expect(products[0]!.toArray()).toEqual([
      [17, 23],
      [6, 8],
    ]);
    expect(products[1]!.toArray()).toEqual([
      [1, 5],
      [2, 8],
    ]);
  });

  test('vjp of a single tensor (not a list) returns a single product', () => {
    // d/dx sum(v * x^2) = 2 v x: v = [1, 10, 100], x = [1, 2, 3] gives [2, 40, 600].
    const { value, vjp: product } = vjp((x) => x!.square(), tensor([1, 2, 3]), tensor([1, 10, 100]));
    expect(value.toArray()).toEqual([1, 4, 9]);
    expect(product.toArray()).toEqual([2, 40, 600]);
  });

  test('vjp of a non-scalar output without a seed is an error', () => {
    expect(() => vjp((x) => x!.mul(2), [tensor([1, 2])])).toThrow(GradientError);
  });
});

describe('hvp', () => {
  // f(x) = sum(x^3) + x0 x1: grad = 3x^2 + (x1, x0, 0), Hessian = diag(6x) + [[0,1,0],[1,0,0],[0,0,0]].
  const f = (x: Tensor) =>
    x
      .pow(3)
      .sum()
      .add(
        x
          .slice([{ start: 0, stop: 1 }])
          .mul(x.slice([{ start: 1, stop: 2 }]))
          .sum(),
      );
  const x = [1, 2, 3];
  const hessian = [
    [6, 1, 0],
    [1, 12, 0],
    [0, 0, 18],
  ];

  test('hvp of sum(x^3) + x0 x1 equals the hand Hessian times v', () => {
    // H [1, -1, 2] = [6 - 1, 1 - 12, 36] = [5, -11, 36]; f(x) = 1 + 8 + 27 + 2 = 38.
    const { value, hvp: products } = hvp(f, [tensor(x)], [tensor([1, -1, 2])]);
    expect(value.item()).toEqual(38);
    expect(products[0]!.toArray()).toEqual([5, -11, 36]);
  });

  test('hvp with each basis vector recovers each column of the Hessian', () => {
    for (let column = 0; column < 3; column++) {
      const basis = [0, 0, 0];
      basis[column] = 1;
      const { hvp: products } = hvp(f, [tensor(x)], [tensor(basis)]);
      expect(products[0]!.toArray()).toEqual(hessian.map((row) => row[column]));
    }
  });

  test('hvp of a function linear in x is zero', () => {
    const { hvp: products } = hvp((v) => v!.mul(3).sum(), [tensor([1, 2])], [tensor([1, 1])]);
    expect(products[0]!.toArray()).toEqual([0, 0]);
  });

  test('hvp with two inputs: f(x, y) = x^2 y gives H v = (2y vx + 2x vy, 2x vx)', () => {
    // Hessian [[2y, 2x], [2x, 0]] at x = 3, y = 5 with v = (1, 2): (10 + 12, 6) = (22, 6).
    const { hvp: products } = hvp(
      (a, b) => a!.pow(2).mul(b!),
      [tensor(3), tensor(5)],
      [tensor(1), tensor(2)],
    );
    expect(products[0]!.item()).toEqual(22);
    expect(products[1]!.item()).toEqual(6);
  });

  test('hvp(f, x, v) with single tensors returns a single product', () => {
    const { value, hvp: product } = hvp(f, tensor(x), tensor([1, -1, 2]));
    expect(value.item()).toEqual(38);
    expect(product.toArray()).toEqual([5, -11, 36]);
  });

  test('a vector of the wrong shape is a ShapeError naming both shapes', () => {
    expect(() => hvp(f, [tensor(x)], [tensor([1, 2])])).toThrow(ShapeError);
    expect(() => hvp(f, [tensor(x)], [tensor([1, 2])])).toThrow(/vector 0.*\[2\].*\[3\]/);
  });

  test('a different number of vectors than inputs is a GradientError', () => {
    expect(() => hvp(f, [tensor(x)], [])).toThrow(GradientError);
    expect(() => hvp(f, [tensor(x)], [])).toThrow(/0 vectors given for 1 inputs/);
  });

  test('hvp of a non-scalar function says to reduce it', () => {
    expect(() => hvp((v) => v!.mul(2), [tensor(x)], [tensor(x)])).toThrow(/reduce it/);
  });
});
