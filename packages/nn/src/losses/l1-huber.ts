/**
 * The absolute-error losses, as PyTorch's F.l1_loss, F.huber_loss and F.smooth_l1_loss: composed of
 * differentiable ops (abs, where, square), so their gradients, and gradients of gradients, come from the tape.
 */
import { type Tensor, where } from '@tapegrad/autograd';
import { checkOptions, checkTensor, numberOption } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { LOSS_OPTIONS, type LossOptions, reduce } from './reduction.ts';

export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear; a finite number > 0, default 1. */
  readonly delta?: number;
}

export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear; a finite number >= 0 (0 is the L1 loss), default 1. */
  readonly beta?: number;
}

const HUBER_OPTIONS = {
  ...LOSS_OPTIONS,
  delta: numberOption('a finite number > 0', (value) => value > 0),
};
const SMOOTH_L1_OPTIONS = {
  ...LOSS_OPTIONS,
  beta: numberOption('a finite number >= 0', (value) => value >= 0),
};

/** input - target, after checking both are tensors of one shape (PyTorch would broadcast, with a warning). */
function difference(fn: string, input: unknown, target: unknown): Tensor {
  const prediction = checkTensor(fn, 'input', input);
  const wanted = checkTensor(fn, 'target', target);
  if (prediction.shape.join(',') !== wanted.shape.join(',')) {
    throw new ConfigError(
      `${fn}: input has shape [${prediction.shape.join(',')}] but target [${wanted.shape.join(',')}]; ` +
        `they must match: reshape the target to [${prediction.shape.join(',')}]`,
    );
  }
  return prediction.sub(wanted);
}

/**
 * Mean absolute error |input - target| (PyTorch's L1Loss). d/dinput = sign(input - target), 0 where equal.
 * @example l1Loss(tensor([1, 4]), tensor([2, 2])).item(); // (1 + 2) / 2 = 1.5
 */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const { reduction } = checkOptions('l1Loss', options, LOSS_OPTIONS);
  return reduce(difference('l1Loss', input, target).abs(), reduction);
}

/**
 * Huber loss of d = input - target: d^2 / 2 where |d| < delta, else delta (|d| - delta / 2); both pieces
 * meet with slope delta at |d| = delta. d/dinput = d inside, delta sign(d) outside.
 * @example huberLoss(tensor([0.5, 3]), tensor([0, 0])).item(); // (0.125 + 2.5) / 2 = 1.3125
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const { reduction, delta = 1 } = checkOptions('huberLoss', options, HUBER_OPTIONS);
  const d = difference('huberLoss', input, target);
  const size = d.abs();
  return reduce(where(size.lt(delta), d.square().mul(0.5), size.sub(delta / 2).mul(delta)), reduction);
}

/**
 * Smooth L1 loss of d = input - target: d^2 / (2 beta) where |d| < beta, else |d| - beta / 2; the Huber
 * loss divided by beta, and the L1 loss when beta = 0. d/dinput = d / beta inside, sign(d) outside.
 * @example smoothL1Loss(tensor([0.5, 3]), tensor([0, 0])).item(); // (0.125 + 2.5) / 2 = 1.3125
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1LossOptions = {}): Tensor {
  const { reduction, beta = 1 } = checkOptions('smoothL1Loss', options, SMOOTH_L1_OPTIONS);
  const d = difference('smoothL1Loss', input, target);
  const size = d.abs();
  if (beta === 0) return reduce(size, reduction);
  return reduce(where(size.lt(beta), d.square().mul(0.5 / beta), size.sub(beta / 2)), reduction);
}
