/**
 * How training reports itself: a progress bar (epoch, loss, accuracy, time left) on a terminal, and
 * plain lines every few epochs when the output goes to a file or a pipe.
 */
import type { EpochRecord } from '@tapegrad/nn';
import { SingleBar } from 'cli-progress';
import { timeLeftEstimator } from './time-left.ts';

export interface TrainingProgress {
  /** After each epoch. */
  epoch(record: EpochRecord): void;
  /** Training ended (or stopped early): close the bar. */
  stop(): void;
}

const percent = (fraction: number | null) => (fraction === null ? '-' : `${(100 * fraction).toFixed(1)}%`);

/** What the held-out columns measure: the test set, or a validation split used for early stopping. */
export type HeldOut = 'test' | 'validation';

/**
 * One line about an epoch, e.g. 'epoch  25/300  loss 0.3012  train 88.5%  test loss 0.2950  test 89.0%'.
 */
export function epochLine(record: EpochRecord, epochs: number, heldOut: HeldOut = 'test'): string {
  const width = String(epochs).length;
  const held =
    record.valLoss === null
      ? ''
      : `  ${heldOut} loss ${record.valLoss.toFixed(4)}  ${heldOut} ${percent(record.valAccuracy)}`;
  return (
    `epoch ${String(record.epoch).padStart(width)}/${epochs}  loss ${record.trainLoss.toFixed(4)}  ` +
    `train ${percent(record.trainAccuracy)}${held}`
  );
}

/** Plain lines: the first epoch, every `every` epochs, and the last. */
function lineProgress(epochs: number, heldOut: HeldOut, write: (line: string) => void): TrainingProgress {
  const every = Math.max(1, Math.round(epochs / 10));
  let last: EpochRecord | null = null;
  return {
    epoch(record) {
      last = record;
      if (record.epoch === 1 || record.epoch % every === 0 || record.epoch === epochs) {
        write(epochLine(record, epochs, heldOut));
        last = null;
      }
    },
    stop() {
      // Training stopped between two printed epochs: show where.
      if (last !== null) write(epochLine(last, epochs, heldOut));
    },
  };
}

/** A cli-progress bar on the terminal `stream`. */
function barProgress(epochs: number, heldOut: HeldOut, stream: NodeJS.WriteStream): TrainingProgress {
  const bar = new SingleBar({
    stream,
    format: `epoch {value}/{total} {bar} loss {loss} | train {train} | ${heldOut} {test}{left}`,
    barsize: 24,
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
    hideCursor: true,
  });
  const timeLeft = timeLeftEstimator(epochs);
  bar.start(epochs, 0, { loss: '-', train: '-', test: '-', left: '' });
  return {
    epoch(record) {
      const left = timeLeft(record.epoch);
      bar.update(record.epoch, {
        loss: record.trainLoss.toFixed(4),
        train: percent(record.trainAccuracy),
        test: percent(record.valAccuracy),
        left: left === '' ? '' : ` | ${left}`,
      });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * A bar when `stream` is a terminal, lines otherwise.
 * @example const progress = trainingProgress(300, process.stdout);
 */
export function trainingProgress(
  epochs: number,
  stream: NodeJS.WriteStream,
  heldOut: HeldOut = 'test',
): TrainingProgress {
  return stream.isTTY
    ? barProgress(epochs, heldOut, stream)
    : lineProgress(epochs, heldOut, (line) => {
        stream.write(`${line}\n`);
      });
}
