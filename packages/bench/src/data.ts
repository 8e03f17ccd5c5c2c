/**
 * The seeded data of the benchmark (WORKLOADS.md §1), ported from shared/bench/node/common.mjs so that
 * tapegrad trains on exactly the bits PyTorch, NumPy and TensorFlow.js train on.
 *
 * Every number comes from a counter-based generator on 32-bit integers, with no state and no
 * transcendental functions, so every language produces identical bits:
 *
 *     mix32(x)  = "lowbias32" (C. Wellons), all arithmetic mod 2^32
 *     key(s)    = mix32(mix32(SEED) ^ s)              s: the stream id of one array
 *     u32(s, i) = mix32(mix32(i) ^ key(s))            i: the element's index in that array
 *     f(s, i)   = (u32(s, i) >>> 8) * 2^-24           in [0, 1), exact in float64
 *     U(s, i; lo, hi) = lo + (hi - lo) * f(s, i)      in float64
 *
 * A matrix [r, c] is filled row-major: element (row, col) takes index i = row * c + col.
 */

/** The seed of every stream: 42 unless the environment variable BENCH_SEED says otherwise. */
export const DEFAULT_SEED = 42;

export function benchSeed(): number {
  return Number(process.env.BENCH_SEED ?? DEFAULT_SEED) >>> 0;
}

/** lowbias32: x ^= x >>> 16; x *= 0x7feb352d; x ^= x >>> 15; x *= 0x846ca68b; x ^= x >>> 16 (mod 2^32). */
export function mix32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** key(s) = mix32(mix32(SEED) ^ s): one independent stream per array. */
export function streamKey(stream: number, seed = benchSeed()): number {
  return mix32((mix32(seed) ^ stream) >>> 0);
}

/** u32(s, i) = mix32(mix32(i) ^ key(s)). */
export function u32(stream: number, index: number, seed = benchSeed()): number {
  return mix32((mix32(index) ^ streamKey(stream, seed)) >>> 0);
}

/** 2^-24: f keeps the top 24 bits of u32, so every value is exact in float32 and float64. */
const TWO_TO_MINUS_24 = 1 / 16777216;

/** f(s, i) = (u32(s, i) >>> 8) * 2^-24, in [0, 1). */
export function unit(stream: number, index: number, seed = benchSeed()): number {
  return (u32(stream, index, seed) >>> 8) * TWO_TO_MINUS_24;
}

/** Fills out[i] = U(s, i; lo, hi) = lo + (hi - lo) * f(s, i) for i = 0 .. out.length - 1. */
export function fillUniform(
  stream: number,
  out: Float64Array,
  lo = 0,
  hi = 1,
  seed = benchSeed(),
): Float64Array {
  const key = streamKey(stream, seed);
  const span = hi - lo;
  for (let i = 0; i < out.length; i++) {
    out[i] = lo + span * ((mix32((mix32(i) ^ key) >>> 0) >>> 8) * TWO_TO_MINUS_24);
  }
  return out;
}

/** `size` values U(s, ·; lo, hi). */
export function uniformArray(
  stream: number,
  size: number,
  lo: number,
  hi: number,
  seed = benchSeed(),
): Float64Array {
  return fillUniform(stream, new Float64Array(size), lo, hi, seed);
}

/** One linear layer's parameters, stored as the layer computes X·W + b: W [fanIn, fanOut], b [fanOut]. */
export interface LinearParameters {
  readonly weight: Float64Array;
  readonly bias: Float64Array;
}

/** PyTorch's nn.Linear default: W and b both U(-1/sqrt(fanIn), 1/sqrt(fanIn)), each from its own stream. */
export function linearInit(
  weightStream: number,
  biasStream: number,
  fanIn: number,
  fanOut: number,
  seed = benchSeed(),
): LinearParameters {
  const bound = 1 / Math.sqrt(fanIn);
  return {
    weight: uniformArray(weightStream, fanIn * fanOut, -bound, bound, seed),
    bias: uniformArray(biasStream, fanOut, -bound, bound, seed),
  };
}

/** The parameters of a two-layer network: W1, b1 (input to hidden), W2, b2 (hidden to output). */
export interface TwoLayerParameters {
  readonly W1: Float64Array;
  readonly b1: Float64Array;
  readonly W2: Float64Array;
  readonly b2: Float64Array;
}

function twoLayerInit(
  streams: readonly [number, number, number, number],
  sizes: readonly [number, number, number],
  seed: number,
): TwoLayerParameters {
  const [inputs, hidden, outputs] = sizes;
  const first = linearInit(streams[0], streams[1], inputs, hidden, seed);
  const second = linearInit(streams[2], streams[3], hidden, outputs, seed);
  return { W1: first.weight, b1: first.bias, W2: second.weight, b2: second.bias };
}

// ---------------------------------------------------------------- W1 matmul

/** One W1 case: C [m, n] = A [m, k] · B [k, n], A and B U(-1, 1) from their streams. */
export interface MatmulCase {
  readonly name: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly streamA: number;
  readonly streamB: number;
}

export const W1_CASES: readonly MatmulCase[] = [
  { name: 'n=64', m: 64, k: 64, n: 64, streamA: 101, streamB: 102 },
  { name: 'n=128', m: 128, k: 128, n: 128, streamA: 103, streamB: 104 },
  { name: 'n=256', m: 256, k: 256, n: 256, streamA: 105, streamB: 106 },
  { name: 'n=512', m: 512, k: 512, n: 512, streamA: 107, streamB: 108 },
  { name: 'n=1024', m: 1024, k: 1024, n: 1024, streamA: 109, streamB: 110 },
  { name: '128x784x128', m: 128, k: 784, n: 128, streamA: 111, streamB: 112 },
];

export function w1Operands(
  matmulCase: MatmulCase,
  seed = benchSeed(),
): { readonly A: Float64Array; readonly B: Float64Array } {
  const { m, k, n, streamA, streamB } = matmulCase;
  return { A: uniformArray(streamA, m * k, -1, 1, seed), B: uniformArray(streamB, k * n, -1, 1, seed) };
}

// ---------------------------------------------------------------- W2 the seed's 2-16-1 classifier

export const W2_SIZES = { points: 200, inputs: 2, hidden: 16, outputs: 1 } as const;

/** The 200 points (X [200, 2] row-major) and their classes (y [200], 0 or 1): two noisy half circles. */
export function w2Data(seed = benchSeed()): { readonly X: Float64Array; readonly y: Float64Array } {
  const { points } = W2_SIZES;
  const noise = uniformArray(201, 2 * points, -0.15, 0.15, seed); // U(201, 2i + c; -0.15, 0.15)
  const X = new Float64Array(2 * points);
  const y = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const isClassOne = i >= 100;
    const k = i % 100;
    // A rational parametrisation of the half circle: only + - * /, so identical bits everywhere.
    const s = -1 + (2 * k) / 99;
    const d = 1 + s * s;
    const cx = (-2 * s) / d;
    const cy = (1 - s * s) / d;
    X[2 * i] = (isClassOne ? 1 - cx : cx) + noise[2 * i]!;
    X[2 * i + 1] = (isClassOne ? 0.5 - cy : cy) + noise[2 * i + 1]!;
    y[i] = isClassOne ? 1 : 0;
  }
  return { X, y };
}

/** W1 [2, 16], b1 [16] from streams 211, 212; W2 [16, 1], b2 [1] from 213, 214. */
export function w2InitialParameters(seed = benchSeed()): TwoLayerParameters {
  const { inputs, hidden, outputs } = W2_SIZES;
  return twoLayerInit([211, 212, 213, 214], [inputs, hidden, outputs], seed);
}

// ---------------------------------------------------------------- W3 the MNIST-shaped 784-128-10 MLP

export const W3_SIZES = { rows: 60000, inputs: 784, hidden: 128, classes: 10, batch: 128 } as const;

/** The first `rows` rows of X [60000, 784]: X[row, col] = f(301, row * 784 + col), like pixel intensities. */
export function w3Inputs(rows: number = W3_SIZES.rows, seed = benchSeed()): Float64Array {
  return fillUniform(301, new Float64Array(rows * W3_SIZES.inputs), 0, 1, seed);
}

/** The first `rows` labels: y[i] = floor(10 * f(302, i)), random classes 0..9. */
export function w3Labels(rows: number = W3_SIZES.rows, seed = benchSeed()): Int32Array {
  const fractions = fillUniform(302, new Float64Array(rows), 0, 1, seed);
  return Int32Array.from(fractions, (fraction) => Math.floor(10 * fraction));
}

/** W1 [784, 128], b1 [128] from streams 311, 312; W2 [128, 10], b2 [10] from 313, 314. */
export function w3InitialParameters(seed = benchSeed()): TwoLayerParameters {
  const { inputs, hidden, classes } = W3_SIZES;
  return twoLayerInit([311, 312, 313, 314], [inputs, hidden, classes], seed);
}

/** Batch j is rows [128 j, min(128 j + 128, rows)), in order: 469 batches for 60000 rows, the last of 96. */
export function w3Batches(rows: number = W3_SIZES.rows): readonly (readonly [number, number])[] {
  const batches: [number, number][] = [];
  for (let start = 0; start < rows; start += W3_SIZES.batch) {
    batches.push([start, Math.min(start + W3_SIZES.batch, rows)]);
  }
  return batches;
}
