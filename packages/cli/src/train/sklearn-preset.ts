/**
 * `tapegrad train --preset sklearn`: train's flags as the options of nn's MLPClassifier, which is
 * scikit-learn's algorithm number for number. A flag the user typed sets its sklearn counterpart; a flag
 * left out takes sklearn's default, not train's ([100] hidden units, relu, lr 1e-3, alpha 1e-4, 200
 * epochs, mini-batches of min(200, rows), stopping by tol); a flag sklearn has no counterpart for is refused.
 */
import {
  type HiddenActivation,
  MLPClassifier,
  type MLPClassifierOptions,
  modelToJson,
  type SklearnActivation,
} from '@tapegrad/nn';
import { UsageError } from '../errors.ts';
import { packTensor, type SklearnFitJob, snapshotEpochs } from './fit-job.ts';
import type { PreparedRun } from './prepare-run.ts';
import type { TrainOptions } from './train-options.ts';

/** The presets of `tapegrad train --preset`. */
export const PRESETS = ['sklearn'] as const;
export type PresetName = (typeof PRESETS)[number];

/** Whether the user typed a flag of `tapegrad train` (by its option key), rather than leaving its default. */
export type GivenFlag = (key: keyof TrainOptions) => boolean;

/** MLPClassifier's options, every one filled in. */
export type SklearnOptions = MLPClassifier['options'];

/** A run of the sklearn preset: what the rest of `train` sees, and what MLPClassifier is given. */
export interface SklearnPreset {
  /**
   * The run's settings as train's options, with sklearn's defaults in place of train's (hidden 100, relu,
   * lr 0.001, l2 0.0001, epochs 200): they build the network that receives the weights, and they are the
   * flags of the command line that repeats the run. batchSize undefined here means sklearn's 'auto'.
   */
  readonly trainOptions: TrainOptions;
  readonly classifier: SklearnOptions;
}

/** sklearn's names of train's hidden activations ('logistic' is the sigmoid). */
const SKLEARN_ACTIVATION: Readonly<Record<HiddenActivation, SklearnActivation>> = {
  sigmoid: 'logistic',
  tanh: 'tanh',
  relu: 'relu',
};

/** scikit-learn's defaults, as nn's MLPClassifier fills them in. */
const SKLEARN_DEFAULTS: SklearnOptions = new MLPClassifier().options;

/** numpy's RandomState takes seeds in [0, 2^32). */
const RANDOM_STATE_LIMIT = 2 ** 32;

/** The flags sklearn's MLPClassifier has no counterpart for, refused with the reason and what to do. */
function refuseUnmatchedFlags(options: TrainOptions): void {
  if (options.dropout > 0) {
    throw new UsageError(
      `--dropout ${options.dropout}: scikit-learn's MLPClassifier has no dropout; leave --dropout out ` +
        'with --preset sklearn',
    );
  }
  if (options.compile !== undefined) {
    throw new UsageError(
      `--${options.compile ? '' : 'no-'}compile: --preset sklearn trains with scikit-learn's own loop, which ` +
        "fit's compiled steps do not run; leave --compile and --no-compile out with --preset sklearn",
    );
  }
  if (options.optimizer !== 'adam' && options.optimizer !== 'sgd') {
    throw new UsageError(
      `--optimizer ${options.optimizer}: --preset sklearn trains with scikit-learn's solvers, adam or sgd ` +
        "(sklearn's sgd has momentum 0.9 with Nesterov's); give --optimizer adam or sgd, or leave the preset out",
    );
  }
  if (!(options.seed >= 0 && options.seed < RANDOM_STATE_LIMIT)) {
    throw new UsageError(
      `--seed ${options.seed}: --preset sklearn gives the seed to scikit-learn as random_state, an integer ` +
        'from 0 to 2^32 - 1; give a seed in that range',
    );
  }
}

/**
 * The preset's options from train's: the flags the user gave (`given`) mapped to sklearn's, the rest
 * sklearn's defaults. --patience N turns on sklearn's early_stopping with n_iter_no_change N (a validation
 * split of 10% of the training rows, scored by accuracy, the best epoch's weights kept).
 * @example sklearnPreset(options, () => false).classifier.hiddenLayerSizes; // [100]
 */
export function sklearnPreset(options: TrainOptions, given: GivenFlag): SklearnPreset {
  refuseUnmatchedFlags(options);
  const hidden = given('hidden') ? options.hidden : SKLEARN_DEFAULTS.hiddenLayerSizes[0]!;
  // sklearn's default, relu, has the same name in tapegrad.
  const activation: HiddenActivation = given('activation') ? options.activation : 'relu';
  const lr = given('lr') ? options.lr : SKLEARN_DEFAULTS.learningRateInit;
  const l2 = given('l2') ? options.l2 : SKLEARN_DEFAULTS.alpha;
  const epochs = given('epochs') ? options.epochs : SKLEARN_DEFAULTS.maxIter;
  const classifier: MLPClassifierOptions = {
    hiddenLayerSizes: new Array<number>(options.layers).fill(hidden),
    activation: SKLEARN_ACTIVATION[activation],
    solver: options.optimizer === 'sgd' ? 'sgd' : 'adam',
    alpha: l2,
    batchSize: options.batchSize ?? 'auto',
    learningRateInit: lr,
    maxIter: epochs,
    randomState: options.seed,
    gradients: options.gradients,
    ...(options.patience === undefined ? {} : { earlyStopping: true, nIterNoChange: options.patience }),
  };
  return {
    trainOptions: { ...options, hidden, activation, lr, l2, epochs },
    classifier: new MLPClassifier(classifier).options,
  };
}

type PythonValue = string | number | boolean | readonly number[] | undefined;

/** A value as Python writes it: strings quoted, booleans True/False, a tuple with its trailing comma. */
function pythonValue(value: PythonValue): string {
  if (value === undefined) return 'None';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return value.length === 1 ? `(${value[0]},)` : `(${value.join(', ')})`;
}

/**
 * The same classifier in scikit-learn, every option the preset sets spelled out.
 * @example sklearnPythonLine(preset.classifier); // "MLPClassifier(hidden_layer_sizes=(100,), activation='relu', ..., random_state=42)"
 */
export function sklearnPythonLine(classifier: SklearnOptions): string {
  const options: (readonly [string, PythonValue])[] = [
    ['hidden_layer_sizes', classifier.hiddenLayerSizes],
    ['activation', classifier.activation],
    ['solver', classifier.solver],
    ['alpha', classifier.alpha],
    ['batch_size', classifier.batchSize],
    ['learning_rate_init', classifier.learningRateInit],
    ['max_iter', classifier.maxIter],
    ['tol', classifier.tol],
    ['n_iter_no_change', classifier.nIterNoChange],
    ...(classifier.earlyStopping
      ? ([
          ['early_stopping', true],
          ['validation_fraction', classifier.validationFraction],
        ] as const)
      : []),
    ['random_state', classifier.randomState],
  ];
  return `MLPClassifier(${options.map(([name, value]) => `${name}=${pythonValue(value)}`).join(', ')})`;
}

/** The training thread's job: the standardized splits, the network to hold the weights, the classifier's options. */
export function sklearnFitJob(run: PreparedRun, preset: SklearnPreset): SklearnFitJob {
  return {
    kind: 'sklearn',
    classifier: preset.classifier,
    model: modelToJson(run.model),
    train: { X: packTensor(run.XTrain), y: packTensor(run.train.y) },
    test: { X: packTensor(run.XTest), y: packTensor(run.test.y) },
    snapshotEpochs: run.XTrain.shape[1] === 2 ? snapshotEpochs(preset.classifier.maxIter) : [],
  };
}
