/**
 * Randomness under compile: a dropout mask (Rng#dropoutMask) is a source op of the plan that draws a fresh
 * mask at every replay, the masks an eager run with the same generator draws step by step; any other draw
 * while tracing (randn, rand, uniform, Rng.random...) is refused with a CompileError naming it, never baked
 * into the plan as a constant.
 */
import {
  CompileError,
  compile,
  defaultRng,
  manualSeed,
  Rng,
  rand,
  randn,
  type Tensor,
  tensor,
  uniform,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';

const bits = (t: Tensor | null) => Array.from(t!.data);

describe('Rng#dropoutMask', () => {
  test('each element is 0 or 1 / (1 - p), drawn as random() < 1 - p in order', () => {
    const mask = new Rng(3).dropoutMask([2, 5], 0.25);
    const reference = new Rng(3);
    expect(mask.shape).toEqual([2, 5]);
    expect(bits(mask)).toEqual(Array.from({ length: 10 }, () => (reference.random() < 0.75 ? 1 / 0.75 : 0)));
  });

  test('p = 0 keeps everything, p = 1 nothing; a p outside [0, 1] is refused naming it', () => {
    expect(bits(new Rng(1).dropoutMask([4], 0))).toEqual([1, 1, 1, 1]);
    expect(bits(new Rng(1).dropoutMask([4], 1))).toEqual([0, 0, 0, 0]);
    expect(() => new Rng(1).dropoutMask([4], 1.5)).toThrow(
      /dropoutMask: argument 'p' must be a probability in \[0, 1\]/,
    );
  });
});

describe('a compiled dropout draws a fresh mask at every replay', () => {
  test('forward and gradient of x * mask equal eager step by step with the same generator', () => {
    const p = 0.4;
    const weight = tensor([0.5, -1, 2, 0.25, 3, -0.5], { shape: [2, 3], requiresGrad: true });
    const dropoutStep = (rng: Rng) => (x: Tensor) => {
      const loss = x.mul(weight).mul(rng.dropoutMask(x.shape, p)).square().sum();
      loss.backward();
      return loss;
    };
    const eagerRng = new Rng(11);
    const compiledRng = new Rng(11);
    const eagerStep = dropoutStep(eagerRng);
    const compiled = compile(dropoutStep(compiledRng), { vectorMath: false });
    const x = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
    const masks = new Set<string>();
    for (let step = 0; step < 8; step++) {
      weight.grad = null;
      const eagerLoss = eagerStep(x).item();
      const eagerGrad = bits(weight.grad);
      weight.grad = null;
      expect(compiled(x).item()).toBe(eagerLoss);
      expect(bits(weight.grad)).toEqual(eagerGrad);
      masks.add(eagerGrad.map((g) => (g === 0 ? 0 : 1)).join(''));
    }
    // The masks change between steps (a baked constant would repeat the first).
    expect(masks.size).toBeGreaterThan(1);
    expect(compiled.plans).toHaveLength(1);
    expect(compiled.explain(x)).toMatch(/dropoutMask/);
    // Both generators have advanced by the same draws.
    expect(compiledRng.random()).toBe(eagerRng.random());
  });
});

describe('a mask of the global generator follows manualSeed between replays', () => {
  test('manualSeed(s) before a replay gives the mask an eager call after manualSeed(s) draws', () => {
    const dropout = (x: Tensor) => x.mul(defaultRng().dropoutMask(x.shape, 0.5));
    const compiled = compile(dropout);
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8]);
    manualSeed(1);
    compiled(x);
    for (const seed of [2, 3, 2]) {
      manualSeed(seed);
      const replayed = bits(compiled(x));
      manualSeed(seed);
      expect(replayed).toEqual(bits(dropout(x)));
    }
    manualSeed(2);
    const two = bits(compiled(x));
    manualSeed(3);
    expect(bits(compiled(x))).not.toEqual(two);
  });
});

describe('any other draw while tracing is refused, naming the op and the fix', () => {
  const cases: [string, (x: Tensor) => Tensor, RegExp][] = [
    ['randn', (x) => x.add(randn([2], new Rng(1))), /'randn' draws random numbers/],
    ['rand', (x) => x.add(rand([2], new Rng(1))), /'rand' draws random numbers/],
    ['uniform', (x) => x.add(uniform([2], 0, 1, new Rng(1))), /'uniform' draws random numbers/],
    ['Rng.random', (x) => x.mul(new Rng(1).random()), /'Rng.random' draws random numbers/],
    ['Rng.normal', (x) => x.mul(new Rng(1).normal()), /'Rng.normal' draws random numbers/],
    ['Rng.integer', (x) => x.mul(new Rng(1).integer(3)), /'Rng.integer' draws random numbers/],
    ['Rng.permutation', (x) => x.mul(new Rng(1).permutation(3)[0]!), /'Rng.permutation' draws/],
  ];
  for (const [name, fn, message] of cases) {
    test(`${name}`, () => {
      const compiled = compile(fn);
      expect(() => compiled(tensor([1, 2]))).toThrow(CompileError);
      expect(() => compile(fn)(tensor([1, 2]))).toThrow(message);
      expect(() => compile(fn)(tensor([1, 2]))).toThrow(
        /draw outside the compiled function and pass the tensor in/i,
      );
    });
  }

  test('after a refused trace, draws work again eagerly', () => {
    expect(() => compile((x: Tensor) => x.add(randn([2])))(tensor([1, 2]))).toThrow(CompileError);
    expect(randn([2], new Rng(1)).shape).toEqual([2]);
  });
});
