/**
 * Tensor#registerHook (PyTorch's `register_hook`), put on Tensor as methods/methods.ts puts the ops: the
 * signature joins the class's type through `declare module`, the function its prototype when this module
 * runs. The hooks themselves live in tape/hooks.ts, outside the class.
 */
import { type GradHook, type RemovableHandle, registerHook } from '../tape/hooks.ts';
import { Tensor } from '../tensor/tensor.ts';

interface HookMethods {
  /**
   * Calls `hook(grad)` with this tensor's gradient each time a backward pass has computed it in full (the
   * contributions of every use added up), before it is stored in `.grad` (a leaf) or passed on to the
   * inputs (an intermediate). A hook that returns a Tensor of the same shape replaces the gradient from
   * there on; one that returns nothing only watches. Several hooks run in the order registered. Works with
   * `backward()`, `gradients()`, `autograd.grad()` and `createGraph`. Returns a handle whose `remove()`
   * unregisters it.
   * @example
   * // Watch the gradient reaching a hidden layer, then halve the one reaching the weights:
   * const hidden = x.matmul(W).tanh();
   * hidden.registerHook((g) => console.log('dL/dhidden', g.toArray()));
   * const handle = W.registerHook((g) => g.mul(0.5));
   * hidden.sum().backward(); // prints dL/dhidden; W.grad is half of d(sum)/dW
   * handle.remove();
   */
  registerHook(hook: GradHook): RemovableHandle;
}

declare module '../tensor/tensor.ts' {
  interface Tensor extends HookMethods {}
}

const methods: HookMethods & ThisType<Tensor> = {
  registerHook(hook) {
    return registerHook(this, hook);
  },
};

// As a class's own methods are: writable and configurable, but not enumerable.
const descriptors = Object.getOwnPropertyDescriptors(methods);
for (const descriptor of Object.values(descriptors)) descriptor.enumerable = false;
Object.defineProperties(Tensor.prototype, descriptors);
