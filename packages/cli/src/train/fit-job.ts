/**
 * What the main thread sends the training thread and what comes back: plain data that survives
 * postMessage (tensors as their Float64Array and shape, the model as its JSON form).
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import type { EpochRecord, MLPClassifierOptions, ModelFile, OptimizerName, StopReason } from '@tapegrad/nn';

/** A tensor's values and shape. */
export interface TensorData {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

export const packTensor = (value: Tensor): TensorData => ({ data: value.data, shape: value.shape });
export const unpackTensor = (value: TensorData): Tensor => tensor(value.data, { shape: value.shape });

/** The share of the training rows held out for early stopping's validation loss. */
export const VALIDATION_FRACTION = 0.2;

/** The training settings of `tapegrad train`. */
export interface FitSettings {
  readonly epochs: number;
  /** Rows per mini-batch; undefined for full-batch gradient descent. */
  readonly batchSize: number | undefined;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly l2: number;
  readonly gradients: 'autograd' | 'manual';
  /** fit's compile option: true (--compile), false (--no-compile) or 'auto' (neither). */
  readonly compile: boolean | 'auto';
  /**
   * Stop after this many epochs without a lower validation loss (on VALIDATION_FRACTION of the training
   * rows) and keep the best weights; undefined: never.
   */
  readonly patience: number | undefined;
  readonly seed: number;
}

export interface FitJob {
  readonly model: ModelFile;
  /** Standardized inputs and class labels. */
  readonly train: { readonly X: TensorData; readonly y: TensorData };
  readonly test: { readonly X: TensorData; readonly y: TensorData };
  readonly settings: FitSettings;
  /** The epochs after which the training thread posts the weights (see `snapshotEpochs`), ascending. */
  readonly snapshotEpochs: readonly number[];
}

/**
 * The job of `tapegrad train --preset sklearn` (sklearn-fit-worker.ts): MLPClassifier trains on the same
 * standardized splits, and its weights go into `model`, an nn network of the same sizes.
 */
export interface SklearnFitJob {
  readonly kind: 'sklearn';
  /** MLPClassifier's options, every one filled in. */
  readonly classifier: MLPClassifierOptions;
  /** The network that receives the weights after each epoch and at the end (its initial weights are unused). */
  readonly model: ModelFile;
  readonly train: { readonly X: TensorData; readonly y: TensorData };
  readonly test: { readonly X: TensorData; readonly y: TensorData };
  readonly snapshotEpochs: readonly number[];
}

/** The weights as they were at the end of an epoch. */
export interface WeightsSnapshot {
  readonly epoch: number;
  readonly model: ModelFile;
}

/**
 * The epochs whose weights the report draws beside the trained ones: the first, and those 10% and 30% of
 * the way through `epochs` (the trained weights are the last picture), each once.
 * @example snapshotEpochs(300); // [1, 30, 90]
 * @example snapshotEpochs(2); // [1]
 */
export function snapshotEpochs(epochs: number): number[] {
  const picked = [1, Math.round(0.1 * epochs), Math.round(0.3 * epochs)];
  return [...new Set(picked)].filter((epoch) => epoch >= 1 && epoch < epochs);
}

/** What training gives back: the trained weights, the history, and the weights at the snapshot epochs. */
export interface FitOutcome {
  readonly model: ModelFile;
  readonly history: readonly EpochRecord[];
  readonly stopReason: StopReason;
  readonly bestEpoch: number;
  /** Whether every step ran compiled (fit's `result.compiled`); false for --preset sklearn's own loop. */
  readonly compiled: boolean;
  /** The weights after each snapshot epoch that training reached. */
  readonly snapshots: readonly WeightsSnapshot[];
}

/**
 * The messages of the training thread, in order: epochs (a snapshot after its epoch; a warning, such as
 * fit's that the step does not compile, when fit gives one), then one 'done' or 'error'.
 */
export type FitMessage =
  | { readonly type: 'epoch'; readonly record: EpochRecord }
  | { readonly type: 'warning'; readonly message: string }
  | ({ readonly type: 'snapshot' } & WeightsSnapshot)
  | { readonly type: 'done'; readonly outcome: Omit<FitOutcome, 'snapshots'> }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly stack?: string };
