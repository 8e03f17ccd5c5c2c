/**
 * A hand-computed quantity beside autograd's, entry by entry, with their difference (by hand - autograd).
 */
import { formatDifference, formatNumber } from './format.ts';
import { table } from './markdown.ts';
import type { Matrix } from './matrix.ts';

/** An entry's name in 1-based indices: Z_1[2, 1], or b_1[2] for a bias (a vector). */
export function entryName(symbol: string, row: number, column: number, vector: boolean): string {
  return vector ? `${symbol}[${column + 1}]` : `${symbol}[${row + 1}, ${column + 1}]`;
}

/** The table `| entry | by hand | autograd | difference |` for a matrix, or a bias when `vector`. */
export function comparisonTable(symbol: string, hand: Matrix, tape: Matrix, vector = false): string {
  const rows = hand.flatMap((row, i) =>
    row.map((value, j) => {
      const other = tape[i]![j]!;
      return [
        `$${entryName(symbol, i, j, vector)}$`,
        formatNumber(value),
        formatNumber(other),
        formatDifference(value - other),
      ];
    }),
  );
  return table(['entry', 'by hand', 'autograd', 'difference'], rows, ['left', 'right', 'right', 'right']);
}

/** The same table for one number, such as the cost J. */
export function scalarComparison(symbol: string, hand: number, tape: number): string {
  return table(
    ['', 'by hand', 'autograd', 'difference'],
    [[`$${symbol}$`, formatNumber(hand), formatNumber(tape), formatDifference(hand - tape)]],
    ['left', 'right', 'right', 'right'],
  );
}
