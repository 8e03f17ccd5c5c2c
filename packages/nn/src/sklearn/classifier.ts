/**
 * MLPClassifier: scikit-learn's multilayer perceptron classifier, its options, fitted attributes and
 * algorithm, number for number: from the same data, order and initial weights it gives sklearn's loss at
 * every epoch, its stopping epoch and its final weights to float64 rounding (tests/nn/sklearn replays a
 * fixture sklearn recorded).
 */
import { Tensor } from '@tapegrad/autograd';
import { checkOptions, refuse } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { defaultRng } from '../init/random.ts';
import { autogradBackprop } from './autograd-backprop.ts';
import { forwardPass, type Network, type OutputActivation, predictedClassIndices } from './forward.ts';
import { glorotUniform } from './initialization.ts';
import { type MatrixInput, readWeights, readX } from './inputs.ts';
import { binarizedTargets, type ClassLabel, encodeLabels } from './labels.ts';
import { manualBackprop } from './manual-backprop.ts';
import { NumpyRandomState } from './numpy-random-state.ts';
import { type MLPClassifierOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { fitStochastic, selectMatrixRows, type TrainingData, type TrainingHistory } from './training-loop.ts';
import { validationSplit } from './validation-split.ts';

/** Labels given to fit or score: an array of numbers or strings, or a 1-D Tensor of numbers. */
export type LabelsInput = readonly ClassLabel[] | Tensor;

export interface MLPClassifierFitOptions {
  /**
   * Start from these weights instead of drawing them: one [fanIn, fanOut] matrix per layer, as sklearn's
   * `coefs_`. Given with `intercepts`. The random state still advances past the draw sklearn would make,
   * so shuffles and the validation split are sklearn's for the same randomState.
   */
  readonly coefs?: readonly MatrixInput[];
  /** One [fanOut] vector per layer, as sklearn's `intercepts_`. */
  readonly intercepts?: readonly (Tensor | readonly number[])[];
  /**
   * Not sklearn's: called after each epoch (after its stopping bookkeeping) with the epoch's loss, as
   * `lossCurve` records it, and copies of the weights as they then are: to show progress as it trains.
   */
  readonly onEpoch?: (epoch: MLPClassifierEpoch) => void;
  /**
   * Not sklearn's: once aborted, training ends after the current epoch and the classifier is fitted with
   * what it has, as sklearn's fit does when interrupted (KeyboardInterrupt, Ctrl-C).
   */
  readonly signal?: AbortSignal;
}

/** An epoch as `fit`'s onEpoch receives it. */
export interface MLPClassifierEpoch {
  /** 1-based. */
  readonly epoch: number;
  readonly loss: number;
  /** The weights after this epoch, [fanIn, fanOut] each, as `coefs`. */
  readonly coefs: number[][][];
  readonly intercepts: number[][];
}

interface Fitted {
  readonly network: Network;
  readonly classes: ClassLabel[];
  readonly features: number;
  readonly history: TrainingHistory;
}

const FIT_OPTIONS = {
  coefs: (fn: string, name: string, value: unknown) =>
    Array.isArray(value)
      ? value
      : refuse(fn, name, 'an array of one [fanIn, fanOut] matrix per layer', value),
  intercepts: (fn: string, name: string, value: unknown) =>
    Array.isArray(value) ? value : refuse(fn, name, 'an array of one [fanOut] vector per layer', value),
  onEpoch: (fn: string, name: string, value: unknown) =>
    typeof value === 'function' ? value : refuse(fn, name, 'a function of the epoch', value),
  signal: (fn: string, name: string, value: unknown) =>
    value instanceof AbortSignal ? value : refuse(fn, name, 'an AbortSignal', value),
};

function labelsOf(fn: string, y: unknown): readonly unknown[] {
  if (y instanceof Tensor && y.ndim === 1) return Array.from(y.data);
  return Array.isArray(y) ? y : refuse(fn, 'y', 'an array of class labels or a 1-D Tensor', y);
}

function rowsOf(matrix: { rows: number; cols: number; data: Float64Array }): number[][] {
  return Array.from({ length: matrix.rows }, (_, i) =>
    Array.from(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols)),
  );
}

/**
 * A multilayer perceptron classifier with scikit-learn's API and algorithm: Glorot-uniform initial weights
 * drawn from numpy's RandomState, a logistic output for two classes and softmax for more, log loss with an
 * L2 term, sklearn's SGD (momentum, Nesterov; constant, invscaling or adaptive rate) or Adam, and its
 * stopping rules. Options are sklearn's parameters in camelCase, with its defaults.
 * @example
 * const clf = new MLPClassifier({ hiddenLayerSizes: [8], randomState: 0, maxIter: 300 });
 * clf.fit([[0, 0], [0, 1], [1, 0], [1, 1]], ['no', 'yes', 'yes', 'no']);
 * clf.predict([[1, 0]]); // ['yes'] once trained
 * clf.lossCurve.length === clf.nIter; // one loss per epoch
 */
export class MLPClassifier {
  /** The options with sklearn's defaults filled in. */
  readonly options: ResolvedOptions;
  #fitted: Fitted | null = null;

  constructor(options: MLPClassifierOptions = {}) {
    this.options = resolveOptions('MLPClassifier', options);
  }

  /**
   * Trains on X [rows, features] and the labels y (one per row); returns this. Starts from `coefs` and
   * `intercepts` when given, else from weights drawn with randomState.
   */
  fit(X: MatrixInput, y: LabelsInput, fitOptions: MLPClassifierFitOptions = {}): this {
    const fn = 'MLPClassifier.fit';
    const inputs = readX(fn, X);
    const labels = labelsOf(fn, y);
    if (labels.length !== inputs.rows) {
      throw new ConfigError(
        `${fn}: X has ${inputs.rows} rows but y has ${labels.length} labels; give one label per row`,
      );
    }
    checkOptions(fn, fitOptions, FIT_OPTIONS, 'fitOptions');
    const { classes, classIndex } = encodeLabels(fn, labels);
    const options = this.options;
    const outputs = classes.length === 2 ? 1 : classes.length;
    const layerUnits = [inputs.cols, ...options.hiddenLayerSizes, outputs];
    const random = new NumpyRandomState(options.randomState ?? defaultRng().integer(2 ** 32));
    const drawn = glorotUniform(layerUnits, options.activation, random);
    const network: Network = {
      ...this.#startingWeights(fn, fitOptions, layerUnits, drawn),
      activation: options.activation,
      outActivation: (outputs === 1 ? 'logistic' : 'softmax') satisfies OutputActivation,
    };
    const history = fitStochastic(
      network,
      this.#trainingData(fn, inputs, classIndex, classes.length, random),
      options,
      options.gradients === 'manual' ? manualBackprop : autogradBackprop,
      random,
      {
        ...(fitOptions.onEpoch === undefined
          ? {}
          : {
              onEpoch: (epoch, loss, trained) =>
                fitOptions.onEpoch!({
                  epoch,
                  loss,
                  coefs: trained.coefs.map(rowsOf),
                  intercepts: trained.intercepts.map((b) => Array.from(b)),
                }),
            }),
        ...(fitOptions.signal === undefined ? {} : { signal: fitOptions.signal }),
      },
    );
    this.#fitted = { network, classes, features: inputs.cols, history };
    return this;
  }

  /** The class probabilities of each row of X, columns in the order of `classes`. */
  predictProba(X: MatrixInput): number[][] {
    const { probabilities, fitted } = this.#forward('MLPClassifier.predictProba', X);
    const rows = rowsOf(probabilities);
    return fitted.classes.length === 2 ? rows.map(([p]) => [1 - p!, p!]) : rows;
  }

  /** The predicted class of each row of X. */
  predict(X: MatrixInput): ClassLabel[] {
    return this.#predict('MLPClassifier.predict', X);
  }

  /** The accuracy on X and its labels y: the share of rows predicted right. */
  score(X: MatrixInput, y: LabelsInput): number {
    const predicted = this.#predict('MLPClassifier.score', X);
    const labels = labelsOf('MLPClassifier.score', y);
    if (labels.length !== predicted.length) {
      throw new ConfigError(
        `MLPClassifier.score: X has ${predicted.length} rows but y has ${labels.length} labels; give one label per row`,
      );
    }
    return predicted.filter((label, i) => label === labels[i]).length / labels.length;
  }

  /** The classes, sorted as sklearn sorts them (sklearn's `classes_`). */
  get classes(): ClassLabel[] {
    return [...this.#require('classes').classes];
  }

  /** The weight matrices, [fanIn, fanOut] each (sklearn's `coefs_`). */
  get coefs(): number[][][] {
    return this.#require('coefs').network.coefs.map(rowsOf);
  }

  /** The bias vectors (sklearn's `intercepts_`). */
  get intercepts(): number[][] {
    return this.#require('intercepts').network.intercepts.map((b) => Array.from(b));
  }

  /** The training loss of each epoch (sklearn's `loss_curve_`). */
  get lossCurve(): number[] {
    return [...this.#require('lossCurve').history.lossCurve];
  }

  /** The epochs run (sklearn's `n_iter_`). */
  get nIter(): number {
    return this.#require('nIter').history.nIter;
  }

  /** The rows seen in training, over all epochs (sklearn's `t_`). */
  get t(): number {
    return this.#require('t').history.t;
  }

  /** The lowest epoch loss; null with early stopping (sklearn's `best_loss_`). */
  get bestLoss(): number | null {
    return this.#require('bestLoss').history.bestLoss;
  }

  /** The validation accuracy of each epoch with early stopping, else null (sklearn's `validation_scores_`). */
  get validationScores(): number[] | null {
    const scores = this.#require('validationScores').history.validationScores;
    return scores ? [...scores] : null;
  }

  /** The best validation accuracy with early stopping, else null (sklearn's `best_validation_score_`). */
  get bestValidationScore(): number | null {
    return this.#require('bestValidationScore').history.bestValidationScore;
  }

  /** 'logistic' (two classes, one output unit) or 'softmax' (sklearn's `out_activation_`). */
  get outActivation(): OutputActivation {
    return this.#require('outActivation').network.outActivation;
  }

  #require(what: string): Fitted {
    if (this.#fitted === null) {
      throw new ConfigError(`MLPClassifier.${what}: the classifier is not fitted yet; call fit(X, y) first`);
    }
    return this.#fitted;
  }

  #forward(fn: string, X: MatrixInput) {
    const fitted = this.#require(fn.slice('MLPClassifier.'.length));
    const inputs = readX(fn, X);
    if (inputs.cols !== fitted.features) {
      throw new ConfigError(
        `${fn}: X has ${inputs.cols} features, but the classifier was fitted on ${fitted.features}`,
      );
    }
    return { probabilities: forwardPass(fitted.network, inputs).at(-1)!, fitted };
  }

  /** The predicted classes of X; `fn` is the public method that received it, for the errors. */
  #predict(fn: string, X: MatrixInput): ClassLabel[] {
    const { probabilities, fitted } = this.#forward(fn, X);
    return predictedClassIndices(probabilities).map((c) => fitted.classes[c]!);
  }

  #startingWeights(
    fn: string,
    fitOptions: MLPClassifierFitOptions,
    layerUnits: readonly number[],
    drawn: Pick<Network, 'coefs' | 'intercepts'>,
  ): Pick<Network, 'coefs' | 'intercepts'> {
    const { coefs, intercepts } = fitOptions;
    if (coefs === undefined && intercepts === undefined) return drawn;
    const layers = layerUnits.length - 1;
    if (coefs?.length !== layers || intercepts?.length !== layers) {
      throw new ConfigError(
        `${fn}: fitOptions 'coefs' and 'intercepts' must be given together, one per layer: ${layers} for layers ` +
          `[${layerUnits.join(', ')}], got ${coefs?.length ?? 'none'} and ${intercepts?.length ?? 'none'}`,
      );
    }
    return {
      coefs: coefs.map((W, l) => ({
        rows: layerUnits[l]!,
        cols: layerUnits[l + 1]!,
        data: readWeights(fn, `coefs[${l}]`, W, [layerUnits[l]!, layerUnits[l + 1]!]),
      })),
      intercepts: intercepts.map((b, l) => readWeights(fn, `intercepts[${l}]`, b, [layerUnits[l + 1]!])),
    };
  }

  #trainingData(
    fn: string,
    X: TrainingData['X'],
    classIndex: readonly number[],
    classes: number,
    random: NumpyRandomState,
  ): TrainingData {
    const Y = binarizedTargets(classIndex, classes);
    if (!this.options.earlyStopping) return { X, Y, validation: null };
    const split = validationSplit(fn, classIndex, classes, this.options.validationFraction, random);
    return {
      X: selectMatrixRows(X, split.train),
      Y: selectMatrixRows(Y, split.train),
      validation: {
        X: selectMatrixRows(X, split.validation),
        classIndex: split.validation.map((row) => classIndex[row]!),
      },
    };
  }
}
