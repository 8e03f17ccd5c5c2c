/**
 * compileStep: one training step (forward, backward, optimizer update) whose forward and backward run as a
 * compiled plan (autograd's `compile`): traced at the first call, replayed after with no tensor allocated.
 * The gradients are zeroed in place before each step, since a replay adds into the existing `.grad`.
 */
import { type CompiledFunction, type CompileOptions, compile, type Tensor } from '@tapegrad/autograd';
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
   * The whole step these inputs run, in words: the gradients zeroed, the plan of the forward and backward
   * pass (each kernel, its buffers, the bytes saved), and the optimizer's update (traced now if need be).
   */
  explain(...inputs: Args): string;
}

/**
 * `step(...inputs)` runs `lossFn(...inputs)`, its backward pass and `optimizer.step()`, and returns the loss
 * (the plan's own tensor: read it before the next step, or pass `{ copyOutputs: true }`). The parameters'
 * gradients are zeroed in place first. A new input shape traces a new plan. The update is the optimizer's
 * own in-place loops, run after the plan's kernels (they allocate nothing either).
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
  const forwardBackward = compile((...inputs: Args) => {
    // biome-ignore lint/plugin/no-spread-arguments: a step's tensor arguments, a handful by construction
    const loss = lossFn(...inputs);
    loss.backward();
    return loss;
  }, options);
  // A step allocates nothing: an index loop (no iterator), and the rest parameter only spread into the call,
  // which V8 forwards without making the array.
  const step = (...inputs: Args) => {
    for (let i = 0; i < parameters.length; i++) parameters[i]!.grad?.data.fill(0);
    // biome-ignore lint/plugin/no-spread-arguments: as above
    const loss = forwardBackward(...inputs);
    optimizer.step();
    return loss;
  };
  const explain = (...inputs: Args): string => {
    const values = parameters.reduce((total, parameter) => total + parameter.numel(), 0);
    return [
      `before: ${parameters.length} parameters' gradients zeroed in place (${values} values)`,
      // biome-ignore lint/plugin/no-spread-arguments: as above
      forwardBackward.explain(...inputs),
      `after: ${optimizer.constructor.name}.step(), the update in place`,
    ].join('\n');
  };
  return Object.assign(step, { plans: forwardBackward.plans, explain });
}
