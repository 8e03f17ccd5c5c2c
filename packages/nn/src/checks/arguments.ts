/**
 * Runtime checks of the arguments of nn's public functions and constructors, at their boundary: a model
 * or an optimizer may be configured from JavaScript, a config file or a command line, past the type
 * checker. Each check throws a ConfigError naming the function, the argument (or option) and what it got,
 * e.g. `Adam: option 'betas' must be a pair of numbers in [0, 1), got an array of 1`, and returns the value
 * it passed. Option checks are small functions, so that a constructor lists its options in one table.
 */
import { describeValue, Rng, Tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';

/** A value in a message: a number as itself (the rule says what kind), anything else described. */
export function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : describeValue(value);
}

/** Throws `fn: argument 'name' must be <rule>, got <value>`. */
export function refuse(fn: string, name: string, rule: string, value: unknown): never {
  throw new ConfigError(`${fn}: argument '${name}' must be ${rule}, got ${shown(value)}`);
}

/** A Tensor. */
export function checkTensor(fn: string, name: string, value: unknown): Tensor {
  return value instanceof Tensor ? value : refuse(fn, name, 'a Tensor', value);
}

/** An integer >= min (a size, a count). */
export function checkInteger(fn: string, name: string, value: unknown, min = 0): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min
    ? value
    : refuse(fn, name, `an integer >= ${min}`, value);
}

/** A finite number that `valid` accepts; `rule` says which. */
export function checkNumber(
  fn: string,
  name: string,
  value: unknown,
  rule = 'a finite number',
  valid: (value: number) => boolean = () => true,
): number {
  return typeof value === 'number' && Number.isFinite(value) && valid(value)
    ? value
    : refuse(fn, name, rule, value);
}

/** An array (of anything; the caller checks the items). */
export function checkArray(fn: string, name: string, value: unknown, rule = 'an array'): readonly unknown[] {
  return Array.isArray(value) ? value : refuse(fn, name, rule, value);
}

/** The input of a module's forward: a Tensor, or an error naming `Linear.forward` and 'input'. */
export function checkInput(module: object, input: unknown): Tensor {
  return checkTensor(`${module.constructor.name}.forward`, 'input', input);
}

/** A function. */
export function checkFunction<F>(fn: string, name: string, value: F): F {
  return typeof value === 'function' ? value : refuse(fn, name, 'a function', value);
}

/** An Rng. */
export function checkRng(fn: string, name: string, value: unknown): Rng {
  return value instanceof Rng ? value : refuse(fn, name, 'an Rng, e.g. new Rng(42)', value);
}

/** Checks one option's value, given the function's and the option's names for the message. */
export type OptionCheck = (fn: string, name: string, value: unknown) => unknown;

/** Throws `fn: option 'name' must be <rule>, got <value>`. */
export function refuseOption(fn: string, name: string, rule: string, value: unknown): never {
  throw new ConfigError(`${fn}: option '${name}' must be ${rule}, got ${shown(value)}`);
}

/**
 * An options object: undefined (every default) or a plain object whose keys are all in `schema`, each value
 * that is not undefined passing its check. An unknown key is refused, as PyTorch refuses an unknown
 * keyword argument: `{ weight_decay: 0.1 }` would otherwise be dropped without a word.
 */
export function checkOptions<T extends object>(
  fn: string,
  options: T | undefined,
  schema: Readonly<Record<string, OptionCheck>>,
  name = 'options',
): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return refuse(fn, name, 'an object', options);
  }
  for (const key in options) {
    if (!Object.hasOwn(options, key)) continue;
    const check = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (check === undefined) {
      throw new ConfigError(
        `${fn}: unknown option '${key}'; the options are ${Object.keys(schema).join(', ')}`,
      );
    }
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) check(fn, key, value);
  }
  return options;
}

/** A number of any value: the caller checks its range with its own message. */
export const anyNumber: OptionCheck = (fn, name, value) =>
  typeof value === 'number' ? value : refuseOption(fn, name, 'a number', value);

/** Any value: the caller checks it with its own message (the key is still checked to be known). */
export const anyValue: OptionCheck = (_fn, _name, value) => value;

/** true or false. */
export const booleanOption: OptionCheck = (fn, name, value) =>
  typeof value === 'boolean' ? value : refuseOption(fn, name, 'true or false', value);

/** A string (a name checked against its list afterwards, by the caller's own message). */
export const stringOption: OptionCheck = (fn, name, value) =>
  typeof value === 'string' ? value : refuseOption(fn, name, 'a string', value);

/** An Rng. */
export const rngOption: OptionCheck = (fn, name, value) =>
  value instanceof Rng ? value : refuseOption(fn, name, 'an Rng, e.g. new Rng(42)', value);

/** A function. */
export const functionOption: OptionCheck = (fn, name, value) =>
  typeof value === 'function' ? value : refuseOption(fn, name, 'a function', value);

/** An integer >= min. */
export const integerOption =
  (min: number): OptionCheck =>
  (fn, name, value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min
      ? value
      : refuseOption(fn, name, `an integer >= ${min}`, value);

/** A finite number that `valid` accepts; `rule` says which. */
export const numberOption =
  (rule: string, valid: (value: number) => boolean = () => true): OptionCheck =>
  (fn, name, value) =>
    typeof value === 'number' && Number.isFinite(value) && valid(value)
      ? value
      : refuseOption(fn, name, rule, value);

/** A finite number >= 0 (a rate, a penalty, a standard deviation). */
export const nonNegativeOption = numberOption('a finite number >= 0', (value) => value >= 0);

/** One of `names`. */
export const oneOfOption =
  (names: readonly string[]): OptionCheck =>
  (fn, name, value) =>
    typeof value === 'string' && names.includes(value)
      ? value
      : refuseOption(fn, name, `one of ${names.map((n) => `'${n}'`).join(', ')}`, value);

/** An integer seed. */
export const seedOption: OptionCheck = (fn, name, value) =>
  Number.isInteger(value) ? value : refuseOption(fn, name, 'an integer seed', value);

/** An instance of `type` (a TwoLayerNet, an MLP, a Module); `rule` names it in the message. */
export function checkInstance<T>(
  fn: string,
  name: string,
  value: unknown,
  type: abstract new (...args: never[]) => T,
  rule: string,
): T {
  return value instanceof type ? value : refuse(fn, name, rule, value);
}
