/**
 * exportOnnx's options, checked at the call: each wrong value is refused with a ConfigError that names
 * the option and what is valid.
 */
import { Tensor } from '@tapegrad/autograd';
import { ConfigError } from '@tapegrad/nn';
import type { OnnxDtype } from './dtype.ts';

/** The opsets this exporter writes: Softmax takes one axis from 13 on; 17 is the newest Debian's onnx 1.12 checks. */
export const MIN_OPSET = 13;
export const MAX_OPSET = 17;

/** The statistics the model was trained on: X is standardized as (X - mean) / std, per feature. */
export interface StandardizerStats {
  /** [features] */
  readonly mean: Tensor;
  /** [features], each > 0 */
  readonly std: Tensor;
}

export interface ExportOnnxOptions {
  /** The element type of the inputs, weights and outputs. Default 'float64' (tapegrad's own numbers). */
  readonly dtype?: OnnxDtype;
  /** The ONNX operator set, 13 to 17. Default 17. */
  readonly opset?: number;
  /**
   * The training standardizer (`fitStandardizer`'s result, or a run's saved statistics through
   * `standardizerFromStats`): the graph starts with Sub and Div, so it takes the raw features.
   */
  readonly standardizer?: StandardizerStats;
  /**
   * The classes' names, written into the model's metadata_props as `class_names` (a JSON array): one per
   * output unit, or two (the negatives', then the positives') for a single sigmoid unit.
   */
  readonly classNames?: readonly string[];
}

const OPTION_NAMES = ['dtype', 'opset', 'standardizer', 'classNames'];
const DTYPES: readonly OnnxDtype[] = ['float64', 'float32'];

/** A value as a message shows it: a string quoted, anything else as JSON. */
const shown = (value: unknown): string =>
  typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));

/** Throws `exportOnnx: option 'name' must be <rule>, got <what>`. */
function refuseOption(name: string, rule: string, what: string): never {
  throw new ConfigError(`exportOnnx: option '${name}' must be ${rule}, got ${what}`);
}

/** A standardizer's mean and std as numbers, checked against the model's number of inputs. */
function checkedStandardizer(value: unknown, inputs: number): { mean: number[]; std: number[] } {
  const stats = value as Partial<StandardizerStats> | null;
  const rule = `{ mean, std }, two Tensors of ${inputs} numbers (the model's inputs), each std > 0`;
  if (
    typeof stats !== 'object' ||
    stats === null ||
    !(stats.mean instanceof Tensor) ||
    !(stats.std instanceof Tensor)
  ) {
    refuseOption('standardizer', rule, typeof value === 'object' ? 'another object' : shown(value));
  }
  const mean = Array.from(stats.mean.data);
  const std = Array.from(stats.std.data);
  if (mean.length !== inputs || std.length !== inputs) {
    refuseOption('standardizer', rule, `a mean of ${mean.length} and a std of ${std.length}`);
  }
  if (!mean.every(Number.isFinite) || !std.every((s) => Number.isFinite(s) && s > 0)) {
    refuseOption('standardizer', rule, 'a non-finite mean or a std <= 0');
  }
  return { mean, std };
}

/** The options with their defaults, checked against the model's inputs and class count. */
export function checkedOptions(
  options: ExportOnnxOptions,
  inputs: number,
  classCount: number,
): {
  dtype: OnnxDtype;
  opset: number;
  standardizer: { mean: number[]; std: number[] } | undefined;
  classNames: readonly string[] | undefined;
} {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError(`exportOnnx: options must be an object { ${OPTION_NAMES.join(', ')} }`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new ConfigError(
        `exportOnnx: unknown option '${key}'; the options are ${OPTION_NAMES.join(', ')}`,
      );
    }
  }
  const { dtype = 'float64', opset = MAX_OPSET, standardizer, classNames } = options;
  if (!DTYPES.includes(dtype)) refuseOption('dtype', `one of ${DTYPES.join(', ')}`, shown(dtype));
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    refuseOption('opset', `an integer from ${MIN_OPSET} to ${MAX_OPSET}`, shown(opset));
  }
  if (
    classNames !== undefined &&
    (!Array.isArray(classNames) ||
      classNames.length !== classCount ||
      !classNames.every((name) => typeof name === 'string'))
  ) {
    refuseOption(
      'classNames',
      `an array of ${classCount} strings (one per class of the model)`,
      shown(classNames),
    );
  }
  return {
    dtype,
    opset,
    standardizer: standardizer === undefined ? undefined : checkedStandardizer(standardizer, inputs),
    classNames,
  };
}
