import { refuse } from '../../checks/arguments.ts';
import type { Dataset } from '../dataset.ts';
import { CsvDatasetBuilder } from './dataset-builder.ts';
import type { CsvOptions } from './options.ts';

export type { CsvOptions } from './options.ts';

export interface CsvTextOptions extends CsvOptions {
  /** What to call the text in error messages. Default 'CSV text'. */
  readonly source?: string;
}

/**
 * Reads CSV text into a Dataset: a header row naming the columns, then one example per row. The `target`
 * column becomes y (string labels mapped to class indices, with `classes` kept; see `CsvOptions`), every
 * feature column must hold numbers and becomes a column of X, in the order of `featureNames`. Quoted
 * fields (with commas, line breaks, "" for a quote) are read per RFC 4180 and blank lines are skipped (see
 * `CsvRecordReader`). A problem throws a DataError naming `source`, the row (1-based as in the file: the
 * header is row 1), the column and the cell's text. Runs anywhere; `loadCsv` in `@tapegrad/nn/node`
 * reads a file by path, a chunk at a time, with the same parser.
 * @example parseCsv('x,label\n1.5,cat\n2,dog\n', { target: 'label' }).y.toArray(); // [0, 1]
 */
export function parseCsv(text: string, options: CsvTextOptions): Dataset {
  if (typeof text !== 'string') refuse('parseCsv', 'text', 'the CSV text, a string', text);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    refuse('parseCsv', 'options', "an object with the target column, e.g. { target: 'label' }", options);
  }
  return readCsv(`parseCsv: ${options.source ?? 'CSV text'}`, options, (push) => push(text));
}

/**
 * The Dataset of the CSV text that `feed` passes to `push`, whole or a chunk at a time; `source` (what
 * read it, and from where) starts every error message. `feed` runs a second time only in the rare case
 * `CsvDatasetBuilder.finish` describes (an 'auto' target of many distinct numbers, then a label).
 */
export function readCsv(
  source: string,
  options: CsvOptions,
  feed: (push: (chunk: string) => void) => void,
): Dataset {
  const builder = new CsvDatasetBuilder(source, options);
  feed((chunk) => builder.push(chunk));
  const dataset = builder.finish();
  if (dataset !== undefined) return dataset;
  const asLabels = new CsvDatasetBuilder(source, { ...options, targetKind: 'labels' });
  feed((chunk) => asLabels.push(chunk));
  return asLabels.finish()!;
}
