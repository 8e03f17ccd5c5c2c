/**
 * The table of the vector tanh (scalar.ts's tanhScalar, wasm-module.ts's tanh): for each cell j of
 * |x| (cells 1/64 wide, j = trunc(64 |x|) for |x| clamped to 22), the cell's start c, T = tanh(c) as two
 * doubles (T_hi + T_lo, about 106 bits) and S = 1 - T^2, from which
 *
 *     tanh(c + r) = T + S tanh(r) / (1 + T tanh(r))      (the addition formula of tanh, rearranged)
 *
 * with r = |x| - c in [0, 1/64) and tanh(r) a short odd series. The first 2 cells (|x| < 1/32) are one: c = 0,
 * T = 0, S = 1, so that tanh(x) is the series itself there (r < 1/32), and everywhere else the correction
 * S tanh(r) / (1 + T tanh(r)) is at most a third of the result (r < 1/64 <= c / 2), so its rounding errors
 * count a third. Measured against a 160-bit reference: 0.85 ulp at most (vector-math-ulp.test.ts), and
 * 9.6 µs for 3,200 values; one shared cell (the series on r < 1/64, one term fewer) measured 1.31 ulp and
 * 9.0 µs, eight (r < 1/8, two terms more) 0.58 ulp and 10.6 µs.
 *
 * Each entry is 4 doubles, [T_hi, T_lo, S, c], so that two 16-byte loads read an entry. The table is built
 * here when the module loads, in double-double arithmetic: e^(2c) = (e^(1/32))^j, T = (E - 1) / (E + 1),
 * S = 4 E / (E + 1)^2.
 */
import { type DoubleDouble, ddAdd, ddDiv, ddMul } from './double-double.ts';

/** Cells per unit of |x|. */
export const TANH_CELLS_PER_UNIT = 64;
/** |x| is clamped here: 1 - 2 / (e^44 + 1) rounds to 1 (tanh first rounds to 1 near 19.06). */
export const TANH_SATURATION = 22;
/** Cells below this one share the cell at 0 (|x| < 1/32). */
const FIRST_OWN_CELL = 2;
/** Doubles per entry: T_hi, T_lo, S, c. */
export const TANH_ENTRY_VALUES = 4;
/** The entries: j = 0 .. 22 * 64, the last for |x| = 22 (and Infinity). */
export const TANH_ENTRIES = TANH_SATURATION * TANH_CELLS_PER_UNIT + 1;

/**
 * e^(1/32) as a double-double (Python's decimal at 60 digits: 1.03174340749910267093874781528150714419...).
 */
const E_TO_ONE_32ND: DoubleDouble = [1.0317434074991028, -8.944417741043132e-17];

/**
 * tanh(r) = r + r^3 (t1 + r^2 (t2 + ...)): the Taylor coefficients of tanh from r^3 to r^11 (-1/3, 2/15,
 * -17/315, 62/2835, -1382/155925), highest degree first. On r < 1/32 the first term left out,
 * 21844/6081075 r^13, is below 4e-21 of the result.
 */
export const TANH_SERIES = [-1382 / 155925, 62 / 2835, -17 / 315, 2 / 15, -1 / 3] as const;

function buildTable(): Float64Array {
  const table = new Float64Array(TANH_ENTRIES * TANH_ENTRY_VALUES);
  const one: DoubleDouble = [1, 0];
  const minusOne: DoubleDouble = [-1, 0];
  // The cells below FIRST_OWN_CELL: c = 0, T = 0, S = 1.
  for (let j = 0; j < FIRST_OWN_CELL; j++) table[j * TANH_ENTRY_VALUES + 2] = 1;
  let e: DoubleDouble = one;
  for (let j = 1; j < TANH_ENTRIES; j++) {
    e = ddMul(e, E_TO_ONE_32ND); // e^(2c) for c = j / 64
    if (j < FIRST_OWN_CELL) continue;
    const ePlusOne = ddAdd(e, one);
    const t = ddDiv(ddAdd(e, minusOne), ePlusOne);
    const s = ddDiv(ddMul([4, 0], e), ddMul(ePlusOne, ePlusOne));
    const at = j * TANH_ENTRY_VALUES;
    table[at] = t[0];
    table[at + 1] = t[1];
    table[at + 2] = s[0] + s[1];
    table[at + 3] = j / TANH_CELLS_PER_UNIT;
  }
  return table;
}

export const TANH_TABLE = buildTable();
