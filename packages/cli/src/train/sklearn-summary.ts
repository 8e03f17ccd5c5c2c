/**
 * What a run of `tapegrad train --preset sklearn` says about itself: the training lines of the console
 * (scikit-learn's algorithm and defaults, and the same classifier in Python), how it stopped by sklearn's
 * rules, config.json's training record (the preset and every option MLPClassifier ran with) and the
 * report's settings in words.
 */
import type { StopSignal } from './fit-in-background.ts';
import type { FitOutcome } from './fit-job.ts';
import type { RunSummary } from './run-summary.ts';
import { type SklearnOptions, type SklearnPreset, sklearnPythonLine } from './sklearn-preset.ts';

const SOLVERS: Readonly<Record<SklearnOptions['solver'], string>> = {
  adam: 'Adam',
  sgd: "SGD with sklearn's momentum 0.9 (Nesterov's)",
};

function batchesInWords(classifier: SklearnOptions): string {
  return classifier.batchSize === 'auto'
    ? "batch_size 'auto': mini-batches of min(200, rows), shuffled each epoch"
    : `mini-batches of ${classifier.batchSize} rows (at most all of them), shuffled each epoch`;
}

function stoppingInWords(classifier: SklearnOptions): string {
  return classifier.earlyStopping
    ? `once the accuracy on a validation split (validation_fraction ${classifier.validationFraction} of the ` +
        `training rows) has not improved by tol ${classifier.tol} for more than ${classifier.nIterNoChange} ` +
        "epochs (--patience: early_stopping), keeping the best epoch's weights"
    : `once the training loss has not improved by tol ${classifier.tol} for more than ` +
        `${classifier.nIterNoChange} epochs (n_iter_no_change)`;
}

/**
 * The console's lines about training, before it starts: the algorithm and its settings, and the same
 * classifier as a line of Python.
 */
export function sklearnTrainingLines(preset: SklearnPreset): string[] {
  const { classifier } = preset;
  return [
    "Training: scikit-learn's MLPClassifier algorithm and defaults (--preset sklearn), number for number:",
    `  ${SOLVERS[classifier.solver]}, learning_rate_init ${classifier.learningRateInit}, alpha ${classifier.alpha}, ` +
      `${batchesInWords(classifier)}, up to ${classifier.maxIter} epochs (max_iter), ${classifier.gradients} gradients`,
    `  stopping ${stoppingInWords(classifier)}; Ctrl-C stops and keeps the run`,
    'The same in Python, on the same standardized training rows (StandardScaler):',
    `  ${sklearnPythonLine(classifier)}`,
  ];
}

/**
 * How a preset run ended, as a sentence start, e.g. 'Stopped by tol after 57 epochs: the training loss did not
 * improve by 0.0001 for more than 10 epochs'.
 */
export function sklearnStopSentence(
  preset: SklearnPreset,
  outcome: FitOutcome,
  signal: StopSignal | undefined,
): string {
  const { classifier } = preset;
  const epochs = outcome.history.length;
  const kept = classifier.earlyStopping ? ` (the weights of epoch ${outcome.bestEpoch} are kept)` : '';
  switch (outcome.stopReason) {
    case 'aborted':
      return `Stopped by ${signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} after ${epochs} epochs${kept}`;
    case 'earlyStopping':
      return classifier.earlyStopping
        ? `Stopped by tol after ${epochs} epochs: the validation accuracy did not improve by ${classifier.tol} ` +
            `for more than ${classifier.nIterNoChange} epochs${kept}`
        : `Stopped by tol after ${epochs} epochs: the training loss did not improve by ${classifier.tol} ` +
            `for more than ${classifier.nIterNoChange} epochs`;
    default:
      return `Trained ${epochs} epochs, max_iter, without converging by tol (sklearn warns ConvergenceWarning)${kept}`;
  }
}

/** The epoch whose weights the run kept, when not the last: sklearn's early stopping keeps its best epoch. */
export function sklearnKeptEpoch(preset: SklearnPreset, outcome: FitOutcome): number | undefined {
  return preset.classifier.earlyStopping ? outcome.bestEpoch : undefined;
}

/** The report's settings in words: [name, description]. */
function settingsInWords(preset: SklearnPreset, seed: number): [string, string][] {
  const { classifier } = preset;
  return [
    ['algorithm', "scikit-learn's MLPClassifier (--preset sklearn), number for number"],
    ['solver', `${SOLVERS[classifier.solver]}, learning_rate_init ${classifier.learningRateInit}`],
    ['batches', batchesInWords(classifier)],
    ['epochs', `at most ${classifier.maxIter} (max_iter)`],
    ['stopping', stoppingInWords(classifier)],
    ['L2 regularization', `alpha ${classifier.alpha}`],
    [
      'gradients',
      classifier.gradients === 'autograd'
        ? 'from the tape (autograd)'
        : "from the hand-derived formulas (manual), sklearn's _backprop",
    ],
    [
      'seed',
      `${seed}: the data and the split; as random_state, the initial weights, the batches and any validation split`,
    ],
    ['in Python', sklearnPythonLine(classifier)],
  ];
}

/**
 * The summary of a preset run: train's own, with the training record, the stop sentence and the settings
 * of the sklearn algorithm in place of train's.
 */
export function sklearnSummary(
  summary: RunSummary,
  preset: SklearnPreset,
  outcome: FitOutcome,
  signal: StopSignal | undefined,
): RunSummary {
  const { seed } = preset.trainOptions;
  const stopped = sklearnStopSentence(preset, outcome, signal);
  return {
    ...summary,
    config: {
      ...summary.config,
      training: {
        preset: 'sklearn',
        sklearn: preset.classifier,
        python: sklearnPythonLine(preset.classifier),
        seed,
        heldOut: summary.heldOut,
      },
      result: { ...summary.config.result, stopped, nIter: outcome.history.length },
    },
    result: { ...summary.result, stopped },
    settings: settingsInWords(preset, seed),
  };
}
