import { checkFunction, checkTensor, refuse } from '../checks/arguments.ts';
import { describeValue, GradientError, ShapeError } from '../errors.ts';
import { add, mul } from '../ops/arithmetic.ts';
import { sum } from '../ops/reduce.ts';
import { formatShape, shapesEqual } from '../shape/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { gradients } from './gradients.ts';

/** A function of tensors that returns a tensor: what grad, vjp and hvp differentiate. */
export type TensorFunction = (...args: Tensor[]) => Tensor;

/** Which arguments to differentiate: one index gives one gradient, a list gives a list (as JAX's argnums). */
export type ArgNums = number | readonly number[];

/**
 * The arguments as the differentiated function sees them. An argument that already requires a gradient is
 * used as it is, so an outer grad can differentiate through this one (grad of grad); any other becomes a
 * new leaf sharing its data. `nested` says whether an outer computation is watching.
 */
function watch(
  op: string,
  args: readonly Tensor[],
  indices: readonly number[],
): { args: Tensor[]; nested: boolean } {
  let nested = false;
  const watched = args.map((arg, i) => {
    checkTensor(op, `inputs[${i}]`, arg);
    if (!indices.includes(i)) return arg;
    if (arg.requiresGrad) {
      nested = true;
      return arg;
    }
    const leaf = arg.detach();
    leaf.requiresGrad = true;
    return leaf;
  });
  return { args: watched, nested };
}

/** argnums as a list of indices, checked to be integers (a range check waits for the call's arguments). */
function checkArgnums(op: string, argnums: ArgNums): number[] {
  const indices: unknown[] =
    typeof argnums === 'number' ? [argnums] : Array.isArray(argnums) ? [...argnums] : [];
  if (typeof argnums !== 'number' && !Array.isArray(argnums)) {
    refuse(op, 'argnums', 'an argument index or an array of them', argnums);
  }
  if (indices.length === 0) refuse(op, 'argnums', 'an argument index or a non-empty array of them', argnums);
  for (const index of indices) {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
      // A GradientError, as for an index past the arguments (known only at the call).
      throw new GradientError(
        `${op}: argnums: ${typeof index === 'number' ? index : describeValue(index)} is not an argument index (an integer >= 0)`,
      );
    }
  }
  return indices as number[];
}

function argIndices(op: string, indices: readonly number[], count: number): readonly number[] {
  for (const index of indices) {
    if (index >= count) {
      throw new GradientError(`${op}: argnums: ${index} does not name one of the ${count} arguments`);
    }
  }
  return indices;
}

function requireScalar(op: string, value: Tensor): void {
  checkResult(op, value);
  if (value.numel() !== 1) {
    throw new GradientError(
      `${op}: f returned shape ${formatShape(value.shape)}, but a gradient needs a scalar output; ` +
        'reduce it (e.g. .sum() or .mean()) or use vjp with a seed',
    );
  }
}

/**
 * Returns a function that computes f's value and its gradient with respect to the arguments in `argnums`
 * (default the first). Leaves every `.grad` untouched.
 * @example const [loss, [dW, db]] = valueAndGrad(lossFn, [0, 1])(W, b, x);
 */
export function valueAndGrad<A extends ArgNums = 0>(
  f: TensorFunction,
  argnums: A = 0 as A,
): (...args: Tensor[]) => [Tensor, A extends number ? Tensor : Tensor[]] {
  return valueAndGradNamed('valueAndGrad', f, argnums);
}

/** valueAndGrad, with `op` (valueAndGrad or grad) naming the caller in errors. */
function valueAndGradNamed<A extends ArgNums>(
  op: string,
  f: TensorFunction,
  argnums: A,
): (...args: Tensor[]) => [Tensor, A extends number ? Tensor : Tensor[]] {
  checkFunction(op, 'f', f);
  const requested = checkArgnums(op, argnums);
  return (...args) => {
    const indices = argIndices(op, requested, args.length);
    const { args: watched, nested } = watch(op, args, indices);
    // biome-ignore lint/plugin/no-spread-arguments: the function's own arguments, a few tensors
    const value = f(...watched);
    requireScalar(op, value);
    const grads = gradients(
      value,
      indices.map((i) => watched[i]!),
      { createGraph: nested },
    );
    const result = typeof argnums === 'number' ? grads[0]! : grads;
    return [value, result as A extends number ? Tensor : Tensor[]];
  };
}

/**
 * Returns a function that computes the gradient of scalar-valued f with respect to the arguments in
 * `argnums` (default the first). Composes: grad(grad(f)) is the second derivative.
 * @example grad((x) => x.pow(3))(tensor(2)).item(); // 12
 */
export function grad<A extends ArgNums = 0>(
  f: TensorFunction,
  argnums: A = 0 as A,
): (...args: Tensor[]) => A extends number ? Tensor : Tensor[] {
  const both = valueAndGradNamed('grad', f, argnums);
  // biome-ignore lint/plugin/no-spread-arguments: the function's own arguments, a few tensors
  return (...args) => both(...args)[1];
}

/**
 * Vector-Jacobian product: f's value at `inputs` and v^T J, the gradient of sum(v * f) with respect to each
 * input (PyTorch's torch.autograd.functional.vjp). `v` has f's output shape; it may be left out for a
 * scalar output. A single input gives a single product, a list of inputs a list.
 * @example vjp((x) => x.mul(2), tensor([1, 2]), tensor([1, 1])).vjp // [2, 2]
 */
export function vjp(f: TensorFunction, inputs: Tensor, v?: Tensor): { value: Tensor; vjp: Tensor };
export function vjp(
  f: TensorFunction,
  inputs: readonly Tensor[],
  v?: Tensor,
): { value: Tensor; vjp: Tensor[] };
export function vjp(
  f: TensorFunction,
  inputs: Tensor | readonly Tensor[],
  v?: Tensor,
): { value: Tensor; vjp: Tensor | Tensor[] } {
  checkFunction('vjp', 'f', f);
  const list = asList('vjp', 'inputs', inputs);
  if (v !== undefined) checkTensor('vjp', 'v', v);
  const { args: watched, nested } = watch(
    'vjp',
    list,
    list.map((_, i) => i),
  );
  // biome-ignore lint/plugin/no-spread-arguments: the function's own arguments, a few tensors
  const value = f(...watched);
  checkResult('vjp', value);
  if (v === undefined && value.numel() !== 1) {
    throw new GradientError(
      `vjp: f returned shape ${formatShape(value.shape)}; pass v, a tensor of that shape`,
    );
  }
  if (v !== undefined && !shapesEqual(v.shape, value.shape)) {
    throw new ShapeError(
      `vjp: v has shape ${formatShape(v.shape)} but f returned ${formatShape(value.shape)}`,
    );
  }
  const products = gradients(value, watched, { seed: v, createGraph: nested });
  return { value, vjp: inputs instanceof Tensor ? products[0]! : products };
}

/**
 * Hessian-vector product of scalar-valued f at x: H v, by differentiating (grad f) . v once more, so the
 * Hessian is never formed (PyTorch's torch.autograd.functional.hvp). x and v are one tensor each, or lists
 * of the same length (one vector per input).
 * @example hvp((x) => x.pow(3).sum(), tensor([1, 2]), tensor([1, 0])).hvp // [6, 0]
 */
export function hvp(f: TensorFunction, inputs: Tensor, v: Tensor): { value: Tensor; hvp: Tensor };
export function hvp(
  f: TensorFunction,
  inputs: readonly Tensor[],
  v: readonly Tensor[],
): { value: Tensor; hvp: Tensor[] };
export function hvp(
  f: TensorFunction,
  inputs: Tensor | readonly Tensor[],
  v: Tensor | readonly Tensor[],
): { value: Tensor; hvp: Tensor | Tensor[] } {
  checkFunction('hvp', 'f', f);
  const xs = asList('hvp', 'inputs', inputs);
  const vs = asList('hvp', 'v', v, false);
  if (vs.length !== xs.length) {
    throw new GradientError(
      `hvp: ${vs.length} vectors given for ${xs.length} inputs; give one per input in v`,
    );
  }
  xs.forEach((input, i) => {
    if (!shapesEqual(input.shape, vs[i]!.shape)) {
      throw new ShapeError(
        `hvp: vector ${i} has shape ${formatShape(vs[i]!.shape)} but input ${i} has ${formatShape(input.shape)}`,
      );
    }
  });
  const { args: watched, nested } = watch(
    'hvp',
    xs,
    xs.map((_, i) => i),
  );
  // biome-ignore lint/plugin/no-spread-arguments: the function's own arguments, a few tensors
  const value = f(...watched);
  requireScalar('hvp', value);
  const firstOrder = gradients(value, watched, { createGraph: true });
  const directional = firstOrder
    .map((gradient, i) => sum(mul(gradient, vs[i]!)))
    .reduce((total, term) => add(total, term));
  const products = gradients(directional, watched, { createGraph: nested });
  return { value, hvp: inputs instanceof Tensor ? products[0]! : products };
}

/** Checks that f returned a Tensor. */
function checkResult(op: string, value: unknown): void {
  if (!(value instanceof Tensor)) refuse(op, 'f', 'a function that returns a Tensor; it returned', value);
}

/** One tensor as a list of one; a list checked to hold tensors. */
function asList(
  op: string,
  name: string,
  tensors: Tensor | readonly Tensor[],
  nonEmpty = true,
): readonly Tensor[] {
  if (tensors instanceof Tensor) return [tensors];
  if (!Array.isArray(tensors) || (nonEmpty && tensors.length === 0)) {
    refuse(op, name, 'a Tensor or a non-empty array of Tensors', tensors);
  }
  tensors.forEach((t: unknown, i) => {
    checkTensor(op, `${name}[${i}]`, t);
  });
  return tensors;
}
