/**
 * `autograd`, the object a PyTorch user reaches for as `torch.autograd`: `autograd.grad` (torch.autograd.grad,
 * many outputs and inputs, gradOutputs, allowUnused), `autograd.backward` (torch.autograd.backward) and
 * `autograd.Function` (torch.autograd.Function). Both functions run the one reverse walk of tape/backward.ts;
 * `gradients` (one output) and the JAX-style `grad` transform stay beside them.
 */
import { booleanOption, checkOptions, checkTensor, type OptionCheck, refuse } from '../checks/arguments.ts';
import { GradientError, ShapeError } from '../errors.ts';
import { formatShape, shapesEqual } from '../shape/shape.ts';
import { BACKWARD_OPTIONS, runBackward } from '../tape/backward.ts';
import { CustomFunction } from '../tape/function.ts';
import { onesLike } from '../tensor/create.ts';
import { Tensor } from '../tensor/tensor.ts';

/** One tensor or several, as PyTorch takes `outputs`, `inputs` and `grad_outputs`. */
export type Tensors = Tensor | readonly Tensor[];

export interface AutogradBackwardOptions {
  /** Record the backward pass, so that the gradients can be differentiated again. Default false. */
  readonly createGraph?: boolean;
  /**
   * Accepted for PyTorch's sake and has no effect: tapegrad's tape is never freed by a backward pass, so
   * every graph can be walked again.
   */
  readonly retainGraph?: boolean;
}

export interface AutogradGradOptions extends AutogradBackwardOptions {
  /**
   * The vector of the vector-Jacobian product, one per output, of its shape (null for a one-element
   * output, which gets 1). Needed for every output that is not a scalar.
   */
  readonly gradOutputs?: Tensor | readonly (Tensor | null)[] | null;
  /** Return null for an input the outputs do not depend on, instead of throwing. Default false. */
  readonly allowUnused?: boolean;
}

const GRAD_OUTPUTS_RULE = 'a Tensor or an array of Tensors (or null), one per output';

const BACKWARD_FN_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  ...BACKWARD_OPTIONS,
  retainGraph: booleanOption,
};

const GRAD_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  ...BACKWARD_FN_OPTIONS,
  allowUnused: booleanOption,
  gradOutputs: (fn, name, value) =>
    value instanceof Tensor || value === null || Array.isArray(value)
      ? value
      : refuse(fn, name, GRAD_OUTPUTS_RULE, value),
};

/** A Tensor or an array of Tensors as a checked array; `name` is the argument's. */
function tensorList(fn: string, name: string, value: unknown): readonly Tensor[] {
  if (value instanceof Tensor) return [value];
  if (!Array.isArray(value) || value.length === 0) {
    return refuse(fn, name, 'a Tensor or a non-empty array of Tensors', value);
  }
  value.forEach((item: unknown, i) => {
    checkTensor(fn, `${name}[${i}]`, item);
  });
  return value as readonly Tensor[];
}

/**
 * The roots of a reverse pass and their seeds: each root must require a gradient, and its seed (from
 * `seeds`, named `seedName` in errors) must have its shape; a one-element root may go without (1).
 */
function rootsAndSeeds(
  fn: string,
  rootName: string,
  rootsValue: unknown,
  seedName: string,
  seedsValue: unknown,
): { roots: readonly Tensor[]; seeds: Tensor[] } {
  const roots = tensorList(fn, rootName, rootsValue);
  let given: readonly unknown[];
  if (seedsValue === undefined || seedsValue === null) given = [];
  else if (seedsValue instanceof Tensor) given = [seedsValue];
  else if (Array.isArray(seedsValue)) given = seedsValue;
  else return refuse(fn, seedName, GRAD_OUTPUTS_RULE, seedsValue);
  if (Array.isArray(seedsValue) && given.length !== roots.length) {
    refuse(fn, seedName, `a list of ${roots.length} (one per tensor of '${rootName}')`, seedsValue);
  }
  const seeds = roots.map((root, i) => {
    const name = roots.length === 1 && !Array.isArray(rootsValue) ? rootName : `${rootName}[${i}]`;
    if (!root.requiresGrad) {
      throw new GradientError(
        `${fn}: ${name} (shape ${formatShape(root.shape)}) does not require a gradient: no tensor it was ` +
          'computed from was created with { requiresGrad: true }, or it was computed inside noGrad() or from detach()',
      );
    }
    const seed = given[i];
    if (seed === undefined || seed === null) {
      if (root.numel() !== 1) {
        throw new GradientError(
          `${fn}: ${name} has shape ${formatShape(root.shape)}, not a scalar: pass ${seedName} with a tensor ` +
            'of that shape (the vector of the vector-Jacobian product), or reduce it first (.sum())',
        );
      }
      return onesLike(root);
    }
    const seedLabel = given.length === 1 && !Array.isArray(seedsValue) ? seedName : `${seedName}[${i}]`;
    const checked = checkTensor(fn, seedLabel, seed);
    if (!shapesEqual(checked.shape, root.shape)) {
      throw new ShapeError(
        `${fn}: ${seedLabel} has shape ${formatShape(checked.shape)} but ${name} has shape ` +
          `${formatShape(root.shape)}; pass one of the same shape`,
      );
    }
    return checked;
  });
  return { roots, seeds };
}

/**
 * d(outputs)/d(inputs), returned rather than added to `.grad`: PyTorch's torch.autograd.grad. One result
 * per input, in order. Several outputs add up (their gradOutputs weighting them). An input the outputs do
 * not depend on is an error, or null with `allowUnused`. With `createGraph` the results are on the tape,
 * for second derivatives and Hessian-vector products.
 * @example
 * const x = tensor(2, { requiresGrad: true });
 * const [dy] = autograd.grad(x.pow(3), x, { createGraph: true }); // 3x^2 = 12
 * const [d2y] = autograd.grad(dy, x);                              // 6x = 12
 */
export function autogradGrad(
  outputs: Tensors,
  inputs: Tensors,
  options: AutogradGradOptions = {},
): (Tensor | null)[] {
  const fn = 'autograd.grad';
  checkOptions(fn, options, GRAD_OPTIONS);
  const { roots, seeds } = rootsAndSeeds(fn, 'outputs', outputs, 'gradOutputs', options.gradOutputs);
  const targets = tensorList(fn, 'inputs', inputs);
  targets.forEach((input, i) => {
    if (!input.requiresGrad) {
      throw new GradientError(
        `${fn}: inputs[${i}] (shape ${formatShape(input.shape)}) does not require a gradient, so no ` +
          'gradient can be taken with respect to it; create it with { requiresGrad: true }',
      );
    }
  });
  const reached = runBackward(roots, seeds, { createGraph: options.createGraph ?? false }, targets)!;
  // The walk fills the first place of a tensor listed twice; every place gets it.
  return targets.map((input, i) => {
    const gradient = reached[targets.indexOf(input)] ?? null;
    if (gradient === null && options.allowUnused !== true) {
      throw new GradientError(
        `${fn}: inputs[${i}] (shape ${formatShape(input.shape)}) was not used to compute the outputs, so ` +
          'no gradient reaches it; pass { allowUnused: true } to get null for it',
      );
    }
    return gradient;
  });
}

/**
 * Adds d(tensors)/d(leaf) into the `.grad` of every leaf that requires a gradient, as PyTorch's
 * torch.autograd.backward: `autograd.backward(loss)` is `loss.backward()`, and several tensors are walked
 * back in one pass, each weighted by its gradTensors entry (needed where a tensor is not a scalar).
 * @example autograd.backward([lossA, lossB]); // the same .grad as lossA.add(lossB).backward()
 */
export function autogradBackward(
  tensors: Tensors,
  gradTensors?: Tensor | readonly (Tensor | null)[] | null,
  options: AutogradBackwardOptions = {},
): void {
  const fn = 'autograd.backward';
  checkOptions(fn, options, BACKWARD_FN_OPTIONS);
  const { roots, seeds } = rootsAndSeeds(fn, 'tensors', tensors, 'gradTensors', gradTensors);
  runBackward(roots, seeds, { createGraph: options.createGraph ?? false }, null);
}

/**
 * torch.autograd under tapegrad's names: `autograd.grad`, `autograd.backward`, `autograd.Function`.
 * @example
 * import { autograd } from '@tapegrad/autograd';
 * const [dx] = autograd.grad(x.square().sum(), [x]);
 */
export const autograd: Readonly<{
  grad: typeof autogradGrad;
  backward: typeof autogradBackward;
  Function: typeof CustomFunction;
}> = Object.freeze({ grad: autogradGrad, backward: autogradBackward, Function: CustomFunction });
