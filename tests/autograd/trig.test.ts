import { cos, grad, sin, type Tensor, tensor } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose } from '../support/assertions.ts';
import { expectMatchesTorch, TORCH_TOLERANCE, torchMath } from './fixtures/torch-math.ts';

describe('sin and cos', () => {
  test('known values: sin(0) = 0, sin(pi/2) = 1, cos(0) = 1, cos(pi) = -1', () => {
    expectAllClose(sin(tensor([0, Math.PI / 2, -Math.PI / 2])), [0, 1, -1]);
    expectAllClose(cos(tensor([0, Math.PI])), [1, -1]);
    expect(tensor([[0.5]]).sin().shape).toEqual([1, 1]);
  });

  test("values and gradients match PyTorch's, far from 0 too (x = 100)", () => {
    expectMatchesTorch(sin, torchMath.trig.sin, TORCH_TOLERANCE);
    expectMatchesTorch(cos, torchMath.trig.cos, TORCH_TOLERANCE);
  });

  test('second derivatives through the backward rules: sin" = -sin, cos" = -cos', () => {
    const x = tensor([-1.2, 0.3, 2]);
    const second = (f: (t: Tensor) => Tensor) =>
      grad((t: Tensor) => grad((u: Tensor) => f(u).sum())(t).sum())(x);
    expectAllClose(second(sin), sin(x).neg());
    expectAllClose(second(cos), cos(x).neg());
  });
});
