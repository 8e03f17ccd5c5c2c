/**
 * How numbers and matrices are written on the page: 6 significant digits everywhere, trailing zeros
 * dropped (0.15 stays 0.15), and scientific notation only for the very small or large.
 */
import type { Matrix } from './matrix.ts';

export const SIGNIFICANT_DIGITS = 6;

/** Significant digits of a difference between two computations: its size is what matters. */
const DIFFERENCE_DIGITS = 3;

/** x rounded to 6 significant digits, as short as it reads: 0.15, -0.35, 0.413382, 1.5e-7. */
export function formatNumber(x: number): string {
  if (x === 0) return '0'; // also -0
  const rounded = Number(x.toPrecision(SIGNIFICANT_DIGITS));
  const magnitude = Math.abs(rounded);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(rounded);
  return rounded.toExponential().replace('e+', 'e');
}

/** A difference of two results to 3 significant digits (0 when they agree exactly): -2.78e-17. */
export function formatDifference(x: number): string {
  return x === 0 ? '0' : x.toExponential(DIFFERENCE_DIGITS - 1);
}

/** A number in LaTeX: 1.5e-7 becomes 1.5 \times 10^{-7}. */
export function texNumber(x: number): string {
  const [mantissa, exponent] = formatNumber(x).split('e');
  return exponent === undefined ? mantissa! : `${mantissa} \\times 10^{${exponent}}`;
}

/** A number as a factor of a product: negatives in parentheses, 2 \cdot (-0.3). */
export function texFactor(x: number): string {
  const text = texNumber(x);
  return text.startsWith('-') || text.includes('\\times') ? `(${text})` : text;
}

/** A matrix in LaTeX as a bracketed array, rows on separate lines. */
export function texMatrix(A: Matrix): string {
  const rows = A.map((row) => row.map(texNumber).join(' & '));
  return `\\begin{bmatrix} ${rows.join(' \\\\ ')} \\end{bmatrix}`;
}
