/**
 * Dropout in a compiled training step: every replay draws a fresh mask, the one an eager step with the same
 * generator draws, so a compiled MLP with dropout trains exactly as the eager one; in eval mode the plan
 * has no mask at all.
 */
import { compile, Rng, type Tensor } from '@tapegrad/autograd';
import { compileStep, Dropout, Linear, mse, Sequential, SGD, Tanh } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';

const bits = (t: Tensor | null) => Array.from(t!.data);

const network = (dropoutRng: Rng) =>
  new Sequential(
    new Linear(3, 6, { rng: new Rng(2) }),
    new Tanh(),
    new Dropout(0.5, { rng: dropoutRng }),
    new Linear(6, 1, { rng: new Rng(4) }),
  );

describe('a compiled Dropout step', () => {
  const data = new Rng(9);
  const X = data.randn([8, 3]);
  const Y = data.randn([8, 1]);

  test('20 SGD steps: loss and parameters equal eager bit for bit, with masks that change', () => {
    const eager = network(new Rng(21));
    const compiled = network(new Rng(21));
    const eagerOptimizer = new SGD(eager.parameters(), { lr: 0.1 });
    const step = compileStep(
      compiled.parameters(),
      (x: Tensor, y: Tensor) => mse(compiled.forward(x), y),
      new SGD(compiled.parameters(), { lr: 0.1 }),
      { vectorMath: false },
    );
    for (let i = 0; i < 20; i++) {
      eagerOptimizer.zeroGrad();
      const loss = mse(eager.forward(X), Y);
      loss.backward();
      eagerOptimizer.step();
      expect(step(X, Y).item()).toBe(loss.item());
    }
    compiled.parameters().forEach((parameter, i) => {
      expect(bits(parameter)).toEqual(bits(eager.parameters()[i]!));
    });
    // The eager steps drew different masks (the generator's next [8, 6] masks), so one mask baked into
    // the plan could not have matched them.
    const masks = new Rng(21);
    expect(bits(masks.dropoutMask([8, 6], 0.5))).not.toEqual(bits(masks.dropoutMask([8, 6], 0.5)));
  });

  test('the gradient uses the forward mask: zero exactly where the mask dropped an element', () => {
    const dropout = new Dropout(0.5, { rng: new Rng(5) });
    const x = data.randn([4, 5], { requiresGrad: true });
    const compiled = compile((input: Tensor) => {
      const out = dropout.forward(input);
      out.sum().backward();
      return out;
    });
    for (let i = 0; i < 5; i++) {
      x.grad = null;
      const out = compiled(x);
      // d/dx sum(x * mask) = mask: the gradient is the mask, and out = x * mask.
      expect(bits(out)).toEqual(bits(x).map((value, k) => value * x.grad!.data[k]!));
      expect(x.grad!.data.every((g) => g === 0 || g === 2)).toBe(true);
    }
  });

  test('eval mode compiles with no mask: the plan is the identity on the input', () => {
    const dropout = new Dropout(0.5, { rng: new Rng(5) });
    dropout.eval();
    const compiled = compile((input: Tensor) => dropout.forward(input).mul(2));
    const x = data.randn([3, 2]);
    expect(bits(compiled(x))).toEqual(bits(x).map((value) => value * 2));
    expect(compiled.explain(x)).not.toMatch(/dropoutMask/);
  });

  test('switching train() and eval() between calls replays the plan of that mode (a guard per mode), never the other', () => {
    const dropout = new Dropout(0.5, { rng: new Rng(5) });
    const compiled = compile((input: Tensor) => dropout.forward(input).mul(2));
    const x = data.randn([3, 4]);
    compiled(x);
    dropout.eval();
    expect(bits(compiled(x))).toEqual(bits(x).map((value) => value * 2));
    expect(compiled.plans).toHaveLength(2);
    dropout.train();
    const reference = new Rng(5);
    reference.dropoutMask([3, 4], 0.5);
    const mask = reference.dropoutMask([3, 4], 0.5);
    expect(bits(compiled(x))).toEqual(bits(x).map((value, k) => value * mask.data[k]! * 2));
    expect(compiled.plans).toHaveLength(2);
  });
});
