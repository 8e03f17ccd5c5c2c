import { tensor } from '@tapegrad/autograd';
import { ConfigError, DataError } from '../../errors.ts';
import type { Dataset } from '../dataset.ts';
import { type CsvRecord, csvRecords } from './records.ts';

export interface CsvOptions {
  /** The name of the target column, as written in the header. */
  readonly target: string;
  /** The feature columns, in this order. Default every column except the target, in file order. */
  readonly features?: readonly string[];
  /**
   * How the target is read:
   * - 'labels': class labels, mapped to indices 0..k-1 in sorted order (see `classes`);
   * - 'numbers': numbers kept as they are (labels that already are 0..k-1, or a regression target);
   * - 'auto' (default): 'numbers' when every target cell is a number, else 'labels' ('labels' when
   *   `classes` is given).
   */
  readonly targetKind?: 'auto' | 'labels' | 'numbers';
  /**
   * The class names in index order; every label must be one of them. Default the distinct labels
   * sorted: numerically when all are numbers ('2' before '10'), else by character code, so the
   * mapping does not depend on the order of the rows.
   */
  readonly classes?: readonly string[];
  /** The field separator, one character. Default ','. */
  readonly delimiter?: string;
}

export interface CsvTextOptions extends CsvOptions {
  /** What to call the text in error messages. Default 'CSV text'. */
  readonly source?: string;
}

/** A decimal number as written in a CSV cell: 12, -3.5, .5, 1e-3 (not '', 'NaN', '0x10' or 'Infinity'). */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads CSV text into a Dataset: a header row naming the columns, then one example per row. The `target`
 * column becomes y (string labels mapped to class indices, with `classes` kept; see `CsvOptions`), every
 * feature column must hold numbers and becomes a column of X, in the order of `featureNames`. Quoted
 * fields (with commas, line breaks, "" for a quote) are read per RFC 4180 and blank lines are skipped (see
 * `csvRecords`). A problem throws a DataError naming `source`, the row (1-based as in the file: the
 * header is row 1), the column and the cell's text. Runs anywhere; `loadCsv` in `@tapegrad/nn/node`
 * reads a file by path.
 * @example parseCsv('x,label\n1.5,cat\n2,dog\n', { target: 'label' }).y.toArray(); // [0, 1]
 */
export function parseCsv(text: string, options: CsvTextOptions): Dataset {
  return csvDataset(text, `parseCsv: ${options.source ?? 'CSV text'}`, options);
}

/** The Dataset of CSV text; `source` (what read it, and from where) starts every error message. */
export function csvDataset(text: string, source: string, options: CsvOptions): Dataset {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ConfigError(
      `${source}: the delimiter ${JSON.stringify(delimiter)} must be one character, not a quote or line break`,
    );
  }
  const [header, ...rows] = csvRecords(text, source, delimiter);
  if (header === undefined) {
    throw new DataError(`${source} is empty; a CSV needs a header row and at least one data row`);
  }
  const columns = checkedHeader(source, header);
  if (rows.length === 0) throw new DataError(`${source} has a header row but no data rows`);

  const columnIndex = (name: string, role: string): number => {
    const index = columns.indexOf(name);
    if (index < 0) {
      throw new DataError(`${source}: no ${role} column '${name}'; the columns are: ${columns.join(', ')}`);
    }
    return index;
  };
  const targetIndex = columnIndex(options.target, 'target');
  const featureNames = options.features ?? columns.filter((name) => name !== options.target);
  const featureIndices = featureNames.map((name) => columnIndex(name, 'feature'));
  if (featureNames.includes(options.target)) {
    throw new DataError(`${source}: the target '${options.target}' is also listed as a feature`);
  }
  if (featureNames.length === 0) {
    throw new DataError(`${source}: no feature columns besides the target '${options.target}'`);
  }

  const X = new Float64Array(rows.length * featureNames.length);
  rows.forEach((record, r) => {
    if (record.fields.length !== columns.length) {
      throw new DataError(
        `${source}, row ${record.row}: ${record.fields.length} fields but the header has ${columns.length} ` +
          `columns (${columns.join(', ')})`,
      );
    }
    featureIndices.forEach((column, j) => {
      X[r * featureNames.length + j] = numberCell(
        source,
        record,
        columns[column]!,
        column,
        `every feature column must hold numbers (the target is '${options.target}'; pick columns with features)`,
      );
    });
  });
  const target = targetValues(source, rows, options, targetIndex);
  return {
    X: tensor(X, { shape: [rows.length, featureNames.length] }),
    y: tensor(Float64Array.from(target.values), { shape: [rows.length] }),
    ...(target.classes === undefined ? {} : { classes: target.classes }),
    featureNames: [...featureNames],
  };
}

/** The header's column names, checked to be non-empty and distinct. */
function checkedHeader(source: string, header: CsvRecord): string[] {
  const seen = new Set<string>();
  header.fields.forEach((name, i) => {
    if (name === '') {
      throw new DataError(
        `${source}, row ${header.row}: column ${i + 1} of the header has no name; name every column`,
      );
    }
    if (seen.has(name)) {
      throw new DataError(
        `${source}, row ${header.row}: column '${name}' appears twice in the header; give each column its own name`,
      );
    }
    seen.add(name);
  });
  return [...header.fields];
}

/** The cell of `column` in `record` as a number; `rule` says in the error what the column must hold. */
function numberCell(source: string, record: CsvRecord, name: string, column: number, rule: string): number {
  const cell = record.fields[column]!;
  if (!NUMBER.test(cell)) {
    const empty = cell === '' ? ' (the cell is empty: fill in or drop rows with missing values)' : '';
    throw new DataError(
      `${source}, row ${record.row}, column '${name}': '${cell}' is not a number${empty}; ${rule}`,
    );
  }
  return Number(cell);
}

/** The target column as numbers, or as class indices with the class names. */
function targetValues(
  source: string,
  rows: readonly CsvRecord[],
  options: CsvOptions,
  targetIndex: number,
): { values: number[]; classes?: string[] } {
  const cells = rows.map((record) => record.fields[targetIndex]!);
  const kind = options.targetKind ?? 'auto';
  const asNumbers =
    kind === 'numbers' ||
    (kind === 'auto' && options.classes === undefined && cells.every((cell) => NUMBER.test(cell)));
  if (asNumbers) {
    if (options.classes !== undefined) {
      throw new ConfigError(
        `${source}: classes are given but targetKind is 'numbers'; use targetKind 'labels'`,
      );
    }
    const rule = "targetKind 'numbers' needs a number in every target cell (use 'labels' for class names)";
    return { values: rows.map((record) => numberCell(source, record, options.target, targetIndex, rule)) };
  }
  rows.forEach((record, r) => {
    if (cells[r] === '') {
      throw new DataError(
        `${source}, row ${record.row}, column '${options.target}': '' is not a class label (the cell is empty); ` +
          'give every row its label',
      );
    }
  });
  const classes = options.classes === undefined ? sortedLabels(cells) : [...options.classes];
  const indexOf = new Map(classes.map((name, index) => [name, index]));
  const values = rows.map((record, r) => {
    const index = indexOf.get(cells[r]!);
    if (index === undefined) {
      throw new DataError(
        `${source}, row ${record.row}, column '${options.target}': '${cells[r]}' is not one of the given classes: ` +
          `${classes.join(', ')}`,
      );
    }
    return index;
  });
  return { values, classes };
}

/** The distinct labels, sorted numerically when all are numbers, else by character code. */
function sortedLabels(cells: readonly string[]): string[] {
  const distinct = [...new Set(cells)];
  return distinct.every((cell) => NUMBER.test(cell))
    ? distinct.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0))
    : distinct.sort();
}
