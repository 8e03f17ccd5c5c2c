/**
 * An optimizer's state dict, in PyTorch's shape: `state` holds each parameter's buffers (momentum, moment
 * estimates) and step count under the parameter's index (counted across groups, in order), and
 * `paramGroups` each group's options with its parameters as indices. Reading one back checks all of it
 * before anything changes, and takes tensors either as Tensors or as the `{ shape, values }` records that a
 * JSON round trip leaves.
 */
import { Tensor, tensor } from '@tapegrad/autograd';
import { shown } from '../checks/arguments.ts';
import { ConfigError, StateDictError } from '../errors.ts';
import type { TensorRecord } from '../io/tensor-record.ts';
import type { OptionSchema, ParamGroup } from './param-groups.ts';

/** What one entry of a parameter's state holds: a buffer of the parameter's shape, or a step count. */
export type StateKind = 'buffer' | 'optional buffer' | 'count';

/** One parameter's state inside an optimizer: its buffers (as flat values) and counts, by name. */
export type ParamState = Record<string, Float64Array | number>;

/** One group in a state dict: its options, and its parameters as indices into the state. */
export type StateDictGroup = Readonly<Record<string, unknown>> & { readonly params: readonly number[] };

/** An optimizer's state, as `stateDict()` returns it and `loadStateDict()` takes it (PyTorch's shape). */
export interface OptimizerStateDict {
  readonly state: Readonly<Record<number, Readonly<Record<string, Tensor | TensorRecord | number>>>>;
  readonly paramGroups: readonly StateDictGroup[];
}

/** A copy of the groups' options and of every parameter's state: later steps do not change it. */
export function buildStateDict(
  groups: readonly ParamGroup[],
  state: ReadonlyMap<Tensor, ParamState>,
): OptimizerStateDict {
  const entries: Record<number, Record<string, Tensor | number>> = {};
  let index = 0;
  const paramGroups = groups.map(({ params, ...options }) => {
    const indices = params.map((parameter) => {
      const saved = state.get(parameter);
      if (saved !== undefined) entries[index] = copyState(saved, parameter.shape);
      return index++;
    });
    return { ...copyOptions(options), params: indices };
  });
  return { state: entries, paramGroups };
}

function copyState(saved: ParamState, shape: readonly number[]): Record<string, Tensor | number> {
  return Object.fromEntries(
    Object.entries(saved).map(([key, value]) => [
      key,
      typeof value === 'number' ? value : tensor(value.slice(), { shape: [...shape] }),
    ]),
  );
}

/** Options copied one level deep, so that a saved `betas` pair is not the group's own array. */
export function copyOptions(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]),
  );
}

/** A state dict read and checked against an optimizer: each group's options, and the state by tensor. */
export interface LoadedState {
  readonly options: Record<string, unknown>[];
  readonly state: Map<Tensor, ParamState>;
}

/** How an optimizer describes itself to `readStateDict`. */
export interface StateDictReader {
  /** The function named in errors: `SGD.loadStateDict`. */
  readonly fn: string;
  readonly groups: readonly ParamGroup[];
  readonly schema: OptionSchema;
  readonly kinds: Readonly<Record<string, StateKind>>;
  /** Checks a group's option ranges, throwing a ConfigError naming `path` + the option. */
  readonly checkGroup: (options: Record<string, unknown>, path: string) => void;
}

/**
 * Reads `stateDict` for an optimizer whose groups are `reader.groups`, checking everything (the errors are
 * StateDictErrors naming the key); nothing is changed here. As in PyTorch, the saved parameter indices are
 * matched to the optimizer's parameters in order, group by group, so the groups must hold as many tensors
 * each as when the state was saved, and each buffer must have its tensor's shape.
 */
export function readStateDict(reader: StateDictReader, stateDict: unknown): LoadedState {
  try {
    return readChecked(reader, stateDict);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new StateDictError(`${reader.fn}: ${error.message.replace(/^[\w.]+: /, '')}`);
    }
    throw error;
  }
}

function readChecked(reader: StateDictReader, stateDict: unknown): LoadedState {
  const { fn, groups } = reader;
  const record = objectAt(fn, 'stateDict', stateDict, 'an object { state, paramGroups } from stateDict()');
  onlyKeys(fn, 'stateDict', record, ['state', 'paramGroups']);
  const saved = record.paramGroups;
  if (!Array.isArray(saved)) refuse(fn, 'stateDict.paramGroups', 'an array of groups', saved);
  if (saved.length !== groups.length) {
    throw new StateDictError(
      `${fn}: stateDict.paramGroups has ${saved.length} group(s), this optimizer ${groups.length}; ` +
        'build the optimizer with the same parameter groups as the one that was saved',
    );
  }
  const byIndex = new Map<number, Tensor>();
  const options = saved.map((group: unknown, g) =>
    readGroupOptions(reader, group, `stateDict.paramGroups[${g}]`, groups[g]!, byIndex),
  );
  const state = new Map<Tensor, ParamState>();
  const entries = objectAt(fn, 'stateDict.state', record.state, 'an object of states by parameter index');
  for (const [key, entry] of Object.entries(entries)) {
    const parameter = byIndex.get(Number(key));
    if (parameter === undefined) {
      throw new StateDictError(
        `${fn}: stateDict.state['${key}'] names no parameter; the groups' params list ${[...byIndex.keys()].join(', ')}`,
      );
    }
    state.set(parameter, readParamState(reader, entry, `stateDict.state['${key}']`, parameter));
  }
  return { options, state };
}

/** One saved group: its indices (mapped in order to `group`'s tensors) and its complete, valid options. */
function readGroupOptions(
  reader: StateDictReader,
  saved: unknown,
  path: string,
  group: ParamGroup,
  byIndex: Map<number, Tensor>,
): Record<string, unknown> {
  const { fn, schema } = reader;
  const { params, ...options } = objectAt(fn, path, saved, 'a group { params, ...options }');
  if (!Array.isArray(params) || params.length !== group.params.length) {
    refuse(fn, `${path}.params`, `an array of ${group.params.length} parameter indices`, params);
  }
  params.forEach((index: unknown, i) => {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || byIndex.has(index)) {
      refuse(fn, `${path}.params[${i}]`, 'an integer index >= 0 that no other parameter has', index);
    }
    byIndex.set(index, group.params[i]!);
  });
  onlyKeys(fn, path, options, Object.keys(schema));
  for (const key of Object.keys(schema)) {
    if (!(key in options)) throw new StateDictError(`${fn}: ${path}.${key} is missing`);
    schema[key]!(fn, `${path}.${key}`, options[key]);
  }
  reader.checkGroup(options, `${path}.`);
  return copyOptions(options);
}

/** One parameter's saved state: each entry of its kind, buffers of the parameter's shape. */
function readParamState(
  reader: StateDictReader,
  entry: unknown,
  path: string,
  parameter: Tensor,
): ParamState {
  const { fn, kinds } = reader;
  const saved = objectAt(fn, path, entry, `an object with ${Object.keys(kinds).join(', ')}`);
  onlyKeys(fn, path, saved, Object.keys(kinds));
  const state: ParamState = {};
  for (const [key, kind] of Object.entries(kinds)) {
    const value = saved[key];
    if (value === undefined) {
      if (kind === 'optional buffer') continue;
      throw new StateDictError(`${fn}: ${path}.${key} is missing`);
    }
    state[key] =
      kind === 'count'
        ? readCount(fn, `${path}.${key}`, value)
        : readBuffer(fn, `${path}.${key}`, value, parameter.shape);
  }
  return state;
}

function readCount(fn: string, path: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    refuse(fn, path, 'a step count: an integer >= 0', value);
  }
  return value;
}

/** A Tensor or a `{ shape, values }` record of exactly `shape`, as a fresh Float64Array. */
function readBuffer(fn: string, path: string, value: unknown, shape: readonly number[]): Float64Array {
  const rule = `a Tensor or a { shape, values } record of shape [${shape.join(',')}]`;
  let savedShape: unknown;
  let values: unknown;
  if (value instanceof Tensor) {
    savedShape = value.shape;
    values = value.data;
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    ({ shape: savedShape, values } = value as Record<string, unknown>);
  } else {
    refuse(fn, path, rule, value);
  }
  const sameShape =
    Array.isArray(savedShape) &&
    savedShape.length === shape.length &&
    savedShape.every((size, axis) => size === shape[axis]);
  if (!sameShape) refuse(fn, `${path}.shape`, `[${shape.join(',')}], the parameter's shape`, savedShape);
  const isList = values instanceof Float64Array || Array.isArray(values);
  const list = isList ? (values as ArrayLike<unknown>) : [];
  const count = shape.reduce((product, size) => product * size, 1);
  if (!isList || list.length !== count || !Array.prototype.every.call(list, (v) => typeof v === 'number')) {
    refuse(fn, `${path}.values`, `${count} numbers`, values);
  }
  return Float64Array.from(list as ArrayLike<number>);
}

function objectAt(fn: string, path: string, value: unknown, rule: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Tensor) {
    refuse(fn, path, rule, value);
  }
  return value as Record<string, unknown>;
}

function onlyKeys(fn: string, path: string, value: Record<string, unknown>, keys: readonly string[]): void {
  const unknown = Object.keys(value).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw new StateDictError(
      `${fn}: ${path} has unexpected key(s) ${unknown.join(', ')}; it takes ${keys.join(', ')}`,
    );
  }
}

function refuse(fn: string, path: string, rule: string, value: unknown): never {
  throw new StateDictError(`${fn}: ${path} must be ${rule}, got ${shown(value)}`);
}
