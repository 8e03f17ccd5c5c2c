/**
 * Parameter groups, as PyTorch's optimizers take them: an optimizer's first argument is either tensors (one
 * group with the default options) or an array of groups `{ params, ...options }`, each option overriding the
 * default given as the second argument. This file reads that argument (its form, each tensor, each option's
 * type) into plain groups; the optimizer then merges the defaults in and checks the ranges.
 */
import { Tensor } from '@tapegrad/autograd';
import { type OptionCheck, refuse, shown } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';

/** The option every group holds: its learning rate. Each optimizer adds its own (momentum, betas, ...). */
export interface GroupOptions {
  lr: number;
}

/**
 * One parameter group as the optimizer holds it: its tensors and its options. The options may be changed
 * between steps, as PyTorch's `param_groups[i]['lr']` (a schedule sets `lr` this way); the tensors may not.
 */
export type ParamGroup<O extends GroupOptions = GroupOptions> = O & { readonly params: readonly Tensor[] };

/** A group as a constructor or `addParamGroup` takes it: its tensors and the options that differ from the defaults. */
export type ParamGroupInput<O extends GroupOptions = GroupOptions> = {
  readonly params: Iterable<Tensor> | Tensor;
} & { readonly [K in keyof O]?: O[K] };

/** An optimizer's first argument: tensors (one group, e.g. `model.parameters()`) or parameter groups. */
export type Params<O extends GroupOptions = GroupOptions> = Iterable<Tensor> | readonly ParamGroupInput<O>[];

/** A group as read from the argument: its tensors and the options it sets itself (types checked). */
export interface ReadGroup {
  readonly params: Tensor[];
  readonly options: Readonly<Record<string, unknown>>;
}

/** The option checks of an optimizer, by option name (types only; ranges are the optimizer's). */
export type OptionSchema = Readonly<Record<string, OptionCheck>>;

/**
 * Reads an optimizer's first argument into groups, checking everything: tensors or groups (not a mix), each
 * tensor a leaf that requires a gradient, no tensor twice (in one group or in two), each group's options
 * known to the optimizer and of the right type. `owner` names the optimizer in errors.
 */
export function readParamGroups(owner: string, parameters: unknown, schema: OptionSchema): ReadGroup[] {
  if (parameters instanceof Tensor) {
    refuse(
      owner,
      'parameters',
      'an array of tensors (wrap a single tensor: [x]) or of parameter groups',
      parameters,
    );
  }
  const iterable = typeof parameters === 'object' && parameters !== null && Symbol.iterator in parameters;
  if (!iterable) {
    refuse(
      owner,
      'parameters',
      'an array of tensors, e.g. model.parameters(), or of groups { params, lr }',
      parameters,
    );
  }
  const items: unknown[] = [...(parameters as Iterable<unknown>)];
  if (items.length === 0) throw new ConfigError(`${owner}: no parameters to optimize`);
  const seen = new Map<Tensor, string>();
  if (!isGroupObject(items[0])) {
    const params = items.map((item, i) =>
      checkParameter(owner, item, `parameter ${i}`, ' of parameters', seen),
    );
    return [{ params, options: {} }];
  }
  return items.map((item, i) =>
    readGroup(owner, item, `paramGroups[${i}]`, " (argument 'parameters')", schema, seen),
  );
}

/**
 * Reads one group `{ params, ...options }`; `path` names it in errors (`paramGroups[1]`, `group`) and `where`
 * says which argument it came in. `seen` holds the tensors already in a group, where each was met.
 */
export function readGroup(
  owner: string,
  group: unknown,
  path: string,
  where: string,
  schema: OptionSchema,
  seen: Map<Tensor, string>,
): ReadGroup {
  if (!isGroupObject(group)) {
    throw new ConfigError(
      `${owner}: ${path}${where} must be a parameter group { params, ...options }, got ${shown(group)}; ` +
        'give tensors or groups, not a mix',
    );
  }
  const { params, ...options } = group as Record<string, unknown>;
  for (const [key, value] of Object.entries(options)) {
    if (!Object.hasOwn(schema, key)) {
      throw new ConfigError(
        `${owner}: ${path}${where} has an unknown option '${key}'; a group takes params and ` +
          Object.keys(schema).join(', '),
      );
    }
    if (value !== undefined) schema[key]!(owner, `${path}.${key}`, value);
  }
  const list = params instanceof Tensor ? [params] : params;
  const iterable = typeof list === 'object' && list !== null && Symbol.iterator in list;
  if (!iterable) {
    throw new ConfigError(
      `${owner}: ${path}.params${where} must be an array of tensors, e.g. model.parameters(), got ${shown(params)}`,
    );
  }
  const tensors = [...(list as Iterable<unknown>)];
  if (tensors.length === 0) {
    throw new ConfigError(`${owner}: ${path}.params${where} is empty; a group needs at least one tensor`);
  }
  return {
    params: tensors.map((item, i) => checkParameter(owner, item, `${path}.params[${i}]`, where, seen)),
    options: Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
  };
}

/** A group is an object that is neither a tensor nor an array; anything else in a group list is a mistake. */
function isGroupObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Tensor);
}

/**
 * A leaf tensor that requires a gradient and is in no group yet. `name` says which it is (`parameter 1`,
 * `paramGroups[1].params[0]`) and `where` in which argument it came.
 */
function checkParameter(
  owner: string,
  value: unknown,
  name: string,
  where: string,
  seen: Map<Tensor, string>,
): Tensor {
  if (!(value instanceof Tensor)) {
    throw new ConfigError(`${owner}: ${name}${where} must be a Tensor, got ${shown(value)}`);
  }
  if (!value.requiresGrad || !value.isLeaf) {
    throw new ConfigError(
      `${owner}: ${name}${where} (shape [${value.shape.join(',')}]) is not a leaf that requires a gradient; ` +
        'create it with { requiresGrad: true }',
    );
  }
  const first = seen.get(value);
  if (first !== undefined) {
    throw new ConfigError(
      `${owner}: ${name} is the same tensor as ${first}${where}; list each parameter once, in one group, ` +
        'or it would be updated twice per step',
    );
  }
  seen.set(value, name);
  return value;
}
