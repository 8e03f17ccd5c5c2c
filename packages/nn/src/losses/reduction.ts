import type { Tensor } from '@tapegrad/autograd';
import { checkOptions, checkTensor, shown } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';

/** How per-element losses are combined: their mean (default), their sum, or kept as they are. */
export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  readonly reduction?: Reduction;
}

/**
 * A loss's arguments checked at its boundary: the prediction (under the loss's own name for it) is a Tensor,
 * and the options object holds a known reduction.
 */
export function checkLossArguments(fn: string, name: string, prediction: unknown, options: unknown): void {
  checkTensor(fn, name, prediction);
  checkOptions(fn, options as LossOptions, LOSS_OPTIONS);
}

/** The option check of `reduction`, for losses whose options add their own. */
export const LOSS_OPTIONS = {
  reduction: (fn: string, _name: string, value: unknown) => {
    if (value !== 'mean' && value !== 'sum' && value !== 'none') {
      const given = typeof value === 'string' ? `'${value}'` : shown(value);
      throw new ConfigError(`${fn}: reduction ${given} is not one of mean, sum, none`);
    }
  },
};

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
