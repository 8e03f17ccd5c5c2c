import { readFileSync } from 'node:fs';
import { DataError } from '../../errors.ts';
import { type IdxArray, type IdxExpectation, readIdx } from './parse.ts';

/**
 * Reads an IDX file (readIdx's checks, errors naming the file). Node only: import it from
 * `@tapegrad/nn/node`.
 * @example loadIdx('t10k-labels-idx1-ubyte', { dimensions: 1 }).shape; // [10000]
 */
export function loadIdx(path: string, expect: IdxExpectation = {}): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataError(`loadIdx: cannot read ${path}: ${(error as Error).message}`);
  }
  return readIdx(bytes, `loadIdx: ${path}`, expect);
}
