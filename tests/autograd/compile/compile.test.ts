/**
 * compile(fn): a plan traced once replays the eager results bit for bit (forward, backward and the .grad
 * stores), allocates no tensor per call, traces a new plan per guard, fuses elementwise chains with the same
 * bits, explains itself, and refuses with a CompileError what it cannot replay.
 */
import {
  addmm,
  CompileError,
  compile,
  mean,
  noGrad,
  Rng,
  record,
  relu,
  sigmoid,
  softplus,
  square,
  sum,
  type Tensor,
  tanh,
  tensor,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';

const rng = new Rng(7);
const bits = (t: Tensor | null) => Array.from(t!.data);

/** A 2-3-1 tanh network, its loss (mean squared error), and a backward pass: one training step's gradient. */
function makeNetwork() {
  const W1 = rng.randn([2, 3], { requiresGrad: true });
  const b1 = rng.randn([3], { requiresGrad: true });
  const W2 = rng.randn([3, 1], { requiresGrad: true });
  const b2 = rng.randn([1], { requiresGrad: true });
  const params = [W1, b1, W2, b2];
  const step = (x: Tensor, y: Tensor) => {
    const hidden = tanh(addmm(b1, x, W1));
    const loss = mean(square(addmm(b2, hidden, W2).sub(y)));
    loss.backward();
    return loss;
  };
  return { params, step };
}

describe('replay equals eager', () => {
  test('a forward function: same bits, the same result tensor at every call, overwritten by the next', () => {
    const f = (x: Tensor) => sum(tanh(x.mul(2).add(1)), 1);
    const compiled = compile(f, { vectorMath: false });
    const a = rng.randn([3, 4]);
    const b = rng.randn([3, 4]);
    const first = compiled(a);
    expect(bits(first)).toEqual(bits(f(a)));
    const second = compiled(b);
    expect(second).toBe(first);
    expect(bits(second)).toEqual(bits(f(b)));
    expect(compiled.plans).toHaveLength(1);
  });

  test('copyOutputs returns tensors the next call leaves alone', () => {
    const compiled = compile((x: Tensor) => x.exp(), { copyOutputs: true });
    const a = compiled(tensor([0, 1]));
    compiled(tensor([2, 3]));
    expect(bits(a)).toEqual([1, Math.exp(1)]);
  });

  test('a new shape, requiresGrad or grad mode traces a new plan (one per guard)', () => {
    const compiled = compile((x: Tensor) => x.square().sum());
    compiled(tensor([1, 2]));
    compiled(tensor([1, 2, 3]));
    compiled(tensor([1, 2, 3], { requiresGrad: true }));
    noGrad(() => compiled(tensor([1, 2, 3], { requiresGrad: true })));
    expect(compiled.plans).toHaveLength(4);
    expect(compiled(tensor([4, 5])).item()).toBe(41);
    expect(compiled.plans).toHaveLength(4);
  });

  test('backward inside fn: each replay adds the same gradients as eager into the existing .grad', () => {
    const eager = makeNetwork();
    const traced = makeNetwork();
    for (const [i, p] of traced.params.entries()) p.data.set(eager.params[i]!.data);
    const compiled = compile(traced.step, { vectorMath: false });
    for (let call = 0; call < 5; call++) {
      const x = rng.randn([8, 2]);
      const y = rng.randn([8, 1]);
      const lossEager = eager.step(x, y);
      const lossCompiled = compiled(x, y);
      expect(bits(lossCompiled)).toEqual(bits(lossEager));
      traced.params.forEach((p, i) => {
        expect(bits(p.grad)).toEqual(bits(eager.params[i]!.grad));
      });
    }
    const gradArray = traced.params[0]!.grad!.data;
    compiled(rng.randn([8, 2]), rng.randn([8, 1]));
    expect(traced.params[0]!.grad!.data).toBe(gradArray);
  });

  test('a plan replayed 1,000 times (SGD between calls) equals 1,000 eager steps', () => {
    const eager = makeNetwork();
    const traced = makeNetwork();
    for (const [i, p] of traced.params.entries()) p.data.set(eager.params[i]!.data);
    const x = rng.randn([16, 2]);
    const y = rng.randn([16, 1]);
    const compiled = compile(traced.step, { vectorMath: false });
    const sgd = (params: Tensor[]) => {
      for (const p of params) {
        for (let i = 0; i < p.numel(); i++) p.data[i] = p.data[i]! - 0.1 * p.grad!.data[i]!;
        p.grad!.data.fill(0);
      }
    };
    for (let s = 0; s < 1000; s++) {
      eager.step(x, y);
      sgd(eager.params);
      compiled(x, y);
      sgd(traced.params);
    }
    traced.params.forEach((p, i) => {
      expect(bits(p)).toEqual(bits(eager.params[i]!));
    });
  });

  test("a new input's .grad, made by a replay, has the input's shape (not the shape its gradient was traced in)", () => {
    const w = tensor([1, 2, 3, 4]);
    const compiled = compile((x: Tensor) => {
      const loss = x.reshape([4]).mul(w).sum();
      loss.backward();
      return loss;
    });
    compiled(
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { requiresGrad: true },
      ),
    );
    const second = tensor(
      [
        [5, 6],
        [7, 8],
      ],
      { requiresGrad: true },
    );
    compiled(second);
    expect(second.grad!.shape).toEqual([2, 2]);
    expect(bits(second.grad)).toEqual([1, 2, 3, 4]);
  });

  test('an input that requires a gradient gets it in .grad, the call replayed with a new tensor', () => {
    const compiled = compile((x: Tensor) => {
      const out = sigmoid(x).mul(x).sum();
      out.backward();
      return out;
    });
    const first = tensor([0.5, -1], { requiresGrad: true });
    compiled(first);
    const second = tensor([2, 3], { requiresGrad: true });
    compiled(second);
    const reference = tensor([2, 3], { requiresGrad: true });
    sigmoid(reference).mul(reference).sum().backward();
    expect(bits(second.grad)).toEqual(bits(reference.grad));
  });

  test('an op of your own is captured through the replay kernel it passes to record', () => {
    const cube = (x: Tensor) =>
      record(
        'cube',
        x.data.map((v) => v * v * v),
        x.shape,
        [x] as const,
        (g, _out, [input]) => [g.mul(input.square()).mul(3)],
        ([input], out) => {
          for (let i = 0; i < out.length; i++) out[i] = input![i]! * input![i]! * input![i]!;
        },
      );
    const compiled = compile((x: Tensor) => cube(x).sum());
    compiled(tensor([1, 2]));
    expect(compiled(tensor([3, 4])).item()).toBe(27 + 64);
  });

  test('with vectorised math (the default) an unfused tanh is within 2 ulps of eager', () => {
    const compiled = compile((x: Tensor) => tanh(x));
    const x = rng.randn([64]);
    compiled(x);
    const replayed = bits(compiled(x));
    const eager = bits(tanh(x));
    replayed.forEach((value, i) => {
      expect(Math.abs(value - eager[i]!)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(eager[i]!));
    });
  });
});

describe('fusion', () => {
  const chain = (x: Tensor, y: Tensor) => softplus(relu(x.mul(y).sub(y)).div(y.square().add(1))).neg();

  test('a chain of elementwise ops fused into one loop gives the unfused bits', () => {
    const fused = compile(chain);
    const unfused = compile(chain, { fuse: false });
    const x = rng.randn([5, 6]);
    const y = rng.randn([5, 6]);
    fused(x, y);
    unfused(x, y);
    const x2 = rng.randn([5, 6]);
    const y2 = rng.randn([5, 6]);
    expect(bits(fused(x2, y2))).toEqual(bits(unfused(x2, y2)));
    expect(bits(fused(x2, y2))).toEqual(bits(chain(x2, y2)));
    expect(fused.plans[0]!.parts.kernels).toHaveLength(1);
    expect(unfused.plans[0]!.parts.kernels).toHaveLength(8);
  });

  test('an operand broadcast along rows (a bias) is read through an index map inside the fused loop', () => {
    const f = (x: Tensor, b: Tensor) => tanh(x.add(b)).mul(b);
    const compiled = compile(f);
    const b = rng.randn([4]);
    compiled(rng.randn([3, 4]), b);
    const x = rng.randn([3, 4]);
    expect(bits(compiled(x, b))).toEqual(bits(noGrad(() => f(x, b))));
    expect(compiled.plans[0]!.parts.kernels).toHaveLength(1);
  });
});

describe('explain', () => {
  test('lists each kernel, the ops it fused, the buffers and their reuse, and the bytes saved', () => {
    const compiled = compile((x: Tensor) => sum(x.mul(2).add(1).tanh().square(), 1).exp().sum().neg());
    // By hand: v7 is last read by k2, so k3's output v9 takes its buffer; 4 values of [1,2] (64 bytes) and
    // 4 of one element (32) are what eager allocates; 3 of the [1,2] values never leave the fused loop.
    expect(compiled.explain(tensor([[1, 2]]))).toBe(
      [
        'plan for inputs [1,2]: 5 kernels, 3 buffers',
        '  k0 fused mul + add + tanh + square: v0 [1,2] (input 0), v1 [] (external), v3 [] (external) -> v6 [1,2] [loop: const t0 = (a0[i] * s1); const t1 = (t0 + s2); const t2 = fastTanh(t1); const t3 = (t2 * t2); out[i] = t3;]',
        '  k1 sum: v6 [1,2] -> v7 [1] [kernel]',
        '  k2 exp: v7 [1] -> v8 [1] [vector]',
        '  k3 sum: v8 [1] -> v9 [] [kernel]',
        '  k4 neg: v9 [] -> v10 [] [loop: const t0 = (-a0[i]); out[i] = t0;]',
        '  buffer b0: 2 values, 16 bytes, holds v6 (k0-k1)',
        '  buffer b1: 1 values, 8 bytes, holds v7 (k1-k2), v9 (k3-k4)',
        '  buffer b2: 1 values, 8 bytes, holds v8 (k2-k3)',
        '  eager allocates 96 bytes per call; the plan holds 40 (32 in buffers, 8 in results): 48 bytes saved by fusion, 8 by reuse',
      ].join('\n'),
    );
  });
});

describe('what cannot be compiled is refused, naming it', () => {
  test('item() and toArray() while tracing', () => {
    expect(() => compile((x: Tensor) => tensor(x.sum().item()))(tensor([1]))).toThrow(CompileError);
    expect(() => compile((x: Tensor) => tensor(x.toArray() as number[]))(tensor([1]))).toThrow(
      /toArray\(\) reads a value while tracing/,
    );
  });

  test('an op without a replay kernel (one of your own recorded without one), by name', () => {
    const cube = (x: Tensor) =>
      record(
        'cube',
        x.data.map((v) => v * v * v),
        x.shape,
        [x] as const,
        (g, _out, [input]) => [g.mul(input.square()).mul(3)],
      );
    expect(() => compile((x: Tensor) => cube(x).sum())(tensor([1, 2]))).toThrow(
      /'cube' cannot be captured: it has no replay kernel/,
    );
  });

  test('createGraph and the functional gradients', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() =>
      compile((v: Tensor) => {
        const loss = v.square().sum();
        loss.backward({ createGraph: true });
        return loss;
      })(x),
    ).toThrow(/createGraph/);
  });

  test('a compiled function called while another is traced', () => {
    const inner = compile((v: Tensor) => v.exp());
    expect(() => compile((v: Tensor) => inner(v))(tensor([1]))).toThrow(/while another is being traced/);
  });

  test('a tracer error leaves eager code untraced', () => {
    expect(() => compile((v: Tensor) => tensor(v.item()))(tensor([1]))).toThrow(CompileError);
    expect(tensor([3]).item()).toBe(3);
  });
});

test('a call with something else than a tensor, after a plan exists, names the argument', () => {
  const compiled = compile((x: Tensor, y: Tensor) => x.mul(y));
  compiled(tensor([1, 2]), tensor([3, 4]));
  expect(() => compiled(null as unknown as Tensor, tensor([3, 4]))).toThrow(/compile.*inputs\[0\]/);
  expect(() => compiled(tensor([1, 2]), [3] as unknown as Tensor)).toThrow(/compile.*inputs\[1\]/);
});
