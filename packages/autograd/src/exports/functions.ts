/**
 * functions: torch.autograd under PyTorch's names (the `autograd` object: grad, backward, Function), custom
 * ops as classes (CustomFunction), and gradient hooks (Tensor#registerHook). Gathered by the package's entry
 * (src/index.ts).
 */
import '../methods/hooks.ts';

export {
  type AutogradBackwardOptions,
  type AutogradGradOptions,
  autograd,
  type Tensors,
} from '../functional/autograd-namespace.ts';
export {
  CustomFunction,
  type FunctionClass,
  type FunctionCtx,
  type FunctionGradients,
} from '../tape/function.ts';
export type { GradHook, RemovableHandle } from '../tape/hooks.ts';
