/**
 * clipGradNorm_ and clipGradValue_ against PyTorch's clip_grad_norm_ and clip_grad_value_
 * (tests/fixtures/torch-api/make-optim.py, torch 1.13 in float64) and hand-computed norms; clipping assigns
 * new gradient tensors, so a gradient shared with another tensor is left alone.
 */
import { readFileSync } from 'node:fs';
import { type Tensor, tensor, zeros } from '@tapegrad/autograd';
import { ConfigError, clipGradNorm_, clipGradValue_, DivergenceError } from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

type Grad = number[] | number[][] | null;
interface ClipCase {
  readonly kind: 'norm' | 'value';
  readonly maxNorm?: number;
  readonly normType?: number | 'Infinity';
  readonly clipValue?: number;
  readonly total?: number;
  readonly grads: Grad[];
}
const fixture = (
  JSON.parse(readFileSync(new URL('../fixtures/torch-api/optim.json', import.meta.url), 'utf8')) as {
    clip: { grads: Grad[]; cases: ClipCase[] };
  }
).clip;

const PYTORCH = { atol: 0, rtol: 1e-12 };

/** Tensors shaped [2, 2], [3], [2] holding the fixture's gradients (the last has none). */
function withGradients(count = 3): Tensor[] {
  return [zeros([2, 2]), zeros([3]), zeros([2])].slice(0, count).map((parameter, i) => {
    const gradient = fixture.grads[i];
    parameter.grad = gradient === null || gradient === undefined ? null : tensor(gradient);
    return parameter;
  });
}

describe("clipGradNorm_ matches PyTorch's clip_grad_norm_ (rtol 1e-12)", () => {
  for (const testCase of fixture.cases.filter((c) => c.kind === 'norm')) {
    const normType = testCase.normType === 'Infinity' ? Number.POSITIVE_INFINITY : testCase.normType!;
    it(`maxNorm ${testCase.maxNorm}, normType ${normType}: total ${testCase.total}`, () => {
      const parameters = withGradients();
      const total = clipGradNorm_(parameters, testCase.maxNorm!, normType);
      expect(total.shape).toEqual([]);
      expectClose(total.item(), testCase.total!, PYTORCH, 'total norm');
      parameters.forEach((parameter, i) => {
        const expected = testCase.grads[i];
        if (expected === null) expect(parameter.grad).toBeNull();
        else expectAllClose(parameter.grad, expected!, PYTORCH);
      });
    });
  }

  it('by hand: gradients [3, 4] and [12] have total 2-norm 13; maxNorm 1 scales each by 1 / (13 + 1e-6)', () => {
    const [a, b] = [zeros([2]), zeros([1])];
    a.grad = tensor([3, 4]); // norm 5
    b.grad = tensor([12]); // norm 12; sqrt(5^2 + 12^2) = 13
    expect(clipGradNorm_([a, b], 1).item()).toBe(13);
    const scale = 1 / (13 + 1e-6);
    expectAllClose(a.grad, [3 * scale, 4 * scale]);
    expectAllClose(b.grad, [12 * scale]);
  });

  it('leaves gradients below maxNorm as they are (the same tensors), and takes a single tensor', () => {
    const x = zeros([2]);
    const gradient = tensor([0.3, 0.4]);
    x.grad = gradient;
    expectClose(clipGradNorm_(x, 1).item(), 0.5);
    expect(x.grad).toBe(gradient);
  });

  it('assigns a new gradient tensor: a gradient shared with another tensor is not changed', () => {
    const [a, b] = [zeros([2]), zeros([2])];
    const shared = tensor([30, 40]);
    a.grad = shared;
    b.grad = shared;
    clipGradNorm_([a], 5);
    expect([...shared.data]).toEqual([30, 40]);
    expectAllClose(a.grad, [3, 4], { atol: 0, rtol: 1e-6 });
    expect(b.grad).toBe(shared);
  });

  it('returns 0 when no tensor has a gradient', () => {
    expect(clipGradNorm_([zeros([2])], 1).item()).toBe(0);
  });

  it('a non-finite total: NaN gradients as in PyTorch, or a DivergenceError when asked', () => {
    const x = zeros([2]);
    x.grad = tensor([Number.POSITIVE_INFINITY, 1]);
    expectThrows(
      () => clipGradNorm_([x], 1, 2, { errorIfNonfinite: true }),
      DivergenceError,
      /clipGradNorm_: the total norm of the gradients is Infinity/,
    );
    expect(x.grad.data[1]).toBe(1); // nothing changed
    expect(clipGradNorm_([x], 1).item()).toBe(Number.POSITIVE_INFINITY);
    expect([...x.grad!.data]).toEqual([Number.NaN, 0]); // inf * 0 and 1 * 0, PyTorch's numbers
  });
});

describe("clipGradValue_ matches PyTorch's clip_grad_value_", () => {
  for (const testCase of fixture.cases.filter((c) => c.kind === 'value')) {
    it(`clipValue ${testCase.clipValue}`, () => {
      const parameters = withGradients(2);
      expect(clipGradValue_(parameters, testCase.clipValue!)).toBeUndefined();
      parameters.forEach((parameter, i) => {
        expect(parameter.grad!.toArray()).toEqual(testCase.grads[i]);
      });
    });
  }

  it('clips to [-c, c] by hand and skips a tensor without a gradient', () => {
    const [a, b] = [zeros([3]), zeros([1])];
    a.grad = tensor([-2, 0.5, 3]);
    clipGradValue_([a, b], 1);
    expect(a.grad.toArray()).toEqual([-1, 0.5, 1]);
    expect(b.grad).toBeNull();
  });
});

describe('errors', () => {
  it('name the function and the argument', () => {
    expectThrows(
      () => clipGradNorm_(5 as never, 1),
      ConfigError,
      /clipGradNorm_: argument 'parameters' must be/,
    );
    expectThrows(
      () => clipGradNorm_([zeros([1]), 5] as never, 1),
      ConfigError,
      /'parameters\[1\]' must be a Tensor/,
    );
    expectThrows(
      () => clipGradNorm_([], -1),
      ConfigError,
      /clipGradNorm_: argument 'maxNorm' must be a number >= 0/,
    );
    expectThrows(
      () => clipGradNorm_([], 1, 0),
      ConfigError,
      /argument 'normType' must be a positive number or Infinity/,
    );
    expectThrows(
      () => clipGradNorm_([], 1, 2, { errorIfNonFinite: true } as never),
      ConfigError,
      /unknown option 'errorIfNonFinite'/,
    );
    expectThrows(
      () => clipGradValue_([], Number.NaN),
      ConfigError,
      /clipGradValue_: argument 'clipValue' must be a number >= 0, got NaN/,
    );
  });
});
