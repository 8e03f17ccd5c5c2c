/**
 * Module, PyTorch's nn.Module: finds its parameters and sub-modules among its own properties, walks the
 * module tree (children, modules, apply), switches training mode, saves and loads state dicts
 * (state-dict.ts) and runs forward hooks (forward-hooks.ts).
 */
import { Tensor } from '@tapegrad/autograd';
import { checkFunction, refuse } from '../checks/arguments.ts';
import {
  addForwardHook,
  addForwardPreHook,
  type ForwardHook,
  type ForwardPreHook,
  type HookHandle,
} from './forward-hooks.ts';
import { Parameter } from './parameter.ts';
import {
  type LoadableStateDict,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  loadStateDictInto,
  type StateDict,
  type StateDictOptions,
  stateDictOf,
} from './state-dict.ts';

export type { StateDict } from './state-dict.ts';

function isModule(value: unknown): value is Module {
  return value instanceof Module;
}

/** A parameter is a Parameter (even a frozen one), or any other leaf tensor that requires a gradient. */
function isParameter(value: unknown): value is Tensor {
  return value instanceof Parameter || (value instanceof Tensor && value.requiresGrad && value.isLeaf);
}

/**
 * The base of every layer and model, as PyTorch's nn.Module. A subclass keeps its parameters (Parameters,
 * or leaf tensors that require a gradient) and its sub-modules (or arrays of them) as ordinary properties; they are found in
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

  /** The direct sub-modules (PyTorch's `children()`). */
  children(): Module[] {
    return this.namedChildren().map(([, child]) => child);
  }

  /**
   * This module (named '') and every module below it, each once, parents before their children (PyTorch's
   * `named_modules()`).
   * @example new Sequential(new Linear(2, 3), new Tanh()).namedModules().map(([name]) => name); // => ['', 'layers.0', 'layers.1']
   */
  namedModules(): [string, Module][] {
    const found: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (prefix: string, module: Module) => {
      if (seen.has(module)) return;
      seen.add(module);
      found.push([prefix, module]);
      for (const [name, child] of module.namedChildren())
        visit(prefix === '' ? name : `${prefix}.${name}`, child);
    };
    visit('', this);
    return found;
  }

  /** This module and every module below it (PyTorch's `modules()`). */
  modules(): Module[] {
    return this.namedModules().map(([, module]) => module);
  }

  /**
   * Calls `fn` on every sub-module, then on this one (children first, as PyTorch's `apply`); returns this.
   * @example net.apply((m) => { if (m instanceof Linear) m.weight.data.fill(0); });
   */
  apply(fn: (module: Module) => void): this {
    checkFunction('apply', 'fn', fn);
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
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

  /**
   * A copy of every parameter's values by dotted name, for saving or for restoring the best weights.
   * `{ layout: 'torch' }` gives PyTorch's names and shapes (a Linear's weight [out, in]), ready for
   * `torch.nn.Sequential(...).load_state_dict`.
   * @example net.stateDict(); // { 'layer1.weight': Tensor [2, 16], 'layer1.bias': ..., ... }
   */
  stateDict(options?: StateDictOptions): StateDict {
    return stateDictOf(this, options);
  }

  /**
   * Copies values into the parameters, by name: Tensors, or `{ shape, values }` records such as a JSON round
   * trip gives. strict (default true, as PyTorch) requires every parameter and no other name; with
   * `strict: false` the names that match are loaded and the rest reported. A shape that differs is an error
   * in both modes. `layout: 'torch'` takes PyTorch's names and [out, in] Linear weights. Everything is
   * checked before any value changes.
   * @example
   * copy.loadStateDict(JSON.parse(JSON.stringify(net.stateDict()))); // { missingKeys: [], unexpectedKeys: [] }
   * net.loadStateDict(torchState, { layout: 'torch', strict: false });
   */
  loadStateDict(state: LoadableStateDict, options?: LoadStateDictOptions): LoadStateDictResult {
    return loadStateDictInto(this, state, options);
  }

  /**
   * Runs `hook(module, input)` before every `forward` of this module; a returned Tensor replaces the input.
   * (PyTorch passes the input as a tuple; here it is the Tensor given to forward.)
   * @example const handle = layer.registerForwardPreHook((m, x) => x.mul(2)); ...; handle.remove();
   */
  registerForwardPreHook(hook: ForwardPreHook): HookHandle {
    return addForwardPreHook(this, hook);
  }

  /**
   * Runs `hook(module, input, output)` after every `forward` of this module, also when a parent such as
   * Sequential calls it; a returned Tensor replaces the output. `forward(x)` is the call (PyTorch's
   * `model(x)`, which JavaScript cannot write).
   * @example
   * const activations: Record<string, Tensor> = {};
   * for (const [name, layer] of net.namedModules()) layer.registerForwardHook((m, x, y) => { activations[name] = y; });
   */
  registerForwardHook(hook: ForwardHook): HookHandle {
    return addForwardHook(this, hook);
  }

  /**
   * @internal The names of this module's own parameters that PyTorch stores transposed: a Linear's weight
   * ([out, in] there, [in, out] here). torch-layout.ts reads it.
   */
  torchTransposedNames(): readonly string[] {
    return [];
  }

  /**
   * @internal Whether PyTorch's equivalent of this module is an `nn.Sequential`, whose children are named by
   * position (`0`, `1`, ...): true for Sequential and the ready-made networks. A module of your own keeps its
   * children's names (`hidden.weight`), as the same class written in PyTorch has them. torch-layout.ts reads it.
   */
  torchNumbersChildren(): boolean {
    return false;
  }

  /** The module tree: this module's description, then each child's, indented under it. */
  toString(): string {
    const lines = this.namedChildren().map(
      ([name, child]) => `  (${name}): ${child.toString().replace(/\n/g, '\n  ')}`,
    );
    return [this.describe(), ...lines].join('\n');
  }
}
