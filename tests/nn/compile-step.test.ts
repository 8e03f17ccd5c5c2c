/**
 * compileStep: TwoLayerNet (bceWithLogits) and MLP (relu, mse) trained 100 epochs with a compiled step give
 * the eager run's parameters; a plan replayed 10,000 times keeps the heap flat (a child process with
 * --expose-gc measures it).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gt, Rng, type Tensor } from '@tapegrad/autograd';
import { bceWithLogits, compileStep, MLP, mse, SGD, TwoLayerNet } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';

const closeTo = (actual: Tensor, expected: Tensor, tolerance: number) => {
  actual.data.forEach((value, i) => {
    const reference = expected.data[i]!;
    expect(Math.abs(value - reference)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(reference)));
  });
};

describe('compileStep trains as eager does', () => {
  const data = new Rng(5);
  const X = data.randn([40, 2]);
  const Y = gt(data.rand([40, 1]), 0.5);

  test('TwoLayerNet with bceWithLogits and SGD: 100 epochs, parameters within 1e-10', () => {
    const eager = new TwoLayerNet({ inputs: 2, hidden: 8, outputs: 1, rng: new Rng(3) });
    const compiled = new TwoLayerNet({ inputs: 2, hidden: 8, outputs: 1, rng: new Rng(3) });
    const eagerOptimizer = new SGD(eager.parameters(), { lr: 0.5 });
    const step = compileStep(
      compiled.parameters(),
      (x: Tensor, y: Tensor) => bceWithLogits(compiled.forward(x), y),
      new SGD(compiled.parameters(), { lr: 0.5 }),
    );
    let eagerLoss = 0;
    let compiledLoss = 0;
    for (let epoch = 0; epoch < 100; epoch++) {
      eagerOptimizer.zeroGrad();
      const loss = bceWithLogits(eager.forward(X), Y);
      loss.backward();
      eagerOptimizer.step();
      eagerLoss = loss.item();
      compiledLoss = step(X, Y).item();
    }
    expect(Math.abs(compiledLoss - eagerLoss)).toBeLessThanOrEqual(1e-10);
    for (const [i, p] of compiled.parameters().entries()) closeTo(p, eager.parameters()[i]!, 1e-10);
  });

  test("W2's size (200 points, 16 hidden: the plan in an arena, its products direct): 100 epochs within 1e-10", () => {
    const points = new Rng(8);
    const XW2 = points.randn([200, 2]);
    const YW2 = gt(points.rand([200, 1]), 0.5);
    const eager = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1, rng: new Rng(4) });
    const compiled = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1, rng: new Rng(4) });
    const eagerOptimizer = new SGD(eager.parameters(), { lr: 0.5 });
    const step = compileStep(
      compiled.parameters(),
      (x: Tensor, y: Tensor) => bceWithLogits(compiled.forward(x), y),
      new SGD(compiled.parameters(), { lr: 0.5 }),
    );
    for (let epoch = 0; epoch < 100; epoch++) {
      eagerOptimizer.zeroGrad();
      bceWithLogits(eager.forward(XW2), YW2).backward();
      eagerOptimizer.step();
      step(XW2, YW2);
    }
    for (const [i, p] of compiled.parameters().entries()) closeTo(p, eager.parameters()[i]!, 1e-10);
    const plan = step.explain(XW2, YW2);
    // One plan: the gradients zeroed, forward and backward, the update.
    expect(plan).toMatch(/^plan for inputs \[200,2\], \[200,1\]: \d+ kernels/);
    expect(plan).toMatch(/\n {2}k0 zero gradients: runs in place \[effect\]\n/);
    expect(plan).toMatch(/\n {2}k\d+ SGD\.step: runs in place \[effect\]\n {2}(staged|buffer)/);
    expect(plan).toMatch(/tanh: .*\[vector, in the arena\]/);
    expect(plan).toMatch(/addmm: .*\[kernel, in the arena\]/);
    expect(step.plans).toHaveLength(1);
  });

  test('MLP with relu and mse: 100 epochs, parameters within 1e-10', () => {
    const eager = new MLP([2, 6, 1], { activation: 'relu', rng: new Rng(4) });
    const compiled = new MLP([2, 6, 1], { activation: 'relu', rng: new Rng(4) });
    const eagerOptimizer = new SGD(eager.parameters(), { lr: 0.1 });
    const step = compileStep(
      compiled.parameters(),
      (x: Tensor, y: Tensor) => mse(compiled.forward(x), y),
      new SGD(compiled.parameters(), { lr: 0.1 }),
    );
    for (let epoch = 0; epoch < 100; epoch++) {
      eagerOptimizer.zeroGrad();
      const loss = mse(eager.forward(X), Y);
      loss.backward();
      eagerOptimizer.step();
      step(X, Y);
    }
    for (const [i, p] of compiled.parameters().entries()) closeTo(p, eager.parameters()[i]!, 1e-10);
  });
});

test('10,000 replays keep the heap flat (measured after global.gc() in a child process)', () => {
  const script = fileURLToPath(new URL('./fixtures/compile-heap.ts', import.meta.url));
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', '@tapegrad/source-loader', script],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' },
  );
  const { before, after } = JSON.parse(output) as { before: number; after: number };
  // A tensor per op per step would be megabytes over 10,000 steps; flat means under 256 KiB of drift.
  expect(after - before).toBeLessThan(256 * 1024);
});
