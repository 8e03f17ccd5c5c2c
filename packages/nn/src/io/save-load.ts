/**
 * `save(obj, path)` and `load(path)`, PyTorch's torch.save and torch.load (Node only: import from
 * `@tapegrad/nn/node`). The object is a tree of plain objects, arrays, numbers, strings, booleans, null,
 * undefined and Tensors: a model's `stateDict()`, an optimizer's state, a checkpoint holding both and the
 * epoch. It is written as JSON, atomically (atomic-write.ts), with every value exact:
 *
 * - a Tensor is `{ "$tapegrad": "tensor", "shape": [...], "values": [...] }` (and `"requiresGrad": true`
 *   when it does), the values row-major as JavaScript's shortest round-trip number text, which reads back
 *   as the same float64 bits;
 * - NaN, Infinity, -Infinity and -0, which JSON has no numbers for, are the strings "NaN", "Infinity",
 *   "-Infinity" and "-0" among a tensor's values, and `{ "$tapegrad": "number", "value": "NaN" }` elsewhere;
 * - undefined is `{ "$tapegrad": "undefined" }`, and a plain object that has a "$tapegrad" key of its own
 *   is wrapped as `{ "$tapegrad": "object", "entries": {...} }`, so no user's key is mistaken for a tag.
 *
 * The file is `{ "format": "tapegrad.save", "version": 1, "value": ... }`.
 */
import { readFileSync } from 'node:fs';
import { describeValue, Tensor } from '@tapegrad/autograd';
import { refuse } from '../checks/arguments.ts';
import { ConfigError, DataError } from '../errors.ts';
import { Module } from '../module/module.ts';
import { writeFileAtomically } from './atomic-write.ts';

const FORMAT = 'tapegrad.save';
const VERSION = 1;
const TAG = '$tapegrad';

/** The numbers JSON cannot write, by their text. */
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

/** A number's special text (NaN, Infinity, -Infinity, -0), or undefined for one JSON writes exactly. */
function specialText(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return undefined;
}

/** `$.state.0.expAvg`: where a value sits in the tree, for messages. */
function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const KINDS = 'plain objects, arrays, numbers, strings, booleans, null, undefined and Tensors';

/** The JSON form of one value of the tree. `within` holds the objects above it, to find a cycle. */
function encode(value: unknown, path: string, within: Set<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value === undefined) return { [TAG]: 'undefined' };
  if (typeof value === 'number') {
    const special = specialText(value);
    return special === undefined ? value : { [TAG]: 'number', value: special };
  }
  if (value instanceof Module) {
    throw new ConfigError(
      `save: argument 'obj'${path === '$' ? '' : ` at ${path}`} is a Module (${value.constructor.name}); save its ` +
        'parameters, save(model.stateDict(), path), as PyTorch recommends, and restore them with ' +
        'model.loadStateDict(load(path)) on a model built the same way',
    );
  }
  if (value instanceof Tensor) {
    const values = new Array<number | string>(value.data.length);
    for (let i = 0; i < values.length; i++) {
      const element = value.data[i]!;
      values[i] = specialText(element) ?? element;
    }
    const record: Record<string, unknown> = { [TAG]: 'tensor', shape: value.shape, values };
    if (value.requiresGrad) record.requiresGrad = true;
    return record;
  }
  if (typeof value !== 'object') {
    throw new ConfigError(`save: argument 'obj' at ${path} is ${describeValue(value)}; save writes ${KINDS}`);
  }
  if (!Array.isArray(value) && !isPlainObject(value)) {
    const kind = value.constructor?.name ?? 'an object';
    const hint = ArrayBuffer.isView(value) ? ' (put typed arrays in a Tensor)' : '';
    throw new ConfigError(`save: argument 'obj' at ${path} is a ${kind}${hint}; save writes ${KINDS}`);
  }
  if (within.has(value)) {
    throw new ConfigError(`save: argument 'obj' at ${path} contains itself (a cycle); save writes a tree`);
  }
  within.add(value);
  let encoded: unknown;
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = encode(value[i], childPath(path, i), within);
    encoded = items;
  } else {
    const entries: Record<string, unknown> = {};
    for (const key of Object.keys(value)) entries[key] = encode(value[key], childPath(path, key), within);
    encoded = Object.hasOwn(value, TAG) ? { [TAG]: 'object', entries } : entries;
  }
  within.delete(value);
  return encoded;
}

/**
 * Saves `obj` (a state dict, an optimizer's state, or any tree of plain objects, arrays, numbers, strings,
 * booleans, null and Tensors) to `path` as JSON, atomically, every number exact (NaN and Infinity too).
 * A Module itself is refused: save `model.stateDict()`, as PyTorch recommends.
 * @example
 * save({ model: net.stateDict(), optimizer: optimizer.stateDict(), epoch: 12 }, 'checkpoint.json');
 */
export function save(obj: unknown, path: string): void {
  if (typeof path !== 'string' || path === '') refuse('save', 'path', 'a file path', path);
  const text = JSON.stringify({ format: FORMAT, version: VERSION, value: encode(obj, '$', new Set()) });
  writeFileAtomically('save', path, text);
}

/** Reads a file `save` wrote; `where` ("load: model.json") starts every message. */
class Decoder {
  constructor(readonly where: string) {}

  fail(path: string, what: string): never {
    throw new DataError(`${this.where}: ${what} at ${path}`);
  }

  tensor(record: Record<string, unknown>, path: string): Tensor {
    const { shape, values, requiresGrad } = record;
    const bad = (why: string): never => this.fail(path, `a bad tensor record (${why})`);
    if (!Array.isArray(shape) || !shape.every((size) => Number.isInteger(size) && size >= 0)) {
      bad(`shape must be an array of sizes, got ${describeValue(shape)}`);
    }
    const size = (shape as number[]).reduce((product, axis) => product * axis, 1);
    if (!Array.isArray(values) || values.length !== size) {
      bad(`shape [${(shape as number[]).join(',')}] needs ${size} values, got ${describeValue(values)}`);
    }
    if (requiresGrad !== undefined && requiresGrad !== true)
      bad(`requiresGrad is ${describeValue(requiresGrad)}`);
    const data = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const value = (values as unknown[])[i];
      const number =
        typeof value === 'number' ? value : typeof value === 'string' ? SPECIAL_NUMBERS[value] : undefined;
      data[i] = number ?? bad(`values[${i}] is ${describeValue(value)}`);
    }
    return new Tensor(data, [...(shape as number[])], { requiresGrad: requiresGrad === true });
  }

  tagged(record: Record<string, unknown>, path: string): unknown {
    switch (record[TAG]) {
      case 'tensor':
        return this.tensor(record, path);
      case 'number': {
        const number = typeof record.value === 'string' ? SPECIAL_NUMBERS[record.value] : undefined;
        return number ?? this.fail(path, `a bad number record (value ${describeValue(record.value)})`);
      }
      case 'undefined':
        return undefined;
      case 'object': {
        const { entries } = record;
        if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
          this.fail(path, `a bad object record (entries ${describeValue(entries)})`);
        }
        return this.object(entries as Record<string, unknown>, path);
      }
      default:
        return this.fail(path, `an unknown record type ${describeValue(record[TAG])}`);
    }
  }

  object(entries: Record<string, unknown>, path: string): Record<string, unknown> {
    const decoded: Record<string, unknown> = {};
    for (const key of Object.keys(entries)) decoded[key] = this.value(entries[key], childPath(path, key));
    return decoded;
  }

  value(value: unknown, path: string): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      const items = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) items[i] = this.value(value[i], childPath(path, i));
      return items;
    }
    const record = value as Record<string, unknown>;
    return Object.hasOwn(record, TAG) ? this.tagged(record, path) : this.object(record, path);
  }
}

/**
 * Reads a file `save` wrote and returns its tree with the Tensors rebuilt (exactly: the same float64 bits).
 * @example net.loadStateDict(load('model.json'));
 */
export function load(path: string): unknown {
  if (typeof path !== 'string' || path === '') refuse('load', 'path', 'a file path', path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DataError(`load: cannot read ${path}: ${(error as Error).message}`);
  }
  const notOurs = (why: string): never => {
    throw new DataError(
      `load: ${path} is not a file tapegrad's save() wrote (${why}); safetensors files load with ` +
        'loadSafetensors, models saved with modelToJson with modelFromJson',
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    notOurs(`not JSON: ${(error as Error).message}`);
  }
  const isOurs =
    typeof parsed === 'object' &&
    parsed !== null &&
    (parsed as Record<string, unknown>).format === FORMAT &&
    'value' in parsed;
  if (!isOurs) notOurs(`no "format": "${FORMAT}" header`);
  const file = parsed as Record<string, unknown>;
  if (file.version !== VERSION) {
    throw new DataError(
      `load: ${path} has format version ${describeValue(file.version)}; this tapegrad reads version ${VERSION}`,
    );
  }
  return new Decoder(`load: ${path}`).value(file.value, '$');
}
