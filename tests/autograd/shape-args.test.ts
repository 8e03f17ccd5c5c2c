/**
 * Shapes as PyTorch takes them: separate sizes (zeros(2, 3)) as well as one array (zeros([2, 3])), with
 * the options after either; rand and randn from an explicit Rng or, given none, from the global generator
 * that manualSeed seeds (and that @tapegrad/nn's layers share).
 */
import {
  ArgumentError,
  defaultRng,
  empty,
  manualSeed,
  ones,
  Rng,
  rand,
  randn,
  zeros,
} from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { afterEach, describe, expect, it } from 'vitest';
import { expectThrows } from '../support/assertions.ts';

describe('zeros, ones and empty take sizes or an array', () => {
  it('zeros(2, 3) is zeros([2, 3]); ones and empty the same', () => {
    expect(zeros(2, 3).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones(2, 1).toArray()).toEqual([[1], [1]]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(zeros(4).shape).toEqual([4]);
    expect(zeros([]).shape).toEqual([]);
    expect(zeros(2, 0, 3).shape).toEqual([2, 0, 3]);
  });

  it('options follow either form', () => {
    expect(zeros(2, 3, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(ones([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(zeros(2, undefined).requiresGrad).toBe(false);
  });

  it('empty is zeros: tapegrad never hands out uninitialised memory', () => {
    expect(empty(2, 2).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(empty([3], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('errors name the function and the argument', () => {
    expectThrows(
      () => zeros(),
      ArgumentError,
      /^zeros: argument 'shape' must be sizes such as zeros\(2, 3\) or an array/,
    );
    expectThrows(() => zeros(2, -1), ArgumentError, /^zeros: shape \[2,-1\] has size -1 at axis 1/);
    expectThrows(() => ones(2, 1.5), ArgumentError, /^ones: shape \[2,1\.5\]/);
    expectThrows(
      () => zeros(2, '3' as never),
      ArgumentError,
      /^zeros: argument 'shape' must be integer sizes .* followed only by the options, got string '3'/,
    );
    expectThrows(
      () => zeros([2], 5 as never),
      ArgumentError,
      /^zeros: argument 'options' must be an object, got number 5/,
    );
    expectThrows(
      () => (zeros as (...args: unknown[]) => unknown)([2], {}, {}),
      ArgumentError,
      /^zeros: 2 arguments after the shape/,
    );
    expectThrows(
      () => empty(2, { requiresgrad: true } as never),
      ArgumentError,
      /^empty: unknown option 'requiresgrad'/,
    );
  });
});

describe('rand and randn: sizes or an array, an Rng or the global generator', () => {
  afterEach(() => manualSeed(0));

  it('an explicit Rng gives what rng.rand gives, in either form', () => {
    expect(rand(2, 3, new Rng(7)).toArray()).toEqual(new Rng(7).rand([2, 3]).toArray());
    expect(randn([2, 3], new Rng(7)).toArray()).toEqual(new Rng(7).randn(2, 3).toArray());
    expect(randn(2, new Rng(7), { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('without an Rng they draw from the global generator: manualSeed(s) makes it a fresh Rng(s)', () => {
    manualSeed(11);
    const first = randn(2, 3);
    const next = rand(4);
    manualSeed(11);
    expect(randn([2, 3]).toArray()).toEqual(first.toArray());
    expect(rand(4, { requiresGrad: true }).toArray()).toEqual(next.toArray());
    const fresh = new Rng(11);
    expect(first.toArray()).toEqual(fresh.randn(2, 3).toArray());
    expect(next.toArray()).toEqual(fresh.rand(4).toArray());
  });

  it("one global generator: nn's manualSeed and defaultRng are autograd's", () => {
    expect(nn.manualSeed).toBe(manualSeed);
    expect(nn.defaultRng).toBe(defaultRng);
    nn.manualSeed(3);
    const layer = new nn.Linear(2, 2);
    const afterLayer = rand(3).toArray();
    manualSeed(3);
    expect(new nn.Linear(2, 2).weight.toArray()).toEqual(layer.weight.toArray());
    expect(rand(3).toArray()).toEqual(afterLayer);
  });

  it('errors name the function and the argument', () => {
    expectThrows(
      () => rand([2], 5 as never),
      ArgumentError,
      /^rand: argument 'rng' must be an Rng \(e\.g\. new Rng\(42\)\) or an options object, got number 5/,
    );
    expectThrows(() => randn([2], null as never, {}), ArgumentError, /^randn: argument 'rng' must be an Rng/);
    expectThrows(
      () => randn(2, 'a' as never),
      ArgumentError,
      /^randn: argument 'shape' .* followed only by an optional rng/,
    );
    expectThrows(
      () => (rand as (...args: unknown[]) => unknown)([2], new Rng(1), {}, {}),
      ArgumentError,
      /^rand: 2 arguments after the shape/,
    );
    expectThrows(
      () => manualSeed(1.5),
      ArgumentError,
      /^manualSeed: argument 'seed' must be an integer, got number 1\.5/,
    );
  });
});
