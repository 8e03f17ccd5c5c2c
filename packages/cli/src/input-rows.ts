/**
 * The rows `tapegrad predict` reads: numbers separated by commas, one row per argument or per line of a
 * CSV file or stdin. A CSV may start with a header; then the model's feature columns are picked by name
 * (other columns, a label for instance, are ignored).
 */
import { UsageError } from './errors.ts';
import { parseNumber } from './option-values.ts';

/**
 * One row from an argument such as '0.5,1.2' or '-1,0'.
 * @example inputRow('0.5,1.2', 2); // [0.5, 1.2]
 */
export function inputRow(text: string, features: number): number[] {
  const values = text.split(',').map((cell) => parseNumber(cell));
  if (values.some((value) => value === undefined)) {
    throw new UsageError(
      `input '${text}' is not a row of numbers; write each row as ${features} numbers separated by commas, e.g. ${exampleRow(features)}`,
    );
  }
  if (values.length !== features) {
    throw new UsageError(`input '${text}' has ${values.length} numbers but the model takes ${features}`);
  }
  return values as number[];
}

const exampleRow = (features: number) =>
  Array.from({ length: features }, (_, j) => (j % 2 === 0 ? '0.5' : '-1')).join(',');

/**
 * The rows of CSV text (a file, or stdin); `source` names it in errors. With a header row, the columns
 * named `featureNames` are read, in that order; without one, each line must hold exactly the features.
 * @example csvInputRows('x1,x2,label\n0.5,1,a\n', 'points.csv', ['x1', 'x2']); // [[0.5, 1]]
 */
export function csvInputRows(text: string, source: string, featureNames: readonly string[]): number[][] {
  const lines = text
    .split(/\r?\n/)
    .map((line, index) => ({ number: index + 1, cells: line.split(',').map((cell) => cell.trim()) }))
    .filter((line) => line.cells.some((cell) => cell !== ''));
  const first = lines[0];
  if (first === undefined) throw new UsageError(`${source}: no rows to predict`);
  const hasHeader = first.cells.some((cell) => parseNumber(cell) === undefined);
  const columns = hasHeader
    ? headerColumns(first.cells, source, featureNames)
    : featureNames.map((_, j) => j);
  const width = hasHeader ? first.cells.length : featureNames.length;
  const rows = lines.slice(hasHeader ? 1 : 0).map((line) => {
    if (line.cells.length !== width) {
      throw new UsageError(
        `${source}, line ${line.number}: ${line.cells.length} fields but ${hasHeader ? 'the header has' : 'the model takes'} ${width}`,
      );
    }
    return columns.map((column) => {
      const value = parseNumber(line.cells[column]!);
      if (value === undefined) {
        throw new UsageError(
          `${source}, line ${line.number}, column ${column + 1}: '${line.cells[column]}' is not a number`,
        );
      }
      return value;
    });
  });
  if (rows.length === 0) throw new UsageError(`${source}: a header but no rows to predict`);
  return rows;
}

function headerColumns(header: readonly string[], source: string, featureNames: readonly string[]): number[] {
  const missing = featureNames.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new UsageError(
      `${source}: the header (${header.join(', ')}) lacks the model's feature columns ${missing.join(', ')}; ` +
        `name them ${featureNames.join(', ')}, or leave the header out`,
    );
  }
  return featureNames.map((name) => header.indexOf(name));
}
