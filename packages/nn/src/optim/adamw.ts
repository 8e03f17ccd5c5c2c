/** AdamW: Adam with decoupled weight decay, PyTorch's torch.optim.AdamW, per parameter group. */
import type { Tensor } from '@tapegrad/autograd';
import { Adam, type AdamGroupOptions } from './adam.ts';

/**
 * AdamW (Loshchilov and Hutter, 2019), PyTorch's torch.optim.AdamW: weight decay decoupled from the
 * gradient. Each parameter first shrinks toward 0, then takes the Adam step on its plain gradient:
 *
 *     p = p * (1 - lr * lambda)
 *     then Adam's m, v, mHat, vHat and p = p - lr * mHat / (sqrt(vHat) + eps), with no L2 term in g
 *
 * Unlike Adam's L2 term, the decay is not rescaled by 1 / sqrt(vHat), so every weight decays at the same
 * rate. The default weight decay is 0.01.
 *
 * @example
 * const w = tensor([2], { requiresGrad: true });
 * const optimizer = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
 * w.mul(w).sum().backward();
 * optimizer.step(); // 2 * (1 - 0.05) = 1.9, then the Adam step of about lr: 1.8
 */
export class AdamW extends Adam {
  protected static override readonly defaultWeightDecay: number = 0.01;

  protected override update(parameter: Tensor, gradient: Float64Array, group: AdamGroupOptions): void {
    const values = parameter.data;
    const decay = 1 - group.lr * group.weightDecay;
    for (let i = 0; i < values.length; i++) values[i] = values[i]! * decay; // p = p (1 - lr lambda)
    this.adamStep(parameter, gradient, group, 0);
  }
}
