/**
 * safetensors files on disk (Node only: import from `@tapegrad/nn/node`). Saving is atomic: the bytes go to
 * a temporary file in the same folder, are synced to the disk, and the file is renamed into place, so a
 * reader (or a crash) never sees half a model.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { refuse } from '../checks/arguments.ts';
import { DataError } from '../errors.ts';
import type { Module, StateDict } from '../module/module.ts';
import {
  encodeModule,
  loadIntoModule,
  type SafetensorsLoadOptions,
  type SafetensorsLoadReport,
  type SafetensorsWriteOptions,
} from './safetensors-module.ts';

/** Writes `bytes` to `path` atomically: a synced temporary sibling, then one rename. */
function writeAtomically(fn: string, path: string, bytes: Uint8Array): void {
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

/**
 * Saves a module's parameters (or a state dict) as a safetensors file, atomically; options as
 * `safetensorsBytes` (dtype, layout, metadata).
 * @example saveSafetensors(net, 'model.safetensors', { layout: 'torch' }); // PyTorch loads it
 */
export function saveSafetensors(
  source: Module | StateDict,
  path: string,
  options: SafetensorsWriteOptions = {},
): void {
  if (typeof path !== 'string' || path === '') refuse('saveSafetensors', 'path', 'a file path', path);
  writeAtomically('saveSafetensors', path, encodeModule('saveSafetensors', source, options));
}

/**
 * Loads a safetensors file into a module's parameters, checking every name, shape and value first;
 * options and report as `loadSafetensorsInto`.
 * @example loadSafetensors(net, 'from-pytorch.safetensors', { layout: 'torch' });
 */
export function loadSafetensors(
  module: Module,
  path: string,
  options: SafetensorsLoadOptions = {},
): SafetensorsLoadReport {
  if (typeof path !== 'string' || path === '') refuse('loadSafetensors', 'path', 'a file path', path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataError(`loadSafetensors: cannot read ${path}: ${(error as Error).message}`);
  }
  return loadIntoModule('loadSafetensors', path, module, bytes, options);
}
