/**
 * The base of every optimizer, as PyTorch's torch.optim.Optimizer: parameter groups with their own options,
 * `step()`, `zeroGrad()`, `addParamGroup()`, and the state dict.
 */
import { bumpVersion, ShapeError, type Tensor } from '@tapegrad/autograd';
import { checkOptions, shown } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import {
  buildStateDict,
  copyOptions,
  type OptimizerStateDict,
  type ParamState,
  readStateDict,
  type StateKind,
} from './optimizer-state.ts';
import {
  type GroupOptions,
  type OptionSchema,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
  type ReadGroup,
  readGroup,
  readParamGroups,
} from './param-groups.ts';

/**
 * The base of every optimizer. It holds parameter groups (PyTorch's `param_groups`): each a list of leaf
 * tensors that require a gradient and the options it steps them with, its own where the group set them,
 * else the defaults given to the constructor. `step()` updates each parameter's values in place from its
 * `.grad`, outside the tape, and keeps a state per parameter (momentum buffers, moment estimates).
 *
 * `lr` is the single-rate view of the groups: reading it gives the first group's rate, setting it sets every
 * group's (as a schedule of one rate for the whole model does). For rates per group, use
 * `paramGroups[i].lr`.
 *
 * @example
 * const optimizer = new SGD(
 *   [{ params: model.layer1.parameters() }, { params: model.layer2.parameters(), lr: 0.01 }],
 *   { lr: 0.1, momentum: 0.9 },
 * );
 * optimizer.paramGroups[1].lr; // 0.01
 * optimizer.lr = 0.05; // both groups now step at 0.05
 */
export abstract class Optimizer<O extends GroupOptions = GroupOptions, S extends ParamState = ParamState> {
  /** The groups: their tensors and options. Options may be changed between steps; they are checked at each. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** The options of a group that sets none itself: the constructor's, each filled with its default. */
  readonly defaults: Readonly<Partial<O>>;
  /** How many steps have been taken. */
  stepCount = 0;
  /** Each parameter's state, made on its first step. */
  protected readonly state = new Map<Tensor, S>();
  /** What each entry of a parameter's state holds, for reading a state dict back. */
  protected abstract readonly stateKinds: Readonly<Record<string, StateKind>>;
  readonly #schema: OptionSchema;

  /**
   * `options` are the caller's (checked against `schema`, each type); `defaults` fill what they leave out.
   * A subclass checks the ranges in `checkHyperparameters`, which runs here on the defaults and each group.
   */
  constructor(
    parameters: Params<O>,
    options: Partial<O> | undefined,
    defaults: Partial<O>,
    schema: OptionSchema,
  ) {
    const owner = new.target.name;
    this.#schema = schema;
    const given = checkOptions(owner, options, schema);
    const read = readParamGroups(owner, parameters, schema);
    this.defaults = { ...defaults, ...definedOnly(given) };
    if (this.defaults.lr !== undefined) checkLearningRate(owner, this.defaults.lr, '');
    this.checkHyperparameters(this.defaults as O, '');
    read.forEach((group, i) => {
      if (group.options.lr === undefined && this.defaults.lr === undefined) {
        throw new ConfigError(
          `${owner}: argument 'options' must give the learning rate lr, e.g. { lr: 0.1 }, unless every ` +
            `parameter group sets its own (paramGroups[${i}] does not); got ${shown(options)}`,
        );
      }
      this.paramGroups.push(this.#makeGroup(group, `paramGroups[${i}]`));
    });
  }

  /** Every parameter, group by group: the order of the indices in `stateDict()`. */
  get parameters(): readonly Tensor[] {
    return this.paramGroups.flatMap((group) => group.params);
  }

  /** The first group's learning rate (the only one, unless the optimizer was given groups). */
  get lr(): number {
    return this.paramGroups[0]!.lr;
  }

  /** Sets every group's learning rate: a finite number >= 0. */
  set lr(value: number) {
    checkStepRate(this, value, '');
    for (const group of this.paramGroups) group.lr = value;
  }

  /**
   * Adds a group of parameters with its own options (the defaults fill the rest), as PyTorch's
   * `add_param_group`: to unfreeze layers as training goes on. A tensor already in a group is refused.
   *
   * @example optimizer.addParamGroup({ params: head.parameters(), lr: 0.01 });
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const fn = `${this.constructor.name}.addParamGroup`;
    const seen = new Map(
      this.paramGroups.flatMap((held, g) =>
        held.params.map((parameter, i): [Tensor, string] => [parameter, `paramGroups[${g}].params[${i}]`]),
      ),
    );
    const read = readGroup(fn, group, 'group', '', this.#schema, seen);
    if (read.options.lr === undefined && this.defaults.lr === undefined) {
      throw new ConfigError(`${fn}: group.lr is needed: this optimizer was made without a default lr`);
    }
    try {
      this.paramGroups.push(this.#makeGroup(read, 'group'));
    } catch (error) {
      // The range checks name the class (`SGD: group.momentum = -1 ...`); say the method too.
      if (error instanceof ConfigError)
        throw new ConfigError(`${fn}: ${error.message.replace(/^\w+: /, '')}`);
      throw error;
    }
  }

  /**
   * Applies one update to every parameter that has a gradient, with its group's options. The groups'
   * options (changed by a schedule or by hand) and each gradient's shape are checked first, so a step
   * either happens whole or not at all.
   */
  step(): void {
    const groups = this.paramGroups;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      // The test written out here, a failing rate only handed on: a number passed to a call V8 does not
      // inline is boxed, garbage at every step of a compiled training loop (so too in checkHyperparameters).
      const lr = group.lr;
      if (!(lr >= 0 && Number.isFinite(lr))) throw stepRateError(this, lr, groupPath(g));
      this.checkHyperparameters(group, groupPath(g));
      for (let i = 0; i < group.params.length; i++) {
        const parameter = group.params[i]!;
        if (parameter.grad !== null && !sameShape(parameter.grad.shape, parameter.shape)) {
          throw new ShapeError(
            `${this.constructor.name}.step: paramGroups[${g}].params[${i}] has shape ` +
              `[${parameter.shape.join(',')}] but its .grad has shape [${parameter.grad.shape.join(',')}]; ` +
              'a gradient must have its parameter’s shape',
          );
        }
      }
    }
    this.stepCount++;
    // Index loops, not for...of: an array iterator per loop would be garbage at every step.
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      for (let i = 0; i < group.params.length; i++) {
        const parameter = group.params[i]!;
        if (parameter.grad === null) continue;
        this.update(parameter, parameter.grad.data, group);
        // The one place a parameter's values change in place: the tape hears of it (PyTorch's optimizers
        // use in-place ops, which do the same), so a backward pass through values saved before the step fails
        // with the in-place error instead of mixing old and new weights.
        bumpVersion(parameter);
      }
    }
  }

  /** Forgets every parameter's gradient, before the next backward pass. */
  zeroGrad(): void {
    for (const group of this.paramGroups) {
      for (const parameter of group.params) parameter.zeroGrad();
    }
  }

  /**
   * The optimizer's state, in PyTorch's shape: `state[i]` the buffers and step count of parameter i (counted
   * across groups, in order; a parameter that has not stepped has none), `paramGroups` each group's options
   * with `params` as indices. A copy: later steps do not change it. `stepCount` is not part of it.
   *
   * @example
   * const saved = optimizer.stateDict();
   * const resumed = new Adam(model.parameters(), { lr: 0.01 });
   * resumed.loadStateDict(saved); // the next step equals the uninterrupted run's
   */
  stateDict(): OptimizerStateDict {
    return buildStateDict(this.paramGroups, this.state);
  }

  /**
   * Restores a state from `stateDict()`, as PyTorch's `load_state_dict`: every group's options, and every
   * parameter's buffers, matched to this optimizer's parameters in order. Tensors may be Tensors or the
   * `{ shape, values }` records of a JSON round trip. Everything is checked before anything changes; an
   * error (a StateDictError) names the key.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const loaded = readStateDict(
      {
        fn: `${this.constructor.name}.loadStateDict`,
        groups: this.paramGroups,
        schema: this.#schema,
        kinds: this.stateKinds,
        checkGroup: (options, path) => {
          checkStepRate(this, options.lr as number, path);
          this.checkHyperparameters(options as unknown as O, path);
        },
      },
      stateDict,
    );
    loaded.options.forEach((options, g) => {
      Object.assign(this.paramGroups[g]!, options);
    });
    this.state.clear();
    for (const [parameter, saved] of loaded.state) this.state.set(parameter, saved as S);
  }

  /**
   * Checks the optimizer's own options of a group (every option but lr), throwing a ConfigError that names
   * `path` + the option (`paramGroups[1].momentum`); `path` is '' for the constructor's options.
   */
  protected abstract checkHyperparameters(group: O, path: string): void;

  /** Updates one parameter's values in place from its gradient, with its group's options. */
  protected abstract update(parameter: Tensor, gradient: Float64Array, group: O): void;

  /** A group from what was read: the defaults, its own options over them, checked; its tensors frozen. */
  #makeGroup(read: ReadGroup, path: string): ParamGroup<O> {
    const options = copyOptions({ ...this.defaults, ...read.options });
    const group = { ...options, params: Object.freeze(read.params) } as ParamGroup<O>;
    if (read.options.lr !== undefined) checkLearningRate(this.constructor.name, group.lr, `${path}.`);
    this.checkHyperparameters(group, `${path}.`);
    return group;
  }
}

/** The options that were given a value: `{ lr: undefined }` leaves the default in place, as if left out. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let axis = 0; axis < a.length; axis++) if (a[axis] !== b[axis]) return false;
  return true;
}

/** A learning rate given to a constructor: a positive number. */
function checkLearningRate(owner: string, lr: number, path: string): void {
  if (!(lr > 0) || !Number.isFinite(lr)) {
    const of = path === '' ? '' : ` of ${path.slice(0, -1)}`;
    throw new ConfigError(
      `${owner}: the learning rate ${shown(lr)}${of} must be a positive number (option ${path}lr)`,
    );
  }
}

/** A learning rate at a step (option `path` + lr): a schedule may have brought it to 0, but never below. */
function checkStepRate(owner: object, lr: unknown, path: string): void {
  if (!(Number.isFinite(lr) && (lr as number) >= 0)) throw stepRateError(owner, lr, path);
}

function stepRateError(owner: object, lr: unknown, path: string): ConfigError {
  return optionError(owner, 'lr', lr, 'a finite number >= 0', path);
}

/**
 * Throws a ConfigError naming the owner's class (an optimizer or a schedule), the option (after `path`, the
 * group it is in: `paramGroups[1].`), its value and the rule it breaks, unless `valid` holds and the value is
 * finite. Schedules check their settings with it; an optimizer's step writes each test out and throws
 * `optionError` (see Optimizer.step: a number passed to a call can be boxed, garbage per step).
 */
export function checkOption(
  owner: object,
  name: string,
  value: number,
  valid: boolean,
  rule: string,
  path = '',
): void {
  if (!valid || !Number.isFinite(value)) throw optionError(owner, name, value, rule, path);
}

/**
 * The ConfigError of an option that failed its check: the owner's class, the option (after `path`, the group
 * it is in: `paramGroups[1].`), its value and the rule it breaks.
 */
export function optionError(
  owner: object,
  name: string,
  value: unknown,
  rule: string,
  path = '',
): ConfigError {
  return new ConfigError(`${owner.constructor.name}: ${path}${name} = ${shown(value)} must be ${rule}`);
}

/** `paramGroups[g].` for each group index g, made once: the paths step() names its checks with. */
const groupPaths: string[] = [];
function groupPath(g: number): string {
  groupPaths[g] ??= `paramGroups[${g}].`;
  return groupPaths[g];
}
