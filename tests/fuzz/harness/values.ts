/**
 * The vocabulary of the public-API fuzz: each argument of a public function is a `Param`, a way to make a
 * valid value and a list of invalid ones (`Bad`). An invalid value is one PyTorch refuses and tapegrad does
 * not document as accepted: a number where a tensor operand of add goes is valid, so `tensorLike` has no
 * number among its bad values, while `tensor` (matmul's operand, torch.matmul refuses 2) has.
 */

/** One invalid value of an argument. `mention` is another text the error may name it by (a bad key). */
export interface Bad {
  readonly label: string;
  readonly make: () => unknown;
  /** The name the error must contain for this value; the param's name when left out. */
  readonly mention?: string;
  /** The function the error must name, where it is not the spec's (broadcastShapes' own `op`). */
  readonly fn?: string;
}

/** One argument of a public function: its name in error messages, a valid value, and invalid ones. */
export interface Param {
  readonly name: string;
  readonly valid: () => unknown;
  readonly bads: readonly Bad[];
}

const bad = (label: string, make: () => unknown, mention?: string): Bad =>
  mention === undefined ? { label, make } : { label, make, mention };

/** Values of the wrong JavaScript type for anything: the list. */
const WRONG_TYPES: Record<string, Bad> = {
  undefined: bad('undefined', () => undefined),
  null: bad('null', () => null),
  string: bad("'abc'", () => 'abc'),
  boolean: bad('true', () => true),
  object: bad('{}', () => ({})),
  array: bad('[]', () => []),
  function: bad('() => 0', () => () => 0),
};

type TypeName = keyof typeof WRONG_TYPES;

/** The wrong-type values except those named (which are valid for this argument). */
export function wrongTypes(...except: TypeName[]): Bad[] {
  return Object.entries(WRONG_TYPES)
    .filter(([type]) => !except.includes(type))
    .map(([, value]) => value);
}

const numberBads = (values: readonly number[]): Bad[] =>
  values.map((value) => bad(String(value), () => value));

/** Options shared by the builders: an optional argument may be left out, so undefined is valid for it. */
interface Optional {
  readonly optional?: boolean;
}

const missing = (optional: boolean | undefined): TypeName[] => (optional ? ['undefined'] : []);

/** A Tensor argument that does not take a number (matmul's operands, a unary op's input). */
export function tensorParam(name: string, valid: () => unknown, extra: readonly Bad[] = []): Param {
  return {
    name,
    valid,
    bads: [
      ...wrongTypes(),
      ...numberBads([2, Number.NaN]),
      bad('[1, 2]', () => [1, 2]),
      bad('Float64Array', () => Float64Array.of(1)),
      ...extra,
    ],
  };
}

/** A second operand: a Tensor or a number (add, mul, where, clamp bounds). */
export function tensorLikeParam(
  name: string,
  valid: () => unknown,
  options: Optional & { nullable?: boolean } = {},
): Param {
  const except: TypeName[] = [...missing(options.optional), ...(options.nullable ? (['null'] as const) : [])];
  return {
    name,
    valid,
    bads: [...wrongTypes(...except), bad('[1, 2]', () => [1, 2]), bad("'2'", () => '2')],
  };
}

/** An integer argument in [min, max]: a size, a count, a seed. */
export function integerParam(
  name: string,
  valid: unknown,
  limits: Optional & { readonly min?: number; readonly max?: number } = {},
): Param {
  const outside = [
    ...(limits.min === undefined ? [] : [limits.min - 1]),
    ...(limits.max === undefined ? [] : [limits.max + 1]),
  ];
  return {
    name,
    valid: () => valid,
    bads: [
      ...wrongTypes(...missing(limits.optional)),
      ...numberBads([Number.NaN, Number.POSITIVE_INFINITY, 1.5, ...outside]),
      bad("'1'", () => '1'),
    ],
  };
}

/** A number argument; `outside` lists values out of its range (NaN is always bad). */
export function numberParam(
  name: string,
  valid: unknown,
  outside: readonly number[],
  options: Optional = {},
): Param {
  return {
    name,
    valid: () => valid,
    bads: [
      ...wrongTypes(...missing(options.optional)),
      ...numberBads([Number.NaN, ...outside]),
      bad("'1'", () => '1'),
    ],
  };
}

/** An axis of a tensor of `ndim` axes. */
export function axisParam(name: string, valid: unknown, ndim: number, options: Optional = {}): Param {
  return {
    name,
    valid: () => valid,
    bads: [
      ...wrongTypes(...missing(options.optional)),
      ...numberBads([Number.NaN, Number.POSITIVE_INFINITY, 0.5, ndim, -ndim - 1]),
      bad("'0'", () => '0'),
    ],
  };
}

/** An axis or a list of axes (reductions). */
export function axesParam(name: string, valid: unknown, ndim: number): Param {
  const axis = axisParam(name, valid, ndim, { optional: true });
  return {
    name,
    valid: () => valid,
    bads: [
      ...axis.bads.filter((value) => value.label !== '[]'),
      bad("['a']", () => ['a']),
      bad(`[${ndim}]`, () => [ndim]),
      bad('[0, 0]', () => [0, 0]),
    ],
  };
}

/** A shape: an array of non-negative integer sizes. */
export function shapeParam(name: string, valid: () => unknown, options: Optional = {}): Param {
  return {
    name,
    valid,
    bads: [
      ...wrongTypes('array', ...missing(options.optional)),
      bad("['2']", () => ['2']),
      bad('[-1]', () => [-1]),
      bad('[1.5]', () => [1.5]),
      bad('[NaN]', () => [Number.NaN]),
      bad('[Infinity]', () => [Number.POSITIVE_INFINITY]),
      bad('[[2]]', () => [[2]]),
      bad('[null]', () => [null]),
    ],
  };
}

/** A boolean flag. */
export function booleanParam(name: string, valid: unknown, options: Optional = {}): Param {
  return {
    name,
    valid: () => valid,
    bads: [
      ...wrongTypes('boolean', ...missing(options.optional)),
      ...numberBads([1]),
      bad("'yes'", () => 'yes'),
    ],
  };
}

/** A function argument (grad's f, a loss function). */
export function functionParam(name: string, valid: () => unknown, options: Optional = {}): Param {
  return { name, valid, bads: [...wrongTypes('function', ...missing(options.optional)), ...numberBads([1])] };
}

/** One of a list of names. */
export function enumParam(name: string, valid: unknown, options: Optional = {}): Param {
  return {
    name,
    valid: () => valid,
    bads: [...wrongTypes(...missing(options.optional)), bad("'bogus'", () => 'bogus'), ...numberBads([1])],
  };
}

/** Any argument with its own list of bad values. */
export function customParam(name: string, valid: () => unknown, bads: readonly Bad[]): Param {
  return { name, valid, bads };
}

/** `bad` for the specs' own lists. */
export { bad };

/**
 * An options object: wrong types for the whole object, an unknown key, and each field's bad values in
 * an otherwise valid object (the error must then name the key).
 */
export function optionsParam(
  name: string,
  valid: () => Record<string, unknown>,
  fields: Record<string, Param>,
  options: Optional & { readonly unknownKeys?: boolean; readonly required?: string } = {},
): Param {
  const fieldBads = Object.entries(fields).flatMap(([key, field]) =>
    field.bads.map((value) =>
      bad(`{ ${key}: ${value.label} }`, () => ({ ...valid(), [key]: value.make() }), value.mention ?? key),
    ),
  );
  const unknown =
    options.unknownKeys === false
      ? []
      : [bad('{ bogusKey: 1 }', () => ({ ...valid(), bogusKey: 1 }), 'bogusKey')];
  return {
    name,
    valid,
    bads: [
      ...wrongTypes('object', ...missing(options.optional)),
      ...(options.required === undefined ? [] : [bad('{}', () => ({}), options.required)]),
      ...numberBads([5]),
      ...unknown,
      ...fieldBads,
    ],
  };
}
