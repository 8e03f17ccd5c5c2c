/**
 * Gradient clipping, as PyTorch's torch.nn.utils.clip_grad_norm_ and clip_grad_value_: called between
 * backward() and the optimizer's step to keep one bad batch from throwing the weights far away.
 * Gradients are never changed in place in tapegrad (a `.grad` may be shared), so each clipped gradient is a
 * new tensor assigned to `.grad`.
 */
import { Tensor, tensor } from '@tapegrad/autograd';
import { refuse, shown } from '../checks/arguments.ts';
import { ConfigError, DivergenceError } from '../errors.ts';

/** The tensors given: an iterable of them, or one tensor (as PyTorch takes). */
function tensorsOf(fn: string, parameters: unknown): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  const iterable = typeof parameters === 'object' && parameters !== null && Symbol.iterator in parameters;
  if (!iterable)
    refuse(fn, 'parameters', 'a Tensor or an array of tensors, e.g. model.parameters()', parameters);
  return [...(parameters as Iterable<unknown>)].map((item, i) =>
    item instanceof Tensor ? item : refuse(fn, `parameters[${i}]`, 'a Tensor', item),
  );
}

/** The p-norm of `values`: (sum |v|^p)^(1/p), or max |v| for p = Infinity. */
function norm(values: ArrayLike<number>, normType: number): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const size = Math.abs(values[i]!);
    if (normType === Number.POSITIVE_INFINITY) total = Math.max(total, size);
    else if (normType === 2) total += size * size;
    else total += size ** normType;
  }
  if (normType === Number.POSITIVE_INFINITY) return total;
  return normType === 2 ? Math.sqrt(total) : total ** (1 / normType);
}

/**
 * Scales the gradients of `parameters` together so that their total norm (the norm of all gradients as one
 * vector) is at most about maxNorm, as PyTorch's clip_grad_norm_: with total the normType-norm of the
 * per-tensor norms, each gradient is multiplied by maxNorm / (total + 1e-6) when that is below 1, and left
 * as it is otherwise. Tensors without a gradient are skipped. Returns the total norm before clipping (a 0-d
 * tensor, as PyTorch). A non-finite total clips every gradient to 0 or NaN, as in PyTorch, unless
 * errorIfNonfinite asks for a DivergenceError instead.
 *
 * @example
 * loss.backward();
 * const total = clipGradNorm_(model.parameters(), 1.0); // total.item(): the norm before clipping
 * optimizer.step();
 */
export function clipGradNorm_(
  parameters: Iterable<Tensor> | Tensor,
  maxNorm: number,
  normType = 2,
  options: { readonly errorIfNonfinite?: boolean } = {},
): Tensor {
  const fn = 'clipGradNorm_';
  const tensors = tensorsOf(fn, parameters);
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) refuse(fn, 'maxNorm', 'a number >= 0', maxNorm);
  if (typeof normType !== 'number' || !(normType > 0)) {
    refuse(fn, 'normType', 'a positive number or Infinity, e.g. 2', normType);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    refuse(fn, 'options', 'an object, e.g. { errorIfNonfinite: true }', options);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'errorIfNonfinite') {
      throw new ConfigError(`${fn}: unknown option '${key}'; the options are errorIfNonfinite`);
    }
  }
  const { errorIfNonfinite = false } = options;
  if (typeof errorIfNonfinite !== 'boolean') {
    throw new ConfigError(
      `${fn}: option 'errorIfNonfinite' must be true or false, got ${shown(errorIfNonfinite)}`,
    );
  }
  const withGradients = tensors.filter((parameter) => parameter.grad !== null);
  const norms = withGradients.map((parameter) => norm(parameter.grad!.data, normType));
  const total = norm(norms, normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new DivergenceError(
      `${fn}: the total norm of the gradients is ${total}; the loss or a gradient is not finite. ` +
        'Lower the learning rate, or check the loss for log(0) or a division by 0',
    );
  }
  const scale = maxNorm / (total + 1e-6);
  if (scale < 1 || Number.isNaN(scale)) {
    for (const parameter of withGradients) {
      const gradient = parameter.grad!;
      parameter.grad = new Tensor(
        gradient.data.map((value) => value * scale),
        gradient.shape,
      );
    }
  }
  return tensor(total);
}

/**
 * Clips each gradient value of `parameters` to [-clipValue, clipValue], as PyTorch's clip_grad_value_.
 * Tensors without a gradient are skipped.
 *
 * @example
 * loss.backward();
 * clipGradValue_(model.parameters(), 0.5);
 * optimizer.step();
 */
export function clipGradValue_(parameters: Iterable<Tensor> | Tensor, clipValue: number): void {
  const fn = 'clipGradValue_';
  const tensors = tensorsOf(fn, parameters);
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) {
    refuse(fn, 'clipValue', 'a number >= 0', clipValue);
  }
  for (const parameter of tensors) {
    const gradient = parameter.grad;
    if (gradient === null) continue;
    const clipped = gradient.data.map((value) => Math.min(Math.max(value, -clipValue), clipValue));
    parameter.grad = new Tensor(clipped, gradient.shape);
  }
}
