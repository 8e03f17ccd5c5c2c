/**
 * A module's state dict, PyTorch's state_dict / load_state_dict: every parameter's values by dotted name,
 * in tapegrad's layout or PyTorch's (names and shapes as torch-layout.ts defines them: a Linear's weight is
 * [out, in] there). Loading takes Tensors or their JSON form (`{ shape, values }` records), checks every
 * name, shape and value first, and changes nothing unless all pass.
 */
import { describeValue, Tensor } from '@tapegrad/autograd';
import { booleanOption, checkOptions, oneOfOption, refuse } from '../checks/arguments.ts';
import { StateDictError } from '../errors.ts';
import type { TensorRecord } from '../io/tensor-record.ts';
import { fromTorchValues, torchParameters, torchShape, toTorchValues } from '../io/torch-layout.ts';
import type { Module } from './module.ts';

/** Parameter values by dotted name (`layer1.weight`), as `stateDict()` returns and `loadStateDict()` takes. */
export type StateDict = Record<string, Tensor>;

/** Whose names and shapes a state dict follows: tapegrad's (the default, W [in, out]) or PyTorch's. */
export type StateDictLayout = 'tapegrad' | 'torch';

/** What `loadStateDict` takes: by name, a Tensor or a `{ shape, values }` record (a JSON round trip). */
export type LoadableStateDict = Readonly<Record<string, Tensor | TensorRecord>>;

export interface StateDictOptions {
  /** 'tapegrad' (default) or 'torch': PyTorch's names and [out, in] Linear weights. */
  readonly layout?: StateDictLayout;
}

export interface LoadStateDictOptions extends StateDictOptions {
  /** Every parameter present and no other name (default true, as PyTorch's load_state_dict). */
  readonly strict?: boolean;
}

/** PyTorch's `_IncompatibleKeys`: what the model had that the state did not, and the reverse. */
export interface LoadStateDictResult {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
}

const LAYOUTS: readonly StateDictLayout[] = ['tapegrad', 'torch'];
const STATE_DICT_OPTIONS = { layout: oneOfOption(LAYOUTS) };
const LOAD_OPTIONS = { layout: oneOfOption(LAYOUTS), strict: booleanOption };

/** One parameter as the state dict names and shapes it, and how its values come back into the model. */
interface Slot {
  readonly key: string;
  readonly shape: readonly number[];
  readonly parameter: Tensor;
  /** A Linear weight, whose PyTorch shape is the transpose of tapegrad's. */
  readonly transposed: boolean;
  readonly toModel: (values: Float64Array) => Float64Array;
}

function slotsOf(module: Module, layout: StateDictLayout): Slot[] {
  return torchParameters(module).map((entry) =>
    layout === 'torch'
      ? {
          key: entry.torchName,
          shape: torchShape(entry),
          parameter: entry.parameter,
          transposed: entry.transposed,
          toModel: (values) => fromTorchValues(entry, values),
        }
      : {
          key: entry.name,
          shape: entry.parameter.shape,
          parameter: entry.parameter,
          transposed: entry.transposed,
          toModel: (values) => values,
        },
  );
}

/** `module.stateDict(options)`: a fresh copy of every parameter's values. */
export function stateDictOf(module: Module, options: StateDictOptions | undefined): StateDict {
  const layout = checkOptions('stateDict', options, STATE_DICT_OPTIONS).layout ?? 'tapegrad';
  const state: StateDict = {};
  for (const entry of torchParameters(module)) {
    state[layout === 'torch' ? entry.torchName : entry.name] =
      layout === 'torch'
        ? new Tensor(toTorchValues(entry), torchShape(entry))
        : new Tensor(entry.parameter.data.slice(), [...entry.parameter.shape]);
  }
  return state;
}

const formatShape = (shape: readonly number[]) => `[${shape.join(',')}]`;

function refuseValue(name: string, value: unknown, why = ''): never {
  throw new StateDictError(
    `loadStateDict: state['${name}'] must be a Tensor or a { shape, values } record (values a flat array of ` +
      `the shape's size, row-major), got ${describeValue(value)}${why}`,
  );
}

/**
 * The values of a record's `values` (or `data`, as JSON.stringify writes a Tensor, whose Float64Array becomes
 * an object keyed '0', '1', ...), checked to be `size` numbers.
 */
function recordValues(name: string, record: Record<string, unknown>, size: number): Float64Array {
  const field = 'values' in record ? 'values' : 'data';
  const raw = record[field];
  const isIndexed = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  const length =
    Array.isArray(raw) || raw instanceof Float64Array ? raw.length : isIndexed ? Object.keys(raw).length : -1;
  if (length < 0) refuseValue(name, record, `: its '${field}' is ${describeValue(raw)}`);
  if (length !== size) {
    refuseValue(
      name,
      record,
      `: shape ${formatShape(record.shape as number[])} needs ${size} values, '${field}' has ${length}`,
    );
  }
  const source = raw as ArrayLike<unknown> & Record<string, unknown>;
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const value = source[i];
    if (typeof value !== 'number') {
      const hint =
        value === null ? ' (JSON writes NaN and Infinity as null; save() and load() keep them)' : '';
      refuseValue(name, record, `: ${field}[${i}] is ${describeValue(value)}${hint}`);
    }
    values[i] = value;
  }
  return values;
}

/** A state value's shape and values: a Tensor's own, or a record's, checked. */
function readValue(name: string, value: unknown): { shape: readonly number[]; values: Float64Array } {
  if (value instanceof Tensor) return { shape: value.shape, values: value.data };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuseValue(name, value);
  const record = value as Record<string, unknown>;
  const { shape } = record;
  const shapeOk =
    Array.isArray(shape) &&
    shape.every((size) => typeof size === 'number' && Number.isInteger(size) && size >= 0);
  if (!shapeOk) refuseValue(name, value);
  if (!('values' in record || 'data' in record)) {
    refuseValue(name, value, ' with no values');
  }
  const size = (shape as number[]).reduce((product, axis) => product * axis, 1);
  return { shape: shape as number[], values: recordValues(name, record, size) };
}

/** `module.loadStateDict(state, options)`. */
export function loadStateDictInto(
  module: Module,
  state: LoadableStateDict,
  options: LoadStateDictOptions | undefined,
): LoadStateDictResult {
  if (typeof state !== 'object' || state === null || Array.isArray(state) || state instanceof Tensor) {
    refuse('loadStateDict', 'state', 'an object of tensors by parameter name, as stateDict() gives', state);
  }
  if ('namedParameters' in state && typeof state.namedParameters === 'function') {
    refuse('loadStateDict', 'state', 'a state dict: pass model.stateDict(), not the model', state);
  }
  const checked = checkOptions('loadStateDict', options, LOAD_OPTIONS);
  const layout = checked.layout ?? 'tapegrad';
  const strict = checked.strict ?? true;
  const given = new Map(Object.entries(state).map(([name, value]) => [name, readValue(name, value)]));
  const slots = slotsOf(module, layout);
  const keys = new Set(slots.map((slot) => slot.key));
  const missingKeys = slots.map((slot) => slot.key).filter((key) => !given.has(key));
  const unexpectedKeys = [...given.keys()].filter((key) => !keys.has(key));
  const mismatched = slots.flatMap((slot) => {
    const found = given.get(slot.key);
    if (found === undefined || formatShape(found.shape) === formatShape(slot.shape)) return [];
    const [rows, columns] = slot.shape;
    const looksTorch =
      layout === 'tapegrad' &&
      slot.transposed &&
      rows !== columns &&
      formatShape(found.shape) === formatShape([columns!, rows!]);
    const hint = looksTorch ? ": this looks like PyTorch's [out, in] layout; pass { layout: 'torch' }" : '';
    return [
      `${slot.key}: the state has shape ${formatShape(found.shape)}, the model ${formatShape(slot.shape)}${hint}`,
    ];
  });
  const problems = [
    ...(strict && missingKeys.length > 0 ? [`missing: ${missingKeys.join(', ')}`] : []),
    ...(strict && unexpectedKeys.length > 0 ? [`unexpected: ${unexpectedKeys.join(', ')}`] : []),
    ...mismatched,
  ];
  if (problems.length > 0) {
    const where = layout === 'torch' ? ' in the torch layout' : '';
    const names =
      strict && problems.length > mismatched.length
        ? ', or pass { strict: false } to load the names that match'
        : '';
    throw new StateDictError(
      `loadStateDict: the state does not fit ${module.constructor.name}${where}: ${problems.join('; ')}. ` +
        `Build the model with the same sizes as the one that was saved${names}`,
    );
  }
  for (const slot of slots) {
    const found = given.get(slot.key);
    // The data setter copies into the parameter's own storage and counts the change (PyTorch's copy_).
    if (found !== undefined) slot.parameter.data = slot.toModel(found.values);
  }
  return { missingKeys, unexpectedKeys };
}
