/**
 * A module's parameters as a safetensors file and back, in tapegrad's layout or PyTorch's
 * (see torch-layout.ts). The file's `__metadata__` says how it was written:
 *
 * - `tapegrad.layout`: 'tapegrad' or 'torch';
 * - `tapegrad.architecture`: for a TwoLayerNet or an MLP, the JSON of `networkConfig(net)`, enough to build
 *   the network again with `buildNetwork`;
 * - `format`: 'pt' in the torch layout, as PyTorch's `safetensors.torch.save_file` writes it;
 * - and any string metadata the caller adds.
 */
import { Tensor } from '@tapegrad/autograd';
import { booleanOption, checkOptions, oneOfOption, refuse, refuseOption } from '../checks/arguments.ts';
import { ConfigError, DataError, StateDictError } from '../errors.ts';
import { MLP } from '../models/mlp.ts';
import { TwoLayerNet } from '../models/two-layer-net.ts';
import { Module, type StateDict } from '../module/module.ts';
import { networkConfig } from './model-file.ts';
import {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsDtype,
  type SafetensorsEntry,
} from './safetensors-format.ts';
import { fromTorchValues, torchParameters, torchShape, toTorchValues } from './torch-layout.ts';

/** Whose conventions the names and shapes follow: tapegrad's ([in, out] weights) or PyTorch's. */
export type SafetensorsLayout = 'tapegrad' | 'torch';

/** The element type written: float64 (exact), or float32 (half the size, what most PyTorch models use). */
export type SafetensorsDtypeName = 'float64' | 'float32';

export interface SafetensorsWriteOptions {
  /** Default 'float64'. */
  readonly dtype?: SafetensorsDtypeName;
  /** Default 'tapegrad'; 'torch' writes what `torch.nn.Sequential(...).load_state_dict` takes. */
  readonly layout?: SafetensorsLayout;
  /** More `__metadata__` (string values); the keys tapegrad writes itself cannot be set here. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface SafetensorsLoadOptions {
  /** The layout the file was written in. Default 'tapegrad'. */
  readonly layout?: SafetensorsLayout;
  /** Every parameter present and no other name (default true, as PyTorch's load_state_dict). */
  readonly strict?: boolean;
  /** Refuse a tensor of another dtype; default either is read (float32 widened to float64). */
  readonly dtype?: SafetensorsDtypeName;
}

/** What a load found: the names that were not in the file and the names it had besides (strict: false). */
export interface SafetensorsLoadReport {
  readonly missing: string[];
  readonly unexpected: string[];
  readonly metadata: Record<string, string>;
}

const DTYPES: Readonly<Record<SafetensorsDtypeName, SafetensorsDtype>> = { float64: 'F64', float32: 'F32' };
const LAYOUTS: readonly SafetensorsLayout[] = ['tapegrad', 'torch'];
const RESERVED_METADATA = ['format', 'tapegrad.layout', 'tapegrad.architecture'];

const metadataOption = (fn: string, name: string, value: unknown) => {
  const isStrings =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string');
  if (!isStrings) refuseOption(fn, name, 'an object of string values', value);
  const reserved = Object.keys(value as object).find((key) => RESERVED_METADATA.includes(key));
  if (reserved !== undefined) {
    throw new ConfigError(
      `${fn}: option '${name}' has the key '${reserved}', which tapegrad writes itself ` +
        `(${RESERVED_METADATA.join(', ')}); use another key`,
    );
  }
};

const WRITE_OPTIONS = {
  dtype: oneOfOption(Object.keys(DTYPES)),
  layout: oneOfOption(LAYOUTS),
  metadata: metadataOption,
};
const LOAD_OPTIONS = {
  layout: oneOfOption(LAYOUTS),
  strict: booleanOption,
  dtype: oneOfOption(Object.keys(DTYPES)),
};

/** The tensors to write for a module or a state dict, named and shaped for `layout`. */
function entriesOf(fn: string, source: Module | StateDict, layout: SafetensorsLayout): SafetensorsEntry[] {
  if (source instanceof Module) {
    return torchParameters(source).map((entry) =>
      layout === 'torch'
        ? { name: entry.torchName, shape: torchShape(entry), data: toTorchValues(entry) }
        : { name: entry.name, shape: entry.parameter.shape, data: entry.parameter.data },
    );
  }
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    refuse(fn, 'source', 'a Module or a state dict (an object of Tensors by name)', source);
  }
  const entries = Object.entries(source).map(([name, value]) => {
    if (!(value instanceof Tensor)) refuse(fn, `source['${name}']`, 'a Tensor', value);
    if (name === '__metadata__')
      refuse(fn, 'source', "free of the name '__metadata__' (the header's own)", name);
    return { name, shape: value.shape, data: value.data };
  });
  if (layout === 'torch') {
    refuseOption(
      fn,
      'layout',
      "'tapegrad' for a state dict ('torch' needs the Module, to find its Linear weights)",
      layout,
    );
  }
  return entries;
}

/**
 * A module's parameters (or a state dict) as the bytes of a safetensors file.
 * @example
 * const bytes = safetensorsBytes(net, { layout: 'torch' }); // '0.weight' [16, 2], '0.bias', '2.weight', '2.bias'
 * // in PyTorch: torch.nn.Sequential(Linear(2, 16), Tanh(), Linear(16, 1), Sigmoid()).load_state_dict(...)
 */
export function safetensorsBytes(
  source: Module | StateDict,
  options: SafetensorsWriteOptions = {},
): Uint8Array {
  return encodeModule('safetensorsBytes', source, options);
}

/** `safetensorsBytes` for the function `fn`, which its errors name. */
export function encodeModule(
  fn: string,
  source: Module | StateDict,
  options: SafetensorsWriteOptions,
): Uint8Array {
  const checked = checkOptions(fn, options, WRITE_OPTIONS);
  const layout = checked.layout ?? 'tapegrad';
  const dtype = DTYPES[checked.dtype ?? 'float64'];
  const entries = entriesOf(fn, source, layout);
  for (const entry of entries) {
    const index = entry.data.findIndex(
      (value) => !Number.isFinite(dtype === 'F32' ? Math.fround(value) : value),
    );
    if (index >= 0) {
      throw new DataError(
        `${fn}: tensor '${entry.name}' holds ${entry.data[index]} at flat index ${index}, which ${dtype} cannot ` +
          'carry as a finite number; a model to share has finite weights',
      );
    }
  }
  const metadata: Record<string, string> = { ...checked.metadata, 'tapegrad.layout': layout };
  if (layout === 'torch') metadata.format = 'pt';
  if (source instanceof TwoLayerNet || source instanceof MLP) {
    metadata['tapegrad.architecture'] = JSON.stringify(networkConfig(source));
  }
  return encodeSafetensors(entries, dtype, metadata);
}

/** One parameter as the file names and shapes it, and how its values come back into the module. */
interface Expected {
  readonly fileName: string;
  readonly shape: readonly number[];
  readonly parameter: Tensor;
  readonly toModule: (values: Float64Array) => Float64Array;
}

function expectedTensors(module: Module, layout: SafetensorsLayout): Expected[] {
  return torchParameters(module).map((entry) =>
    layout === 'torch'
      ? {
          fileName: entry.torchName,
          shape: torchShape(entry),
          parameter: entry.parameter,
          toModule: (values) => fromTorchValues(entry, values),
        }
      : {
          fileName: entry.name,
          shape: entry.parameter.shape,
          parameter: entry.parameter,
          toModule: (values) => values,
        },
  );
}

/**
 * Loads a safetensors file's bytes into `module`'s parameters; `fn` and `file` (a path, or 'bytes') name errors.
 * Nothing is changed unless every check passes.
 */
export function loadIntoModule(
  fn: string,
  file: string,
  module: Module,
  bytes: Uint8Array,
  options: SafetensorsLoadOptions,
): SafetensorsLoadReport {
  if (!(module instanceof Module))
    refuse(fn, 'module', 'a Module (a TwoLayerNet, an MLP, a Sequential...)', module);
  const checked = checkOptions(fn, options, LOAD_OPTIONS);
  const layout = checked.layout ?? 'tapegrad';
  const strict = checked.strict ?? true;
  const contents = decodeSafetensors(fn, file, bytes);
  const where = `${fn}: ${file}`;
  const writtenLayout = contents.metadata['tapegrad.layout'];
  if (writtenLayout !== undefined && writtenLayout !== layout) {
    throw new StateDictError(
      `${where} was written in the '${writtenLayout}' layout; load it with { layout: '${writtenLayout}' }`,
    );
  }
  const expected = expectedTensors(module, layout);
  const expectedNames = new Set(expected.map((entry) => entry.fileName));
  const missing = expected
    .map((entry) => entry.fileName)
    .filter((name) => !Object.hasOwn(contents.tensors, name));
  const unexpected = Object.keys(contents.tensors).filter((name) => !expectedNames.has(name));
  if (strict && (missing.length > 0 || unexpected.length > 0)) {
    const problems = [
      ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
      ...(unexpected.length > 0 ? [`unexpected ${unexpected.join(', ')}`] : []),
    ];
    const hint = layout === 'tapegrad' ? " (a file from PyTorch loads with { layout: 'torch' })" : '';
    throw new StateDictError(
      `${where} does not fit ${module.describe()} in the ${layout} layout: ${problems.join('; ')}. ` +
        `Build the model with the architecture that was saved, or pass { strict: false }${hint}`,
    );
  }
  const wantedDtype = checked.dtype === undefined ? undefined : DTYPES[checked.dtype];
  const loads: [Tensor, Float64Array][] = [];
  for (const entry of expected) {
    if (!Object.hasOwn(contents.tensors, entry.fileName)) continue;
    const found = contents.tensors[entry.fileName]!;
    const dtype = contents.dtypes[entry.fileName];
    if (wantedDtype !== undefined && dtype !== wantedDtype) {
      throw new StateDictError(
        `${where}: tensor '${entry.fileName}' is ${dtype}; expected ${wantedDtype} (option dtype)`,
      );
    }
    if (found.shape.join(',') !== entry.shape.join(',')) {
      throw new StateDictError(
        `${where}: tensor '${entry.fileName}' has shape [${found.shape.join(',')}]; ${module.describe()} ` +
          `expects [${entry.shape.join(',')}] in the ${layout} layout`,
      );
    }
    const index = found.data.findIndex((value) => !Number.isFinite(value));
    if (index >= 0) {
      throw new StateDictError(
        `${where}: tensor '${entry.fileName}' holds ${found.data[index]} at flat index ${index}; weights must be finite`,
      );
    }
    loads.push([entry.parameter, entry.toModule(found.data)]);
  }
  for (const [parameter, values] of loads) parameter.data.set(values);
  return {
    missing: strict ? [] : missing,
    unexpected: strict ? [] : unexpected,
    metadata: contents.metadata,
  };
}

/**
 * Loads the bytes of a safetensors file into `module`'s parameters, checking every name, shape and value
 * first (nothing changes unless all pass). strict (default true) refuses missing or unexpected names;
 * `strict: false` loads what fits and reports the rest.
 * @example
 * const net = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1 });
 * loadSafetensorsInto(net, bytesFromPyTorch, { layout: 'torch' }); // { missing: [], unexpected: [], metadata }
 */
export function loadSafetensorsInto(
  module: Module,
  bytes: Uint8Array,
  options: SafetensorsLoadOptions = {},
): SafetensorsLoadReport {
  return loadIntoModule('loadSafetensorsInto', 'bytes', module, bytes, options);
}
