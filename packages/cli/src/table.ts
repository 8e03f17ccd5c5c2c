/**
 * Aligned text tables for the terminal, two spaces between columns.
 */

export type Alignment = 'left' | 'right';

/**
 * A table with `align` for each column; by default the first column (names) is left-aligned and the
 * others (numbers) right-aligned.
 * @example
 * formatTable(['op', 'max error'], [['tanh', '1.2e-10'], ['matmul', '3.0e-11']]);
 * // op      max error
 * // tanh      1.2e-10
 * // matmul    3.0e-11
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Alignment[] = header.map((_, column) => (column === 0 ? 'left' : 'right')),
): string {
  const widths = header.map((title, column) =>
    rows.reduce((widest, row) => Math.max(widest, (row[column] ?? '').length), title.length),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        align[column] === 'left' ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
