/**
 * Big CSV files for the data-size tests (issue 10), written a megabyte at a time so that the test itself
 * never holds the text: two features and a class label, two clusters that a line separates.
 */

import { closeSync, openSync, writeSync } from 'node:fs';
import { xorshift32 } from './xorshift.ts';

export interface BigCsvOptions {
  /** How the label column is written: class names ('cat', 'dog') or numbers (0, 1). Default 'names'. */
  readonly labels?: 'names' | 'numbers';
}

/**
 * Writes `rows` rows of `x1,x2,label` to `path`: row i is class i % 2, its point near (-1, -1) or (1, 1)
 * with a seeded offset in [-0.9, 0.9) on each axis, so the same call always writes the same file.
 * @example writeBigCsv(join(dir, 'big.csv'), 1_000_000); // about 27 MB
 */
export function writeBigCsv(path: string, rows: number, options: BigCsvOptions = {}): void {
  const names = options.labels === 'numbers' ? ['0', '1'] : ['cat', 'dog'];
  const next = xorshift32(2463534242);
  const offset = () => next() * 1.8 - 0.9;
  const fd = openSync(path, 'w');
  try {
    let chunk = 'x1,x2,label\n';
    for (let i = 0; i < rows; i++) {
      const centre = i % 2 === 0 ? -1 : 1;
      chunk += `${(centre + offset()).toFixed(6)},${(centre + offset()).toFixed(6)},${names[i % 2]}\n`;
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
