/**
 * The IDX reader of the MNIST files, on tiny hand-made buffers: a good image file and label file read
 * back with their shape and bytes, and each kind of bad file refused with an error naming the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, readIdx } from '@tapegrad/nn';
import { loadIdx } from '@tapegrad/nn/node';
import { afterAll, describe, expect, test } from 'vitest';
import { expectThrows } from '../support/assertions.ts';

/** An IDX file of unsigned bytes: magic 0x000008NN, each size big-endian, then the values. */
function idxBytes(shape: readonly number[], values: readonly number[]): Uint8Array {
  const sizes = shape.flatMap((size) => [size >>> 24, (size >>> 16) & 255, (size >>> 8) & 255, size & 255]);
  return new Uint8Array([0, 0, 0x08, shape.length, ...sizes, ...values]);
}

describe('readIdx', () => {
  test('two 2x3 images: shape [2, 2, 3] and the 12 bytes row-major after the 16-byte header', () => {
    const images = readIdx(idxBytes([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]), 'images', {
      dimensions: 3,
    });
    expect(images.type).toBe('uint8');
    expect(images.shape).toEqual([2, 2, 3]);
    expect([...images.data]).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  test('labels: magic 0x00000801, shape [3]', () => {
    const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9]);
    const labels = readIdx(bytes, 'labels', { dimensions: 1 });
    expect(labels.shape).toEqual([3]);
    expect([...labels.data]).toEqual([7, 0, 9]);
  });

  test('sizes are big-endian 32-bit integers (60000 = 0x0000ea60), and a size may be 0', () => {
    const header = readIdx(idxBytes([1, 0], []), 'empty rows');
    expect(header.shape).toEqual([1, 0]);
    const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0xea, 0x60, ...new Uint8Array(60000)]);
    expect(readIdx(bytes, 'labels').shape).toEqual([60000]);
  });

  test('a file shorter than the magic number is refused', () => {
    expectThrows(
      () => readIdx(new Uint8Array([0, 0]), 'tiny.idx'),
      DataError,
      /^tiny\.idx: 2 bytes, too short/,
    );
  });

  test('a magic number without its two zero bytes is not an IDX file', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    expectThrows(
      () => readIdx(png, 'picture.png'),
      DataError,
      /picture\.png: magic number 0x89504e47 is not/,
    );
  });

  test('a type code other than 0x08 (unsigned byte) is refused, naming the code', () => {
    const floats = new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
    expectThrows(
      () => readIdx(floats, 'floats.idx'),
      DataError,
      /floats\.idx: magic number 0x00000d01 has type code 0x0d; only 0x08/,
    );
  });

  test('a label file where images are expected: the dimension count differs', () => {
    const labels = idxBytes([2], [1, 2]);
    expectThrows(
      () => readIdx(labels, 'train-images', { dimensions: 3 }),
      DataError,
      /train-images: magic number 0x00000801 states 1 dimensions; expected 3 \(images: magic 0x00000803\)/,
    );
    expectThrows(
      () => readIdx(idxBytes([], []), 'none'),
      DataError,
      /none: .* states 0 dimensions; expected at least 1/,
    );
  });

  test('a header cut short before its sizes end is refused', () => {
    const cut = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0]);
    expectThrows(
      () => readIdx(cut, 'cut.idx'),
      DataError,
      /cut\.idx: 10 bytes, too short for the header of 3 dimensions \(16 bytes\)/,
    );
  });

  test('values fewer or more than the shape states: the file is truncated or not this file', () => {
    const short = idxBytes([2, 2, 2], [1, 2, 3, 4, 5, 6, 7]);
    expectThrows(
      () => readIdx(short, 'short.idx'),
      DataError,
      /short\.idx: the header states shape \[2, 2, 2\], 8 values after 16 header bytes \(24 in all\), but the file has 23 bytes/,
    );
    const long = idxBytes([2], [1, 2, 3]);
    expectThrows(() => readIdx(long, 'long.idx'), DataError, /long\.idx: .* but the file has 11 bytes/);
  });
});

describe('loadIdx', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tapegrad-idx-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test('reads a file, and its errors name the file', () => {
    const good = join(folder, 'labels-idx1-ubyte');
    writeFileSync(good, idxBytes([4], [3, 1, 4, 1]));
    expect([...loadIdx(good, { dimensions: 1 }).data]).toEqual([3, 1, 4, 1]);
    const bad = join(folder, 'images-idx3-ubyte');
    writeFileSync(bad, idxBytes([1, 2, 2], [1, 2, 3]));
    expectThrows(
      () => loadIdx(bad, { dimensions: 3 }),
      DataError,
      new RegExp(`^loadIdx: ${bad}: the header states`),
    );
  });

  test('a missing file is a DataError naming it', () => {
    const missing = join(folder, 'nothing-here');
    expectThrows(() => loadIdx(missing), DataError, new RegExp(`loadIdx: cannot read ${missing}`));
  });
});
