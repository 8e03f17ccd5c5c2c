/**
 * A large product whose only use is a `.grad` (a weight's gradient Xᵀ dZ) adds into that `.grad` as its tiles
 * are copied out, instead of through a buffer and a store: the bits of eager's store (grad + c), accumulating
 * over calls, a `.grad` set to null made again, and no fusion where an effect could see the difference.
 */
import { compile, matmul, Rng, sum, type Tensor, tanh, traceEffect } from '@tapegrad/autograd';
import { expect, test } from 'vitest';

const rng = new Rng(23);
const bits = (t: Tensor | null) => Array.from(t!.data);
/** Eager's own tanh, so that every bit compares (the SIMD tanh is within 2 ulps, not equal). */
const EXACT = { vectorMath: false };

/** `loss(x)` and its backward, compiled with eager's own tanh. */
const compiledStep = (loss: (x: Tensor) => Tensor) =>
  compile((x: Tensor) => {
    const value = loss(x);
    value.backward();
    return value;
  }, EXACT);

/** X [64, 96] W1 [96, 48]: Xᵀ dZ is 96 x 64 x 48 = 294,912 multiply-adds, past the arena's direct 2^18. */
function layer() {
  const W1 = rng.randn([96, 48]).mul(0.1).detach().requiresGrad_();
  const W2 = rng.randn([48, 3]).mul(0.1).detach().requiresGrad_();
  const loss = (x: Tensor) => sum(matmul(tanh(matmul(x, W1)), W2).square());
  return { W1, W2, loss };
}

test('the weight gradient of a large product is added into .grad with eager bits, call after call', () => {
  const compiledLayer = layer();
  const eagerLayer = layer();
  eagerLayer.W1.data.set(compiledLayer.W1.data);
  eagerLayer.W2.data.set(compiledLayer.W2.data);
  const step = compiledStep(compiledLayer.loss);
  // No zeroing between calls: each call adds into what .grad holds, so the order of the additions shows.
  for (let call = 0; call < 4; call++) {
    const x = rng.randn([64, 96]);
    step(x);
    eagerLayer.loss(x).backward();
    expect(bits(compiledLayer.W1.grad)).toEqual(bits(eagerLayer.W1.grad));
    expect(bits(compiledLayer.W2.grad)).toEqual(bits(eagerLayer.W2.grad));
  }
  const plan = step.explain(rng.randn([64, 96]));
  expect(plan).toMatch(
    /fused matmulTransposeA \+ storeGrad: v\d+ \[64,96\] \(input 0\), v\d+ \[64,48\] -> \.grad \[kernel, adding into \.grad\]/,
  );
  // W2's gradient, 48 x 64 x 3 multiply-adds, stays a product in the arena and a store.
  expect(plan.match(/adding into \.grad/g)).toHaveLength(1);
});

test('a .grad set to null between calls is made again, a copy of the gradient as eager makes it', () => {
  const { W1, loss } = layer();
  const step = compiledStep(loss);
  const x = rng.randn([64, 96]);
  step(x);
  const first = bits(W1.grad);
  W1.grad = null;
  step(x);
  expect(bits(W1.grad)).toEqual(first);
  expect(W1.grad!.shape).toEqual([96, 48]);
  step(x);
  expect(bits(W1.grad)).toEqual(first.map((g) => g + g));
});

test('an effect between the product and the store (a hook on the weight) keeps them apart', () => {
  const { W1, loss } = layer();
  const seen: number[] = [];
  // The hook runs as the walk reaches W1, after its gradient's product and before the store: an effect
  // traced there reads .grad as it was before this call's gradient is added.
  W1.registerHook(() => {
    traceEffect('read .grad', () => seen.push(W1.grad?.data[0] ?? 0));
  });
  const step = compiledStep(loss);
  const x = rng.randn([64, 96]);
  step(x);
  const g = W1.grad!.data[0]!;
  step(x);
  step(x);
  expect(seen).toEqual([0, g, g + g]);
  expect(step.explain(x)).not.toMatch(/adding into \.grad/);
});
