/**
 * gradcheck and gradgradcheck: they pass on correct gradients, and (what matters most) they fail, pointing
 * at the entry, when the tape's gradient is wrong. The wrong gradients are made with detach(), which hides
 * part of a function from the tape while leaving its value alone.
 */
import { GradientError, gradcheck, gradgradcheck, Rng, type Tensor, tensor } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';

/** x^2 computed as x * detach(x): the tape sees d/dx = detach(x) = x, the truth is 2x. */
const squareWithWrongGradient = (x: Tensor) => x.detach().mul(x);

/**
 * x^3 as x^2 detach(x) + (x - detach(x)) detach(x)^2. The second term is 0, so the value is x^3; the tape's
 * first derivative is 2x detach(x) + detach(x)^2 = 3x^2 (right), but as a function on the tape it is
 * 2x detach(x) + const, whose derivative is 2x, while the true second derivative is 6x.
 */
const cubeWithWrongSecondDerivative = (x: Tensor) =>
  x.square().mul(x.detach()).add(x.sub(x.detach()).mul(x.detach().square()));

describe('gradcheck on correct gradients', () => {
  test('passes on a smooth function of two inputs with a non-scalar output, and reports small errors', () => {
    const rng = new Rng(7);
    const x = rng.randn([2, 3], { requiresGrad: true });
    const y = rng.randn([3], { requiresGrad: true });
    const report = gradcheck((a, b) => a!.tanh().mul(b!.exp()).add(a!.mul(b!).sigmoid()), [x, y]);
    expect(report.passed).toBe(true);
    expect(report.inputs).toHaveLength(2);
    report.inputs.forEach((input, argument) => {
      expect(input.argument).toBe(argument);
      expect(input.passed).toBe(true);
      // Central differences with eps = 1e-6 on O(1) values: about 1e-10 of rounding error.
      expect(input.maxAbsError).toBeLessThan(1e-7);
      expect(input.maxRelError).toBeLessThan(1e-5);
      expect(input.worst).not.toBeNull();
      expect(input.worst!.inputIndex).toBeGreaterThanOrEqual(0);
      expect(input.worst!.inputIndex).toBeLessThan(argument === 0 ? 6 : 3);
      expect(input.worst!.outputIndex).toBeLessThan(6);
    });
    expect(report.inputs[0]!.shape).toEqual([2, 3]);
    expect(report.inputs[1]!.shape).toEqual([3]);
    expect(report.toString()).toContain('pass');
    expect(report.toString()).not.toContain('FAIL');
  });

  test('passes on softmax, matmul and a reduction, whose Jacobians are full', () => {
    const rng = new Rng(3);
    const w = rng.randn([3, 4], { requiresGrad: true });
    const x = rng.randn([2, 3], { requiresGrad: true });
    expect(gradcheck((a, b) => b!.matmul(a!).softmax(-1), [w, x]).passed).toBe(true);
    expect(gradcheck((a) => a!.logsumexp(1), [w]).passed).toBe(true);
  });
});

describe('gradcheck on wrong gradients', () => {
  test('fails on x * detach(x), naming the entry that is furthest past its tolerance', () => {
    // Tape d/dx = x, truth 2x: entry 0 (x = 0) agrees, entry 1 is off by 0.001 (83 times its tolerance of
    // 1e-5 + 1e-3 * 0.002), entry 2 by 5 (about 500 times 1e-5 + 1e-3 * 10).
    const x = tensor([0, 0.001, -5], { requiresGrad: true });
    const report = gradcheck(squareWithWrongGradient, [x]);
    expect(report.passed).toBe(false);
    const input = report.inputs[0]!;
    expect(input.passed).toBe(false);
    expect(input.worst!.inputIndex).toBe(2);
    expect(input.worst!.outputIndex).toBe(2);
    expect(input.worst!.analytical).toEqual(-5);
    expect(Math.abs(input.worst!.numerical - -10)).toBeLessThan(1e-6);
    expect(Math.abs(input.maxAbsError - 5)).toBeLessThan(1e-6);
    // |x - 2x| / |2x| = 1/2 at every failing entry.
    expect(Math.abs(input.maxRelError - 0.5)).toBeLessThan(1e-6);
    expect(report.toString()).toContain('FAIL');
    expect(report.toString()).toContain('input[2] output[2]');
  });

  test('throwOnFailure throws a GradientError that carries the report', () => {
    const x = tensor([0, 0.001, -5], { requiresGrad: true });
    const expectedReport = gradcheck(squareWithWrongGradient, [x]).toString();
    expect(() => gradcheck(squareWithWrongGradient, [x], { throwOnFailure: true })).toThrow(GradientError);
    expect(() => gradcheck(squareWithWrongGradient, [x], { throwOnFailure: true })).toThrow(expectedReport);
  });

  test('throwOnFailure does not throw when the check passes', () => {
    const x = tensor([0.5, 2], { requiresGrad: true });
    expect(gradcheck((v) => v!.square(), [x], { throwOnFailure: true }).passed).toBe(true);
  });

  test('a wrong gradient is caught in an off-diagonal Jacobian entry too', () => {
    // f(x) = x * detach(sum(x)): the tape misses d/dx_j of sum(x) in every output i (off-diagonal 1 * x_i).
    const x = tensor([1, 2], { requiresGrad: true });
    const report = gradcheck((v) => v!.mul(v!.sum().detach()), [x]);
    expect(report.passed).toBe(false);
  });

  test('a NaN gradient fails the check', () => {
    // sqrt at 0: the tape says Infinity, the central difference (sqrt(eps) - NaN) is NaN.
    const x = tensor([0, 1], { requiresGrad: true });
    const report = gradcheck((v) => v!.sqrt(), [x]);
    expect(report.passed).toBe(false);
    expect(report.inputs[0]!.maxAbsError).toBe(Infinity);
    expect(report.inputs[0]!.worst!.inputIndex).toBe(0);
  });
});

describe('gradcheck inputs', () => {
  test('only inputs that require a gradient are checked, and the report names their argument position', () => {
    // The wrong gradient hides in the argument that is not checked.
    const constant = tensor([1, 2]);
    const x = tensor([3, 4], { requiresGrad: true });
    const report = gradcheck((c, v) => squareWithWrongGradient(c!).add(v!.square()), [constant, x]);
    expect(report.passed).toBe(true);
    expect(report.inputs).toHaveLength(1);
    expect(report.inputs[0]!.argument).toBe(1);
    expect(report.inputs[0]!.shape).toEqual([2]);
  });

  test('no input requiring a gradient is an error', () => {
    expect(() => gradcheck((v) => v!.square(), [tensor([1, 2])])).toThrow(GradientError);
    expect(() => gradcheck((v) => v!.square(), [tensor([1, 2])])).toThrow(/no input requires a gradient/);
    expect(() => gradgradcheck((v) => v!.square(), [tensor([1, 2])])).toThrow(GradientError);
  });

  test('inputs are restored exactly after perturbation', () => {
    const rng = new Rng(11);
    const x = rng.randn([2, 2], { requiresGrad: true });
    const before = Float64Array.from(x.data);
    gradcheck((v) => v!.exp().sum(), [x]);
    expect(x.data).toEqual(before);
    gradgradcheck((v) => v!.tanh(), [x]);
    expect(x.data).toEqual(before);
  });

  test('inputs are restored even when f throws on a perturbed input', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const failsWhenMoved = (v: Tensor) => {
      if (v.data[0] !== 1) throw new Error('moved');
      return v.square();
    };
    expect(() => gradcheck(failsWhenMoved, [x])).toThrow('moved');
    expect(Array.from(x.data)).toEqual([1, 2]);
  });
});

describe('gradgradcheck', () => {
  test('passes on compositions of tanh, sigmoid and softmax', () => {
    const rng = new Rng(5);
    const x = rng.randn([2, 3], { requiresGrad: true });
    const w = rng.randn([3, 3], { requiresGrad: true });
    expect(gradgradcheck((v) => v!.tanh().mul(v!.sigmoid()).softmax(-1), [x]).passed).toBe(true);
    expect(gradgradcheck((v, m) => v!.matmul(m!).tanh().softmax(0), [x, w]).passed).toBe(true);
  });

  test('the function with a wrong second derivative still passes gradcheck (its first derivative is right)', () => {
    const x = tensor([0.5, -1.5, 2], { requiresGrad: true });
    expect(cubeWithWrongSecondDerivative(x).toArray()).toEqual([0.125, -3.375, 8]);
    expect(gradcheck(cubeWithWrongSecondDerivative, [x]).passed).toBe(true);
  });

  test('fails on a function whose second derivative is wrong: tape 2x against the true 6x', () => {
    const x = tensor([0.5, -1.5, 2], { requiresGrad: true });
    const report = gradgradcheck(cubeWithWrongSecondDerivative, [x]);
    expect(report.passed).toBe(false);
    const worst = report.inputs[0]!.worst!;
    // gradgradcheck differentiates x -> v * f'(x) for a random v. Its Jacobian is diagonal: the tape says
    // v_i * 2x_i, finite differences v_i * 6x_i, so every diagonal entry is off by a factor of 3.
    expect(worst.inputIndex).toBe(worst.outputIndex);
    expect(worst.analytical).not.toBe(0);
    expect(Math.abs(worst.numerical / worst.analytical - 3)).toBeLessThan(1e-6);
    expect(report.toString()).toContain('FAIL');
  });

  test('throwOnFailure applies to gradgradcheck as well', () => {
    const x = tensor([0.5, -1.5, 2], { requiresGrad: true });
    expect(() => gradgradcheck(cubeWithWrongSecondDerivative, [x], { throwOnFailure: true })).toThrow(
      GradientError,
    );
  });
});
