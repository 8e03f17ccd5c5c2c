/**
 * Custom ops as classes (PyTorch's torch.autograd.Function): a subclass gives a static `forward(ctx, ...args)`
 * and a static `backward(ctx, gradOutput)`, and `apply(...args)` runs the forward without recording it and
 * puts one op, named after the class, on the tape, through the same `record` every built-in op ends with.
 * `ctx` carries what the forward saves for the backward.
 */
import { checkTensor, describeValue } from '../checks/arguments.ts';
import { GradientError, ShapeError } from '../errors.ts';
import { broadcastsTo } from '../shape/broadcast.ts';
import { formatShape, shapesEqual } from '../shape/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { isGradEnabled, noGrad } from './grad-mode.ts';
import { record } from './tape.ts';

/**
 * The context of one `apply`: what forward saves with `saveForBackward` and backward reads back as
 * `savedTensors`, which arguments need a gradient, and any property you set on it (`ctx.alpha = 2`).
 */
export class FunctionCtx {
  /** One flag per argument of `apply`: whether it is a Tensor that needs a gradient (false for a number). */
  readonly needsInputGrad: readonly boolean[];
  /** Any other property forward sets for backward to read. */
  [property: string]: unknown;
  #saved: readonly Tensor[] = [];
  readonly #owner: string;

  /** @internal made by `apply`. */
  constructor(owner: string, needsInputGrad: readonly boolean[]) {
    this.#owner = owner;
    this.needsInputGrad = needsInputGrad;
  }

  /** Keeps tensors for backward (inputs or the output); a later call replaces the earlier ones, as PyTorch. */
  saveForBackward(...tensors: Tensor[]): void {
    tensors.forEach((saved, i) => {
      checkTensor(`${this.#owner}: ctx.saveForBackward`, `tensors[${i}]`, saved);
    });
    this.#saved = tensors;
  }

  /** The tensors given to `saveForBackward`, in order; the forward's result stands for the op's output. */
  get savedTensors(): readonly Tensor[] {
    return this.#saved;
  }

  /** @internal puts the recorded output where forward saved its own result, so backward's ops reach it. */
  replaceSaved(forwardResult: Tensor, output: Tensor): void {
    if (this.#saved.includes(forwardResult)) {
      this.#saved = this.#saved.map((saved) => (saved === forwardResult ? output : saved));
    }
  }
}

/** What a backward returns: one gradient, or one per tensor argument (or per argument), null for none. */
export type FunctionGradients = Tensor | null | undefined | readonly (Tensor | null | undefined)[];

/** A class that `apply` can run: its static forward and backward. */
export interface FunctionClass<Args extends unknown[]> {
  readonly name: string;
  forward(ctx: FunctionCtx, ...args: Args): Tensor;
  backward(ctx: FunctionCtx, gradOutput: Tensor): FunctionGradients;
}

/**
 * The base class of custom ops, PyTorch's torch.autograd.Function (also exported as `autograd.Function`).
 * Subclass it with a static `forward(ctx, ...args)` that computes the result (it runs under noGrad, so only
 * this op is recorded), and a static `backward(ctx, gradOutput)` that returns one gradient per tensor
 * argument: a Tensor, an array of them, null where there is none. Arguments that are not tensors (a
 * number, an options object) get no gradient; backward may list them as null, as PyTorch's does, or leave
 * them out. Write backward with tensor ops and `createGraph` differentiates through it (second derivatives).
 * Call the op with `apply`, never `new`.
 * @example
 * class Cube extends autograd.Function {
 *   static forward(ctx, x) { ctx.saveForBackward(x); return x.pow(3); }
 *   static backward(ctx, gradOutput) { const [x] = ctx.savedTensors; return gradOutput.mul(x.square().mul(3)); }
 * }
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = Cube.apply(x); // [1, 8], recorded as one op 'Cube'
 * y.sum().backward();      // x.grad = 3x^2 = [3, 12]
 */
// biome-ignore lint/complexity/noStaticOnlyClass: PyTorch's shape, a base class whose subclasses add static forward and backward
export class CustomFunction {
  /** Runs the op: forward now, backward in the reverse walk. See the class's comment. */
  static apply<Args extends unknown[]>(this: FunctionClass<Args>, ...args: Args): Tensor {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass apply was called on (Cube.apply)
    const definition = checkDefinition(this);
    const name = definition.name;
    const recording = isGradEnabled();
    const tensorArgs: Tensor[] = [];
    const argIndexOf: number[] = [];
    args.forEach((arg, i) => {
      if (arg instanceof Tensor) {
        tensorArgs.push(arg);
        argIndexOf.push(i);
      }
    });
    const ctx = new FunctionCtx(
      name,
      args.map((arg) => recording && arg instanceof Tensor && arg.requiresGrad),
    );
    // biome-ignore lint/plugin/no-spread-arguments: the arguments of one call of apply, a few by construction
    const result: unknown = noGrad(() => definition.forward(ctx, ...args));
    if (!(result instanceof Tensor)) {
      throw new GradientError(`${name}.forward must return a Tensor, got ${describeValue(result)}`);
    }
    // The output gets its own values when forward handed back an argument's (x itself, or a reshape of
    // it): what happens to one later must not happen to the other.
    const sharesArgument = tensorArgs.some((arg) => arg.data.buffer === result.data.buffer);
    const data = sharesArgument ? result.data.slice() : result.data;
    // Whatever the class is called (even 'mul'), the version check takes its backward to read everything.
    const output = record(
      name,
      data,
      result.shape,
      tensorArgs,
      (gradOutput) =>
        checkGradients(name, definition.backward(ctx, gradOutput), tensorArgs, argIndexOf, args.length),
      'everything',
    );
    ctx.replaceSaved(result, output);
    return output;
  }
}

/** `this` of apply as a class with static forward and backward, or the error saying what is missing. */
function checkDefinition<Args extends unknown[]>(definition: FunctionClass<Args>): FunctionClass<Args> {
  const candidate: unknown = definition;
  const isSubclass =
    typeof candidate === 'function' &&
    (candidate as { prototype: unknown }).prototype instanceof CustomFunction;
  if (!isSubclass) {
    throw new GradientError(
      `CustomFunction.apply: call apply on a subclass, as MyOp.apply(x), got 'this' ${describeValue(definition)}`,
    );
  }
  for (const method of ['forward', 'backward'] as const) {
    if (typeof definition[method] !== 'function') {
      const signature = method === 'forward' ? 'forward(ctx, ...args)' : 'backward(ctx, gradOutput)';
      throw new GradientError(
        `${definition.name}.apply: a CustomFunction subclass must define static ${signature}, got ` +
          `${describeValue(definition[method])}`,
      );
    }
  }
  return definition;
}

/**
 * Backward's result as one gradient per tensor argument, in order. It may count the tensor arguments only
 * or every argument (PyTorch's way, null for each non-tensor). A gradient must have its argument's shape or
 * one the argument broadcasts to (the walk sums it back).
 */
function checkGradients(
  name: string,
  returned: unknown,
  tensorArgs: readonly Tensor[],
  argIndexOf: readonly number[],
  argCount: number,
): (Tensor | null)[] {
  const list: readonly unknown[] = Array.isArray(returned) ? returned : [returned];
  let perTensor: readonly unknown[];
  if (list.length === tensorArgs.length) perTensor = list;
  else if (list.length === argCount) perTensor = argIndexOf.map((argIndex) => list[argIndex]);
  else {
    throw new GradientError(
      `${name}.backward returned ${list.length} gradient(s), but apply had ${tensorArgs.length} tensor ` +
        `argument(s) of ${argCount}; return one gradient (or null) per tensor argument, or one per argument`,
    );
  }
  return perTensor.map((gradient, i) => {
    const argIndex = argIndexOf[i]!;
    if (gradient === null || gradient === undefined) return null;
    if (!(gradient instanceof Tensor)) {
      throw new GradientError(
        `${name}.backward: the gradient for argument ${argIndex} must be a Tensor or null, got ${describeValue(gradient)}`,
      );
    }
    const input = tensorArgs[i]!;
    if (!shapesEqual(gradient.shape, input.shape) && !broadcastsTo(input.shape, gradient.shape)) {
      throw new ShapeError(
        `${name}.backward: the gradient for argument ${argIndex} has shape ${formatShape(gradient.shape)}, ` +
          `but the argument has shape ${formatShape(input.shape)}; return a gradient of the argument's shape`,
      );
    }
    return gradient;
  });
}
