/**
 * The training thread of `tapegrad train --preset sklearn` (see fit-in-background.ts): nn's MLPClassifier,
 * scikit-learn's algorithm, fits the job's standardized training split. After each epoch its weights go
 * into the job's network, which measures the accuracies (and, without early stopping, the test split's
 * loss) for the progress and the history; the epoch's loss is sklearn's own. A stop asked for through the
 * shared flag ends training after the current epoch, as sklearn's fit does on Ctrl-C.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  type EpochRecord,
  evaluate,
  MLPClassifier,
  modelFromJson,
  modelToJson,
  type Network,
} from '@tapegrad/nn';
import { type FitMessage, type SklearnFitJob, unpackTensor } from './fit-job.ts';
import { loadSklearnWeights } from './sklearn-weights.ts';

const { job, stopFlag } = workerData as { job: SklearnFitJob; stopFlag: SharedArrayBuffer };
const stopRequested = new Int32Array(stopFlag);
const post = (message: FitMessage) => parentPort!.postMessage(message);

/** The 1-based epoch of the first value that `better` prefers to all before it. */
function bestEpoch(values: readonly number[], better: (value: number, best: number) => boolean): number {
  return values.reduce((best, value, i) => (better(value, values[best]!) ? i : best), 0) + 1;
}

try {
  const model = modelFromJson(job.model, 'the network to hold the weights') as Network;
  const train = { X: unpackTensor(job.train.X), y: unpackTensor(job.train.y) };
  const test = { X: unpackTensor(job.test.X), y: unpackTensor(job.test.y) };
  const earlyStopping = job.classifier.earlyStopping === true;
  const classifier = new MLPClassifier(job.classifier);
  const controller = new AbortController();
  const history: EpochRecord[] = [];
  let epochStarted = performance.now();
  classifier.fit(train.X, train.y, {
    signal: controller.signal,
    onEpoch: ({ epoch, loss, coefs, intercepts }) => {
      loadSklearnWeights(model, coefs, intercepts);
      // With early stopping the test split stays unseen until the final score, as in train's own runs.
      const tested = earlyStopping ? null : evaluate(model, test);
      const record: EpochRecord = {
        epoch,
        trainLoss: loss,
        trainAccuracy: evaluate(model, train).accuracy,
        valLoss: tested?.loss ?? null,
        valAccuracy: tested?.accuracy ?? null,
        lr: classifier.options.learningRateInit,
        seconds: (performance.now() - epochStarted) / 1000,
      };
      history.push(record);
      post({ type: 'epoch', record });
      if (job.snapshotEpochs.includes(epoch)) post({ type: 'snapshot', epoch, model: modelToJson(model) });
      if (Atomics.load(stopRequested, 0) !== 0) controller.abort();
      epochStarted = performance.now();
    },
  });
  loadSklearnWeights(model, classifier.coefs, classifier.intercepts);
  const scores = classifier.validationScores;
  post({
    type: 'done',
    outcome: {
      model: modelToJson(model),
      // sklearn's validation score is an accuracy; it measures no validation loss.
      history:
        scores === null ? history : history.map((record, i) => ({ ...record, valAccuracy: scores[i]! })),
      // Stopping by tol (or by the validation score) is sklearn's early stop; max_iter ends like train's epochs.
      stopReason: controller.signal.aborted
        ? 'aborted'
        : classifier.nIter < classifier.options.maxIter
          ? 'earlyStopping'
          : 'maxEpochs',
      // With early stopping, the epoch of the first highest score, whose weights sklearn keeps; else the
      // epoch of the lowest loss (sklearn's best_loss_).
      bestEpoch:
        scores === null
          ? bestEpoch(classifier.lossCurve, (loss, lowest) => loss < lowest)
          : bestEpoch(scores, (score, highest) => score > highest),
      // sklearn's algorithm runs its own eager loop, not fit's compiled step.
      compiled: false,
    },
  });
} catch (error) {
  const { name, message, stack } = error as Error;
  post({ type: 'error', name, message, ...(stack === undefined ? {} : { stack }) });
}
