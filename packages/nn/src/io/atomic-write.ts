/**
 * Writing a file atomically (Node only): the bytes go to a temporary file in the same folder, are synced to
 * the disk, and the file is renamed into place, so a reader (or a crash) never sees half a file and a
 * failed write leaves the old file as it was. safetensors files and `save` both write through here.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError } from '../errors.ts';

/** Writes `contents` to `path` atomically; a failure is a DataError naming `fn` and the path. */
export function writeFileAtomically(fn: string, path: string, contents: Uint8Array | string): void {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  const temporary = join(
    dirname(path),
    `.${basename(path)}.new-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    const fd = openSync(temporary, 'wx');
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new DataError(`${fn}: cannot write ${path}: ${(error as Error).message}`);
  }
}
