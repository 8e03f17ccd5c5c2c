import { closeSync, openSync, readSync } from 'node:fs';
import { DataError } from '../../errors.ts';
import type { Dataset } from '../dataset.ts';
import type { CsvOptions } from './options.ts';
import { readCsv } from './parse.ts';

/** Bytes read from the file at a time. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a CSV file into a Dataset, as `parseCsv` reads text; errors name the file, the row (1-based as in
 * the file: the header is row 1), the column and the cell's text. The file is read a megabyte at a time
 * and parsed as it arrives, straight into float64 columns, so memory stays near the size of the numbers
 * (16 MB for a million rows of two features), not of the text. Node only (it reads the file system):
 * import it from `@tapegrad/nn/node`.
 * @example
 * const iris = loadCsv('data/iris.csv', { target: 'species' });
 * iris.classes; // ['setosa', 'versicolor', 'virginica']; iris.y holds 0, 1, 2
 */
export function loadCsv(path: string, options: CsvOptions): Dataset {
  return readCsv(`loadCsv: ${path}`, options, (push) => readChunks(path, push));
}

/** Passes the file's text to `push` a chunk at a time, decoding UTF-8 across chunk boundaries. */
function readChunks(path: string, push: (chunk: string) => void): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new DataError(`loadCsv: cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    const decoder = new TextDecoder('utf-8');
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      } catch (error) {
        throw new DataError(`loadCsv: cannot read ${path}: ${(error as Error).message}`);
      }
      if (bytes === 0) break;
      push(decoder.decode(buffer.subarray(0, bytes), { stream: true }));
    }
    push(decoder.decode());
  } finally {
    closeSync(fd);
  }
}
