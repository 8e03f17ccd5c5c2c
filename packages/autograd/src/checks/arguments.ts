/**
 * Runtime checks of a public function's arguments, at its boundary: TypeScript's types vanish at run time,
 * and a caller from JavaScript, a config file or a command line may pass anything. Each check throws an
 * ArgumentError naming the function, the argument and what it got, e.g.
 * `matmul: argument 'other' must be a Tensor, got number 2`, and returns the value it passed, narrowed.
 * They are cheap (a typeof or an instanceof, no allocation unless they throw), since ops run millions of
 * times.
 */
import { ArgumentError, describeValue } from '../errors.ts';
import { Tensor, type TensorLike } from '../tensor/tensor.ts';

export { describeValue };

/** Throws `fn: argument 'name' must be <rule>, got <value>`. */
export function refuse(fn: string, name: string, rule: string, value: unknown): never {
  throw new ArgumentError(`${fn}: argument '${name}' must be ${rule}, got ${describeValue(value)}`);
}

/** A Tensor, where PyTorch takes only a tensor (matmul's operands, a unary op's input). */
export function checkTensor(fn: string, name: string, value: unknown): Tensor {
  if (value instanceof Tensor) return value;
  return refuse(fn, name, 'a Tensor', value);
}

/** A Tensor or a number, where an op takes a second operand (add, where, clamp's bounds). */
export function checkTensorLike(fn: string, name: string, value: unknown): TensorLike {
  if (typeof value === 'number' || value instanceof Tensor) return value;
  return refuse(fn, name, 'a Tensor or a number', value);
}

/** A non-empty array of Tensors (concat, stack). */
export function checkTensorList(fn: string, name: string, value: unknown): readonly Tensor[] {
  if (!Array.isArray(value)) return refuse(fn, name, 'an array of Tensors', value);
  value.forEach((item: unknown, i) => {
    if (!(item instanceof Tensor)) refuse(fn, `${name}[${i}]`, 'a Tensor', item);
  });
  return value as readonly Tensor[];
}

/** An integer in [min, max]: a size, a count, a seed. */
export function checkInteger(
  fn: string,
  name: string,
  value: unknown,
  min = -Infinity,
  max = Infinity,
): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const range =
    min === -Infinity && max === Infinity ? '' : max === Infinity ? ` >= ${min}` : ` in ${min}..${max}`;
  return refuse(fn, name, `an integer${range}`, value);
}

/** A number, finite unless `finite` is false (a fill value may be NaN or Infinity). */
export function checkNumber(fn: string, name: string, value: unknown, finite = true): number {
  if (typeof value === 'number' && (!finite || Number.isFinite(value))) return value;
  return refuse(fn, name, finite ? 'a finite number' : 'a number', value);
}

/** true or false. */
export function checkBoolean(fn: string, name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return refuse(fn, name, 'true or false', value);
}

/** A function (grad's f, noGrad's fn, a backward rule). */
export function checkFunction<F>(fn: string, name: string, value: F): F {
  if (typeof value === 'function') return value;
  return refuse(fn, name, 'a function', value);
}

/** A string (an op's name). */
export function checkString(fn: string, name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  return refuse(fn, name, 'a string', value);
}

/** Checks one option's value; given the option's name for the message. */
export type OptionCheck = (fn: string, name: string, value: unknown) => unknown;

/**
 * An options object: undefined (all defaults) or a plain object whose keys are all in `schema`, each
 * present value passing its check. An unknown key is refused, as PyTorch refuses an unknown keyword
 * argument: `{ requiresgrad: true }` would otherwise be ignored without a word.
 * @example checkOptions('zeros', options, { requiresGrad: optionalBoolean });
 */
export function checkOptions<T extends object>(
  fn: string,
  options: T | undefined,
  schema: Readonly<Record<string, OptionCheck>>,
  name = 'options',
): T | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return refuse(fn, name, 'an object', options);
  }
  // for-in, not Object.keys: no array made on the paths that pass options on every call.
  for (const key in options) {
    if (!Object.hasOwn(options, key)) continue;
    const check = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (check === undefined) {
      throw new ArgumentError(
        `${fn}: unknown option '${key}'; the options are ${Object.keys(schema).join(', ') || 'none'}`,
      );
    }
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) check(fn, key, value);
  }
  return options;
}

/** An option that is true or false. */
export const booleanOption: OptionCheck = (fn, name, value) =>
  typeof value === 'boolean' ? value : refuseOption(fn, name, 'true or false', value);

/** Throws `fn: option 'name' must be <rule>, got <value>`. */
export function refuseOption(fn: string, name: string, rule: string, value: unknown): never {
  throw new ArgumentError(`${fn}: option '${name}' must be ${rule}, got ${describeValue(value)}`);
}
