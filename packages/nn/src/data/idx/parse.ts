/**
 * The IDX format of the MNIST files (yann.lecun.com/exdb/mnist): a 4-byte big-endian magic number (two zero
 * bytes, a type code, the number of dimensions), each dimension's size as a big-endian 32-bit integer, then
 * the values, row-major. Pure on bytes, so it runs in a browser too; `loadIdx` in `@tapegrad/nn/node` reads
 * a file.
 */
import { checkOptions, integerOption, refuse } from '../../checks/arguments.ts';
import { DataError } from '../../errors.ts';

/** The type code of unsigned bytes, the only one the MNIST files use. */
const UNSIGNED_BYTE = 0x08;
const HEADER_BYTES_PER_DIMENSION = 4;

/** An IDX array: its element type, its shape, and its values row-major. */
export interface IdxArray {
  readonly type: 'uint8';
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

/** What the caller expects the file to hold, to refuse a file of the wrong kind early. */
export interface IdxExpectation {
  /** The number of dimensions: 3 for images [n, rows, columns] (magic 0x00000803), 1 for labels (0x00000801). */
  readonly dimensions?: number;
}

/**
 * Reads an IDX array of unsigned bytes. Checks the magic number's two zero bytes and type code (0x08,
 * unsigned byte), the dimension count (against `expect.dimensions` when given), and that the sizes the
 * header states add up to the file's length exactly. `source` names the file in every error.
 * The values are a view into `bytes`, not a copy.
 * @example
 * const labels = readIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 3]), 'labels');
 * labels.shape; // [2]; labels.data: 7, 3
 */
export function readIdx(bytes: Uint8Array, source = 'readIdx', expect: IdxExpectation = {}): IdxArray {
  if (!(bytes instanceof Uint8Array)) refuse('readIdx', 'bytes', "a Uint8Array (a file's contents)", bytes);
  if (typeof source !== 'string') refuse('readIdx', 'source', 'a string naming the file', source);
  checkOptions('readIdx', expect, { dimensions: integerOption(1) }, 'expect');
  if (bytes.length < 4) {
    throw new DataError(
      `${source}: ${bytes.length} bytes, too short for an IDX file (a 4-byte magic number first)`,
    );
  }
  const magic = hex(bytes[0]! * 0x1000000 + bytes[1]! * 0x10000 + bytes[2]! * 0x100 + bytes[3]!);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(
      `${source}: magic number ${magic} is not an IDX file's (it starts with two zero bytes)`,
    );
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    throw new DataError(
      `${source}: magic number ${magic} has type code ${hex(bytes[2]!, 2)}; only 0x08 (unsigned byte) is read`,
    );
  }
  const dimensions = bytes[3]!;
  if (dimensions === 0 || (expect.dimensions !== undefined && dimensions !== expect.dimensions)) {
    const wanted = expect.dimensions ?? 'at least 1';
    throw new DataError(
      `${source}: magic number ${magic} states ${dimensions} dimensions; expected ${wanted}` +
        (expect.dimensions === 3
          ? ' (images: magic 0x00000803)'
          : expect.dimensions === 1
            ? ' (labels: magic 0x00000801)'
            : ''),
    );
  }
  const headerBytes = 4 + HEADER_BYTES_PER_DIMENSION * dimensions;
  if (bytes.length < headerBytes) {
    throw new DataError(
      `${source}: ${bytes.length} bytes, too short for the header of ${dimensions} dimensions (${headerBytes} bytes)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: dimensions }, (_, axis) => view.getUint32(4 + 4 * axis, false));
  const values = shape.reduce((product, size) => product * size, 1);
  if (bytes.length !== headerBytes + values) {
    throw new DataError(
      `${source}: the header states shape [${shape.join(', ')}], ${values} values after ${headerBytes} header ` +
        `bytes (${headerBytes + values} in all), but the file has ${bytes.length} bytes; it is truncated or not this file`,
    );
  }
  return { type: 'uint8', shape, data: bytes.subarray(headerBytes) };
}

const hex = (value: number, digits = 8) => `0x${value.toString(16).padStart(digits, '0')}`;
