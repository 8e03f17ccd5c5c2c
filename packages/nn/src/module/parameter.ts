/**
 * Parameter, PyTorch's nn.Parameter: a leaf Tensor that a Module always counts among its parameters, even
 * with requiresGrad false (a frozen weight still belongs in `parameters()` and `stateDict()`).
 */
import { Tensor } from '@tapegrad/autograd';
import { refuse } from '../checks/arguments.ts';

/**
 * A model's learnable tensor. Like PyTorch's nn.Parameter it shares the values of the tensor it wraps (no
 * copy: writing to one writes to the other) and is a leaf, cut from any tape the tensor came from. Every
 * Tensor method works on it, and it is an `instanceof Tensor`.
 *
 * A Module finds, as its parameters, every Parameter among its properties, and every other leaf tensor that
 * requires a gradient (so `readonly w = randn([2, 3], { requiresGrad: true })` keeps working).
 * @example
 * class Scale extends Module {
 *   readonly gain = new Parameter(ones([3]));
 *   forward(x: Tensor) { return x.mul(this.gain); }
 * }
 * new Scale().parameters().length; // => 1
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) refuse('Parameter', 'data', 'a Tensor, e.g. zeros([3])', data);
    if (typeof requiresGrad !== 'boolean') refuse('Parameter', 'requiresGrad', 'true or false', requiresGrad);
    super(data.data, data.shape, { requiresGrad });
    // One storage, two tensors, as detach() makes: in-place changes show in both, and are counted in both.
    data.sharesStorage = true;
    this.sharesStorage = true;
  }

  /** `Parameter containing:` and the values, as PyTorch prints one. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
