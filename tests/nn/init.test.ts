import { Rng, type Tensor } from '@tapegrad/autograd';
import {
  ConfigError,
  defaultRng,
  INIT_NAMES,
  type InitName,
  initLinear,
  kaimingNormal,
  kaimingUniform,
  Linear,
  MLP,
  manualSeed,
  pytorchDefault,
  TwoLayerNet,
  xavierNormal,
  xavierUniform,
} from '@tapegrad/nn';
import { afterEach, describe, expect, it } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

// A large weight, so sample statistics sit close to their expectations: fanIn 400, fanOut 300.
const fanIn = 400;
const fanOut = 300;
const shape = [fanIn, fanOut];
const count = fanIn * fanOut;

/** The sample moments of a zero-mean distribution: mean, variance E[w^2] and kurtosis E[w^4] / E[w^2]^2. */
function moments(weight: Tensor): { mean: number; variance: number; kurtosis: number } {
  let sum = 0;
  let sumSquares = 0;
  let sumFourths = 0;
  for (const w of weight.data) {
    sum += w;
    sumSquares += w * w;
    sumFourths += w ** 4;
  }
  const variance = sumSquares / weight.numel();
  return { mean: sum / weight.numel(), variance, kurtosis: sumFourths / weight.numel() / variance ** 2 };
}

/**
 * Checks a sample of 120,000 values against a zero-mean distribution of the given variance and kurtosis
 * (1.8 for a uniform, 3 for a normal). Tolerances are 5 standard deviations of each statistic for a normal
 * sample (a uniform one varies less): the mean sqrt(variance / N), the variance's relative error
 * sqrt(2 / N) = 0.0041, the kurtosis sqrt(24 / N) = 0.014.
 */
function expectDistribution(weight: Tensor, variance: number, kurtosis: number): void {
  const sample = moments(weight);
  expectClose(sample.mean, 0, { atol: 5 * Math.sqrt(variance / count), rtol: 0 }, 'mean');
  expectClose(sample.variance, variance, { atol: 0, rtol: 5 * Math.sqrt(2 / count) }, 'variance');
  expectClose(sample.kurtosis, kurtosis, { atol: 5 * Math.sqrt(24 / count), rtol: 0 }, 'kurtosis');
}

/** Every value lies in [-bound, bound], and the largest comes within 1% of it (so the bound is not smaller). */
function expectBound(weight: Tensor, bound: number): void {
  const largest = weight.data.reduce((max, w) => Math.max(max, Math.abs(w)), 0);
  expect(largest).toBeLessThanOrEqual(bound);
  expect(largest).toBeGreaterThan(0.99 * bound);
}

describe('uniform schemes: bounds and variance b^2 / 3', () => {
  it('xavierUniform: U(-b, b), b = sqrt(6 / (in + out)), variance 2 / (in + out)', () => {
    const weight = xavierUniform(shape, new Rng(1));
    expectBound(weight, Math.sqrt(6 / (fanIn + fanOut)));
    expectDistribution(weight, 2 / (fanIn + fanOut), 1.8);
  });

  it('xavierUniform with gain 2: the bound doubles and the variance quadruples', () => {
    const weight = xavierUniform(shape, new Rng(1), 2);
    expectBound(weight, 2 * Math.sqrt(6 / (fanIn + fanOut)));
    expectDistribution(weight, 8 / (fanIn + fanOut), 1.8);
  });

  it('kaimingUniform: U(-b, b), b = sqrt(6 / in), variance 2 / in', () => {
    const weight = kaimingUniform(shape, new Rng(2));
    expectBound(weight, Math.sqrt(6 / fanIn));
    expectDistribution(weight, 2 / fanIn, 1.8);
  });

  it("pytorchDefault (nn.Linear's): U(-b, b), b = 1 / sqrt(in), variance 1 / (3 in)", () => {
    const weight = pytorchDefault(shape, fanIn, new Rng(3));
    expectBound(weight, 1 / Math.sqrt(fanIn));
    expectDistribution(weight, 1 / (3 * fanIn), 1.8);
  });
});

describe('normal schemes: variance, and a normal shape (kurtosis 3)', () => {
  it('xavierNormal: N(0, 2 / (in + out))', () => {
    expectDistribution(xavierNormal(shape, new Rng(4)), 2 / (fanIn + fanOut), 3);
  });

  it('xavierNormal with gain 2: variance 4 * 2 / (in + out)', () => {
    expectDistribution(xavierNormal(shape, new Rng(4), 2), 8 / (fanIn + fanOut), 3);
  });

  it('kaimingNormal: N(0, 2 / in)', () => {
    expectDistribution(kaimingNormal(shape, new Rng(5)), 2 / fanIn, 3);
  });
});

describe('initLinear and Linear', () => {
  it('every scheme gives leaf parameters of shape [in, out] and [out]', () => {
    for (const init of INIT_NAMES) {
      const { weight, bias } = initLinear(3, 2, init, new Rng(0));
      expect(weight.shape, init).toEqual([3, 2]);
      expect(bias.shape, init).toEqual([2]);
      for (const parameter of [weight, bias])
        expect(parameter.requiresGrad && parameter.isLeaf, init).toBe(true);
    }
  });

  it('xavier and kaiming start the bias at exactly 0', () => {
    for (const init of ['xavierUniform', 'xavierNormal', 'kaimingUniform', 'kaimingNormal'] as const) {
      expect(new Linear(5, 7, { init, rng: new Rng(0) }).bias?.toArray(), init).toEqual(Array(7).fill(0));
    }
  });

  it('pytorch (the default) draws the bias from U(-1/sqrt(in), 1/sqrt(in)) too: variance 1 / (3 in)', () => {
    // in = 4: bound 1/2, variance 1/12. 20,000 biases: the relative error of a uniform sample variance has
    // standard deviation sqrt(0.8 / 20,000) = 0.0063; 5 of them is 0.032.
    const bias = new Linear(4, 20_000, { rng: new Rng(6) }).bias!;
    expectBound(bias, 0.5);
    expectClose(moments(bias).variance, 1 / 12, { atol: 0, rtol: 0.032 }, 'bias variance');
  });

  it('the draws are the Rng stream: pytorch weight then bias as -b + 2b u, kaimingNormal as sqrt(2 / in) z', () => {
    // in = 4, out = 3: b = 1/2. The weight takes the first 12 uniforms u in row-major order, the bias the next 3.
    const stream = new Rng(8);
    const uniforms = Array.from({ length: 15 }, () => -0.5 + 2 * 0.5 * stream.random());
    const layer = new Linear(4, 3, { rng: new Rng(8) });
    expectAllClose(layer.weight.data, uniforms.slice(0, 12));
    expectAllClose(layer.bias!.data, uniforms.slice(12));

    const normals = new Rng(9);
    const expected = Array.from({ length: 12 }, () => Math.sqrt(2 / 4) * normals.normal());
    expectAllClose(new Linear(4, 3, { init: 'kaimingNormal', rng: new Rng(9) }).weight.data, expected);
  });

  it('an unknown scheme is a ConfigError listing the schemes', () => {
    const message = (fn: string) =>
      new RegExp(
        `^${fn}: unknown init scheme 'he'; choose one of pytorch, xavierUniform, xavierNormal, kaimingUniform, kaimingNormal`,
      );
    expectThrows(() => initLinear(2, 3, 'he' as InitName, new Rng(0)), ConfigError, message('initLinear'));
    expectThrows(
      () => new Linear(2, 3, { init: 'he' as InitName, rng: new Rng(0) }),
      ConfigError,
      message('Linear'),
    );
  });

  it('a weight shape that is not 2-D is a ConfigError', () => {
    expectThrows(
      () => xavierUniform([3], new Rng(0)),
      ConfigError,
      /^xavierUniform: a weight must be 2-D \[fanIn, fanOut\], got \[3\]/,
    );
    expectThrows(() => kaimingNormal([2, 3, 4], new Rng(0)), ConfigError, /got \[2,3,4\]/);
  });
});

describe('manualSeed and the default generator', () => {
  afterEach(() => manualSeed(0));

  it('manualSeed(s) makes the default generator a fresh Rng(s)', () => {
    manualSeed(5);
    const fresh = new Rng(5);
    expect([defaultRng().random(), defaultRng().random()]).toEqual([fresh.random(), fresh.random()]);
  });

  it('a layer built without an rng draws from it: reseeding reproduces it, and it equals Rng(s)', () => {
    manualSeed(5);
    const first = new Linear(3, 4);
    const second = new Linear(3, 4);
    manualSeed(5);
    const again = new Linear(3, 4);
    expect(again.weight.toArray()).toEqual(first.weight.toArray());
    expect(again.bias?.toArray()).toEqual(first.bias?.toArray());
    // The stream moves on: the second layer differs from the first.
    expect(second.weight.toArray()).not.toEqual(first.weight.toArray());
    expect(new Linear(3, 4, { rng: new Rng(5) }).weight.toArray()).toEqual(first.weight.toArray());
  });

  it('reseeding reproduces a TwoLayerNet and an MLP exactly', () => {
    const build = () => {
      const net = new TwoLayerNet({ inputs: 2, hidden: 8, outputs: 1 });
      const mlp = new MLP([2, 4, 4, 3], { init: 'xavierNormal' });
      return [...net.parameters(), ...mlp.parameters()].map((parameter) => parameter.toArray());
    };
    manualSeed(123);
    const first = build();
    manualSeed(123);
    expect(build()).toEqual(first);
    manualSeed(124);
    expect(build()).not.toEqual(first);
  });
});
