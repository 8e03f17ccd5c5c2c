/**
 * safetensors files on disk (Node only: import from `@tapegrad/nn/node`). Saving is atomic
 * (atomic-write.ts), so a reader (or a crash) never sees half a model.
 */
import { readFileSync } from 'node:fs';
import { refuse } from '../checks/arguments.ts';
import { DataError } from '../errors.ts';
import type { Module, StateDict } from '../module/module.ts';
import { writeFileAtomically } from './atomic-write.ts';
import {
  encodeModule,
  loadIntoModule,
  type SafetensorsLoadOptions,
  type SafetensorsLoadReport,
  type SafetensorsWriteOptions,
} from './safetensors-module.ts';

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
  writeFileAtomically('saveSafetensors', path, encodeModule('saveSafetensors', source, options));
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
