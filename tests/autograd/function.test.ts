/**
 * CustomFunction / autograd.Function (PyTorch's torch.autograd.Function): a subclass's static forward and
 * backward, run by apply as one recorded op; ctx (saveForBackward, savedTensors, needsInputGrad, properties
 * of its own); arguments that are not tensors; broadcasting; second derivatives through a backward made of
 * tensor ops; anomaly mode; and the errors of a wrong definition. Every number is worked out by hand.
 */
import {
  AnomalyError,
  ArgumentError,
  autograd,
  CustomFunction,
  detectAnomaly,
  type FunctionCtx,
  GradientError,
  gradcheck,
  gradgradcheck,
  noGrad,
  ShapeError,
  Tensor,
  tensor,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

/** The class comment's example: d/dx x^3 = 3x^2, written with tensor ops so it can be differentiated again. */
class Cube extends autograd.Function {
  static forward(ctx: FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.pow(3);
  }
  static backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors;
    return gradOutput.mul(x!.square().mul(3));
  }
}

/** clamp(x, min, max) with its bounds as numbers; backward lists one gradient per argument, as PyTorch's. */
class Clamp extends autograd.Function {
  static forward(ctx: FunctionCtx, x: Tensor, min: number, max: number): Tensor {
    ctx.saveForBackward(x);
    ctx.min = min;
    ctx.max = max;
    return x.clamp(min, max);
  }
  static backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
    const [x] = ctx.savedTensors;
    // 1 inside [min, max], 0 outside.
    const inside = x!.ge(ctx.min as number).mul(x!.le(ctx.max as number));
    return [gradOutput.mul(inside), null, null];
  }
}

describe('apply', () => {
  test('Cube: forward gives x^3, backward 3x^2', () => {
    const x = tensor([1, 2, -1], { requiresGrad: true });
    const y = Cube.apply(x);
    expectAllClose(y, [1, 8, -1]);
    y.sum().backward();
    expectAllClose(x.grad, [3, 12, 3]);
  });

  test('one op is recorded, named after the class, with the tensor arguments as inputs', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = Cube.apply(x);
    expect(y.gradFn!.op).toBe('Cube');
    expect(y.gradFn!.inputs).toEqual([x]);
    expect(y.gradFn!.inputs[0]).toBe(x); // forward's own pow was not recorded
    expect(y.requiresGrad).toBe(true);
  });

  test('inputs that require no gradient, or noGrad: nothing is recorded', () => {
    expect(Cube.apply(tensor([2])).gradFn).toBeNull();
    const x = tensor([2], { requiresGrad: true });
    const y = noGrad(() => Cube.apply(x));
    expect(y.gradFn).toBeNull();
    expect(y.requiresGrad).toBe(false);
  });

  test('also exported as CustomFunction', () => {
    expect(autograd.Function).toBe(CustomFunction);
    expect(Cube.prototype).toBeInstanceOf(CustomFunction);
  });

  test('gradcheck and gradgradcheck pass on Cube', () => {
    const x = tensor([0.5, -1.2, 2], { requiresGrad: true });
    expect(gradcheck((t) => Cube.apply(t), [x]).passed).toBe(true);
    expect(gradgradcheck((t) => Cube.apply(t), [x]).passed).toBe(true);
  });

  test('createGraph differentiates through backward: d2/dx2 x^3 = 6x', () => {
    const x = tensor([1, 2, -3], { requiresGrad: true });
    const [first] = autograd.grad(Cube.apply(x).sum(), x, { createGraph: true });
    expectAllClose(first!, [3, 12, 27]);
    const [second] = autograd.grad(first!.sum(), x);
    expectAllClose(second!, [6, 12, -18]);
  });
});

describe('arguments that are not tensors', () => {
  test('Clamp: the bounds are numbers, backward returns null for them', () => {
    const x = tensor([-2, 0.5, 3], { requiresGrad: true });
    const y = Clamp.apply(x, -1, 1);
    expectAllClose(y, [-1, 0.5, 1]);
    y.backward(tensor([10, 20, 30]));
    expectAllClose(x.grad, [0, 20, 0]);
    expect(
      gradcheck((t) => Clamp.apply(t, -1, 1), [tensor([-2, 0.5, 3], { requiresGrad: true })]).passed,
    ).toBe(true);
  });

  test('backward may instead return gradients for the tensor arguments only', () => {
    class Scale extends autograd.Function {
      static forward(ctx: FunctionCtx, factor: number, x: Tensor): Tensor {
        ctx.factor = factor;
        return x.mul(factor);
      }
      static backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        return gradOutput.mul(ctx.factor as number);
      }
    }
    const x = tensor([1, 2], { requiresGrad: true });
    Scale.apply(2.5, x).sum().backward();
    expectAllClose(x.grad, [2.5, 2.5]);
  });

  test('ctx.needsInputGrad: one flag per argument, false for numbers and for tensors that need none', () => {
    let flags: readonly boolean[] = [];
    class Watch extends autograd.Function {
      static forward(ctx: FunctionCtx, a: Tensor, _scale: number, b: Tensor): Tensor {
        flags = ctx.needsInputGrad;
        return a.add(b);
      }
      static backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor[] {
        return [gradOutput, gradOutput];
      }
    }
    const a = tensor([1], { requiresGrad: true });
    Watch.apply(a, 3, tensor([2]));
    expect(flags).toEqual([true, false, false]);
    noGrad(() => Watch.apply(a, 3, tensor([2])));
    expect(flags).toEqual([false, false, false]);
  });
});

describe('several tensor arguments, broadcasting, saved outputs', () => {
  /** a * b + a, b broadcast over a's rows: d/da = b + 1, d/db = a (summed over the rows by the walk). */
  class MulAdd extends autograd.Function {
    static forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
      ctx.saveForBackward(a, b);
      return a.mul(b).add(a);
    }
    static backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor[] {
      const [a, b] = ctx.savedTensors;
      return [gradOutput.mul(b!.add(1)), gradOutput.mul(a!)];
    }
  }

  test('each argument gets its gradient; one of the broadcast shape is summed back', () => {
    const a = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const b = tensor([10, -1], { requiresGrad: true });
    const y = MulAdd.apply(a, b);
    expectAllClose(y, [
      [11, 0],
      [33, 0],
    ]);
    y.sum().backward();
    expectAllClose(a.grad, [
      [11, 0],
      [11, 0],
    ]);
    expectAllClose(b.grad, [4, 6]); // column sums of a
  });

  test("saving forward's result stands for the op's output: exp's second derivative is exp", () => {
    class Exp extends autograd.Function {
      static forward(ctx: FunctionCtx, x: Tensor): Tensor {
        const result = x.exp();
        ctx.saveForBackward(result);
        return result;
      }
      static backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        const [result] = ctx.savedTensors;
        return gradOutput.mul(result!);
      }
    }
    const x = tensor([0, 1], { requiresGrad: true });
    const y = Exp.apply(x);
    const [first] = autograd.grad(y.sum(), x, { createGraph: true });
    const [second] = autograd.grad(first!.sum(), x);
    expectClose(second!.data[0]!, 1);
    expectClose(second!.data[1]!, Math.E);
    expect(gradgradcheck((t) => Exp.apply(t), [tensor([0.3, -0.7], { requiresGrad: true })]).passed).toBe(
      true,
    );
  });

  test('a forward that hands back its argument: the output gets values of its own', () => {
    class Identity extends autograd.Function {
      static forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x;
      }
      static backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        return gradOutput;
      }
    }
    const x = tensor([1, 2], { requiresGrad: true });
    const y = Identity.apply(x);
    expect(y).not.toBe(x);
    expect(y.data).not.toBe(x.data);
    expectAllClose(y, [1, 2]);
  });
});

describe('anomaly mode applies to it as to every op', () => {
  test('a forward computed from raw values that makes NaN is reported at the op, by its class name', () => {
    class RawLog extends autograd.Function {
      static forward(ctx: FunctionCtx, x: Tensor): Tensor {
        ctx.saveForBackward(x);
        return new Tensor(x.data.map(Math.log), x.shape);
      }
      static backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        return gradOutput.div(ctx.savedTensors[0]!);
      }
    }
    const x = tensor([-1, 2], { requiresGrad: true });
    expectThrows(() => detectAnomaly(() => RawLog.apply(x)), AnomalyError, /^RawLog: forward produced NaN/);
  });

  test("an op inside forward that makes NaN is reported first, at forward's line", () => {
    class Log extends autograd.Function {
      static forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x.log();
      }
      static backward(): null {
        return null;
      }
    }
    const x = tensor([-1, 2], { requiresGrad: true });
    expectThrows(
      () => detectAnomaly(() => Log.apply(x)),
      AnomalyError,
      /^log: forward produced NaN/,
      /at (Function|Log)\.forward .*function\.test\.ts/,
    );
  });
});

describe('errors', () => {
  test('forward returning something other than a tensor', () => {
    class Bad extends autograd.Function {
      static forward(): Tensor {
        return 3 as never;
      }
      static backward(): null {
        return null;
      }
    }
    expectThrows(() => Bad.apply(), GradientError, /Bad\.forward must return a Tensor, got number 3/);
  });

  test('backward returning the wrong count names the class and the counts', () => {
    class Twice extends autograd.Function {
      static forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x.mul(2);
      }
      static backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor[] {
        return [gradOutput, gradOutput];
      }
    }
    const x = tensor([1], { requiresGrad: true });
    expectThrows(
      () => Twice.apply(x).sum().backward(),
      GradientError,
      /Twice\.backward returned 2 gradient\(s\), but apply had 1 tensor argument\(s\) of 1/,
    );
    expect(x.grad).toBeNull();
  });

  test('backward returning a gradient of the wrong shape names the class, the argument and the shapes', () => {
    class Wrong extends autograd.Function {
      static forward(_ctx: FunctionCtx, scale: number, x: Tensor): Tensor {
        return x.mul(scale);
      }
      static backward(): Tensor {
        return tensor([1, 2]);
      }
    }
    const x = tensor([1, 2, 3], { requiresGrad: true });
    expectThrows(
      () => Wrong.apply(2, x).sum().backward(),
      ShapeError,
      /Wrong\.backward: the gradient for argument 1 has shape \[2\], but the argument has shape \[3\]/,
    );
  });

  test('backward returning something other than a tensor or null', () => {
    class NotTensor extends autograd.Function {
      static forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x.mul(2);
      }
      static backward(): Tensor {
        return [1, 2] as never;
      }
    }
    expectThrows(
      () =>
        NotTensor.apply(tensor([1], { requiresGrad: true }))
          .sum()
          .backward(),
      GradientError,
      /NotTensor\.backward returned 2 gradient/,
    );
  });

  test('a subclass without static forward or backward', () => {
    class NoForward extends autograd.Function {
      static backward(): null {
        return null;
      }
    }
    class NoBackward extends autograd.Function {
      static forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x;
      }
    }
    const apply = (cls: unknown) => (cls as typeof Cube).apply(tensor([1]));
    expectThrows(
      () => apply(NoForward),
      GradientError,
      /NoForward\.apply: a CustomFunction subclass must define static forward\(ctx, \.\.\.args\), got undefined/,
    );
    expectThrows(
      () => apply(NoBackward),
      GradientError,
      /NoBackward\.apply: a CustomFunction subclass must define static backward\(ctx, gradOutput\)/,
    );
    expectThrows(() => apply(CustomFunction), GradientError, /call apply on a subclass/);
  });

  test('saveForBackward takes tensors only', () => {
    class SavesNumber extends autograd.Function {
      static forward(ctx: FunctionCtx, x: Tensor): Tensor {
        ctx.saveForBackward(x, 2 as never);
        return x;
      }
      static backward(): null {
        return null;
      }
    }
    expectThrows(
      () => SavesNumber.apply(tensor([1])),
      ArgumentError,
      /SavesNumber: ctx\.saveForBackward: argument 'tensors\[1\]' must be a Tensor, got number 2/,
    );
  });
});
