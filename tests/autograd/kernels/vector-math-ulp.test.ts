/**
 * The vector kernels' error in ulps against a 160-bit reference (tests/fixtures/vector-math/reference.json,
 * written by make-reference.py with mpmath): 20,480 random inputs per function, log-uniform over the useful
 * range with both signs, and hand-picked edge values (zeros, subnormals, the algorithms' branch points,
 * saturation, overflow and underflow thresholds, infinities, NaN). The error of a result is
 * (result - exact) / ulp(correctly rounded result), exact to 0.0005 ulp (the fixture's residual is stored in
 * thousandths of an ulp; result - rounded is an exact subtraction of two nearby doubles). Each function's
 * maximum must stay within the bound vector-math.ts states, in the WebAssembly module and in the JavaScript
 * fallback alike; the same measure of Math's functions and of fastTanh is printed beside it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fastTanh } from '../../../packages/autograd/src/kernels/tanh.ts';
import {
  expScalar,
  logScalar,
  sigmoidScalar,
  tanhScalar,
} from '../../../packages/autograd/src/kernels/vector/scalar.ts';
import {
  ERROR_BOUND_ULPS,
  expInto,
  logInto,
  sigmoidInto,
  simdAvailable,
  tanhInto,
} from '../../../packages/autograd/src/kernels/vector/vector-math.ts';

type FunctionName = 'tanh' | 'exp' | 'log' | 'sigmoid';
type Range = readonly [low: number, high: number, signed: boolean];

interface Reference {
  readonly count: number;
  readonly seeds: Record<FunctionName, number>;
  readonly ranges: Record<FunctionName, readonly Range[]>;
  readonly [name: string]: unknown;
}
interface FunctionReference {
  readonly rounded: string;
  readonly residual: string;
  readonly edges: readonly (readonly [input: string, rounded: string, residual: number])[];
}

const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/vector-math/reference.json', import.meta.url), 'utf8'),
) as Reference;

const MASK64 = (1n << 64n) - 1n;

/** splitmix64, as make-reference.py writes it. */
function splitmix64(state: bigint): bigint {
  let z = (state + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

const bitsView = new DataView(new ArrayBuffer(8));

/** The i-th random input of a function, drawn as make-reference.py draws it. */
function randomInput(name: FunctionName, i: number): number {
  const word = splitmix64((BigInt(reference.seeds[name]) << 32n) + BigInt(i));
  const ranges = reference.ranges[name];
  const [low, high, signed] = ranges[i % ranges.length]!;
  const exponent = low + (Number((word >> 52n) & 0x7ffn) % (high - low + 1));
  const sign = signed ? word >> 63n : 0n;
  bitsView.setBigUint64(
    0,
    (sign << 63n) | (BigInt(exponent + 1023) << 52n) | (word & ((1n << 52n) - 1n)),
    true,
  );
  return bitsView.getFloat64(0, true);
}

function decode<T>(base64: string, View: new (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(base64, 'base64');
  return new View(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

interface Case {
  readonly input: number;
  readonly rounded: number;
  /** The exact value's distance from `rounded`, in ulps of `rounded`. */
  readonly residual: number;
}

function casesOf(name: FunctionName): { random: Case[]; edges: Case[] } {
  const data = reference[name] as FunctionReference;
  const rounded = decode(data.rounded, Float64Array);
  const residual = decode(data.residual, Int16Array);
  const random = Array.from({ length: reference.count }, (_, i) => ({
    input: randomInput(name, i),
    rounded: rounded[i]!,
    residual: residual[i]! / 1000,
  }));
  const edges = data.edges.map(([input, value, thousandths]) => ({
    input: Number(input),
    rounded: Number(value),
    residual: thousandths / 1000,
  }));
  return { random, edges };
}

/** ulp(v): 2^(e - 52) for |v| in [2^e, 2^(e+1)), 2^-1074 among the subnormals. */
function ulp(value: number): number {
  bitsView.setFloat64(0, Math.abs(value), true);
  const biased = Number(bitsView.getBigUint64(0, true) >> 52n);
  return biased === 0 ? 2 ** -1074 : 2 ** (biased - 1075);
}

/** |result - exact| in ulps of the correctly rounded value; a special value must be exactly right. */
function errorInUlps(result: number, { rounded, residual }: Case): number {
  if (!Number.isFinite(rounded) || !Number.isFinite(result)) {
    return Object.is(result, rounded) ? 0 : Number.POSITIVE_INFINITY;
  }
  return Math.abs((result - rounded) / ulp(rounded) - residual);
}

interface Measure {
  readonly max: number;
  readonly worstInput: number;
}

/** The largest error of f's results over the cases, and the input that gave it. */
function measure(results: Float64Array, cases: readonly Case[]): Measure {
  let max = 0;
  let worstInput = Number.NaN;
  cases.forEach((c, i) => {
    const error = errorInUlps(results[i]!, c);
    if (!(error <= max)) {
      max = error;
      worstInput = c.input;
    }
  });
  return { max, worstInput };
}

const mapScalar = (f: (x: number) => number, inputs: Float64Array) => inputs.map(f);

function mapArray(f: (x: Float64Array, out: Float64Array) => void, inputs: Float64Array): Float64Array {
  const out = new Float64Array(inputs.length);
  f(inputs, out);
  return out;
}

/** V8's Math functions, sigmoid as kernels/math.ts's stableSigmoid writes it. */
const MATH: Record<FunctionName, (x: number) => number> = {
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
};

const FUNCTIONS = {
  tanh: { array: tanhInto, scalar: tanhScalar },
  exp: { array: expInto, scalar: expScalar },
  log: { array: logInto, scalar: logScalar },
  sigmoid: { array: sigmoidInto, scalar: sigmoidScalar },
} as const;

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

describe.each(NAMES)('%s against the 160-bit reference', (name) => {
  const { random, edges } = casesOf(name);
  const bound = ERROR_BOUND_ULPS[name];

  test.each([
    ['20,480 random inputs', random],
    ['the edge values', edges],
  ] as const)(`within ${bound} ulp on %s, in the module and in the JavaScript fallback`, (_, cases) => {
    const inputs = Float64Array.from(cases, (c) => c.input);
    const vector = measure(mapArray(FUNCTIONS[name].array, inputs), cases);
    const fallback = measure(mapScalar(FUNCTIONS[name].scalar, inputs), cases);
    const math = measure(mapScalar(MATH[name], inputs), cases);
    const fast = name === 'tanh' ? measure(mapScalar(fastTanh, inputs), cases) : undefined;
    console.log(
      `${name}, ${_}: vector ${simdAvailable ? '(SIMD)' : '(JavaScript)'} ${vector.max} ulp at ${vector.worstInput}; fallback ${fallback.max}; Math ${math.max} at ${math.worstInput}${fast === undefined ? '' : `; fastTanh ${fast.max} at ${fast.worstInput}`}`,
    );
    expect(vector.max, `worst input ${vector.worstInput}`).toBeLessThanOrEqual(bound);
    expect(fallback.max, `worst input ${fallback.worstInput}`).toBeLessThanOrEqual(bound);
  });
});

test('the error measure itself: 1 ulp above a correctly rounded value is 1 ulp off, less its residual', () => {
  const one: Case = { input: 0, rounded: 1, residual: 0.25 };
  expect(errorInUlps(1 + 2 ** -52, one)).toBe(0.75);
  expect(errorInUlps(1 - 2 ** -53, one)).toBe(0.75);
  expect(
    errorInUlps(Number.POSITIVE_INFINITY, { input: 710, rounded: Number.POSITIVE_INFINITY, residual: 0 }),
  ).toBe(0);
  expect(errorInUlps(Number.MAX_VALUE, { input: 710, rounded: Number.POSITIVE_INFINITY, residual: 0 })).toBe(
    Number.POSITIVE_INFINITY,
  );
  expect(errorInUlps(-0, { input: -0, rounded: 0, residual: 0 })).toBe(0);
  expect(ulp(5e-324)).toBe(5e-324);
  expect(ulp(2.2250738585072014e-308)).toBe(5e-324);
  expect(ulp(-3)).toBe(2 ** -51);
});
