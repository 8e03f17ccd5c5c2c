/**
 * The points of the loss curve: the cost J (the L2 term included, as `tapegrad train` reports it) and the
 * accuracy of both splits, in evaluation mode (dropout off).
 */
import { type EpochRecord, evaluate, type Network } from '@tapegrad/nn';
import type { PlaygroundData } from '../data.ts';
import type { LossPoint } from '../snapshot.ts';

/**
 * The loss point of a network on the data as it stands, measured as `fit` measures an epoch (nn's evaluate).
 * An accuracy that does not exist (a loss that is not finite) is NaN.
 * @example lossPointOf(net, data, 0, 0).testAccuracy; // about 0.5 before training
 */
export function lossPointOf(net: Network, data: PlaygroundData, l2: number, epoch: number): LossPoint {
  const trained = evaluate(net, data.train, { l2 });
  const tested = evaluate(net, data.test, { l2 });
  return {
    epoch,
    trainLoss: trained.loss,
    testLoss: tested.loss,
    trainAccuracy: trained.accuracy ?? Number.NaN,
    testAccuracy: tested.accuracy ?? Number.NaN,
  };
}

/**
 * The loss point of an epoch `fit` recorded with the test split as its validation data; `epoch` is its
 * number in the whole run (fit counts each call's epochs from 1).
 * @example lossPointOfRecord(record, 120); // the 120th epoch of the run
 */
export function lossPointOfRecord(record: EpochRecord, epoch: number): LossPoint {
  return {
    epoch,
    trainLoss: record.trainLoss,
    testLoss: record.valLoss ?? Number.NaN,
    trainAccuracy: record.trainAccuracy ?? Number.NaN,
    testAccuracy: record.valAccuracy ?? Number.NaN,
  };
}
