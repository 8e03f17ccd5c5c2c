import {
  checkInstance,
  checkOptions,
  checkTensor,
  nonNegativeOption,
  oneOfOption,
} from '../checks/arguments.ts';
import type { ObjectiveOptions } from '../losses/objective.ts';

/** What the hand-derived passes take besides the data: the loss name and the L2 strength. */
const OBJECTIVE_OPTIONS = {
  loss: oneOfOption(['bce', 'crossEntropy', 'mse']),
  l2: nonNegativeOption,
};

/**
 * The arguments of a hand-derived pass (manualGradients, manualBackprop, manualMlpGradients), checked at
 * its boundary: the network is an instance of `type`, X and y are tensors, and the options are known ones
 * of the right kind. The shapes are checked by readBatch, which knows the network's sizes.
 */
export function checkPassArguments<Net>(
  fn: string,
  net: unknown,
  type: abstract new (...args: never[]) => Net,
  X: unknown,
  y: unknown,
  options: ObjectiveOptions,
  netName = 'net',
): Net {
  const checked = checkInstance(fn, netName, net, type, `a ${type.name}`);
  checkTensor(fn, 'X', X);
  checkTensor(fn, 'y', y);
  checkOptions(fn, options, OBJECTIVE_OPTIONS);
  return checked;
}
