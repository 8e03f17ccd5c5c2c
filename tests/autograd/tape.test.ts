/**
 * The tape: what gets recorded, how gradients reach leaves (fan-out adds, diamonds, accumulation across
 * passes), the errors a misuse gets, noGrad/detach, higher-order gradients, a 100,000-op chain, and the
 * state left after a pass that threw.
 */
import {
  AnomalyError,
  detectAnomaly,
  enableGrad,
  GradientError,
  isGradEnabled,
  noGrad,
  ShapeError,
  type Tensor,
  tensor,
  zeroGrad,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectClose } from '../support/assertions.ts';

describe('recording', () => {
  test('ops on tensors that require no gradient are not recorded', () => {
    const x = tensor([1, 2, 3]);
    const y = x.mul(2).add(1).exp().sum();
    expect(y.gradFn).toBeNull();
    expect(y.requiresGrad).toBe(false);
    expect(y.isLeaf).toBe(true);
  });

  test('an op is recorded as soon as one input requires a gradient, and its result requires one', () => {
    const constant = tensor([1, 2]);
    const x = tensor([3, 4], { requiresGrad: true });
    const y = constant.mul(x);
    expect(y.requiresGrad).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.gradFn!.op).toBe('mul');
    expect(y.gradFn!.inputs[0]).toBe(constant);
    expect(y.gradFn!.inputs[1]).toBe(x);
  });

  test('gradFn names the op that produced the tensor', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    expect(x.gradFn).toBeNull();
    expect(x.add(1).gradFn!.op).toBe('add');
    expect(x.sub(1).gradFn!.op).toBe('sub');
    expect(x.mul(2).gradFn!.op).toBe('mul');
    expect(x.div(2).gradFn!.op).toBe('div');
    expect(x.pow(2).gradFn!.op).toBe('pow');
    expect(x.neg().gradFn!.op).toBe('neg');
    expect(x.exp().gradFn!.op).toBe('exp');
    expect(x.log().gradFn!.op).toBe('log');
    expect(x.tanh().gradFn!.op).toBe('tanh');
    expect(x.sum().gradFn!.op).toBe('sum');
    expect(x.matmul(x).gradFn!.op).toBe('matmul');
    expect(x.reshape([4]).gradFn!.op).toBe('reshape');
    // mean is composed: a sum divided by the count, so its last op is a div.
    expect(x.mean().gradFn!.op).toBe('div');
  });

  test('tape positions increase in execution order', () => {
    const x = tensor(1, { requiresGrad: true });
    const first = x.mul(2);
    const second = first.add(1);
    expect(second.gradFn!.position).toBeGreaterThan(first.gradFn!.position);
  });
});

describe('where gradients go', () => {
  test('leaves accumulate across backward calls and zeroGrad resets them', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
    x.mul(x).sum().backward(); // adds 2x = [2, 4]
    expect(x.grad!.toArray()).toEqual([5, 7]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
    x.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });

  test('zeroGrad([...]) resets every tensor in the list', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const b = tensor(3, { requiresGrad: true });
    w.mul(b).sum().backward();
    expect(w.grad!.toArray()).toEqual([3, 3]);
    expect(b.grad!.item()).toEqual(3);
    zeroGrad([w, b]);
    expect(w.grad).toBeNull();
    expect(b.grad).toBeNull();
  });

  test('intermediates keep no .grad unless retainGrad() was called', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = x.mul(2);
    const retained = x.mul(3).retainGrad();
    hidden.mul(hidden).add(retained.mul(retained)).sum().backward();
    expect(hidden.grad).toBeNull();
    // d/dr sum(r^2) = 2r = 2 * [3, 6].
    expect(retained.grad!.toArray()).toEqual([6, 12]);
    // d/dx (4x^2 + 9x^2) = 26x.
    expect(x.grad!.toArray()).toEqual([26, 52]);
  });

  test('fan-out x * x adds both uses: d/dx x^2 = 2x', () => {
    const x = tensor([-1.5, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([-3, 6]);
  });

  test('x used three times: d/dx (x * x + x) = 2x + 1', () => {
    const x = tensor(5, { requiresGrad: true });
    x.mul(x).add(x).backward();
    expect(x.grad!.item()).toEqual(11);
  });

  test('fan-out sums are made in buffers of their own: a seed, a retained .grad and a leaf .grad keep their values', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    // h = clone(x) is used twice and x once more: h's two gradients add up into a new buffer, which h keeps
    // as its .grad and clone passes on unchanged to x, where the third gradient (the seed itself) is added.
    const h = x.clone().retainGrad();
    const out = h.add(h).add(x);
    const seed = tensor([1, 10]);
    out.backward(seed);
    expect(seed.toArray()).toEqual([1, 10]);
    expect(h.grad!.toArray()).toEqual([2, 20]);
    expect(x.grad!.toArray()).toEqual([3, 30]);
    const firstGrad = x.grad!;
    out.backward(seed);
    expect(seed.toArray()).toEqual([1, 10]);
    expect(firstGrad.toArray()).toEqual([3, 30]); // replaced by a new sum, never updated in place
    expect(x.grad!.toArray()).toEqual([6, 60]);
    expect(h.grad!.toArray()).toEqual([4, 40]);
  });

  test('a leaf reached 3,334 times (as W4 reuses its weight) gets the sum of every path', () => {
    // v -> v * w, repeated: d v_n / dw = n w^(n-1) v_0 = n for w = 1 and v_0 = 1.
    const w = tensor(1, { requiresGrad: true });
    let v = tensor(1);
    for (let i = 0; i < 3334; i++) v = v.mul(w);
    v.backward();
    expect(w.grad!.item()).toEqual(3334);
  });

  test('x * x * x: d/dx x^3 = 3x^2', () => {
    const x = tensor(-2, { requiresGrad: true });
    x.mul(x).mul(x).backward();
    expect(x.grad!.item()).toEqual(12);
  });

  test('a diamond a -> b, a -> c, (b, c) -> d sums both paths', () => {
    const a = tensor(3, { requiresGrad: true });
    const b = a.mul(2);
    const c = a.mul(a);
    const d = b.mul(c);
    // d = 2a^3; by paths: dd/db db/da + dd/dc dc/da = c * 2 + b * 2a = 18 + 36 = 54 = 6a^2.
    d.backward();
    expect(d.item()).toEqual(54);
    expect(a.grad!.item()).toEqual(54);
  });

  test('a diamond whose two branches rejoin through a broadcast', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const rows = a.reshape([2, 1]);
    const cols = a.reshape([1, 2]);
    // sum_ij a_i a_j = (a_0 + a_1)^2, whose gradient is 2 (a_0 + a_1) = 6 in each entry.
    rows.mul(cols).sum().backward();
    expect(a.grad!.toArray()).toEqual([6, 6]);
  });

  test('a second backward through the same graph works and adds the gradients again', () => {
    const x = tensor([0.5, -1], { requiresGrad: true });
    const y = x.tanh().sum();
    y.backward();
    const once = x.grad!.toArray() as number[];
    y.backward();
    const twice = x.grad!.toArray() as number[];
    [0.5, -1].forEach((value, i) => {
      const derivative = 1 - Math.tanh(value) ** 2;
      expectClose(once[i]!, derivative, { atol: 0, rtol: 1e-15 });
      expectClose(twice[i]!, 2 * derivative, { atol: 0, rtol: 1e-15 });
    });
  });

  test('backward(seed) computes the vector-Jacobian product seed^T J', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    // y = x^2 elementwise, J = diag(2x), so seed^T J = 2x * seed.
    x.mul(x).backward(tensor([1, 0, -2]));
    expect(x.grad!.toArray()).toEqual([2, 0, -12]);
  });

  test('backward on a leaf gives it the seed', () => {
    const x = tensor(7, { requiresGrad: true });
    x.backward();
    expect(x.grad!.item()).toEqual(1);
  });
});

describe('misuse errors', () => {
  test('backward on a non-scalar without a seed throws a GradientError saying to reduce it or pass a seed', () => {
    const y = tensor([1, 2], { requiresGrad: true }).mul(2);
    expect(() => y.backward()).toThrow(GradientError);
    expect(() => y.backward()).toThrow(/\[2\].*reduce it.*seed/s);
  });

  test('backward with a seed of the wrong shape throws a ShapeError naming both shapes', () => {
    const y = tensor([[1, 2]], { requiresGrad: true }).mul(2);
    expect(() => y.backward(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => y.backward(tensor([1, 2]))).toThrow(/\[2\].*\[1,2\]/);
  });

  test('backward on a tensor that does not require a gradient throws a GradientError', () => {
    const y = tensor([1, 2]).sum();
    expect(() => y.backward()).toThrow(GradientError);
    expect(() => y.backward()).toThrow(/does not require a gradient/);
  });

  test('requiresGrad can be switched on a leaf but not on a recorded result', () => {
    const x = tensor([1, 2]);
    x.requiresGrad = true;
    const y = x.mul(2);
    expect(() => {
      y.requiresGrad = false;
    }).toThrow(GradientError);
    expect(() => {
      y.requiresGrad = false;
    }).toThrow(/leaf.*mul.*detach/);
    expect(y.requiresGrad).toBe(true);
  });
});

describe('noGrad and detach', () => {
  test('noGrad records nothing and restores recording afterwards', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const inside = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2).exp();
    });
    expect(inside.requiresGrad).toBe(false);
    expect(inside.gradFn).toBeNull();
    expect(isGradEnabled()).toBe(true);
    expect(x.mul(2).requiresGrad).toBe(true);
  });

  test('noGrad restores recording when fn throws', () => {
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  test('enableGrad inside noGrad records again, and nesting unwinds in order', () => {
    const x = tensor(2, { requiresGrad: true });
    noGrad(() => {
      const recorded = enableGrad(() => x.mul(3));
      expect(recorded.requiresGrad).toBe(true);
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
  });

  test('detach cuts the tape: d/dx (x * detach(x)) = detach(x), not 2x', () => {
    const x = tensor([2, -3], { requiresGrad: true });
    const cut = x.detach();
    expect(cut.requiresGrad).toBe(false);
    expect(cut.isLeaf).toBe(true);
    expect(cut.toArray()).toEqual([2, -3]);
    x.mul(cut).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, -3]);
  });
});

describe('higher-order gradients with createGraph', () => {
  test('x^3 at 2: first derivative 12 = 3x^2, then differentiating x.grad gives 12 = 6x', () => {
    const x = tensor(2, { requiresGrad: true });
    x.pow(3).backward({ createGraph: true });
    const firstDerivative = x.grad!;
    expect(firstDerivative.item()).toEqual(12);
    expect(firstDerivative.requiresGrad).toBe(true);
    x.zeroGrad();
    firstDerivative.backward();
    expect(x.grad!.item()).toEqual(12);
  });

  test('without createGraph the stored gradient is off the tape', () => {
    const x = tensor(2, { requiresGrad: true });
    x.pow(3).backward();
    expect(x.grad!.requiresGrad).toBe(false);
    expect(x.grad!.gradFn).toBeNull();
  });

  test('Hessian-vector product by differentiating grad . v', () => {
    // f(x, y) = x^2 y + y^3: grad = (2xy, x^2 + 3y^2), Hessian [[2y, 2x], [2x, 6y]].
    // At (1, 2) with v = (1, -1): H v = (2*2 - 2*1, 2*1 - 6*2) = (2, -10).
    const x = tensor(1, { requiresGrad: true });
    const y = tensor(2, { requiresGrad: true });
    x.pow(2).mul(y).add(y.pow(3)).backward({ createGraph: true });
    const gradX = x.grad!;
    const gradY = y.grad!;
    expect(gradX.item()).toEqual(4);
    expect(gradY.item()).toEqual(13);
    x.zeroGrad();
    y.zeroGrad();
    gradX.mul(1).add(gradY.mul(-1)).backward();
    expect(x.grad!.item()).toEqual(2);
    expect(y.grad!.item()).toEqual(-10);
  });

  test('tanh twice differentiated: d2/dx2 tanh = -2 tanh (1 - tanh^2)', () => {
    const x = tensor([0.3, -1.2], { requiresGrad: true });
    x.tanh().sum().backward({ createGraph: true });
    const firstDerivative = x.grad!;
    x.zeroGrad();
    firstDerivative.sum().backward();
    const second = x.grad!.toArray() as number[];
    [0.3, -1.2].forEach((value, i) => {
      const t = Math.tanh(value);
      expectClose(second[i]!, -2 * t * (1 - t * t), { atol: 1e-15, rtol: 1e-13 });
    });
  });
});

describe('long chains', () => {
  test('a 100,000-op chain backpropagates without overflowing the stack and matches forward mode', () => {
    // 25,000 rounds of h <- tanh(tanh(h) * x) + x, four ops each, with x fanned out 50,000 times.
    const rounds = 25_000;
    const x0 = 0.7;
    const x = tensor(x0, { requiresGrad: true });
    let h: Tensor = x;
    for (let round = 0; round < rounds; round++) {
      h = h.tanh().mul(x).tanh().add(x);
    }
    h.backward();

    // The same chain in plain JS with its derivative carried forward: (value, d value / dx).
    let value = x0;
    let derivative = 1;
    for (let round = 0; round < rounds; round++) {
      const t = Math.tanh(value);
      const dt = (1 - t * t) * derivative;
      const m = t * x0;
      const dm = dt * x0 + t;
      const u = Math.tanh(m);
      const du = (1 - u * u) * dm;
      value = u + x0;
      derivative = du + 1;
    }
    expect(h.item()).toEqual(value);
    expect(derivative).toBeGreaterThan(1); // a non-trivial gradient, not one that vanished
    expectClose(x.grad!.item(), derivative, { atol: 0, rtol: 1e-10 });
  });
});

describe('state after a failed pass', () => {
  test('a backward that throws mid-way leaves no pending gradient behind', () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const shared = x.mul(2);
    // sqrt'(0) is infinite, so in anomaly mode the pass throws at sqrt's rule, after the branch through
    // shared.mul(3) has already sent its gradient to `shared`.
    const loss = detectAnomaly(() => shared.sqrt().sum().add(shared.mul(3).sum()));
    expect(() => detectAnomaly(() => loss.backward())).toThrow(AnomalyError);
    expect(x.grad).toBeNull();
    // A later pass through `shared` sees only its own gradient: d/dx sum(3 * 2x) = 6.
    shared.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([6, 6]);
  });
});
