import {
  booleanOption,
  checkInteger,
  checkNumber,
  checkOptions,
  checkTensor,
  refuse,
  refuseOption,
} from '../checks/arguments.ts';
import { ArgumentError, describeValue, ShapeError } from '../errors.ts';
import { checkShape, formatShape, type Shape, sizeOf } from '../shape/shape.ts';
import { fromNested, type NestedInput } from './nested.ts';
import { Tensor, type TensorLike } from './tensor.ts';

export interface CreateOptions {
  /** Record ops on this tensor so `backward()` can fill its `.grad`. Default false. */
  readonly requiresGrad?: boolean;
}

export interface FromArrayOptions extends CreateOptions {
  /** The shape of a flat Float64Array (default: 1-D). */
  readonly shape?: Shape;
}

/**
 * Creates a tensor from a number (0-d), nested arrays, or a Float64Array with a shape (copied).
 * @example
 * tensor(3.5);                                   // 0-d
 * tensor([[1, 2, 3], [4, 5, 6]]);                // shape [2, 3]
 * tensor(new Float64Array(6), { shape: [2, 3], requiresGrad: true });
 */
export function tensor(values: NestedInput | Float64Array, options: FromArrayOptions = {}): Tensor {
  checkOptions('tensor', options, FROM_ARRAY_OPTIONS);
  if (typeof values !== 'number' && !Array.isArray(values) && !(values instanceof Float64Array)) {
    refuse('tensor', 'values', 'a number, nested arrays of numbers or a Float64Array', values);
  }
  const parsed =
    values instanceof Float64Array ? { data: values.slice(), shape: [values.length] } : fromNested(values);
  const shape = fittedShape('tensor', parsed.data.length, options.shape, parsed.shape);
  return new Tensor(parsed.data, shape, { requiresGrad: options.requiresGrad ?? false });
}

/** What `requiresGrad` may be, for every creation function's options. */
export const CREATE_OPTIONS = { requiresGrad: booleanOption } as const;
/** The options of tensor() and asTensor(). */
const FROM_ARRAY_OPTIONS = {
  ...CREATE_OPTIONS,
  shape: (fn: string, name: string, value: unknown) =>
    Array.isArray(value) ? checkShape(fn, value, name) : refuseOption(fn, name, 'an array of sizes', value),
} as const;

/** The shape asked for, checked to hold exactly `length` values, or the one the values came with. */
function fittedShape(op: string, length: number, requested: Shape | undefined, inferred: Shape): Shape {
  const shape = requested === undefined ? inferred : [...checkShape(op, requested)];
  if (sizeOf(shape) !== length) {
    throw new ShapeError(
      `${op}: ${length} values cannot fill shape ${formatShape(shape)} of ${sizeOf(shape)} elements`,
    );
  }
  return shape;
}

/**
 * Wraps a Float64Array as a tensor without copying it (PyTorch's `torch.as_tensor`): the tensor reads the
 * array's memory, so a later write to the array shows in the tensor, and an optimizer stepping the tensor
 * writes into the array. A `subarray` view works, which makes a mini-batch of a large dataset free.
 * @example
 * const rows = new Float64Array(60000 * 784);
 * asTensor(rows.subarray(0, 128 * 784), { shape: [128, 784] }); // the first 128 rows, no copy
 */
export function asTensor(data: Float64Array, options: FromArrayOptions = {}): Tensor {
  checkOptions('asTensor', options, FROM_ARRAY_OPTIONS);
  if (!(data instanceof Float64Array)) {
    throw new ArgumentError(
      `asTensor: argument 'data' must be a Float64Array, got ${describeValue(data)}; use tensor() to copy other values`,
    );
  }
  const shape = fittedShape('asTensor', data.length, options.shape, [data.length]);
  return new Tensor(data, shape, { requiresGrad: options.requiresGrad ?? false });
}

/** A number as a 0-d constant tensor; a tensor as itself. */
export function toTensor(value: TensorLike): Tensor {
  if (typeof value !== 'number') return value;
  const data = new Float64Array(1); // faster than Float64Array.of, on a path every number operand takes
  data[0] = value;
  return new Tensor(data, []);
}

/**
 * An op's operand as a tensor: a number as a 0-d constant, a tensor as itself, anything else refused naming
 * the op and the argument (`add: argument 'other' must be a Tensor or a number, got string 'abc'`).
 */
export function toOperand(op: string, name: string, value: TensorLike): Tensor {
  if (typeof value === 'number') return toTensor(value);
  if (!(value instanceof Tensor)) {
    throw new ArgumentError(
      `${op}: argument '${name}' must be a Tensor or a number, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** Every element `value`; `op` is the function the caller called, for the error message. */
function filled(op: string, shape: Shape, value: number, options: CreateOptions): Tensor {
  checkShape(op, shape);
  checkOptions(op, options, CREATE_OPTIONS);
  return new Tensor(new Float64Array(sizeOf(shape)).fill(value), [...shape], options);
}

/**
 * The arguments of a creation function that takes a shape as PyTorch does, either as one array or as
 * separate sizes: `zeros([2, 3], options)` or `zeros(2, 3, options)`. `Tail` is what may follow the shape.
 */
export type SizesThen<Tail extends unknown[]> =
  | [shape: Shape, ...tail: Tail]
  | [...sizes: number[], ...tail: Tail];

/**
 * Splits `args` into the shape (a leading array, or the leading numbers) and the arguments after it. The
 * shape is checked as an array shape is; a first argument that is neither is refused as 'shape', and so is
 * a string, boolean or null among separate sizes (zeros(2, '3')). `after` says what may follow the sizes.
 */
export function splitShapeArgs(
  fn: string,
  args: readonly unknown[],
  after = 'the options',
): { shape: Shape; rest: unknown[] } {
  const first = args[0];
  if (Array.isArray(first)) return { shape: checkShape(fn, first), rest: args.slice(1) };
  if (typeof first !== 'number') {
    return refuse(fn, 'shape', `sizes such as ${fn}(2, 3) or an array of them such as ${fn}([2, 3])`, first);
  }
  let count = 1;
  while (count < args.length && typeof args[count] === 'number') count++;
  const next = args[count];
  if (typeof next === 'string' || typeof next === 'boolean' || next === null) {
    refuse(fn, 'shape', `integer sizes such as ${fn}(2, 3), followed only by ${after}`, next);
  }
  return { shape: checkShape(fn, args.slice(0, count) as number[]), rest: args.slice(count) };
}

/** The options after a shape (and rand's Rng): at most one argument, an options object or nothing. */
export function optionsAfterShape(fn: string, rest: readonly unknown[]): CreateOptions {
  if (rest.length > 1) {
    throw new ArgumentError(
      `${fn}: ${rest.length} arguments after the shape, where only the options may go: ${rest.map(describeValue).join(', ')}`,
    );
  }
  return checkOptions(fn, rest[0] as CreateOptions | undefined, CREATE_OPTIONS) ?? {};
}

/** A tensor of `shape` with every element `value`. */
export function full(shape: Shape, value: number, options: CreateOptions = {}): Tensor {
  checkNumber('full', 'value', value, false);
  return filled('full', shape, value, options);
}

/**
 * A tensor of zeros; the shape as an array or as separate sizes, as in PyTorch.
 * @example zeros([2, 3]); zeros(2, 3); zeros(2, 3, { requiresGrad: true });
 */
export function zeros(...args: SizesThen<[options?: CreateOptions]>): Tensor {
  return filledFromArgs('zeros', args, 0);
}

/**
 * A tensor of ones; the shape as an array or as separate sizes, as in PyTorch.
 * @example ones([2, 3]); ones(2, 3); ones(2, 3, { requiresGrad: true });
 */
export function ones(...args: SizesThen<[options?: CreateOptions]>): Tensor {
  return filledFromArgs('ones', args, 1);
}

/**
 * PyTorch's torch.empty, which hands out uninitialised memory: tapegrad never does, so this is zeros (a
 * Float64Array starts zeroed). Kept so that a PyTorch program's `empty(2, 3)` runs as written.
 * @example empty(2, 3); empty([2, 3], { requiresGrad: true });
 */
export function empty(...args: SizesThen<[options?: CreateOptions]>): Tensor {
  return filledFromArgs('empty', args, 0);
}

/** zeros, ones and empty: the shape and options from `args`, every element `value`. */
function filledFromArgs(fn: string, args: readonly unknown[], value: number): Tensor {
  const { shape, rest } = splitShapeArgs(fn, args);
  return filled(fn, shape, value, optionsAfterShape(fn, rest));
}

export function zerosLike(like: Tensor, options: CreateOptions = {}): Tensor {
  return filled('zerosLike', checkTensor('zerosLike', 'input', like).shape, 0, options);
}

export function onesLike(like: Tensor, options: CreateOptions = {}): Tensor {
  return filled('onesLike', checkTensor('onesLike', 'input', like).shape, 1, options);
}

/** The n-by-m identity matrix (m defaults to n). */
export function eye(n: number, m: number = n, options: CreateOptions = {}): Tensor {
  checkInteger('eye', 'n', n, 0);
  checkInteger('eye', 'm', m, 0);
  const result = filled('eye', [n, m], 0, options);
  for (let i = 0; i < Math.min(n, m); i++) result.data[i * m + i] = 1;
  return result;
}

/**
 * Values from `start` up to, not including, `end` in steps of `step`, as torch.arange:
 * `arange(4)` is [0, 1, 2, 3]; `arange(1, 2, 0.25)` is [1, 1.25, 1.5, 1.75].
 */
export function arange(startOrEnd: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  checkNumber('arange', 'start', startOrEnd);
  if (end !== undefined) checkNumber('arange', 'end', end);
  checkNumber('arange', 'step', step);
  checkOptions('arange', options, CREATE_OPTIONS);
  const [start, stop] = end === undefined ? [0, startOrEnd] : [startOrEnd, end];
  if (step === 0 || !Number.isFinite(step) || !Number.isFinite(start) || !Number.isFinite(stop)) {
    throw new ArgumentError(
      `arange: start ${start}, end ${stop} and step ${step} must be finite, and step non-zero`,
    );
  }
  const count = Math.max(0, Math.ceil((stop - start) / step));
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = start + i * step;
  return new Tensor(data, [count], options);
}

/** `steps` evenly spaced values from `start` to `end`, both included, as torch.linspace. */
export function linspace(start: number, end: number, steps: number, options: CreateOptions = {}): Tensor {
  checkNumber('linspace', 'start', start);
  checkNumber('linspace', 'end', end);
  checkInteger('linspace', 'steps', steps, 0);
  checkOptions('linspace', options, CREATE_OPTIONS);
  const data = new Float64Array(steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Filling from both ends makes the last value exactly `end`, as PyTorch does; one step gives [start].
  const half = steps === 1 ? 1 : Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + i * delta : end - (steps - 1 - i) * delta;
  return new Tensor(data, [steps], options);
}
