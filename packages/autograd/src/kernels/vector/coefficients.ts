/**
 * The constants of the vector kernels' algorithms (see scalar.ts for the algorithms themselves), shared by
 * the JavaScript loops and the WebAssembly module so that both compute the very same operations.
 */

/** 1.5 * 2^52: adding it to a double below 2^51 in magnitude rounds it to an integer held in the low bits. */
export const ROUNDING_MAGIC = 6755399441055744;
export const LOG2_E = Math.LOG2E;
/** ln 2 split (fdlibm's ln2_hi, ln2_lo, written with the digits that round-trip): the high part has 32 significant bits, so k * LN2_HIGH is exact. */
export const LN2_HIGH = 0.6931471803691238;
export const LN2_LOW = 1.9082149292705877e-10;

/**
 * e^r - 1 = r + r^2/2 + r^3 g(r) on |r| <= ln2/2: g's coefficients, highest degree first, a degree-9
 * Chebyshev fit by mpmath (chebyfit, 200 bits) to (e^r - 1 - r - r^2/2) / r^3. Relative error of the fit in
 * e^r: 4.7e-19, below 1/200 ulp.
 */
export const EXPM1_G = [
  2.0911236630261545e-9, 2.510038549551032e-8, 2.755728296954995e-7, 2.7557268459997064e-6,
  2.4801587317144498e-5, 1.9841269863053618e-4, 1.3888888888886552e-3, 8.333333333330062e-3,
  4.1666666666666664e-2, 1.6666666666666669e-1,
] as const;

/** exp's input range: e^-746 rounds to 0 and e^710 overflows; clamping keeps k (below) within +-1077. */
export const EXP_MIN_INPUT = -746;
export const EXP_MAX_INPUT = 710;

/** log (fdlibm's e_log.c): log(1 + f) = f - hfsq + s (hfsq + R(s^2)), s = f / (2 + f), hfsq = f^2 / 2. */
export const LOG_LG = [
  0.6666666666666735, 0.3999999999940942, 0.2857142874366239, 0.22222198432149784, 0.1818357216161805,
  0.15313837699209373, 0.14798198605116586,
] as const;
/** The smallest normal double, and 2^54 that lifts a subnormal into the normals. */
export const MIN_NORMAL = 2.2250738585072014e-308;
export const TWO_TO_54 = 18014398509481984;
/**
 * Added to a double's high 32 bits, 0x3ff00000 - 0x3fe6a09e moves the exponent's boundary from 1 to
 * sqrt(2)/2 (0x3fe6a09e is its high word), so the mantissa m lands in [sqrt(2)/2, sqrt(2)).
 */
export const LOG_HIGH_WORD_SHIFT = 0x3ff00000 - 0x3fe6a09e;
export const SQRT_HALF_HIGH_WORD = 0x3fe6a09e;
