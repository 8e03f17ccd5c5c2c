/**
 * compileStep: one training step (gradients zeroed, forward, backward, optimizer update) as one compiled
 * plan (autograd's `compile`): traced at the first call, replayed after with no tensor allocated.
 */
import {
  type CompiledFunction,
  type CompileOptions,
  compile,
  type Tensor,
  traceEffect,
} from '@tapegrad/autograd';
import { refuse } from '../checks/arguments.ts';

/** What compileStep needs of an optimizer: its in-place update (SGD, Adam, ... all qualify). */
export interface Steppable {
  step(): void;
}

/** A compiled training step: `step(...inputs)`, and its plans in words. */
export interface CompiledStep<Args extends readonly Tensor[]> {
  (...inputs: Args): Tensor;
  /** The plans traced so far, one per input shape (autograd's compile). */
  readonly plans: CompiledFunction<Args, Tensor>['plans'];
  /**
   * The plan these inputs run, in words (traced now if need be): the gradients zeroed, each kernel of the
   * forward and backward pass with its buffers and the bytes saved, and the optimizer's update.
   */
  explain(...inputs: Args): string;
}

/**
 * `step(...inputs)` zeroes the parameters' gradients in place, runs `lossFn(...inputs)`, its backward pass
 * and `optimizer.step()`, and returns the loss (the plan's own tensor: read it before the next step, or pass
 * `{ copyOutputs: true }`). All four are one plan: the zeroing and the update are its first and last steps
 * (autograd's traceEffect), replayed in place with the kernels between them. A new input shape traces a
 * new plan.
 * @example
 * const step = compileStep(net.parameters(), (x, y) => bceWithLogits(net.forward(x), y), new SGD(net.parameters(), { lr: 0.5 }));
 * for (let epoch = 0; epoch < 100; epoch++) step(X, Y);
 * console.log(step.explain(X, Y));
 */
export function compileStep<Args extends readonly Tensor[]>(
  parameters: readonly Tensor[],
  lossFn: (...inputs: Args) => Tensor,
  optimizer: Steppable,
  options: CompileOptions = {},
): CompiledStep<Args> {
  if (!Array.isArray(parameters)) refuse('compileStep', 'parameters', 'an array of tensors', parameters);
  if (typeof lossFn !== 'function') refuse('compileStep', 'lossFn', 'a function returning the loss', lossFn);
  if (typeof optimizer !== 'object' || optimizer === null || typeof optimizer.step !== 'function') {
    refuse('compileStep', 'optimizer', 'an optimizer (an object with step())', optimizer);
  }
  // An index loop (no iterator), made once: a replay allocates nothing.
  const zeroGradients = () => {
    for (let i = 0; i < parameters.length; i++) parameters[i]!.grad?.data.fill(0);
  };
  const update = () => optimizer.step();
  const updateName = `${optimizer.constructor.name}.step`;
  const step = compile((...inputs: Args) => {
    traceEffect('zero gradients', zeroGradients);
    // biome-ignore lint/plugin/no-spread-arguments: a step's tensor arguments, a handful by construction
    const loss = lossFn(...inputs);
    loss.backward();
    traceEffect(updateName, update);
    return loss;
  }, options);
  return step;
}
