/**
 * Double-double arithmetic (Dekker 1971; Shewchuk's two-sum): a value held as hi + lo, two doubles with
 * |lo| <= ulp(hi) / 2, about 106 significant bits. Only what tanh-table.ts needs to build its table to well
 * beyond float64's precision: products, sums and a quotient. JavaScript has no fused multiply-add, so a
 * product is split into 26-bit halves (Veltkamp's split) to find its rounding error exactly.
 */
export type DoubleDouble = readonly [hi: number, lo: number];

/** a + b exactly, as the rounded sum and its error (Knuth's two-sum: no condition on the magnitudes). */
function twoSum(a: number, b: number): DoubleDouble {
  const sum = a + b;
  const bVirtual = sum - a;
  const aVirtual = sum - bVirtual;
  return [sum, a - aVirtual + (b - bVirtual)];
}

/** 2^27 + 1: multiplying by it splits a double into two halves of 26 significant bits each. */
const SPLITTER = 134217729;

function split(a: number): DoubleDouble {
  const scaled = SPLITTER * a;
  const high = scaled - (scaled - a);
  return [high, a - high];
}

/** a b exactly, as the rounded product and its error. */
function twoProduct(a: number, b: number): DoubleDouble {
  const product = a * b;
  const [aHigh, aLow] = split(a);
  const [bHigh, bLow] = split(b);
  const error = aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
  return [product, error];
}

/** hi + lo renormalised, so that lo is at most half an ulp of hi. */
function normalised(hi: number, lo: number): DoubleDouble {
  const sum = hi + lo;
  return [sum, lo - (sum - hi)];
}

export function ddAdd([aHi, aLo]: DoubleDouble, [bHi, bLo]: DoubleDouble): DoubleDouble {
  const [sum, error] = twoSum(aHi, bHi);
  return normalised(sum, error + aLo + bLo);
}

export function ddMul([aHi, aLo]: DoubleDouble, [bHi, bLo]: DoubleDouble): DoubleDouble {
  const [product, error] = twoProduct(aHi, bHi);
  return normalised(product, error + aHi * bLo + aLo * bHi);
}

/** a / b: a first quotient, then a correction from the exact remainder a - q b. */
export function ddDiv(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const quotient = a[0] / b[0];
  const remainder = ddAdd(a, ddMul(b, [-quotient, 0]));
  return normalised(quotient, (remainder[0] + remainder[1]) / b[0]);
}
