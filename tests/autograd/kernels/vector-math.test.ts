/**
 * The array kernels of kernels/vector: the WebAssembly SIMD module gives bit-for-bit the results of the
 * JavaScript fallback (scalar.ts) on every length (whole iterations of 8 values and the tails after them,
 * several 16,384-value chunks), in place and on subarrays at odd offsets; special values come out as
 * Math's; the backward rules match their formulas. Accuracy against a high-precision reference is
 * vector-math-ulp.test.ts's.
 */
import { describe, expect, test } from 'vitest';
import {
  expScalar,
  logScalar,
  sigmoidScalar,
  tanhScalar,
} from '../../../packages/autograd/src/kernels/vector/scalar.ts';
import {
  expInto,
  logInto,
  sigmoidGradientInto,
  sigmoidInto,
  simdAvailable,
  tanhGradientInto,
  tanhInto,
} from '../../../packages/autograd/src/kernels/vector/vector-math.ts';
import { Rng } from '../../../packages/autograd/src/tensor/rng.ts';

const KERNELS = [
  ['tanh', tanhInto, tanhScalar],
  ['exp', expInto, expScalar],
  ['log', logInto, logScalar],
  ['sigmoid', sigmoidInto, sigmoidScalar],
] as const;

const SPECIALS = [0, -0, 5e-324, -5e-324, 1e-310, 2.2250738585072014e-308, 1, -1, 710, -746, 1e300, -1e300];
const NON_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** Values of every size and sign, with the special values spread among them. */
function valuesOf(length: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const specials = [...SPECIALS, ...NON_FINITE];
  return Float64Array.from({ length }, (_, i) =>
    i % 7 === 3 ? specials[i % specials.length]! : (rng.random() - 0.5) * Math.exp(40 * (rng.random() - 0.5)),
  );
}

function expectSameBits(actual: Float64Array, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect.fail(`index ${i}: ${actual[i]} !== ${expected[i]}`);
  }
}

test('WebAssembly SIMD is available in this Node (else these tests check the fallback against itself)', () => {
  expect(simdAvailable).toBe(true);
});

describe.each(KERNELS)('%sInto', (_, into, scalar) => {
  test('equals the JavaScript fallback bit for bit, at every length from 0 to 40 and over several chunks', () => {
    for (const length of [...Array.from({ length: 41 }, (__, i) => i), 3200, 16384, 16385, 40_003]) {
      const x = valuesOf(length, length);
      const out = new Float64Array(length);
      into(x, out);
      expectSameBits(out, Array.from(x, scalar));
    }
  });

  test('works in place and on subarrays at odd offsets, leaving the rest of the buffers alone', () => {
    const x = valuesOf(1000, 7);
    const expected = Array.from(x, scalar);
    const inPlace = x.slice();
    into(inPlace, inPlace);
    expectSameBits(inPlace, expected);

    const big = new Float64Array(1200).fill(42);
    big.set(x.subarray(0, 501), 3);
    const target = new Float64Array(1200).fill(-7);
    into(big.subarray(3, 504), target.subarray(11, 512));
    expectSameBits(target.subarray(11, 512), expected.slice(0, 501));
    expect(target[10]).toBe(-7);
    expect(target[512]).toBe(-7);
  });
});

test('special values as Math gives them, in the module (16 values) and in the fallback (1 value)', () => {
  const inputs = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, -5e-324, 1];
  const expected = {
    tanh: [0, -0, Number.NaN, 1, -1, 5e-324, -5e-324, Math.tanh(1)],
    // e^1 comes out 1 ulp above Math.E (e = 2.71828182845904523536...: 0.66 ulp off, within the 1 ulp bound).
    exp: [1, 1, Number.NaN, Number.POSITIVE_INFINITY, 0, 1, 1, Math.E + 2 ** -51],
    log: [
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      -744.4400719213812,
      Number.NaN,
      0,
    ],
    sigmoid: [0.5, 0.5, Number.NaN, 1, 0, 0.5, 0.5, 0.7310585786300049],
  };
  for (const [name, into] of KERNELS) {
    const x = Float64Array.from([...inputs, ...inputs]);
    const out = new Float64Array(x.length);
    into(x, out);
    expectSameBits(out, [...expected[name], ...expected[name]]);
    const single = new Float64Array(1);
    for (const [i, input] of inputs.entries()) {
      into(Float64Array.of(input), single);
      expect(Object.is(single[0], expected[name][i]), `${name}(${input})`).toBe(true);
    }
  }
});

test('saturation, overflow and underflow: tanh(22) = 1, exp(709.78) finite, exp(709.79) = Infinity, exp(-745.2) = 0, e^-745.1 the smallest subnormal', () => {
  const x = Float64Array.of(
    22,
    -19.1,
    709.782712893384,
    709.7827128933841,
    -745.1332191019411,
    -745.2,
    -40,
    37,
  );
  const out = new Float64Array(8);
  tanhInto(x.subarray(0, 2), out.subarray(0, 2));
  expect([out[0], out[1]]).toEqual([1, -1]);
  expInto(x.subarray(2, 6), out.subarray(2, 6));
  expect([out[2], out[3], out[4], out[5]]).toEqual([
    1.7976931348622732e308,
    Number.POSITIVE_INFINITY,
    5e-324,
    0,
  ]);
  sigmoidInto(x.subarray(6, 8), out.subarray(6, 8));
  // sigmoid(-40) = e^-40 / (1 + e^-40) (4.248354255291589e-18 to 16 digits); sigmoid(37) rounds to 1.
  expect(out[6]).toBeCloseTo(4.248354255291589e-18, 32);
  expect(out[7]).toBe(1);
});

test('tanhGradientInto is g (1 - y^2) and sigmoidGradientInto g y (1 - y), in place too', () => {
  const g = Float64Array.of(2, -1, 0.5, 3);
  const y = Float64Array.of(0.5, -0.25, 1, 0);
  const out = new Float64Array(4);
  tanhGradientInto(g, y, out);
  expect(Array.from(out)).toEqual([1.5, -0.9375, 0, 3]);
  sigmoidGradientInto(g, y, out);
  expect(Array.from(out)).toEqual([0.5, 0.3125, 0, 0]);
  tanhGradientInto(g, y, g);
  expect(Array.from(g)).toEqual([1.5, -0.9375, 0, 3]);
});
