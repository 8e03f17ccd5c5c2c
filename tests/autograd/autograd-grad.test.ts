/**
 * autograd.grad and autograd.backward (PyTorch's torch.autograd.grad and torch.autograd.backward): several
 * outputs and inputs, gradOutputs, allowUnused, second derivatives and Hessian-vector products through
 * createGraph, and the errors PyTorch gives. Small cases by hand; the larger ones against PyTorch 1.13's own
 * numbers (tests/fixtures/torch-api/make-functions.py).
 */
import { readFileSync } from 'node:fs';
import {
  ArgumentError,
  autograd,
  GradientError,
  gradients,
  hvp,
  ShapeError,
  type Tensor,
  tensor,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

interface TorchFixture {
  readonly A: number[][];
  readonly x: number[];
  readonly v: number[];
  readonly seed: number[];
  readonly gradient: number[];
  readonly hvp: number[];
  readonly second: number[];
  readonly twoOutputs: { readonly da: number[]; readonly db: number[] };
}

const torch = JSON.parse(
  readFileSync(new URL('../fixtures/torch-api/functions.json', import.meta.url), 'utf8'),
) as TorchFixture;
/** PyTorch and tapegrad order float64 sums differently: a few ulps apart. */
const TORCH_TOLERANCE = { atol: 1e-14, rtol: 1e-13 };

describe('autograd.grad', () => {
  test('one output, one input given as a tensor: returns [d(output)/d(input)] and leaves .grad alone', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const result = autograd.grad(x.mul(x).sum(), x);
    expect(result).toHaveLength(1);
    expectAllClose(result[0]!, [2, 4, 6]);
    expect(x.grad).toBeNull();
  });

  test('several outputs add up; one result per input, in order', () => {
    const x = tensor(2, { requiresGrad: true });
    const y = tensor(3, { requiresGrad: true });
    // d(xy + x^2)/dx = y + 2x = 7, d/dy = x = 2.
    const [dx, dy] = autograd.grad([x.mul(y), x.square()], [x, y]);
    expectClose(dx!.item(), 7);
    expectClose(dy!.item(), 2);
  });

  test('gradOutputs weights a non-scalar output (a vector-Jacobian product)', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const [dx] = autograd.grad(x.square(), [x], { gradOutputs: tensor([1, -1, 0.5]) });
    expectAllClose(dx!, [2, -4, 3]); // 2x * v
  });

  test('two outputs, gradOutputs null for the scalar one, two inputs: as PyTorch', () => {
    const a = tensor(torch.x, { requiresGrad: true });
    const b = tensor(torch.v, { requiresGrad: true });
    const [da, db] = autograd.grad([a.mul(b).sum(), a.tanh().mul(b.exp())], [a, b], {
      gradOutputs: [null, tensor(torch.seed)],
    });
    expectAllClose(da!, torch.twoOutputs.da, TORCH_TOLERANCE);
    expectAllClose(db!, torch.twoOutputs.db, TORCH_TOLERANCE);
  });

  test('an intermediate as an input, and an input listed twice', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = x.mul(2);
    const [dHidden, dx, again] = autograd.grad(hidden.square().sum(), [hidden, x, hidden]);
    expectAllClose(dHidden!, [4, 8]); // 2 * hidden
    expectAllClose(dx!, [8, 16]); // d/dx 4x^2
    expect(again).toBe(dHidden);
  });

  test('an unused input is an error naming it, or null with allowUnused', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const unused = tensor([5], { requiresGrad: true });
    expectThrows(
      () => autograd.grad(x.sum(), [x, unused]),
      GradientError,
      /autograd\.grad: inputs\[1\] \(shape \[1\]\) was not used to compute the outputs/,
      /allowUnused: true/,
    );
    const [dx, dUnused] = autograd.grad(x.sum(), [x, unused], { allowUnused: true });
    expectAllClose(dx!, [1, 1]);
    expect(dUnused).toBeNull();
  });

  test('gradients() beside it keeps its own behaviour: zeros for an unused input', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const unused = tensor([5], { requiresGrad: true });
    const [, dUnused] = gradients(x.sum(), [x, unused]);
    expectAllClose(dUnused!, [0]);
  });
});

describe('second derivatives and Hessian-vector products (createGraph)', () => {
  test('d2/dx2 x^3 = 6x', () => {
    const x = tensor(2, { requiresGrad: true });
    const [dy] = autograd.grad(x.pow(3), x, { createGraph: true });
    expectClose(dy!.item(), 12); // 3x^2
    expect(dy!.requiresGrad).toBe(true);
    const [d2y] = autograd.grad(dy!, x);
    expectClose(d2y!.item(), 12); // 6x
    expect(d2y!.requiresGrad).toBe(false);
  });

  test('a Hessian-vector product by hand: f = x0^2 x1 + x1^3, H = [[2x1, 2x0], [2x0, 6x1]]', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const [x0, x1] = [x.slice([{ start: 0, stop: 1 }]), x.slice([{ start: 1, stop: 2 }])];
    const f = x0.square().mul(x1).add(x1.pow(3)).sum();
    const [g] = autograd.grad(f, x, { createGraph: true });
    expectAllClose(g!, [4, 13]); // [2 x0 x1, x0^2 + 3 x1^2]
    const [hv] = autograd.grad(g!, x, { gradOutputs: tensor([1, -1]) });
    expectAllClose(hv!, [2, -10]); // [[4, 2], [2, 12]] @ [1, -1]
  });

  /** f(x) = sum(tanh(A x) * exp(x / 2)) + sum(x^3) / 3, as in make-functions.py. */
  const f = (x: Tensor) =>
    tensor(torch.A).matmul(x).tanh().mul(x.div(2).exp()).sum().add(x.pow(3).sum().div(3));

  test("the gradient and Hessian-vector product of a matmul-tanh-exp function match PyTorch's", () => {
    const x = tensor(torch.x, { requiresGrad: true });
    const [g] = autograd.grad(f(x), x, { createGraph: true });
    expectAllClose(g!, torch.gradient, TORCH_TOLERANCE);
    const [hv] = autograd.grad(g!, x, { gradOutputs: tensor(torch.v) });
    expectAllClose(hv!, torch.hvp, TORCH_TOLERANCE);
    // The same product from the hvp transform.
    expectAllClose(hvp(f, tensor(torch.x), tensor(torch.v)).hvp, torch.hvp, TORCH_TOLERANCE);
  });

  test("d2/dx2 sum(tanh(x) x^2), elementwise, matches PyTorch's", () => {
    const y = tensor(torch.x, { requiresGrad: true });
    const [first] = autograd.grad(y.tanh().mul(y.square()).sum(), y, { createGraph: true });
    const [second] = autograd.grad(first!.sum(), y);
    expectAllClose(second!, torch.second, TORCH_TOLERANCE);
  });
});

describe('autograd.backward', () => {
  test('sums into .grad as loss.backward() does, several tensors in one pass', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    autograd.backward([x.square().sum(), x.mul(3).sum()]);
    expectAllClose(x.grad, [5, 7]); // 2x + 3
    autograd.backward(x.sum());
    expectAllClose(x.grad, [6, 8]); // added to what was there
  });

  test('gradTensors weights a non-scalar tensor; null stands for a scalar one', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    autograd.backward([x.square(), x.sum()], [tensor([1, 0, -1]), null]);
    expectAllClose(x.grad, [3, 1, -5]); // 2x * w + 1
  });

  test('createGraph leaves a .grad that can be differentiated again; retainGraph is accepted', () => {
    const x = tensor(3, { requiresGrad: true });
    autograd.backward(x.pow(3), undefined, { createGraph: true, retainGraph: true });
    expectClose(x.grad!.item(), 27);
    const [second] = autograd.grad(x.grad!, x);
    expectClose(second!.item(), 18);
  });
});

describe('errors, as PyTorch gives them', () => {
  test('a non-scalar output without gradOutputs', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expectThrows(
      () => autograd.grad(x.mul(2), x),
      GradientError,
      /autograd\.grad: outputs has shape \[2\], not a scalar: pass gradOutputs/,
    );
    expectThrows(
      () => autograd.backward([x.sum(), x.mul(2)]),
      GradientError,
      /autograd\.backward: tensors\[1\] has shape \[2\], not a scalar: pass gradTensors/,
    );
  });

  test('gradOutputs of the wrong shape or count', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expectThrows(
      () => autograd.grad(x.mul(2), x, { gradOutputs: tensor([1, 2, 3]) }),
      ShapeError,
      /autograd\.grad: gradOutputs has shape \[3\] but outputs has shape \[2\]/,
    );
    expectThrows(
      () => autograd.grad([x.sum(), x.sum()], x, { gradOutputs: [tensor(1)] }),
      ArgumentError,
      /autograd\.grad: argument 'gradOutputs' must be a list of 2/,
    );
    expectThrows(
      () => autograd.grad(x.sum(), x, { gradOutputs: [] }),
      ArgumentError,
      /autograd\.grad: argument 'gradOutputs' must be a list of 1/,
    );
  });

  test('an output or an input that does not require a gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expectThrows(
      () => autograd.grad(tensor(1), x),
      GradientError,
      /autograd\.grad: outputs \(shape \[\]\) does not require a gradient/,
    );
    expectThrows(
      () => autograd.grad(x.sum(), [x, tensor([1])]),
      GradientError,
      /autograd\.grad: inputs\[1\] \(shape \[1\]\) does not require a gradient/,
    );
  });

  test('arguments of the wrong type, and unknown options', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expectThrows(() => autograd.grad(5 as never, x), ArgumentError, /autograd\.grad: argument 'outputs'/);
    expectThrows(() => autograd.grad(x.sum(), [] as never), ArgumentError, /argument 'inputs'/);
    expectThrows(
      () => autograd.grad(x.sum(), x, { create_graph: true } as never),
      ArgumentError,
      /autograd\.grad: unknown option 'create_graph'/,
    );
  });

  test('the autograd object cannot be changed', () => {
    expect(Object.isFrozen(autograd)).toBe(true);
  });
});

describe('hooks run under autograd.grad', () => {
  test("a leaf's hook replaces what autograd.grad returns", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const handle = x.registerHook((g) => g.neg());
    const [dx] = autograd.grad(x.square().sum(), x);
    handle.remove();
    expectAllClose(dx!, [-2, -4]);
  });
});
