import { describeValue, Tensor, tensor } from '@tapegrad/autograd';
import { refuse } from '../checks/arguments.ts';
import { StateDictError } from '../errors.ts';

/** Parameter values by dotted name (`layer1.weight`), as `stateDict()` returns and `loadStateDict()` takes. */
export type StateDict = Record<string, Tensor>;

function isModule(value: unknown): value is Module {
  return value instanceof Module;
}

/** A parameter is a leaf tensor that requires a gradient. */
function isParameter(value: unknown): value is Tensor {
  return value instanceof Tensor && value.requiresGrad && value.isLeaf;
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * The base of every layer and model, as PyTorch's nn.Module. A subclass keeps its parameters (leaf tensors
 * that require a gradient) and its sub-modules (or arrays of them) as ordinary properties; they are found in
 * the order they were assigned, which gives every parameter a stable dotted name such as `layer1.weight`.
 */
export abstract class Module {
  /** True in training mode (the default): Dropout drops. `eval()` turns it off. */
  training = true;

  /** Computes the module's output. */
  abstract forward(input: Tensor): Tensor;

  /** One line naming the module and its settings, e.g. `Linear(inFeatures=2, outFeatures=16, bias=true)`. */
  describe(): string {
    return `${this.constructor.name}()`;
  }

  /** Direct sub-modules by name; arrays of modules are named by index (`layers.0`). */
  namedChildren(): [string, Module][] {
    const children: [string, Module][] = [];
    for (const [name, value] of Object.entries(this)) {
      if (isModule(value)) children.push([name, value]);
      else if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (isModule(item)) children.push([`${name}.${i}`, item]);
        });
      }
    }
    return children;
  }

  /** Every parameter with its dotted name, own parameters first, then each child's, in assignment order. */
  namedParameters(): [string, Tensor][] {
    const found: [string, Tensor][] = [];
    const pending: [string, Module][] = [['', this]];
    // Depth-first, in order, with an explicit stack (children pushed in reverse).
    while (pending.length > 0) {
      const [prefix, module] = pending.pop()!;
      for (const [name, value] of Object.entries(module)) {
        if (isParameter(value)) found.push([`${prefix}${name}`, value]);
      }
      const children = module.namedChildren();
      for (let i = children.length - 1; i >= 0; i--) {
        const [name, child] = children[i]!;
        pending.push([`${prefix}${name}.`, child]);
      }
    }
    return found;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, parameter]) => parameter);
  }

  /** The total number of parameter values (weights and biases). */
  numParameters(): number {
    return this.parameters().reduce((total, parameter) => total + parameter.numel(), 0);
  }

  /** Forgets every parameter's accumulated gradient. */
  zeroGrad(): void {
    for (const parameter of this.parameters()) parameter.zeroGrad();
  }

  /** Sets training mode (true) or evaluation mode (false) here and in every sub-module. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') refuse('train', 'mode', 'true or false', mode);
    this.training = mode;
    for (const [, child] of this.namedChildren()) child.train(mode);
    return this;
  }

  /** Evaluation mode: Dropout passes its input through unchanged. */
  eval(): this {
    return this.train(false);
  }

  /** A copy of every parameter's values by dotted name, for saving or for restoring the best weights. */
  stateDict(): StateDict {
    const state: StateDict = {};
    for (const [name, parameter] of this.namedParameters()) {
      state[name] = tensor(parameter.data, { shape: parameter.shape });
    }
    return state;
  }

  /**
   * Copies values into the parameters. Every parameter must be present with its exact shape and no other
   * name may appear; otherwise nothing is changed and the error lists what differs.
   */
  loadStateDict(state: StateDict): void {
    if (typeof state !== 'object' || state === null || Array.isArray(state)) {
      refuse('loadStateDict', 'state', 'an object of tensors by parameter name', state);
    }
    for (const [name, value] of Object.entries(state)) {
      if (!(value instanceof Tensor)) {
        throw new StateDictError(
          `loadStateDict: state['${name}'] must be a Tensor, got ${describeValue(value)}`,
        );
      }
    }
    const named = this.namedParameters();
    const expected = new Set(named.map(([name]) => name));
    const missing = [...expected].filter((name) => !(name in state));
    const unexpected = Object.keys(state).filter((name) => !expected.has(name));
    const mismatched = named
      .filter(
        ([name, parameter]) =>
          name in state && formatShape(state[name]!.shape) !== formatShape(parameter.shape),
      )
      .map(
        ([name, parameter]) =>
          `${name}: the state has shape ${formatShape(state[name]!.shape)}, the model ${formatShape(parameter.shape)}`,
      );
    const problems = [
      ...(missing.length > 0 ? [`missing: ${missing.join(', ')}`] : []),
      ...(unexpected.length > 0 ? [`unexpected: ${unexpected.join(', ')}`] : []),
      ...mismatched,
    ];
    if (problems.length > 0) {
      throw new StateDictError(
        `loadStateDict: the state does not fit ${this.constructor.name}: ${problems.join('; ')}. ` +
          'Build the model with the same sizes as the one that was saved',
      );
    }
    for (const [name, parameter] of named) parameter.data.set(state[name]!.data);
  }

  /** The module tree: this module's description, then each child's, indented under it. */
  toString(): string {
    const lines = this.namedChildren().map(
      ([name, child]) => `  (${name}): ${child.toString().replace(/\n/g, '\n  ')}`,
    );
    return [this.describe(), ...lines].join('\n');
  }
}
