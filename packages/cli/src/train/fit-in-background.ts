/**
 * Runs training on a worker thread (fit-worker.ts, or sklearn-fit-worker.ts for --preset sklearn) so that Ctrl-C (SIGINT) or SIGTERM can stop it
 * gracefully: `fit` is synchronous, and while it runs on the main thread no signal handler could run.
 * Here the main thread keeps its event loop: it draws the progress, and on the first signal sets a flag
 * that the worker reads after every epoch (a second signal quits at once).
 */
import { Worker } from 'node:worker_threads';
import type { EpochRecord } from '@tapegrad/nn';
import type { FitJob, FitMessage, FitOutcome, SklearnFitJob, WeightsSnapshot } from './fit-job.ts';

export interface BackgroundFitHooks {
  /** Each epoch's record, in order. */
  readonly onEpoch: (record: EpochRecord) => void;
  /** The first Ctrl-C or SIGTERM: training stops after the current epoch. */
  readonly onInterrupt: (signal: StopSignal) => void;
  /** What training says without stopping (fit's onWarning: the step does not compile, so it runs eagerly). */
  readonly onWarning: (message: string) => void;
}

/** The signals that stop training after the current epoch: Ctrl-C, and what `kill` and service managers send. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Exit code of a process ended by a second signal, as shells report it: 128 + 2 (SIGINT), 128 + 15 (SIGTERM). */
const INTERRUPTED_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * The worker's entry: the worker thread has none of the main thread's loader hooks, so it imports the
 * source loader itself before importing the TypeScript module `worker`.
 */
function workerBootstrap(worker: string): string {
  const sourceLoader = import.meta.resolve('@tapegrad/source-loader');
  const entry = new URL(worker, import.meta.url).href;
  return `import(${JSON.stringify(sourceLoader)}).then(() => import(${JSON.stringify(entry)}));`;
}

/** An error from the worker as an Error of the same name, so it is told apart the same way (errors.ts). */
function workerError(message: Extract<FitMessage, { type: 'error' }>): Error {
  const error = new Error(message.message);
  error.name = message.name;
  if (message.stack !== undefined) error.stack = message.stack;
  return error;
}

/**
 * Trains on a worker thread and resolves with the trained model, the history and the weights at the job's
 * snapshot epochs; Ctrl-C or SIGTERM stops it after the current epoch (stopReason 'aborted'), a training
 * error rejects.
 * @example const outcome = await fitInBackground(job, { onEpoch: progress.epoch, onInterrupt: () => {} });
 */
export function fitInBackground(job: FitJob | SklearnFitJob, hooks: BackgroundFitHooks): Promise<FitOutcome> {
  const stopFlag = new SharedArrayBuffer(4);
  const stopRequested = new Int32Array(stopFlag);
  const entry = 'kind' in job ? './sklearn-fit-worker.ts' : './fit-worker.ts';
  const worker = new Worker(workerBootstrap(entry), { eval: true, workerData: { job, stopFlag } });
  const onSignal = (signal: StopSignal) => {
    if (Atomics.load(stopRequested, 0) !== 0) process.exit(INTERRUPTED_EXIT_CODES[signal]);
    Atomics.store(stopRequested, 0, 1);
    hooks.onInterrupt(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return new Promise<FitOutcome>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void worker.terminate();
      finish();
    };
    const snapshots: WeightsSnapshot[] = [];
    worker.on('message', (message: FitMessage) => {
      if (message.type === 'epoch') hooks.onEpoch(message.record);
      else if (message.type === 'warning') hooks.onWarning(message.message);
      else if (message.type === 'snapshot') snapshots.push({ epoch: message.epoch, model: message.model });
      else if (message.type === 'done') settle(() => resolve({ ...message.outcome, snapshots }));
      else settle(() => reject(workerError(message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the training thread exited with code ${code} before finishing`))),
    );
  });
}
