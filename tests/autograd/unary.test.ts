import { fc, test as propTest } from '@fast-check/vitest';
import {
  abs,
  exp,
  grad,
  gradcheck,
  gradients,
  leakyRelu,
  log,
  type NestedInput,
  relu,
  sigmoid,
  sign,
  softplus,
  sqrt,
  square,
  type Tensor,
  tanh,
  tensor,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectClose } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';

// Reference constants below were computed independently with CPython's math module (the C libm), e.g.
// math.tanh(0.5) = 0.46211715726000974 and 1 / (1 + math.exp(-2)) = 0.8807970779778823.

/** The value of f at x and the gradient of sum(f(x)), for a fresh leaf x. */
function valueAndGradient(
  f: (x: Tensor) => Tensor,
  values: NestedInput,
): { value: Tensor; gradient: Tensor } {
  const x = leaf(values);
  const value = f(x);
  value.sum().backward();
  return { value, gradient: x.grad! };
}

describe('exp and log', () => {
  test('exp is its own derivative', () => {
    const { value, gradient } = valueAndGradient((x) => x.exp(), [0, 1, -2]);
    expectAllClose(value, [1, Math.E, 0.1353352832366127]);
    expectAllClose(gradient, [1, Math.E, 0.1353352832366127]);
  });

  test('log has derivative 1/x', () => {
    const { value, gradient } = valueAndGradient(log, [1, 0.5, 4]);
    expectAllClose(value, [0, -Math.LN2, 2 * Math.LN2]);
    expect(gradient.toArray()).toEqual([1, 2, 0.25]);
  });

  test('log at 0 is -Infinity with gradient +Infinity; below 0 it is NaN', () => {
    const { value, gradient } = valueAndGradient(log, [0, -1]);
    expectAllClose(value, [-Infinity, NaN]);
    expectAllClose(gradient, [Infinity, -1]);
  });

  test('log(exp(x)) has gradient 1 (chain rule through both)', () => {
    const { gradient } = valueAndGradient((x) => exp(x).log(), [-3, 0.5, 2]);
    expectAllClose(gradient, [1, 1, 1]);
  });
});

describe('sqrt and square', () => {
  test('sqrt has derivative 1 / (2 sqrt(x))', () => {
    const { value, gradient } = valueAndGradient(sqrt, [4, 0.25, 2]);
    expectAllClose(value, [2, 0.5, Math.SQRT2]);
    // 1/(2*2), 1/(2*0.5), 1/(2 sqrt 2)
    expectAllClose(gradient, [0.25, 1, 0.35355339059327373]);
  });

  test('sqrt at 0 is 0 with gradient +Infinity, as PyTorch', () => {
    const { value, gradient } = valueAndGradient((x) => x.sqrt(), [0]);
    expect(value.toArray()).toEqual([0]);
    expect(gradient.toArray()).toEqual([Infinity]);
  });

  test('square has derivative 2x', () => {
    const { value, gradient } = valueAndGradient(square, [-3, 0.5, 0]);
    expect(value.toArray()).toEqual([9, 0.25, 0]);
    expect(gradient.toArray()).toEqual([-6, 1, 0]);
  });
});

describe('abs and sign', () => {
  test("abs has derivative sign(x), with abs'(0) = 0", () => {
    const { value, gradient } = valueAndGradient((x) => x.abs(), [-2, 0, 3]);
    expect(value.toArray()).toEqual([2, 0, 3]);
    expect(gradient.toArray()).toEqual([-1, 0, 1]);
  });

  test('sign gives -1, 0 or 1 and keeps NaN', () => {
    expectAllClose(sign(tensor([-3, 0, 2.5, Number.NaN, -Infinity])), [-1, 0, 1, NaN, -1]);
  });

  test('sign of a tensor that requires a gradient is a constant', () => {
    const x = leaf([-1, 2]);
    const signs = x.sign();
    expect(signs.requiresGrad).toBe(false);
    expect(signs.gradFn).toBeNull();
  });
});

describe('tanh', () => {
  test("tanh'(x) = 1 - tanh(x)^2", () => {
    const { value, gradient } = valueAndGradient(tanh, [0, 0.5, 1, -0.5]);
    expectAllClose(value, [0, 0.46211715726000974, 0.7615941559557649, -0.46211715726000974]);
    const atOne = 1 - 0.7615941559557649 ** 2;
    expectAllClose(gradient, [1, 0.7864477329659274, atOne, 0.7864477329659274]);
  });

  test("third derivative by hand: tanh''' = -2 (1 - t^2)(1 - 3 t^2), through the tanhBackward op", () => {
    // At x = 0.5, t = tanh(0.5): t' = 1 - t^2, t'' = -2 t (1 - t^2), t''' = -2 (1 - t^2)(1 - 3 t^2).
    const t = 0.46211715726000974;
    const x = leaf(0.5);
    const [first] = gradients(x.tanh(), [x], { createGraph: true });
    expect(first!.gradFn?.op).toBe('tanhBackward');
    const [second] = gradients(first!, [x], { createGraph: true });
    const [third] = gradients(second!, [x]);
    expectClose(first!.item(), 1 - t * t);
    expectClose(second!.item(), -2 * t * (1 - t * t));
    expectClose(third!.item(), -2 * (1 - t * t) * (1 - 3 * t * t));
  });

  test('tanh saturates to +-1 with gradient exactly 0, no NaN', () => {
    const { value, gradient } = valueAndGradient((x) => x.tanh(), [30, -30, 1000]);
    expect(value.toArray()).toEqual([1, -1, 1]);
    expect(gradient.toArray()).toEqual([0, 0, 0]);
  });
});

describe('sigmoid', () => {
  test("sigmoid'(x) = sigmoid(x) (1 - sigmoid(x)); sigmoid(0) = 1/2 with slope 1/4", () => {
    const { value, gradient } = valueAndGradient(sigmoid, [0, 2, -2]);
    expectAllClose(value, [0.5, 0.8807970779778823, 0.11920292202211755]);
    // The derivative is even: sigmoid'(-2) = sigmoid'(2).
    expectAllClose(gradient, [0.25, 0.10499358540350662, 0.10499358540350662]);
  });

  test('sigmoid(+-1000) is exactly 1 and 0 with gradient exactly 0, no overflow or NaN', () => {
    const { value, gradient } = valueAndGradient((x) => x.sigmoid(), [1000, -1000]);
    expect(value.toArray()).toEqual([1, 0]);
    expect(gradient.toArray()).toEqual([0, 0]);
  });
});

describe('relu and leakyRelu', () => {
  test('second derivative by hand through the reluBackward op: d2/dx2 sum relu(x)^2 = 2 where x > 0', () => {
    // d/dx relu(x)^2 = 2 relu(x) [x > 0]; again: 2 [x > 0]. At x = -1, 2, 0.5: [0, 4, 1], then [0, 2, 2].
    const x = leaf([-1, 2, 0.5]);
    const [first] = gradients(x.relu().square().sum(), [x], { createGraph: true });
    expect(first!.gradFn?.op).toBe('reluBackward');
    expect(first!.toArray()).toEqual([0, 4, 1]);
    const [second] = gradients(first!.sum(), [x]);
    expect(second!.toArray()).toEqual([0, 2, 2]);
  });

  test("relu is max(x, 0) with relu'(0) = 0", () => {
    const { value, gradient } = valueAndGradient(relu, [-2, 0, 3]);
    expect(value.toArray()).toEqual([0, 0, 3]);
    expect(gradient.toArray()).toEqual([0, 0, 1]);
  });

  test('relu(NaN) is NaN, not 0', () => {
    const value = tensor([Number.NaN, -1]).relu();
    expect(Number.isNaN(value.data[0]!)).toBe(true);
    expect(value.data[1]).toBe(0);
  });

  test('leakyRelu has slope 0.01 by default below and at 0, and 1 above', () => {
    const { value, gradient } = valueAndGradient(leakyRelu, [-2, 0, 3]);
    expectAllClose(value, [-0.02, 0, 3]); // -2 * 0.01
    expectAllClose(gradient, [0.01, 0.01, 1]);
  });

  test('leakyRelu with a given negative slope', () => {
    const { value, gradient } = valueAndGradient((x) => x.leakyRelu(0.2), [-5, 0, 1]);
    expectAllClose(value, [-1, 0, 1]); // -5 * 0.2
    expectAllClose(gradient, [0.2, 0.2, 1]);
  });
});

describe('softplus', () => {
  test("softplus(x) = log(1 + e^x) with softplus'(x) = sigmoid(x)", () => {
    const { value, gradient } = valueAndGradient(softplus, [0, 1, -1]);
    expectAllClose(value, [Math.LN2, 1.3132616875182228, 0.31326168751822286]);
    // sigmoid(0) = 0.5, sigmoid(1), sigmoid(-1) = 1 - sigmoid(1)
    expectAllClose(gradient, [0.5, 0.7310585786300049, 1 - 0.7310585786300049]);
  });

  test('softplus(1000) = 1000 and softplus(-1000) = 0 exactly, with gradients 1 and 0', () => {
    const { value, gradient } = valueAndGradient((x) => x.softplus(), [1000, -1000]);
    expect(value.toArray()).toEqual([1000, 0]);
    expect(gradient.toArray()).toEqual([1, 0]);
  });
});

describe('second derivatives of unary ops', () => {
  test("tanh''(x) = -2 tanh(x) (1 - tanh(x)^2) by grad(grad(tanh))", () => {
    const t = Math.tanh(0.5);
    expectAllClose(grad(grad(tanh))(tensor(0.5)), -2 * t * (1 - t * t));
    // = -0.7268619813835873 (CPython)
    expectAllClose(grad(grad(tanh))(tensor(0.5)), -0.7268619813835873);
  });

  test("tanh'' by backward({ createGraph: true }), then backward of the recorded gradient", () => {
    const x = leaf(0.5);
    x.tanh().backward({ createGraph: true });
    const firstDerivative = x.grad!;
    expect(firstDerivative.requiresGrad).toBe(true);
    expectAllClose(firstDerivative, 0.7864477329659274);
    x.zeroGrad();
    firstDerivative.backward();
    expectAllClose(x.grad, -0.7268619813835873);
  });

  test("sigmoid''(x) = s (1 - s) (1 - 2s)", () => {
    const s = 1 / (1 + Math.exp(-1));
    expectAllClose(grad(grad(sigmoid))(tensor(1)), s * (1 - s) * (1 - 2 * s));
    expectAllClose(grad(grad(sigmoid))(tensor(1)), -0.09085774767294842); // CPython
    expect(grad(grad(sigmoid))(tensor(0)).item()).toBe(0); // 0.25 * (1 - 2 * 0.5)
  });

  test("exp'' = exp, log''(x) = -1/x^2, sqrt''(x) = -x^(-3/2) / 4, softplus'' = s (1 - s)", () => {
    expect(grad(grad(exp))(tensor(0)).item()).toBe(1);
    expectAllClose(grad(grad(log))(tensor(2)), -0.25);
    expectAllClose(grad(grad(sqrt))(tensor(4)), -1 / 32); // -(1/4) * 4^(-3/2) = -(1/4)(1/8)
    expectAllClose(grad(grad(softplus))(tensor(0)), 0.25);
    expectAllClose(grad(grad(square))(tensor(-7)), 2);
  });

  test('relu and abs have second derivative 0 away from the kink', () => {
    expect(grad(grad(relu))(tensor(2)).item()).toBe(0);
    expect(grad(grad(abs))(tensor(-3)).item()).toBe(0);
  });
});

describe('gradients agree with finite differences', () => {
  // Inputs in [0.5, 3] stay away from the kinks of relu/abs at 0 and the poles of log and sqrt at 0.
  const awayFromZero = fc.array(fc.double({ min: 0.5, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 });
  const sides = fc.array(fc.boolean(), { minLength: 4, maxLength: 4 });

  propTest.prop([awayFromZero, sides], { numRuns: 20 })(
    'every unary op passes gradcheck on random inputs of either sign',
    (magnitudes, negative) => {
      const signed = magnitudes.map((m, i) => (negative[i] ? -m : m));
      const x = tensor(signed, { requiresGrad: true });
      const positive = tensor(magnitudes, { requiresGrad: true });
      const signedOps = (v: Tensor) =>
        v.exp().add(v.abs()).add(v.square()).add(v.tanh()).add(v.sigmoid()).add(v.relu());
      const moreSignedOps = (v: Tensor) => v.leakyRelu(0.1).add(v.softplus());
      const positiveOps = (v: Tensor) => v.log().add(v.sqrt());
      for (const [f, input] of [
        [signedOps, x],
        [moreSignedOps, x],
        [positiveOps, positive],
      ] as const) {
        const report = gradcheck(f, [input]);
        expect(report.passed, report.toString()).toBe(true);
      }
    },
  );

  propTest.prop([fc.double({ min: -4, max: 4, noNaN: true })], { numRuns: 50 })(
    'tanh backward is 1 - tanh^2 and sigmoid backward is s (1 - s) on random inputs',
    (value) => {
      const x = leaf(value);
      x.tanh().add(x.sigmoid()).backward();
      const t = Math.tanh(value);
      const s = 1 / (1 + Math.exp(-value));
      const expected = 1 - t * t + s * (1 - s);
      expectClose(x.grad!.item(), expected, { atol: 1e-15, rtol: 1e-14 });
    },
  );
});
