/**
 * Forward hooks, PyTorch's register_forward_pre_hook and register_forward_hook. PyTorch runs hooks in
 * `model(x)`; JavaScript cannot call an object, so in tapegrad `module.forward(x)` is the call, and the
 * parents (Sequential, the networks) call their children's `forward`. The first hook on a module therefore
 * installs an own, non-enumerable `forward` that runs the hooks around the class's; removing the last hook
 * takes it away again. A module without hooks runs its class's forward untouched, and the wrapper is never
 * seen by `parameters()` or `Object.entries`.
 */
import { describeValue, Tensor } from '@tapegrad/autograd';
import { checkFunction } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import type { Module } from './module.ts';

/** Runs before forward with its input; a returned Tensor replaces the input. */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that only watches returns nothing.
export type ForwardPreHook = (module: Module, input: Tensor) => Tensor | void;

/** Runs after forward with its input and output; a returned Tensor replaces the output. */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that only watches returns nothing.
export type ForwardHook = (module: Module, input: Tensor, output: Tensor) => Tensor | void;

/** What registering a hook returns, as PyTorch's RemovableHandle: `remove()` unregisters it (again: nothing). */
export interface HookHandle {
  remove(): void;
}

interface Hooks {
  readonly pre: ForwardPreHook[];
  readonly post: ForwardHook[];
  /** The module's own `forward` before the wrapper, if it had one (usually the class's, on the prototype). */
  readonly ownForward: PropertyDescriptor | undefined;
}

const hooksByModule = new WeakMap<Module, Hooks>();

/** A hook's result: undefined (keep the value) or a Tensor (replace it); anything else is refused. */
function replacement(module: Module, kind: string, returned: unknown): Tensor | undefined {
  if (returned === undefined || returned instanceof Tensor) return returned;
  throw new ConfigError(
    `${module.constructor.name}.forward: a ${kind} returned ${describeValue(returned)}; ` +
      `a hook returns a Tensor (to replace the ${kind === 'forward pre-hook' ? 'input' : 'output'}) or nothing`,
  );
}

/** The hooks of `module`, installing the wrapping forward on the first. */
function hooksOf(module: Module): Hooks {
  const existing = hooksByModule.get(module);
  if (existing !== undefined) return existing;
  const hooks: Hooks = { pre: [], post: [], ownForward: Object.getOwnPropertyDescriptor(module, 'forward') };
  const classForward = module.forward;
  // The first argument is the input the hooks see; any further ones (a target) pass through.
  function hookedForward(...args: unknown[]): Tensor {
    let input = args[0] as Tensor;
    for (const hook of [...hooks.pre])
      input = replacement(module, 'forward pre-hook', hook(module, input)) ?? input;
    args[0] = input;
    let output = classForward.apply(module, args as [Tensor]);
    for (const hook of [...hooks.post]) {
      output = replacement(module, 'forward hook', hook(module, input, output)) ?? output;
    }
    return output;
  }
  Object.defineProperty(module, 'forward', {
    value: hookedForward,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  hooksByModule.set(module, hooks);
  return hooks;
}

/** Removes `hook` from `list`; with no hooks left, the module's forward is its class's again. */
function unregister(module: Module, list: unknown[], hook: unknown): void {
  const hooks = hooksByModule.get(module);
  const index = list.indexOf(hook);
  if (hooks === undefined || index < 0) return;
  list.splice(index, 1);
  if (hooks.pre.length > 0 || hooks.post.length > 0) return;
  hooksByModule.delete(module);
  if (hooks.ownForward === undefined) delete (module as { forward?: unknown }).forward;
  else Object.defineProperty(module, 'forward', hooks.ownForward);
}

/** `module.registerForwardPreHook(hook)`. */
export function addForwardPreHook(module: Module, hook: ForwardPreHook): HookHandle {
  checkFunction('registerForwardPreHook', 'hook', hook);
  // A fresh function per registration, so the same hook registered twice is removed once per handle.
  const entry: ForwardPreHook = (m, input) => hook(m, input);
  const list = hooksOf(module).pre;
  list.push(entry);
  return { remove: () => unregister(module, list, entry) };
}

/** `module.registerForwardHook(hook)`. */
export function addForwardHook(module: Module, hook: ForwardHook): HookHandle {
  checkFunction('registerForwardHook', 'hook', hook);
  const entry: ForwardHook = (m, input, output) => hook(m, input, output);
  const list = hooksOf(module).post;
  list.push(entry);
  return { remove: () => unregister(module, list, entry) };
}
