/**
 * The vector kernels' algorithms one value at a time, in JavaScript: the fallback where WebAssembly SIMD is
 * missing, and the readable statement of what wasm-module.ts computes two lanes at a time. Both run the same
 * floating-point operations in the same order (the WebAssembly module does with bit masks what these do with
 * a comparison), so they give bit-identical results, and one set of error bounds (vector-math.ts) holds for
 * both. There are no branches on the value in the module; where an algorithm has two cases, both are
 * computed and one is selected.
 *
 * e^x: k = round(x / ln 2), r = x - k ln 2 (|r| <= ln2/2, in two parts so that k ln2_hi is exact), and
 * e^x = 2^k (1 + expm1(r)) with expm1 a degree-12 polynomial (coefficients.ts). 2^k is applied as two
 * exact factors 2^k1 2^k2, so that a result in the subnormals is rounded once and a result near the
 * overflow threshold does not overflow early.
 */
import {
  EXP_MAX_INPUT,
  EXP_MIN_INPUT,
  EXPM1_G,
  LN2_HIGH,
  LN2_LOW,
  LOG_HIGH_WORD_SHIFT,
  LOG_LG,
  LOG2_E,
  MIN_NORMAL,
  ROUNDING_MAGIC,
  SQRT_HALF_HIGH_WORD,
  TWO_TO_54,
} from './coefficients.ts';
import {
  TANH_CELLS_PER_UNIT,
  TANH_ENTRY_VALUES,
  TANH_SATURATION,
  TANH_SERIES,
  TANH_TABLE,
} from './tanh-table.ts';

const [G9, G8, G7, G6, G5, G4, G3, G2, G1, G0] = EXPM1_G;
const [T5, T4, T3, T2, T1] = TANH_SERIES;
const [LG1, LG2, LG3, LG4, LG5, LG6, LG7] = LOG_LG;

/** 2^m for m in [-POWER_OFFSET, 540], each exact (built by exact doublings and halvings). */
const POWER_OFFSET = 540;
const POWERS_OF_TWO = new Float64Array(2 * POWER_OFFSET + 1);
POWERS_OF_TWO[POWER_OFFSET] = 1;
for (let m = 1; m <= POWER_OFFSET; m++) {
  POWERS_OF_TWO[POWER_OFFSET + m] = POWERS_OF_TWO[POWER_OFFSET + m - 1]! * 2;
  POWERS_OF_TWO[POWER_OFFSET - m] = POWERS_OF_TWO[POWER_OFFSET - m + 1]! / 2;
}

/** e^r - 1 for |r| <= ln2/2: r + (r^2/2 + r^3 g(r)). */
function expm1Reduced(r: number): number {
  const r2 = r * r;
  const g =
    ((((((((G9 * r + G8) * r + G7) * r + G6) * r + G5) * r + G4) * r + G3) * r + G2) * r + G1) * r + G0;
  return r + (0.5 * r2 + r2 * r * g);
}

export function expScalar(x: number): number {
  const clamped = Math.min(Math.max(x, EXP_MIN_INPUT), EXP_MAX_INPUT);
  const k = clamped * LOG2_E + ROUNDING_MAGIC - ROUNDING_MAGIC;
  const r = clamped - k * LN2_HIGH - k * LN2_LOW;
  // A NaN stays NaN through r; its k reads as 0 (NaN | 0), so the powers stay in the table.
  const whole = k | 0;
  const half = whole >> 1;
  return (
    (1 + expm1Reduced(r)) * POWERS_OF_TWO[POWER_OFFSET + half]! * POWERS_OF_TWO[POWER_OFFSET + whole - half]!
  );
}

/**
 * tanh |x| from the table of tanh-table.ts: j = trunc(64 |x|) (|x| clamped to 22), c, T = T_hi + T_lo and
 * S = 1 - T^2 of cell j, r = |x| - c (exact: c is |x| with its bits past 1/64 cleared, or 0 below 1/32),
 * t = tanh(r) by its odd series, and tanh |x| = T_hi + (T_lo + S t / (1 + T_hi t)). The sign of x is put back
 * last, so tanh(-0) = -0. A NaN reads cell 0 (NaN | 0 is 0) and stays NaN through r.
 */
export function tanhScalar(x: number): number {
  const magnitude = Math.min(Math.abs(x), TANH_SATURATION);
  const at = ((magnitude * TANH_CELLS_PER_UNIT) | 0) * TANH_ENTRY_VALUES;
  const tHigh = TANH_TABLE[at]!;
  const r = magnitude - TANH_TABLE[at + 3]!;
  const s = r * r;
  const series = (((T5 * s + T4) * s + T3) * s + T2) * s + T1;
  const t = r + r * s * series;
  const result = tHigh + (TANH_TABLE[at + 1]! + (TANH_TABLE[at + 2]! * t) / (1 + tHigh * t));
  return x < 0 || Object.is(x, -0) ? -result : result;
}

/** 1 / (1 + e^-x) as 1 / (1 + E) for x >= 0 and E / (1 + E) for x < 0, with E = e^-|x| <= 1: never overflows. */
export function sigmoidScalar(x: number): number {
  const e = expScalar(-Math.abs(x));
  return (x < 0 ? e : 1) / (1 + e);
}

/** Reads and writes a double's high 32 bits (little-endian, as every JavaScript engine's typed arrays are). */
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/**
 * ln x by fdlibm's method: x = 2^k m with m in [sqrt(2)/2, sqrt(2)) (a subnormal x first multiplied by
 * 2^54), f = m - 1 (exact), s = f / (2 + f), and ln x = k ln2_hi - ((hfsq - (s (hfsq + R) + k ln2_lo)) - f)
 * with R a degree-14 polynomial in s (even powers). 0 gives -Infinity, negatives NaN, Infinity and NaN
 * themselves.
 */
export function logScalar(x: number): number {
  if (!(x > 0 && x < Number.POSITIVE_INFINITY)) {
    return x === 0 ? Number.NEGATIVE_INFINITY : x < 0 ? Number.NaN : x;
  }
  const subnormal = x < MIN_NORMAL;
  scratch[0] = subnormal ? x * TWO_TO_54 : x;
  const high = scratchWords[1]! + LOG_HIGH_WORD_SHIFT;
  const k = (high >>> 20) - 1023 - (subnormal ? 54 : 0);
  scratchWords[1] = (high & 0xfffff) + SQRT_HALF_HIGH_WORD;
  const f = scratch[0] - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const evenTerms = w * (LG2 + w * (LG4 + w * LG6));
  const oddTerms = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const hfsq = 0.5 * f * f;
  return k * LN2_HIGH - (hfsq - (s * (hfsq + (oddTerms + evenTerms)) + k * LN2_LOW) - f);
}
