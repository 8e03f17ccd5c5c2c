import type { Tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';

/** How per-element losses are combined: their mean (default), their sum, or kept as they are. */
export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  readonly reduction?: Reduction;
}

export function reduce(losses: Tensor, reduction: Reduction = 'mean'): Tensor {
  switch (reduction) {
    case 'mean':
      return losses.mean();
    case 'sum':
      return losses.sum();
    case 'none':
      return losses;
    default:
      throw new ConfigError(`reduction '${reduction as string}' is not one of mean, sum, none`);
  }
}
