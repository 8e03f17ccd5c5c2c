/**
 * A hand-computed quantity beside autograd's and finite differences', entry by entry, with the differences
 * (by hand - autograd, by hand - finite differences).
 */
import { formatDifference, formatNumber } from './format.ts';
import { table } from './markdown.ts';
import type { Matrix } from './matrix.ts';

/** An entry's name in 1-based indices: Z_1[2, 1], or b_1[2] for a bias (a vector). */
export function entryName(symbol: string, row: number, column: number, vector: boolean): string {
  return vector ? `${symbol}[${column + 1}]` : `${symbol}[${row + 1}, ${column + 1}]`;
}

/** The three computations of one gradient, each a matrix of the same shape. */
export interface ThreeWays {
  readonly hand: Matrix;
  readonly tape: Matrix;
  readonly numerical: Matrix;
}

/**
 * The table `| entry | by hand | autograd | finite differences | hand - autograd | hand - finite diff. |`
 * for a gradient, or a bias gradient when `vector`.
 */
export function comparisonTable(
  symbol: string,
  { hand, tape, numerical }: ThreeWays,
  vector = false,
): string {
  const rows = hand.flatMap((row, i) =>
    row.map((value, j) => {
      const [other, estimate] = [tape[i]![j]!, numerical[i]![j]!];
      return [
        `$${entryName(symbol, i, j, vector)}$`,
        formatNumber(value),
        formatNumber(other),
        formatNumber(estimate),
        formatDifference(value - other),
        formatDifference(value - estimate),
      ];
    }),
  );
  return table(
    ['entry', 'by hand', 'autograd', 'finite differences', 'hand − autograd', 'hand − finite diff.'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right'],
  );
}

/** The same table for one number, such as the cost J. */
export function scalarComparison(symbol: string, hand: number, tape: number): string {
  return table(
    ['', 'by hand', 'autograd', 'difference'],
    [[`$${symbol}$`, formatNumber(hand), formatNumber(tape), formatDifference(hand - tape)]],
    ['left', 'right', 'right', 'right'],
  );
}
