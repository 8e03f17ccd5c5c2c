/**
 * The training thread of `tapegrad train` (see fit-in-background.ts): runs `fit` on the job in its
 * workerData and posts each epoch's record (and, after the job's snapshot epochs, the weights), then the
 * trained model. `fit` runs synchronously, so the main thread stays free to draw the progress bar and to
 * notice Ctrl-C; it asks for a stop through a shared flag, which this thread reads after every epoch and
 * turns into an abort of fit's signal.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Rng } from '@tapegrad/autograd';
import { createOptimizer, fit, manualSeed, modelFromJson, modelToJson } from '@tapegrad/nn';
import { seedFor } from '../seeds.ts';
import { type FitJob, type FitMessage, unpackTensor, VALIDATION_FRACTION } from './fit-job.ts';

const { job, stopFlag } = workerData as { job: FitJob; stopFlag: SharedArrayBuffer };
const stopRequested = new Int32Array(stopFlag);
const post = (message: FitMessage) => parentPort!.postMessage(message);

try {
  const { settings } = job;
  // Dropout layers rebuilt from JSON draw their masks from the shared generator.
  manualSeed(seedFor(settings.seed, 'dropout'));
  const model = modelFromJson(job.model, 'the model to train');
  const controller = new AbortController();
  const result = fit(
    model,
    { X: unpackTensor(job.train.X), y: unpackTensor(job.train.y) },
    {
      epochs: settings.epochs,
      ...(settings.batchSize === undefined ? {} : { batchSize: settings.batchSize }),
      rng: new Rng(seedFor(settings.seed, 'shuffle')),
      optimizer: createOptimizer(settings.optimizer, model.parameters(), { lr: settings.lr }),
      l2: settings.l2,
      gradients: settings.gradients,
      compile: settings.compile,
      onWarning: (message) => post({ type: 'warning', message }),
      // Early stopping picks the epoch on a validation split of the training rows, never on the test set,
      // which stays unseen until the final score; without it, the test set is shown epoch by epoch.
      ...(settings.patience === undefined
        ? { validation: { X: unpackTensor(job.test.X), y: unpackTensor(job.test.y) } }
        : {
            validationSplit: VALIDATION_FRACTION,
            earlyStopping: { patience: settings.patience, restoreBest: true },
          }),
      signal: controller.signal,
      onEpoch: (record) => {
        post({ type: 'epoch', record });
        if (job.snapshotEpochs.includes(record.epoch)) {
          post({ type: 'snapshot', epoch: record.epoch, model: modelToJson(model) });
        }
        if (Atomics.load(stopRequested, 0) !== 0) controller.abort();
      },
    },
  );
  post({
    type: 'done',
    outcome: {
      model: modelToJson(model),
      history: result.history,
      stopReason: result.stopReason,
      bestEpoch: result.bestEpoch,
      compiled: result.compiled,
    },
  });
} catch (error) {
  const { name, message, stack } = error as Error;
  post({ type: 'error', name, message, ...(stack === undefined ? {} : { stack }) });
}
