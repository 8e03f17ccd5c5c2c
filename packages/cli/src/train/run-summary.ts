/**
 * After training: the trained model's scores on both splits, config.json (everything needed to repeat the
 * run and to preprocess new inputs the same way, the command line included), and what report.html says
 * about the run in words.
 */
import {
  classificationReport,
  evaluate,
  lossFor,
  modelFromJson,
  type Network,
  networkConfig,
  predictClasses,
  type StopReason,
} from '@tapegrad/nn';
import type { DataSummary, RunResult, TestEvaluation } from '@tapegrad/viz/report';
import type { HeldOut } from '../run-folder.ts';
import type { RunConfig, RunInvocation } from '../saved-run.ts';
import { TEST_FRACTION } from '../seeds.ts';
import type { StopSignal } from './fit-in-background.ts';
import { type FitOutcome, VALIDATION_FRACTION } from './fit-job.ts';
import type { PreparedRun } from './prepare-run.ts';
import type { TrainOptions } from './train-options.ts';

export interface RunSummary {
  /** The trained model, in evaluation mode. */
  readonly model: Network;
  readonly config: RunConfig;
  /** What the history's held-out columns measured: the test set, or with --patience a validation split. */
  readonly heldOut: HeldOut;
  /** For report.html: the result, the test set in detail, the data and the settings in words. */
  readonly result: RunResult;
  readonly evaluation: TestEvaluation;
  readonly data: DataSummary;
  readonly settings: [string, string][];
}

/** The split the held-out columns of a run measure: a validation split when early stopping needs one. */
export const heldOutOf = (options: Pick<TrainOptions, 'patience'>): HeldOut =>
  options.patience === undefined ? 'test' : 'validation';

/** The training settings in words, for the report: [name, description]; `compiled`: how the steps ran. */
export function settingsInWords(
  options: TrainOptions,
  trainRows: number,
  compiled: boolean,
): [string, string][] {
  const optimizers: Record<TrainOptions['optimizer'], string> = {
    sgd: 'plain gradient descent (SGD)',
    momentum: 'SGD with momentum',
    rmsprop: 'RMSProp',
    adam: 'Adam',
    adamw: 'AdamW',
  };
  const validationRows = Math.round(VALIDATION_FRACTION * trainRows);
  return [
    ['optimizer', `${optimizers[options.optimizer]}, learning rate ${options.lr}`],
    [
      'batches',
      options.batchSize === undefined
        ? `full batch: one step per epoch on all ${trainRows} training rows`
        : `mini-batches of ${options.batchSize} rows, shuffled each epoch`,
    ],
    ['epochs', `at most ${options.epochs}`],
    [
      'early stopping',
      options.patience === undefined
        ? 'none: every epoch is trained'
        : `after ${options.patience} epochs without a lower loss on a validation split (${100 * VALIDATION_FRACTION}% of the training rows, about ${validationRows}), keeping the best epoch's weights`,
    ],
    ['L2 regularization', options.l2 > 0 ? `lambda ${options.l2}` : 'none'],
    ['dropout', options.dropout > 0 ? `${options.dropout} after each hidden layer` : 'none'],
    [
      'gradients',
      options.gradients === 'autograd'
        ? 'from the tape (autograd)'
        : 'from the hand-derived formulas (manual), the ones docs/derivations.md derives',
    ],
    [
      'steps',
      compiled
        ? 'compiled: each step traced once, then replayed as one plan (the eager curve to about 1e-12)'
        : 'eager: each step on the tape',
    ],
    ['seed', `${options.seed}: the data, the split, the initial weights and the batches`],
  ];
}

/** How the run went besides its outcome. */
export interface RunCircumstances {
  /** Wall-clock seconds, preparation and training. */
  readonly seconds: number;
  /** The command line that started it. */
  readonly invocation: RunInvocation;
  /** The signal that stopped an aborted run. */
  readonly stoppedBy: StopSignal | undefined;
}

/**
 * The trained model's scores, the run's config and the report's words about it.
 * @example const summary = summarizeRun(run, options, outcome, { seconds: 1.2, invocation, stoppedBy: undefined });
 */
export function summarizeRun(
  run: PreparedRun,
  options: TrainOptions,
  outcome: FitOutcome,
  { seconds, invocation, stoppedBy }: RunCircumstances,
): RunSummary {
  const model = modelFromJson(outcome.model, 'the trained model');
  model.eval();
  const trained = evaluate(model, { X: run.XTrain, y: run.train.y });
  const tested = evaluate(model, { X: run.XTest, y: run.test.y });
  const { classes, featureNames } = run.loaded.data;
  const predicted = predictClasses(model.forward(run.XTest), model.output);
  const report = classificationReport(predicted, run.test.y, { classNames: classes });
  const heldOut = heldOutOf(options);
  const config: RunConfig = {
    command: 'tapegrad train',
    invocation,
    dataset: run.loaded.record,
    classes,
    featureNames,
    // A dataset's own split (MNIST's 10,000 of 70,000) is recorded as the share it holds out.
    testFraction:
      run.loaded.split === undefined
        ? TEST_FRACTION
        : run.test.X.shape[0]! / (run.train.X.shape[0]! + run.test.X.shape[0]!),
    standardizer: {
      mean: Array.from(run.standardizer.mean.data),
      std: Array.from(run.standardizer.std.data),
    },
    model: networkConfig(model),
    loss: lossFor(model.output),
    training: {
      optimizer: options.optimizer,
      lr: options.lr,
      epochs: options.epochs,
      batchSize: options.batchSize ?? 'full',
      l2: options.l2,
      dropout: options.dropout,
      gradients: options.gradients,
      // The steps as they ran (fit's compile 'auto' decides when neither --compile nor --no-compile is given).
      compile: outcome.compiled,
      patience: options.patience ?? null,
      seed: options.seed,
      heldOut,
    },
    result: {
      stopReason: outcome.stopReason,
      epochsRun: outcome.history.length,
      bestEpoch: outcome.bestEpoch,
      trainLoss: trained.loss,
      trainAccuracy: trained.accuracy,
      testLoss: tested.loss,
      testAccuracy: tested.accuracy,
      seconds,
    },
  };
  return {
    model,
    config,
    heldOut,
    result: {
      epochsRun: outcome.history.length,
      stopped: stopSentence(outcome, stoppedBy),
      seconds,
      trainLoss: trained.loss,
      trainAccuracy: trained.accuracy,
      testLoss: tested.loss,
      testAccuracy: tested.accuracy,
    },
    evaluation: { classNames: classes, confusion: report.confusion, perClass: report.perClass },
    data: {
      description: run.loaded.description,
      trainRows: run.XTrain.shape[0]!,
      testRows: run.XTest.shape[0]!,
      featureNames,
      classes,
      ...(run.loaded.scaled
        ? { scaling: 'The pixels reach the model as they are, in [0, 1], not standardized (mean 0, std 1).' }
        : {}),
    },
    settings: settingsInWords(options, run.XTrain.shape[0]!, outcome.compiled),
  };
}

/** How training ended, e.g. 'Stopped by Ctrl-C after 12 epochs'; `signal` is what stopped an aborted run. */
export function stopSentence(outcome: FitOutcome, signal: StopSignal = 'SIGINT'): string {
  const epochs = outcome.history.length;
  const endings: Record<StopReason, string> = {
    maxEpochs: `Trained ${epochs} epochs`,
    targetLoss: `Reached the target loss after ${epochs} epochs`,
    earlyStopping:
      `Stopped early after ${epochs} epochs, the validation loss no longer falling ` +
      `(the weights of epoch ${outcome.bestEpoch} are kept)`,
    aborted: `Stopped by ${signal === 'SIGINT' ? 'Ctrl-C' : signal} after ${epochs} epochs`,
  };
  return endings[outcome.stopReason];
}
