/**
 * After training: the trained model's scores on both splits, and config.json, which records everything
 * needed to repeat the run and to preprocess new inputs the same way.
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
import type { RunConfig } from '../saved-run.ts';
import { TEST_FRACTION } from '../seeds.ts';
import type { StopSignal } from './fit-in-background.ts';
import type { FitOutcome } from './fit-job.ts';
import type { PreparedRun } from './prepare-run.ts';
import type { TrainOptions } from './train-options.ts';

export interface RunSummary {
  /** The trained model, in evaluation mode. */
  readonly model: Network;
  readonly config: RunConfig;
  /** The final numbers for report.html: config.result, the test confusion matrix and per-class scores. */
  readonly metrics: Record<string, unknown>;
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
}

/**
 * The trained model's scores and the run's config.
 * @example const summary = summarizeRun(run, options, outcome, 1.2); writeRun(dir, { ...summary, history });
 */
export function summarizeRun(
  run: PreparedRun,
  options: TrainOptions,
  outcome: FitOutcome,
  seconds: number,
): RunSummary {
  const model = modelFromJson(outcome.model, 'the trained model');
  model.eval();
  const trained = evaluate(model, { X: run.XTrain, y: run.train.y });
  const tested = evaluate(model, { X: run.XTest, y: run.test.y });
  const { classes } = run.loaded.data;
  const predicted = predictClasses(model.forward(run.XTest), model.output);
  const report = classificationReport(predicted, run.test.y, { classNames: classes });
  const result = {
    stopReason: outcome.stopReason,
    epochsRun: outcome.history.length,
    bestEpoch: outcome.bestEpoch,
    trainLoss: trained.loss,
    trainAccuracy: trained.accuracy,
    testLoss: tested.loss,
    testAccuracy: tested.accuracy,
    seconds,
  };
  const config: RunConfig = {
    command: 'tapegrad train',
    dataset: run.loaded.record,
    classes,
    featureNames: run.loaded.data.featureNames,
    testFraction: TEST_FRACTION,
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
      patience: options.patience ?? null,
      seed: options.seed,
    },
    result,
  };
  const metrics = {
    ...result,
    testConfusionMatrix: report.confusion,
    testScores: Object.fromEntries(report.perClass.map((scores, c) => [`class ${classes[c]}`, scores])),
  };
  return { model, config, metrics, trainAccuracy: trained.accuracy, testAccuracy: tested.accuracy };
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
