import type { EpochRecord } from '@tapegrad/nn';

/**
 * A made-up training history of `count` epochs with values easy to check by hand: train loss 1/epoch and
 * accuracy 1 - 0.5/epoch; validation loss 1.5/epoch and accuracy 1 - 0.6/epoch.
 */
export function syntheticHistory(
  count: number,
  { validation = true, accuracy = true, lr = 0.1, seconds = 0.01 } = {},
): EpochRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const epoch = i + 1;
    return {
      epoch,
      trainLoss: 1 / epoch,
      trainAccuracy: accuracy ? 1 - 0.5 / epoch : null,
      valLoss: validation ? 1.5 / epoch : null,
      valAccuracy: validation && accuracy ? 1 - 0.6 / epoch : null,
      lr,
      seconds,
    };
  });
}
