import { Tensor } from '@tapegrad/autograd';
import { ConfigError, DataError } from '../../errors.ts';
import type { Dataset } from '../dataset.ts';
import { GrowingColumn } from './column.ts';
import type { CsvOptions } from './options.ts';
import { type CsvRecord, CsvRecordReader } from './records.ts';

/** A decimal number as written in a CSV cell: 12, -3.5, .5, 1e-3 (not '', 'NaN', '0x10' or 'Infinity'). */
export const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * While an 'auto' target holds only numbers, its distinct cells are also kept as labels, in case a later
 * cell is not a number; past this many distinct values (a regression target) they are dropped, and such a
 * late label means reading the text again as labels (`finish()` returns undefined).
 */
const DISTINCT_LABEL_LIMIT = 65_536;

/** The column layout a header gives: where the target and the features are. */
interface Layout {
  readonly columns: readonly string[];
  readonly targetIndex: number;
  readonly featureNames: readonly string[];
  readonly featureIndices: readonly number[];
}

/**
 * Builds a Dataset from CSV text fed a chunk at a time (`push`), keeping only numbers: features go
 * straight into float64 columns and target cells into numbers or label indices, never an array of rows.
 * Errors come out as they did when the whole text was read first: a broken quote at once (the reader's),
 * everything else from `finish()`, in this order: an empty text, the header, no data rows, a missing
 * column, the first row with a wrong field count or a feature that is not a number, then the target.
 * @example
 * const builder = new CsvDatasetBuilder('parseCsv: CSV text', { target: 'y' });
 * builder.push('x,y\n1,'); builder.push('0\n'); builder.finish()?.X.shape; // [1, 1]
 */
export class CsvDatasetBuilder {
  private readonly reader: CsvRecordReader;
  private layout: Layout | undefined;
  private sawHeader = false;
  private rows = 0;
  /** The first error found after the header's; it waits for `finish()` so that broken quotes come first. */
  private headerError: Error | undefined;
  private columnError: Error | undefined;
  private rowError: Error | undefined;
  private readonly features = new GrowingColumn();

  // The target, kept in every form it may still turn out to be.
  private readonly kind: 'auto' | 'labels' | 'numbers';
  private allNumbers = true;
  private numbers: GrowingColumn | undefined;
  private labelIds: GrowingColumn | undefined;
  private readonly labelIndex = new Map<string, number>();
  private labelsDropped = false;
  private firstBadNumber: Error | undefined;
  private firstEmptyLabel: Error | undefined;
  private firstUnknownLabel: Error | undefined;

  constructor(
    private readonly source: string,
    private readonly options: CsvOptions,
  ) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new ConfigError(
        `${source}: the delimiter ${JSON.stringify(delimiter)} must be one character, not a quote or line break`,
      );
    }
    this.kind = options.targetKind ?? 'auto';
    if (this.kind === 'auto' && options.classes !== undefined) this.kind = 'labels';
    if (this.kind !== 'labels') this.numbers = new GrowingColumn();
    if (this.kind !== 'numbers') this.labelIds = new GrowingColumn();
    options.classes?.forEach((name, index) => {
      this.labelIndex.set(name, index);
    });
    this.reader = new CsvRecordReader(source, delimiter, (record) => this.addRecord(record));
  }

  /** Reads the records complete in `chunk` (after the chunks before it). */
  push(chunk: string): void {
    this.reader.push(chunk);
  }

  /**
   * The Dataset of all the text pushed, or undefined in one rare case: an 'auto' target with more than
   * 65,536 distinct numbers and then a cell that is not one; read the text again with targetKind 'labels'.
   */
  finish(): Dataset | undefined {
    this.reader.end();
    const source = this.source;
    if (!this.sawHeader) {
      throw new DataError(`${source} is empty; a CSV needs a header row and at least one data row`);
    }
    if (this.headerError !== undefined) throw this.headerError;
    if (this.rows === 0) throw new DataError(`${source} has a header row but no data rows`);
    if (this.columnError !== undefined) throw this.columnError;
    if (this.rowError !== undefined) throw this.rowError;
    const layout = this.layout!;
    const target = this.targetValues();
    if (target === undefined) return undefined;
    return {
      X: new Tensor(this.features.toFloat64Array(), [this.rows, layout.featureNames.length]),
      y: new Tensor(target.values, [this.rows]),
      ...(target.classes === undefined ? {} : { classes: target.classes }),
      featureNames: [...layout.featureNames],
    };
  }

  private addRecord(record: CsvRecord): void {
    if (!this.sawHeader) {
      this.sawHeader = true;
      this.readHeader(record);
      return;
    }
    this.rows++;
    const layout = this.layout;
    if (layout === undefined || this.rowError !== undefined) return;
    const { columns } = layout;
    if (record.fields.length !== columns.length) {
      this.rowError = new DataError(
        `${this.source}, row ${record.row}: ${record.fields.length} fields but the header has ${columns.length} ` +
          `columns (${columns.join(', ')})`,
      );
      return;
    }
    for (const column of layout.featureIndices) {
      const cell = record.fields[column]!;
      if (!NUMBER.test(cell)) {
        this.rowError = notANumber(
          this.source,
          record.row,
          columns[column]!,
          cell,
          `every feature column must hold numbers (the target is '${this.options.target}'; pick columns with features)`,
        );
        return;
      }
      this.features.push(Number(cell));
    }
    this.addTarget(record.fields[layout.targetIndex]!, record.row);
  }

  /** Checks the header's names (non-empty, distinct) and finds the target and feature columns. */
  private readHeader(header: CsvRecord): void {
    const source = this.source;
    const seen = new Set<string>();
    for (const [i, name] of header.fields.entries()) {
      if (name === '') {
        this.headerError = new DataError(
          `${source}, row ${header.row}: column ${i + 1} of the header has no name; name every column`,
        );
        return;
      }
      if (seen.has(name)) {
        this.headerError = new DataError(
          `${source}, row ${header.row}: column '${name}' appears twice in the header; give each column its own name`,
        );
        return;
      }
      seen.add(name);
    }
    const columns = [...header.fields];
    const { target } = this.options;
    const missing = (name: string, role: string) =>
      new DataError(`${source}: no ${role} column '${name}'; the columns are: ${columns.join(', ')}`);
    const targetIndex = columns.indexOf(target);
    if (targetIndex < 0) {
      this.columnError = missing(target, 'target');
      return;
    }
    const featureNames = this.options.features ?? columns.filter((name) => name !== target);
    const featureIndices: number[] = [];
    for (const name of featureNames) {
      const index = columns.indexOf(name);
      if (index < 0) {
        this.columnError = missing(name, 'feature');
        return;
      }
      featureIndices.push(index);
    }
    if (featureNames.includes(target)) {
      this.columnError = new DataError(`${source}: the target '${target}' is also listed as a feature`);
      return;
    }
    if (featureNames.length === 0) {
      this.columnError = new DataError(`${source}: no feature columns besides the target '${target}'`);
      return;
    }
    this.layout = { columns, targetIndex, featureNames, featureIndices };
  }

  /** Keeps a target cell as a number, a label index, or both while 'auto' cannot tell yet. */
  private addTarget(cell: string, row: number): void {
    const { target } = this.options;
    if (this.numbers !== undefined) {
      if (NUMBER.test(cell)) {
        this.numbers.push(Number(cell));
      } else if (this.kind === 'numbers') {
        this.firstBadNumber ??= notANumber(
          this.source,
          row,
          target,
          cell,
          "targetKind 'numbers' needs a number in every target cell (use 'labels' for class names)",
        );
      } else {
        // 'auto' meets a label: the target is labels from now on.
        this.allNumbers = false;
        this.numbers = undefined;
      }
    }
    const labelIds = this.labelIds;
    if (labelIds === undefined) return;
    if (cell === '') {
      this.firstEmptyLabel ??= new DataError(
        `${this.source}, row ${row}, column '${target}': '' is not a class label (the cell is empty); ` +
          'give every row its label',
      );
      return;
    }
    let id = this.labelIndex.get(cell);
    if (id === undefined) {
      if (this.options.classes !== undefined) {
        this.firstUnknownLabel ??= new DataError(
          `${this.source}, row ${row}, column '${target}': '${cell}' is not one of the given classes: ` +
            `${this.options.classes.join(', ')}`,
        );
        return;
      }
      id = this.labelIndex.size;
      this.labelIndex.set(cell, id);
    }
    labelIds.push(id);
    if (this.allNumbers && this.kind === 'auto' && this.labelIndex.size > DISTINCT_LABEL_LIMIT) {
      this.labelIds = undefined;
      this.labelIndex.clear();
      this.labelsDropped = true;
    }
  }

  /** The target column as numbers, or as class indices with the class names (undefined: read again). */
  private targetValues(): { values: Float64Array; classes?: string[] } | undefined {
    const source = this.source;
    const asNumbers = this.kind === 'numbers' || (this.kind === 'auto' && this.allNumbers);
    if (asNumbers) {
      if (this.options.classes !== undefined) {
        throw new ConfigError(
          `${source}: classes are given but targetKind is 'numbers'; use targetKind 'labels'`,
        );
      }
      if (this.firstBadNumber !== undefined) throw this.firstBadNumber;
      return { values: this.numbers!.toFloat64Array() };
    }
    if (this.labelsDropped) return undefined;
    if (this.firstEmptyLabel !== undefined) throw this.firstEmptyLabel;
    if (this.firstUnknownLabel !== undefined) throw this.firstUnknownLabel;
    const ids = this.labelIds!.toFloat64Array();
    if (this.options.classes !== undefined) return { values: ids, classes: [...this.options.classes] };
    const classes = sortedLabels([...this.labelIndex.keys()]);
    const indexOfId = new Float64Array(classes.length);
    classes.forEach((name, index) => {
      indexOfId[this.labelIndex.get(name)!] = index;
    });
    for (let r = 0; r < ids.length; r++) ids[r] = indexOfId[ids[r]!]!;
    return { values: ids, classes };
  }
}

/** The error for a cell that should hold a number; `rule` says what the column must hold. */
function notANumber(source: string, row: number, name: string, cell: string, rule: string): DataError {
  const empty = cell === '' ? ' (the cell is empty: fill in or drop rows with missing values)' : '';
  return new DataError(`${source}, row ${row}, column '${name}': '${cell}' is not a number${empty}; ${rule}`);
}

/** The distinct labels, sorted numerically when all are numbers, else by character code. */
function sortedLabels(distinct: string[]): string[] {
  return distinct.every((cell) => NUMBER.test(cell))
    ? distinct.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0))
    : distinct.sort();
}
