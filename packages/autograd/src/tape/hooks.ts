/**
 * Gradient hooks (PyTorch's `Tensor.register_hook`): functions the reverse walk calls with a tensor's
 * gradient once it is complete, which may watch it or replace it. They live here, in a WeakMap beside the
 * tensors, not on the Tensor class: a tensor with no hook pays nothing, and while no hook is registered
 * anywhere the walk does not even look (one counter read per pass).
 */
import { checkFunction, describeValue } from '../checks/arguments.ts';
import { GradientError, ShapeError } from '../errors.ts';
import { formatShape, shapesEqual } from '../shape/shape.ts';
import { Tensor } from '../tensor/tensor.ts';

/** Called with a tensor's gradient; returns a replacement of the same shape, or nothing to keep it. */
// A hook written as `(g) => console.log(g)` returns void: it only watches.
// biome-ignore lint/suspicious/noConfusingVoidType: void is what a watching arrow function's type returns
export type GradHook = (grad: Tensor) => Tensor | undefined | null | void;

/** What `registerHook` returns: `remove()` unregisters the hook (a second call does nothing). */
export interface RemovableHandle {
  remove(): void;
}

const hooksOf = new WeakMap<Tensor, GradHook[]>();
/**
 * Hooks registered and not removed, on any tensor. A hook on a tensor that is collected unremoved keeps
 * this above zero: the walk then looks each tensor up in the WeakMap, which is correct, only a little slower.
 */
let liveHooks = 0;

/** Whether any hook is registered: when not, the reverse walk skips `runGradHooks` altogether. */
export function hasGradHooks(): boolean {
  return liveHooks > 0;
}

/**
 * Registers `hook` on `tensor`; see Tensor#registerHook, which is this with the tensor as receiver.
 */
export function registerHook(tensor: Tensor, hook: GradHook): RemovableHandle {
  checkFunction('registerHook', 'hook', hook);
  if (!tensor.requiresGrad) {
    throw new GradientError(
      `registerHook: cannot register a hook on a tensor that doesn't require gradient (shape ` +
        `${formatShape(tensor.shape)}); create it with { requiresGrad: true }, or compute it from one`,
    );
  }
  let hooks = hooksOf.get(tensor);
  if (hooks === undefined) {
    hooks = [];
    hooksOf.set(tensor, hooks);
  }
  hooks.push(hook);
  liveHooks++;
  let removed = false;
  return {
    remove() {
      if (removed) return;
      removed = true;
      const list = hooksOf.get(tensor)!;
      list.splice(list.indexOf(hook), 1);
      liveHooks--;
    },
  };
}

/**
 * Runs `tensor`'s hooks in registration order on its complete gradient, each seeing what the one before
 * returned, and gives back the gradient from then on. A hook registered or removed by a hook takes effect
 * from the next tensor on (the list is copied first).
 */
export function runGradHooks(tensor: Tensor, gradient: Tensor): Tensor {
  const hooks = hooksOf.get(tensor);
  if (hooks === undefined || hooks.length === 0) return gradient;
  let current = gradient;
  for (const hook of [...hooks]) {
    const replacement = hook(current);
    if (replacement === undefined || replacement === null) continue;
    if (!(replacement instanceof Tensor)) {
      throw new GradientError(
        `registerHook: a hook returned ${describeValue(replacement)}; a hook returns a Tensor of the ` +
          "gradient's shape to replace the gradient, or nothing to keep it",
      );
    }
    if (!shapesEqual(replacement.shape, tensor.shape)) {
      throw new ShapeError(
        `registerHook: a hook returned a gradient of shape ${formatShape(replacement.shape)} for a tensor of ` +
          `shape ${formatShape(tensor.shape)}; the replacement must have the tensor's shape`,
      );
    }
    current = replacement;
  }
  return current;
}
