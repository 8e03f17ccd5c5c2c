import { readFileSync } from 'node:fs';
import { DataError } from '../../errors.ts';
import type { Dataset } from '../dataset.ts';
import { type CsvOptions, csvDataset } from './parse.ts';

/**
 * Reads a CSV file into a Dataset, as `parseCsv` reads text; errors name the file, the row (1-based as in
 * the file: the header is row 1), the column and the cell's text. Node only (it reads the file system):
 * import it from `@tapegrad/nn/node`.
 * @example
 * const iris = loadCsv('data/iris.csv', { target: 'species' });
 * iris.classes; // ['setosa', 'versicolor', 'virginica']; iris.y holds 0, 1, 2
 */
export function loadCsv(path: string, options: CsvOptions): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DataError(`loadCsv: cannot read ${path}: ${(error as Error).message}`);
  }
  return csvDataset(text, `loadCsv: ${path}`, options);
}
