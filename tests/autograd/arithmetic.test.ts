import { fc, test as propTest } from '@fast-check/vitest';
import {
  ArgumentError,
  add,
  div,
  grad,
  gradcheck,
  mul,
  neg,
  pow,
  ShapeError,
  sub,
  type Tensor,
  tensor,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';

describe('add', () => {
  test('adds same-shape tensors elementwise and sends gradient 1 to both', () => {
    const a = leaf([1, 2, 3]);
    const b = leaf([10, 20, 30]);
    const out = a.add(b);
    expect(out.toArray()).toEqual([11, 22, 33]);
    out.sum().backward();
    expect(a.grad!.toArray()).toEqual([1, 1, 1]);
    expect(b.grad!.toArray()).toEqual([1, 1, 1]);
  });

  test('[3,1] + [1,4] broadcasts to [3,4]; the gradients sum back over the broadcast axes', () => {
    const column = leaf([[1], [2], [3]]);
    const row = leaf([[10, 20, 30, 40]]);
    const out = add(column, row);
    expect(out.shape).toEqual([3, 4]);
    expect(out.toArray()).toEqual([
      [11, 21, 31, 41],
      [12, 22, 32, 42],
      [13, 23, 33, 43],
    ]);
    out.sum().backward();
    // Each column entry was used by 4 outputs, each row entry by 3.
    expect(column.grad!.toArray()).toEqual([[4], [4], [4]]);
    expect(row.grad!.toArray()).toEqual([[3, 3, 3, 3]]);
  });

  test('[2,3] + [3]: the [3] operand receives the column sums of the seed', () => {
    const matrix = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const bias = leaf([100, 200, 300]);
    const out = matrix.add(bias);
    expect(out.toArray()).toEqual([
      [101, 202, 303],
      [104, 205, 306],
    ]);
    out.backward(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    expect(matrix.grad!.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    // [1+4, 2+5, 3+6]
    expect(bias.grad!.toArray()).toEqual([5, 7, 9]);
  });

  test('a 0-d tensor + [2,2]: the 0-d gradient is the sum of every seed entry and stays 0-d', () => {
    const scalar = leaf(5);
    const matrix = leaf([
      [1, 2],
      [3, 4],
    ]);
    const out = scalar.add(matrix);
    expect(out.toArray()).toEqual([
      [6, 7],
      [8, 9],
    ]);
    out.backward(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(scalar.grad!.shape).toEqual([]);
    expect(scalar.grad!.item()).toBe(10); // 1 + 2 + 3 + 4
    expect(matrix.grad!.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  test('accepts a plain number on either side, as method and as function', () => {
    const x = leaf([1, -2]);
    expect(x.add(2).toArray()).toEqual([3, 0]);
    expect(add(x, 2).toArray()).toEqual([3, 0]);
    const left = add(2, x);
    expect(left.shape).toEqual([2]);
    expect(left.toArray()).toEqual([3, 0]);
    left.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 1]);
  });

  test('two numbers give a 0-d constant that requires no gradient', () => {
    const out = add(2, 3);
    expect(out.shape).toEqual([]);
    expect(out.item()).toBe(5);
    expect(out.requiresGrad).toBe(false);
  });

  test('leaves its inputs untouched (ops are pure)', () => {
    const a = leaf([1, 2]);
    const b = tensor([3, 4]);
    a.add(b).mul(b).sub(a).div(b).pow(2).sum().backward();
    expect(a.toArray()).toEqual([1, 2]);
    expect(b.toArray()).toEqual([3, 4]);
  });
});

describe('sub', () => {
  test('sends +1 to the left operand and -1 to the right', () => {
    const a = leaf([5, 7]);
    const b = leaf([2, 3]);
    const out = sub(a, b);
    expect(out.toArray()).toEqual([3, 4]);
    out.sum().backward();
    expect(a.grad!.toArray()).toEqual([1, 1]);
    expect(b.grad!.toArray()).toEqual([-1, -1]);
  });

  test('sub(1, x) is 1 - x with gradient -1; x.sub(1) is x - 1 with gradient +1', () => {
    const x = leaf([0.25, 2]);
    const oneMinus = sub(1, x);
    expect(oneMinus.toArray()).toEqual([0.75, -1]);
    oneMinus.sum().backward();
    expect(x.grad!.toArray()).toEqual([-1, -1]);

    const y = leaf([0.25, 2]);
    const minusOne = y.sub(1);
    expect(minusOne.toArray()).toEqual([-0.75, 1]);
    minusOne.sum().backward();
    expect(y.grad!.toArray()).toEqual([1, 1]);
  });

  test('[2,3] - [3]: the right operand gets the negated gradient summed over rows', () => {
    const a = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = leaf([1, 1, 1]);
    const out = a.sub(b);
    expect(out.toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    out.sum().backward();
    expect(a.grad!.toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(b.grad!.toArray()).toEqual([-2, -2, -2]);
  });
});

describe('mul', () => {
  test('gives each operand the other one as its gradient', () => {
    const a = leaf([2, -3]);
    const b = leaf([5, 4]);
    const out = mul(a, b);
    expect(out.toArray()).toEqual([10, -12]);
    out.sum().backward();
    expect(a.grad!.toArray()).toEqual([5, 4]);
    expect(b.grad!.toArray()).toEqual([2, -3]);
  });

  test('[3,1] * [1,4]: each gradient is the other operand summed over the broadcast axis', () => {
    const column = leaf([[1], [2], [3]]);
    const row = leaf([[1, 2, 3, 4]]);
    const out = column.mul(row);
    expect(out.toArray()).toEqual([
      [1, 2, 3, 4],
      [2, 4, 6, 8],
      [3, 6, 9, 12],
    ]);
    out.sum().backward();
    // d/dcolumn_i sum_ij column_i row_j = sum_j row_j = 10; d/drow_j = sum_i column_i = 6.
    expect(column.grad!.toArray()).toEqual([[10], [10], [10]]);
    expect(row.grad!.toArray()).toEqual([[6, 6, 6, 6]]);
  });

  test('a number on either side scales the gradient by that number', () => {
    const x = leaf([1, 2]);
    const out = mul(3, x);
    expect(out.toArray()).toEqual([3, 6]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);

    const y = leaf([1, 2]);
    const half = y.mul(-0.5);
    expect(half.toArray()).toEqual([-0.5, -1]);
    half.sum().backward();
    expect(y.grad!.toArray()).toEqual([-0.5, -0.5]);
  });

  test('x * x adds both gradient paths: d/dx x^2 = 2x', () => {
    const x = leaf([3, -1]);
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([6, -2]);
  });
});

describe('div', () => {
  test('d/da (a/b) = 1/b and d/db (a/b) = -a/b^2', () => {
    const a = leaf([1, 6]);
    const b = leaf([4, -3]);
    const out = div(a, b);
    expect(out.toArray()).toEqual([0.25, -2]);
    out.sum().backward();
    expectAllClose(a.grad, [1 / 4, -1 / 3]);
    // -1/4^2 = -1/16; -6/(-3)^2 = -2/3
    expectAllClose(b.grad, [-1 / 16, -2 / 3]);
  });

  test('x.div(4) has gradient 1/4; div(1, x) = 1/x has gradient -1/x^2', () => {
    const x = leaf([2, -0.5]);
    x.div(4).sum().backward();
    expect(x.grad!.toArray()).toEqual([0.25, 0.25]);

    const y = leaf([2, -0.5]);
    const reciprocal = div(1, y);
    expect(reciprocal.toArray()).toEqual([0.5, -2]);
    reciprocal.sum().backward();
    // -1/2^2 = -0.25; -1/0.25 = -4
    expect(y.grad!.toArray()).toEqual([-0.25, -4]);
  });

  test('[2,3] / [3]: the divisor gradient -a/b^2 is summed over rows', () => {
    const a = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = leaf([1, 2, 4]);
    const out = a.div(b);
    expect(out.toArray()).toEqual([
      [1, 1, 0.75],
      [4, 2.5, 1.5],
    ]);
    out.sum().backward();
    expect(a.grad!.toArray()).toEqual([
      [1, 0.5, 0.25],
      [1, 0.5, 0.25],
    ]);
    // -(1+4)/1 = -5, -(2+5)/4 = -1.75, -(3+6)/16 = -0.5625
    expect(b.grad!.toArray()).toEqual([-5, -1.75, -0.5625]);
  });

  test('division by zero follows IEEE 754 instead of throwing', () => {
    expectAllClose(div(tensor([1, -1, 0]), 0), [Infinity, -Infinity, NaN]);
  });
});

describe('neg', () => {
  test('negates values, as function and method, with gradient -1', () => {
    const x = leaf([1, -2.5]);
    expect(neg(x).toArray()).toEqual([-1, 2.5]);
    const out = x.neg();
    expect(out.toArray()).toEqual([-1, 2.5]);
    out.backward(tensor([3, 4]));
    expect(x.grad!.toArray()).toEqual([-3, -4]);
  });
});

describe('pow with a number exponent', () => {
  test('x^2 has gradient 2x', () => {
    const x = leaf([-3, 0.5, 4]);
    const out = x.pow(2);
    expect(out.toArray()).toEqual([9, 0.25, 16]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([-6, 1, 8]);
  });

  test('x^3 has gradient 3x^2 (function form)', () => {
    const x = leaf([-2, 1.5]);
    const out = pow(x, 3);
    expect(out.toArray()).toEqual([-8, 3.375]);
    out.sum().backward();
    // 3 * 4 = 12; 3 * 2.25 = 6.75
    expect(x.grad!.toArray()).toEqual([12, 6.75]);
  });

  test('x^-1 has gradient -x^-2', () => {
    const x = leaf([2, -4]);
    const out = x.pow(-1);
    expect(out.toArray()).toEqual([0.5, -0.25]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([-0.25, -0.0625]);
  });

  test('x^0.5 is sqrt: at 4 the value is 2 and the gradient 0.5 * 4^-0.5 = 0.25', () => {
    const x = leaf(4);
    const out = x.pow(0.5);
    expect(out.item()).toBe(2);
    out.backward();
    expect(x.grad!.item()).toBe(0.25);
  });

  test.each([
    [1, 1],
    [2, 0],
    [3, 0],
  ])('at base 0, x^%d has the finite gradient %d', (exponent, expected) => {
    const x = leaf(0);
    x.pow(exponent).backward();
    expect(x.grad!.item()).toBe(expected);
  });

  test('at base 0, x^0.5 has gradient +Infinity, as PyTorch', () => {
    const x = leaf(0);
    const out = x.pow(0.5);
    expect(out.item()).toBe(0);
    out.backward();
    expect(x.grad!.item()).toBe(Infinity);
  });

  test('x^0 is 1 everywhere with gradient 0, even at base 0', () => {
    const x = leaf([0, -2, 3]);
    const out = x.pow(0);
    expect(out.toArray()).toEqual([1, 1, 1]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
  });

  test('a NaN exponent is rejected with an ArgumentError', () => {
    expect(() => leaf([1]).pow(Number.NaN)).toThrow(ArgumentError);
  });

  test('two numbers give a 0-d constant', () => {
    const out = pow(2, 10);
    expect(out.shape).toEqual([]);
    expect(out.item()).toBe(1024);
    expect(out.requiresGrad).toBe(false);
  });
});

describe('pow with a tensor exponent', () => {
  test('d/dx x^e = e x^(e-1) and d/de x^e = x^e log x', () => {
    const x = leaf([2, 3]);
    const e = leaf([3, 2]);
    const out = pow(x, e);
    expect(out.toArray()).toEqual([8, 9]);
    out.sum().backward();
    // 3 * 2^2 = 12; 2 * 3^1 = 6
    expect(x.grad!.toArray()).toEqual([12, 6]);
    expectAllClose(e.grad, [8 * Math.LN2, 9 * Math.log(3)]);
  });

  test('a number base: d/de 2^e = 2^e ln 2', () => {
    const e = leaf([0, 1, 3]);
    const out = pow(2, e);
    expect(out.toArray()).toEqual([1, 2, 8]);
    out.sum().backward();
    expectAllClose(e.grad, [Math.LN2, 2 * Math.LN2, 8 * Math.LN2]);
  });

  test('at x = 0 with e >= 0 the exponent gradient is 0, not NaN (0 * log 0)', () => {
    const x = leaf([0, 0, 0]);
    const e = leaf([0, 0.5, 2]);
    const out = x.pow(e);
    expect(out.toArray()).toEqual([1, 0, 0]);
    out.sum().backward();
    expect(e.grad!.toArray()).toEqual([0, 0, 0]);
  });

  test('the base gradient at x = 0 is finite: e = 0 gives 0 (as PyTorch), e = 1 gives 1, e = 2 gives 0', () => {
    const x = leaf([0, 0, 0]);
    const e = tensor([0, 1, 2]);
    x.pow(e).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 0]);
  });

  test('a tensor exponent of 0 gives the base gradient 0 also away from 0', () => {
    const x = leaf([-2, 5]);
    x.pow(tensor([0, 0]))
      .sum()
      .backward();
    // 0 * (-2)^-1 is -0, as in PyTorch; `+ 0` compares it as the number 0.
    expect(Array.from(x.grad!.data, (value) => value + 0)).toEqual([0, 0]);
  });

  test('[2,2] base with [2] exponent: exponent gradients are summed over rows', () => {
    const x = leaf([
      [1, 2],
      [4, 8],
    ]);
    const e = leaf([1, 2]);
    const out = x.pow(e);
    expect(out.toArray()).toEqual([
      [1, 4],
      [4, 64],
    ]);
    out.sum().backward();
    // e x^(e-1): [1 * 1^0, 2 * 2^1], [1 * 4^0, 2 * 8^1]
    expect(x.grad!.toArray()).toEqual([
      [1, 4],
      [1, 16],
    ]);
    // column 0: 1 ln 1 + 4 ln 4 = 8 ln 2; column 1: 4 ln 2 + 64 ln 8 = 4 ln 2 + 192 ln 2 = 196 ln 2
    expectAllClose(e.grad, [8 * Math.LN2, 196 * Math.LN2]);
  });
});

describe('second derivatives through arithmetic', () => {
  test('d²/dx² x^3 = 6x by grad(grad(f))', () => {
    const secondDerivative = grad(grad((x) => x.pow(3)));
    expect(secondDerivative(tensor(2)).item()).toBe(12);
    expect(secondDerivative(tensor(-1.5)).item()).toBe(-9);
  });

  test('d²/dx² x^3 = 6x by backward({ createGraph: true }) then backward of the gradient', () => {
    const x = leaf(2);
    x.pow(3).backward({ createGraph: true });
    const firstDerivative = x.grad!;
    expect(firstDerivative.item()).toBe(12); // 3 * 2^2
    expect(firstDerivative.requiresGrad).toBe(true);
    x.zeroGrad();
    firstDerivative.backward();
    expect(x.grad!.item()).toBe(12); // 6 * 2
  });

  test('d²/db² (1/b) = 2/b^3 through the div rule', () => {
    const secondDerivative = grad(grad((b) => div(1, b)));
    expect(secondDerivative(tensor(2)).item()).toBe(0.25); // 2 / 8
    expect(secondDerivative(tensor(-0.5)).item()).toBe(-16); // 2 / -0.125
  });

  test('d²/dx² (x * x) = 2 through the mul rule', () => {
    expect(grad(grad((x) => x.mul(x)))(tensor(7)).item()).toBe(2);
  });
});

describe('broadcasting errors', () => {
  test('add of [2,3] and [4] throws a ShapeError naming add and both shapes', () => {
    const call = () =>
      add(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        tensor([1, 2, 3, 4]),
      );
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\badd\b/);
    expect(call).toThrow('[2,3]');
    expect(call).toThrow('[4]');
  });

  test.each([
    ['sub', sub],
    ['mul', mul],
    ['div', div],
    ['pow', pow],
  ] as const)('%s names itself and both shapes when [3,2] and [3] do not broadcast', (name, op) => {
    const call = () =>
      op(
        tensor([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
        tensor([1, 2, 3]),
      );
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(new RegExp(`^${name}: .*\\[3,2\\].*\\[3\\]`));
  });

  test('the method form reports the same op name', () => {
    expect(() => tensor([1, 2]).mul(tensor([1, 2, 3]))).toThrow(/^mul: .*\[2\].*\[3\]/);
  });
});

describe('gradients agree with finite differences', () => {
  // Divisors and bases stay in [0.5, 2]: away from the pole of div and from base 0 of pow.
  const positive = fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 });

  propTest.prop([positive, positive], { numRuns: 15 })(
    'add, sub, mul, div and pow on [2,3] with [3] broadcasting pass gradcheck',
    (left, right) => {
      const a = tensor(left, { shape: [2, 3], requiresGrad: true });
      const b = tensor(right.slice(0, 3), { requiresGrad: true });
      const f = (x: Tensor, y: Tensor) => x.add(y).mul(x).sub(y.div(x)).add(x.pow(y)).div(y);
      const report = gradcheck(f, [a, b]);
      expect(report.passed, report.toString()).toBe(true);
    },
  );
});
