/**
 * A plan with at least ARENA_MIN_WORK of arena work (values through vector kernels or leading sums,
 * multiply-adds of small products) keeps its buffers in a WebAssembly arena and runs tanh, exp, log, sigmoid
 * and tanh's backward there in place: the values are the
 * scalar algorithms' bits (scalar.ts, which the SIMD module matches), tanh's backward is eager's formula bit
 * for bit, buffers of lengths that are not whole kernel iterations do not spill into their neighbours, and
 * an operand outside the arena (a parameter) goes through the copying kernels with the same bits.
 */
import {
  addmm,
  compile,
  exp,
  log,
  matmul,
  Rng,
  sigmoid,
  sum,
  type Tensor,
  tanh,
  tensor,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { ARENA_MIN_WORK, Arena } from '../../../packages/autograd/src/compile/arena.ts';
import {
  expScalar,
  logScalar,
  sigmoidScalar,
  tanhScalar,
} from '../../../packages/autograd/src/kernels/vector/scalar.ts';
import { simdAvailable } from '../../../packages/autograd/src/kernels/vector/vector-math.ts';

const rng = new Rng(31);
const bits = (t: Tensor | null) => Array.from(t!.data);

/** 1,027 x 3 values: not a whole number of 8-value iterations, above the arena's threshold. */
const ROWS = 1027;

describe.runIf(simdAvailable)('a plan in a WebAssembly arena', () => {
  test('tanh, exp, log and sigmoid run in the arena with the scalar algorithms bits, call after call', () => {
    const f = (x: Tensor, positive: Tensor) => [tanh(x), exp(x), log(positive), sigmoid(x)];
    const compiled = compile(f);
    const x0 = rng.randn([ROWS, 3]);
    compiled(x0, x0.abs());
    expect(compiled.explain(x0, x0.abs()).match(/in the arena/g)).toHaveLength(4);
    for (let call = 0; call < 3; call++) {
      const x = rng.randn([ROWS, 3]).mul(3);
      const [t, e, l, s] = compiled(x, x.abs());
      const values = Array.from(x.data);
      expect(bits(t!)).toEqual(values.map(tanhScalar));
      expect(bits(e!)).toEqual(values.map(expScalar));
      expect(bits(l!)).toEqual(values.map((v) => logScalar(Math.abs(v))));
      expect(bits(s!)).toEqual(values.map(sigmoidScalar));
    }
  });

  test("tanh's backward in the arena is eager's g (1 - y^2) bit for bit", () => {
    const W = rng.randn([3, 2]);
    const f = (x: Tensor) => {
      const loss = sum(matmul(tanh(x), W));
      loss.backward();
      return loss;
    };
    const compiled = compile(f);
    const x = tensor(rng.randn([ROWS, 3]).data, { shape: [ROWS, 3], requiresGrad: true });
    compiled(x);
    expect(compiled.explain(x)).toMatch(/tanhBackward: .*in the arena/);
    x.grad = null;
    compiled(x);
    // d loss / d h[i, c] = W[c, 0] + W[c, 1]; then g (1 - y^2) with y the plan's tanh (the scalar algorithm).
    const expected = Array.from(x.data, (value, i) => {
      const c = i % 3;
      const y = tanhScalar(value);
      return (W.data[2 * c]! + W.data[2 * c + 1]!) * (1 - y * y);
    });
    expect(bits(x.grad)).toEqual(expected);
  });

  test('buffers side by side keep their own values (no kernel spills past a length of 1,027 x 3)', () => {
    const f = (x: Tensor, y: Tensor) => [tanh(x), y.mul(2), tanh(y), x.add(1)];
    const compiled = compile(f);
    const x = rng.randn([ROWS, 3]);
    const y = rng.randn([ROWS, 3]);
    compiled(x, y); // the trace: eager's values
    const [tx, y2, ty, x1] = compiled(x, y);
    expect(bits(tx!)).toEqual(Array.from(x.data, tanhScalar));
    expect(bits(y2!)).toEqual(Array.from(y.data, (v) => v * 2));
    expect(bits(ty!)).toEqual(Array.from(y.data, tanhScalar));
    expect(bits(x1!)).toEqual(Array.from(x.data, (v) => v + 1));
  });

  test('a tanh of a parameter (outside the arena) runs through the copying kernel with the same bits', () => {
    const p = rng.randn([ROWS, 3]);
    const compiled = compile((x: Tensor) => [tanh(x), tanh(p)]);
    const x = rng.randn([ROWS, 3]);
    compiled(x); // the trace: eager's values
    const [tx, tp] = compiled(x);
    const plan = compiled.explain(x);
    expect(plan).toMatch(/tanh: v\d+ \[1027,3\] \(external\) -> .*\[vector\]/);
    expect(bits(tx!)).toEqual(Array.from(x.data, tanhScalar));
    expect(bits(tp!)).toEqual(Array.from(p.data, tanhScalar));
  });

  test('an arena beyond the modules 1 GiB is not made (the plan keeps plain arrays)', () => {
    expect(Arena.create(2 ** 27)).toBeNull();
    expect(Arena.create(1000)).not.toBeNull();
  });

  test('below the threshold a plan keeps plain arrays', () => {
    const compiled = compile((x: Tensor) => tanh(x));
    const x = rng.randn([ARENA_MIN_WORK - 1]);
    compiled(x);
    expect(compiled.explain(x)).not.toMatch(/in the arena/);
  });
});

describe.runIf(simdAvailable)('small products in the arena', () => {
  /** A tanh of 1,024 values puts the plan in an arena; the products are what is checked. */
  const arenaInput = () => rng.randn([ARENA_MIN_WORK]);

  test.each([
    ['matmul, odd columns', [7, 5], [5, 3], (a: Tensor, b: Tensor) => matmul(a, b)],
    [
      'matmul, 11 columns (a group of four pairs, a pair, the odd one)',
      [5, 9],
      [9, 11],
      (a: Tensor, b: Tensor) => matmul(a, b),
    ],
    ["W2's Xᵀ dZ: [200, 2]ᵀ [200, 16]", [200, 2], [200, 16], (a: Tensor, b: Tensor) => matmul(a.T, b)],
    [
      'matmul, one column (dot products), k mod 4 = 3',
      [9, 7],
      [7, 1],
      (a: Tensor, b: Tensor) => matmul(a, b),
    ],
    ['a transposed operand (Aᵀ B)', [6, 4], [6, 5], (a: Tensor, b: Tensor) => matmul(a.T, b)],
    ['Aᵀ b, one column, k = 13', [13, 3], [13, 1], (a: Tensor, b: Tensor) => matmul(a.T, b)],
    ['A Bᵀ with one row of B per column (k = 1)', [8, 1], [6, 1], (a: Tensor, b: Tensor) => matmul(a, b.T)],
    [
      'A Bᵀ with k = 3 (columns apart: the packing loop)',
      [5, 3],
      [4, 3],
      (a: Tensor, b: Tensor) => matmul(a, b.T),
    ],
  ])('%s: the bits of eager matmul, call after call', (_name, aShape, bShape, product) => {
    const compiled = compile((x: Tensor, a: Tensor, b: Tensor) => [tanh(x), product(a, b)]);
    compiled(arenaInput(), rng.randn(aShape), rng.randn(bShape));
    for (let call = 0; call < 3; call++) {
      const a = rng.randn(aShape);
      const b = rng.randn(bShape);
      const [, result] = compiled(arenaInput(), a, b);
      expect(bits(result!)).toEqual(bits(product(a, b)));
    }
  });

  test.each([
    ['a bias row [n]', [4]],
    ['a bias [1, n]', [1, 4]],
    ['a bias [m, n]', [6, 4]],
    ['a bias column [m, 1] (columns broadcast: the packing loop)', [6, 1]],
  ])('addmm with %s and parameters staged in: the bits of eager addmm', (_name, biasShape) => {
    const W = rng.randn([3, 4]);
    const bias = rng.randn(biasShape);
    const compiled = compile((x: Tensor, a: Tensor) => [tanh(x), addmm(bias, a, W)]);
    compiled(arenaInput(), rng.randn([6, 3]));
    for (let call = 0; call < 3; call++) {
      // The parameters change between calls, as an optimizer changes them: each call stages them again.
      W.data[call] = W.data[call]! + 0.5;
      bias.data[0] = bias.data[0]! - 0.25;
      const a = rng.randn([6, 3]);
      const [, result] = compiled(arenaInput(), a);
      expect(bits(result!)).toEqual(bits(addmm(bias, a, W)));
    }
    const plan = compiled.explain(arenaInput(), rng.randn([6, 3]));
    expect(plan).toMatch(/addmm: .*\[kernel, in the arena\]|addmm: .*\[kernel\]/);
    if (biasShape.length === 2 && biasShape[1] === 1) expect(plan).toMatch(/addmm: .*\[kernel\]$/m);
    else expect(plan).toMatch(/staged into the arena at each call: .*\[3,4\]/);
  });

  test('A Bᵀ with B a parameter (k = 4): staged transposed, the plain product of the copy, eager bits', () => {
    const W = rng.randn([3, 4]);
    const f = (x: Tensor) => {
      // The backward pass computes x's gradient as G Wᵀ: matmulTransposeB with W read across its rows.
      const loss = sum(matmul(x, W).square());
      loss.backward();
      return loss;
    };
    const compiled = compile(f);
    const input = () =>
      tensor(rng.randn([ARENA_MIN_WORK, 3]).data, { shape: [ARENA_MIN_WORK, 3], requiresGrad: true });
    compiled(input());
    const plan = compiled.explain(input());
    expect(plan).toMatch(/matmulTransposeB: .*\[kernel, in the arena \(B staged transposed\)\]/);
    expect(plan).toMatch(/staged into the arena at each call: .*\[3,4\] \(external\) transposed/);
    for (let call = 0; call < 3; call++) {
      W.data[call] = W.data[call]! + 0.25; // changed between calls: staged again at each
      const x = input();
      compiled(x);
      const replayed = bits(x.grad);
      x.grad = null;
      f(x);
      expect(replayed).toEqual(bits(x.grad));
    }
  });

  test("W3's H W2 + b2 ([128, 128] [128, 10]: 163,840 multiply-adds) runs direct with eager's bits", () => {
    const W = rng.randn([128, 10]);
    const bias = rng.randn([10]);
    const compiled = compile((x: Tensor, a: Tensor) => [tanh(x), addmm(bias, a, W)]);
    compiled(arenaInput(), rng.randn([128, 128]));
    const a = rng.randn([128, 128]);
    const [, result] = compiled(arenaInput(), a);
    expect(bits(result!)).toEqual(bits(addmm(bias, a, W)));
    expect(compiled.explain(arenaInput(), a)).toMatch(/addmm: .*\[kernel, in the arena\]/);
  });

  test('addmm with one output column: dot products plus the bias, as eager', () => {
    const W = rng.randn([16, 1]);
    const bias = rng.randn([1]);
    const compiled = compile((x: Tensor, a: Tensor) => [tanh(x), addmm(bias, a, W)]);
    compiled(arenaInput(), rng.randn([10, 16]));
    const a = rng.randn([10, 16]);
    const [, result] = compiled(arenaInput(), a);
    expect(bits(result!)).toEqual(bits(addmm(bias, a, W)));
    expect(compiled.explain(arenaInput(), a)).toMatch(/addmm: .*\[kernel, in the arena\]/);
  });
});

describe.runIf(simdAvailable)('sums over leading axes in the arena', () => {
  test.each([
    ['over axis 0 of [9, 5]', [9, 5], (x: Tensor) => sum(x, 0), true],
    ['over axes 0 and 1 of [3, 4, 3]', [3, 4, 3], (x: Tensor) => sum(x, [0, 1]), true],
    ['over every axis', [7, 3], (x: Tensor) => sum(x), true],
    ['over the last axis (not leading: the reference loop)', [6, 5], (x: Tensor) => sum(x, 1), false],
  ])('%s: eager running sums bit for bit', (_name, shape, reduce, inArena) => {
    const compiled = compile((big: Tensor, x: Tensor) => [tanh(big), reduce(tanh(x))]);
    const big = rng.randn([ARENA_MIN_WORK]);
    compiled(big, rng.randn(shape));
    for (let call = 0; call < 3; call++) {
      const x = rng.randn(shape).mul(1e3);
      const [, result] = compiled(big, x);
      // The plan's tanh is the vector kernel's: sum what it computed, eagerly.
      const tanhX = tensor(Array.from(x.data, tanhScalar), { shape });
      expect(bits(result!)).toEqual(bits(reduce(tanhX)));
    }
    expect(/sum: .*\[kernel, in the arena\]/.test(compiled.explain(big, rng.randn(shape)))).toBe(inArena);
  });

  test("a bias's gradient (sumToShape over the rows) is eager's bit for bit", () => {
    const b = tensor(rng.randn([5]).data, { requiresGrad: true });
    const f = (x: Tensor, big: Tensor) => {
      const loss = sum(tanh(x.add(b)).mul(x));
      loss.backward();
      return [loss, tanh(big)];
    };
    const compiled = compile(f);
    const x = rng.randn([9, 5]);
    const big = rng.randn([ARENA_MIN_WORK]);
    compiled(x, big);
    expect(compiled.explain(x, big)).toMatch(/sumToShape: .*\[kernel, in the arena\]/);
    b.grad = null;
    compiled(x, big);
    const compiledGrad = bits(b.grad);
    b.grad = null;
    f(x, big);
    // The fused loops around the sum compute eager's values exactly (fastTanh), so the sums are equal.
    expect(compiledGrad).toEqual(bits(b.grad));
  });
});

describe.runIf(simdAvailable)('a plan with no vector math', () => {
  test("a relu network's step gets an arena for its products and sums, with eager's bits (vectorMath off)", () => {
    const W1 = tensor(rng.randn([2, 32]).data, { shape: [2, 32], requiresGrad: true });
    const b1 = tensor(rng.randn([32]).data, { requiresGrad: true });
    const W2 = tensor(rng.randn([32, 1]).data, { shape: [32, 1], requiresGrad: true });
    const f = (x: Tensor) => {
      const loss = sum(addmm(b1, x, W1).relu().matmul(W2).square());
      loss.backward();
      return loss;
    };
    const compiled = compile(f, { vectorMath: false });
    const x = rng.randn([200, 2]);
    compiled(x);
    const plan = compiled.explain(x);
    expect(plan).toMatch(/addmm: .*\[kernel, in the arena\]/);
    expect(plan).toMatch(/sumToShape: .*\[kernel, in the arena\]/);
    for (let call = 0; call < 3; call++) {
      const input = rng.randn([200, 2]);
      for (const p of [W1, b1, W2]) p.grad = null;
      const loss = bits(compiled(input));
      const grads = [W1, b1, W2].map((p) => bits(p.grad));
      for (const p of [W1, b1, W2]) p.grad = null;
      expect(loss).toEqual(bits(f(input)));
      expect(grads).toEqual([W1, b1, W2].map((p) => bits(p.grad)));
    }
  });
});
