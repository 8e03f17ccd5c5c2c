/**
 * The in-place methods of Tensor (PyTorch's `add_`, `mul_`, `zero_`, ...), each the function of ops/in-place.ts
 * with the tensor first, and `requiresGrad_`. Joined to Tensor as methods/methods.ts joins the others: the
 * signatures through `declare module`, the functions on its prototype, not enumerable.
 */
import { checkBoolean } from '../checks/arguments.ts';
import { GradientError } from '../errors.ts';
import { type AlphaOptions, add_, clamp_, copy_, div_, fill_, mul_, sub_, zero_ } from '../ops/in-place.ts';
import { Tensor, type TensorLike } from '../tensor/tensor.ts';

/** The in-place methods; each modifies this tensor's values, counts one `version`, and returns this. */
interface InPlaceMethods {
  /**
   * this += alpha * other, other broadcast to this shape: `add_(this, other, options)`.
   * @example noGrad(() => w.add_(w.grad!, { alpha: -lr }));
   */
  add_(other: TensorLike, options?: AlphaOptions): this;
  /** this -= alpha * other, other broadcast to this shape: `sub_(this, other, options)`. */
  sub_(other: TensorLike, options?: AlphaOptions): this;
  /** this *= other, other broadcast to this shape: `mul_(this, other)`. */
  mul_(other: TensorLike): this;
  /** this /= other, other broadcast to this shape: `div_(this, other)`. */
  div_(other: TensorLike): this;
  /** Every element 0: `zero_(this)`, as in `p.grad.zero_()`. */
  zero_(): this;
  /** Every element `value`: `fill_(this, value)`. */
  fill_(value: number): this;
  /** src's values, broadcast to this shape: `copy_(this, src)`. */
  copy_(src: Tensor): this;
  /** This limited to [min, max], either bound optional: `clamp_(this, min, max)`. */
  clamp_(min?: TensorLike | null, max?: TensorLike | null): this;
  /**
   * Sets whether this leaf requires a gradient (PyTorch's `requires_grad_`, default true) and returns this.
   * A recorded result already requires one: true leaves it as it is, false is refused (use `detach()`).
   * @example const w = randn([3, 2]).mul(0.1).requiresGrad_();
   */
  requiresGrad_(flag?: boolean): this;
}

declare module '../tensor/tensor.ts' {
  interface Tensor extends InPlaceMethods {}
}

const methods: InPlaceMethods & ThisType<Tensor> = {
  add_(other, options) {
    add_(this, other, options);
    return this;
  },
  sub_(other, options) {
    sub_(this, other, options);
    return this;
  },
  mul_(other) {
    mul_(this, other);
    return this;
  },
  div_(other) {
    div_(this, other);
    return this;
  },
  zero_() {
    zero_(this);
    return this;
  },
  fill_(value) {
    fill_(this, value);
    return this;
  },
  copy_(src) {
    copy_(this, src);
    return this;
  },
  clamp_(min, max) {
    clamp_(this, min, max);
    return this;
  },
  requiresGrad_(flag = true) {
    checkBoolean('requiresGrad_', 'flag', flag);
    if (!this.isLeaf) {
      if (flag) return this;
      throw new GradientError(
        `requiresGrad_: only a leaf's flag can be changed, and this tensor came from '${this.gradFn!.op}'; ` +
          'use detach() for a copy cut from the tape',
      );
    }
    this.requiresGrad = flag;
    return this;
  },
};

const descriptors = Object.getOwnPropertyDescriptors(methods);
for (const descriptor of Object.values(descriptors)) descriptor.enumerable = false;
Object.defineProperties(Tensor.prototype, descriptors);
