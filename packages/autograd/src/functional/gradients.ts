import { checkOptions, checkTensor, checkTensorList, type OptionCheck } from '../checks/arguments.ts';
import { BACKWARD_OPTIONS, type BackwardOptions, checkSeed, runBackward, seedFor } from '../tape/backward.ts';
import { zerosLike } from '../tensor/create.ts';
import type { Tensor } from '../tensor/tensor.ts';

export interface GradientsOptions extends BackwardOptions {
  /** The vector of a vector-Jacobian product, of the output's shape; needed when the output is not a scalar. */
  readonly seed?: Tensor;
}

const GRADIENTS_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  ...BACKWARD_OPTIONS,
  seed: (fn, name, value) => checkTensor(fn, name, value),
};

/**
 * d(output)/d(input) for each input, returned instead of added to `.grad` (PyTorch's torch.autograd.grad).
 * An input the output does not depend on gets zeros. With `createGraph`, the results are on the tape and can
 * be differentiated again.
 * @example const [dx] = gradients(x.mul(x).sum(), [x]); // 2x
 */
export function gradients(
  output: Tensor,
  inputs: readonly Tensor[],
  options: GradientsOptions = {},
): Tensor[] {
  checkTensor('gradients', 'output', output);
  checkTensorList('gradients', 'inputs', inputs);
  checkOptions('gradients', options, GRADIENTS_OPTIONS);
  if (!output.requiresGrad) {
    checkSeed('gradients', output, options.seed);
    return inputs.map((input) => zerosLike(input));
  }
  const seed = seedFor('gradients', output, options.seed);
  const results = runBackward([output], [seed], options, inputs)!;
  return results.map((gradient, i) => gradient ?? zerosLike(inputs[i]!));
}
