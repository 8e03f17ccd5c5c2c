import type { Rng, Tensor } from '@tapegrad/autograd';
import { trainTestSplit } from '../data/split.ts';
import { ConfigError, DataError, DivergenceError } from '../errors.ts';
import { defaultRng } from '../init/random.ts';
import { manualMlpGradients } from '../manual/mlp.ts';
import { manualGradients } from '../manual/two-layer.ts';
import { TwoLayerNet } from '../models/two-layer-net.ts';
import type { Module, StateDict } from '../module/module.ts';
import type { Optimizer } from '../optim/optimizer.ts';
import { SGD } from '../optim/sgd.ts';
import { checkTrainArguments, FIT_OPTIONS } from './arguments.ts';
import {
  type CompiledTrainStep,
  type CompileRefusal,
  compiledTrainStep,
  requireOnTape,
} from './compiled-train-step.ts';
import { type Criterion, type CriterionOptions, criterionFor, isNetwork } from './criterion.ts';
import { costWith, evaluateWith, requireValidData } from './evaluate.ts';

/** Inputs X [n, features] and targets y: class labels [n] (or [n, 1]), one-hot [n, k], or real values for mse. */
export interface LabeledData {
  readonly X: Tensor;
  readonly y: Tensor;
}

export interface EarlyStopping {
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** The smallest decrease of the monitored loss that counts as an improvement. Default 0. */
  readonly minDelta?: number;
  /** Put back the weights of the best epoch when stopping (and at the end). Default true. */
  readonly restoreBest?: boolean;
}

/**
 * How to train. `loss`, `l2` and `predict` are as `evaluate` takes them: a TwoLayerNet or MLP defaults to the
 * loss its output pairs with; any other Module needs `loss: (output, target) => scalar tensor`.
 */
export interface FitOptions extends CriterionOptions {
  /** The most epochs to run. Default 100. */
  readonly epochs?: number;
  /** Rows per mini-batch. Default: all rows (full-batch gradient descent). */
  readonly batchSize?: number;
  /** Shuffle the rows every epoch (seeded by `rng`). Default true when there are several batches. */
  readonly shuffle?: boolean;
  /** Seeds shuffling and the validation split. Default the shared generator (see `manualSeed`). */
  readonly rng?: Rng;
  /** Default: SGD on the model's parameters with learning rate `lr`. */
  readonly optimizer?: Optimizer;
  /** Learning rate of the default SGD. Default 0.1. */
  readonly lr?: number;
  /** Called after every epoch (a learning-rate schedule's `step`, for instance). */
  readonly scheduler?: { step(): void };
  /** Data to measure generalisation on after each epoch. */
  readonly validation?: LabeledData;
  /** Or: hold out this fraction of the rows (stratified when y holds class labels, as trainTestSplit). */
  readonly validationSplit?: number;
  /** Stop once the training loss is at or below this. */
  readonly targetLoss?: number;
  readonly earlyStopping?: EarlyStopping;
  /**
   * Where the gradients come from: the tape, or the hand-derived formulas ('manual': a TwoLayerNet or MLP with
   * a loss name only). Default 'autograd'.
   */
  readonly gradients?: 'autograd' | 'manual';
  /**
   * Run each step compiled (nn's compileStep: traced once per batch shape, then replayed with no tensor
   * allocated). The curve equals the eager one to about 1e-12 (the vectorised tanh, exp, log and sigmoid
   * round differently in the last bits). Default 'auto': compiled when the model and loss compile; when a
   * step's trace meets what cannot be captured (an op with no replay kernel, an item() inside forward), that
   * step is undone (no update made, the gradients and Dropout's generators as they were), `onWarning` is told
   * once why, and training goes on eagerly, exactly as `compile: false` would have from there. With
   * `gradients: 'manual'` 'auto' trains eagerly (the formulas do not use the tape). true: compiled or a
   * ConfigError at the first step naming what does not compile; false: eager, on the tape.
   */
  readonly compile?: boolean | 'auto';
  /**
   * Told what the caller should know but that does not stop training: with compile 'auto', that the step
   * does not compile and why (once). Default: nothing is printed (`result.compiled` still says which ran).
   * @example fit(model, data, { onWarning: (message) => console.warn(message) });
   */
  readonly onWarning?: (message: string) => void;
  /** Called after every epoch with its record. */
  readonly onEpoch?: (record: EpochRecord) => void;
  /** Stops training after the current epoch once aborted (Ctrl-C in the command line). */
  readonly signal?: AbortSignal;
}

export interface EpochRecord {
  /** 1-based. */
  readonly epoch: number;
  readonly trainLoss: number;
  /** null for regression (see `evaluate` for when a model counts as a classifier). */
  readonly trainAccuracy: number | null;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly lr: number;
  /** Wall-clock seconds this epoch took, evaluation included. */
  readonly seconds: number;
}

export type StopReason = 'maxEpochs' | 'targetLoss' | 'earlyStopping' | 'aborted';

export interface FitResult {
  readonly history: EpochRecord[];
  readonly stopReason: StopReason;
  /** The epoch with the lowest monitored loss (validation loss when there is validation data). */
  readonly bestEpoch: number;
  /** Whether every step ran compiled (see the `compile` option); false when any step ran eagerly. */
  readonly compiled: boolean;
}

/** One optimizer step on a batch; returns the batch's cost. */
function trainStep(
  criterion: Criterion,
  X: Tensor,
  y: Tensor,
  optimizer: Optimizer,
  gradients: 'autograd' | 'manual',
): number {
  const { model, lossName, l2 } = criterion;
  if (gradients === 'manual' && isNetwork(model) && lossName !== null) {
    const manual =
      model instanceof TwoLayerNet
        ? manualGradients(model, X, y, { loss: lossName, l2 })
        : manualMlpGradients(model, X, y, { loss: lossName, l2 });
    for (const [name, parameter] of model.namedParameters()) parameter.grad = manual.gradients[name]!;
    optimizer.step();
    return manual.loss;
  }
  optimizer.zeroGrad();
  const cost = criterion.cost(X, y);
  requireOnTape(cost);
  cost.backward();
  optimizer.step();
  return cost.item();
}

/** The hand-derived formulas exist for the two networks trained by loss name, and nothing else. */
function checkGradients(
  gradients: 'autograd' | 'manual',
  criterion: Criterion,
  compile: boolean | 'auto',
): void {
  if (gradients !== 'autograd' && gradients !== 'manual') {
    const given = typeof gradients === 'string' ? `'${gradients}'` : String(gradients);
    throw new ConfigError(`fit: gradients ${given} is not one of 'autograd' (the default) or 'manual'`);
  }
  if (gradients !== 'manual') return;
  if (compile === true) {
    throw new ConfigError(
      "fit: compile: true compiles the tape's backward pass, and gradients: 'manual' does not use the tape; " +
        'choose one of the two',
    );
  }
  if (!isNetwork(criterion.model)) {
    throw new ConfigError(
      `fit: gradients: 'manual' uses the hand-derived formulas of TwoLayerNet and MLP, and a ` +
        `${criterion.model.constructor.name} has none; leave gradients at 'autograd' (the default)`,
    );
  }
  if (criterion.lossName === null) {
    throw new ConfigError(
      "fit: gradients: 'manual' needs the loss by name ('bce', 'crossEntropy' or 'mse'), the losses the " +
        "formulas are derived for; with a loss function leave gradients at 'autograd' (the default)",
    );
  }
}

/** Training never goes on from a NaN or Inf loss: it stops with the epoch and the likely fix. */
function requireFinite(loss: number, when: string, lr: number): void {
  if (!Number.isFinite(loss)) {
    throw new DivergenceError(
      `fit: the loss became ${loss} ${when}; the learning rate ${lr} is probably too large: try a smaller one`,
    );
  }
}

/**
 * How far the loss may rise before training counts as diverging: above DIVERGENCE_FACTOR times
 * max(starting loss, 1). A learning rate on the edge of stability lifts the loss a few times, even 30-fold,
 * before it settles (SGD with lr 10 on moons); one far too large lifts it 10^4 to 10^6-fold in one epoch and
 * keeps it there, or lets it grow without end. The floor of 1 lets a model that starts near a loss of 0 move.
 */
const DIVERGENCE_FACTOR = 1000;

/** A weight this large has overflowed in effect: the product of two of them is beyond float64 (1.8e308). */
const WEIGHT_LIMIT = 1e150;

/** A loss in 3 significant digits: 0.643, 3.62e+4, 2.50e-6. */
function formatLoss(loss: number): string {
  const size = Math.abs(loss);
  return size >= 1e4 || (size > 0 && size < 1e-3) ? loss.toExponential(2) : loss.toPrecision(3);
}

function requireBoundedLoss(loss: number, startingLoss: number, epoch: number, lr: number): void {
  if (loss <= DIVERGENCE_FACTOR * Math.max(startingLoss, 1)) return;
  throw new DivergenceError(
    `fit: the loss rose to ${formatLoss(loss)} after epoch ${epoch}, over ${DIVERGENCE_FACTOR} times its ` +
      `starting value ${formatLoss(startingLoss)} (the limit is ${DIVERGENCE_FACTOR} x max(starting loss, 1)); ` +
      `the learning rate ${lr} is probably too large: try a smaller one`,
  );
}

/**
 * The cost before the first step, the reference of `requireBoundedLoss`. Weights or a loss that are out of
 * range already are no learning rate's doing: a ConfigError or DataError that says so.
 */
function startingLossOf(criterion: Criterion, train: LabeledData): number {
  const weight = overflowedWeight(criterion.model);
  if (weight !== null) {
    throw new ConfigError(
      `fit: the model's weights are out of range before training: ${weight.name} at flat index ${weight.index} ` +
        `is ${weight.value}; initialise the model again or load weights that are finite and below 1e150`,
    );
  }
  const loss = costWith(criterion, train);
  if (!Number.isFinite(loss)) {
    throw new DataError(
      `fit: the loss is ${loss} before any training, on the model as it is; no learning rate can fix that: ` +
        'scale X and y (standardize them) so that the loss of the untrained model is a finite number',
    );
  }
  return loss;
}

/** The first weight that is NaN or above WEIGHT_LIMIT in size, or null when all are in range. */
function overflowedWeight(
  model: Module,
): { readonly name: string; readonly index: number; readonly value: number } | null {
  for (const [name, parameter] of model.namedParameters()) {
    const values = parameter.data;
    for (let i = 0; i < values.length; i++) {
      if (!(Math.abs(values[i]!) <= WEIGHT_LIMIT)) return { name, index: i, value: values[i]! };
    }
  }
  return null;
}

function requireBoundedWeights(model: Module, when: string, lr: number): void {
  const weight = overflowedWeight(model);
  if (weight === null) return;
  const why = Number.isNaN(weight.value)
    ? 'not a number'
    : 'above 1e150 in size, products of weights overflow';
  throw new DivergenceError(
    `fit: the weights overflowed ${when}: ${weight.name} at flat index ${weight.index} is ${weight.value} (${why}); ` +
      `the learning rate ${lr} is probably too large: try a smaller one`,
  );
}

/** The validation data given, or a held-out part of the training data (stratified for class labels). */
function splitValidation(
  data: LabeledData,
  options: FitOptions,
  rng: Rng,
): { train: LabeledData; validation?: LabeledData } {
  if (options.validation) return { train: data, validation: options.validation };
  const fraction = options.validationSplit;
  if (fraction === undefined) return { train: data };
  if (!(fraction > 0 && fraction < 1)) {
    throw new ConfigError(`fit: validationSplit ${fraction} must lie strictly between 0 and 1`);
  }
  const { train, test } = trainTestSplit(data, { testFraction: fraction, rng });
  return { train, validation: test };
}

/**
 * Trains a Module: mini-batches (full batch by default), seeded shuffling, epochs, validation,
 * and stopping on max epochs, a target loss, early stopping (restoring the best weights) or an abort signal.
 * A TwoLayerNet or MLP picks its loss from its output activation (or takes one by name), and with
 * `gradients: 'manual'` the hand-derived formulas replace the tape, and the curve is the same. Each step
 * replays a compiled plan when the model compiles (`compile: 'auto'`, the default; the curve is the same to
 * rounding) and runs eagerly on the tape when it does not (see the option). Any other
 * Module (a Sequential, a subclass of your own) trains as PyTorch's loop does: each batch's cost is
 * `loss(model.forward(X), y)`, with y's rows passed as they are.
 *
 * Before training, X and y (and validation data) are checked in one pass each: a NaN or Infinity, or a
 * label outside the model's classes, is a DataError naming it and its row. Training stops with a
 * DivergenceError naming the epoch and suggesting a smaller learning rate when the loss turns NaN or Inf,
 * when a weight turns NaN or grows beyond 1e150, or when the training loss after an epoch exceeds 1000 times
 * max(its value before training, 1).
 * @example
 * const result = fit(net, { X, y }, { epochs: 200, optimizer: new Adam(net.parameters(), { lr: 0.01 }) });
 * result.history.at(-1)?.trainAccuracy;
 * @example
 * const model = new Sequential(new Linear(2, 16), new Tanh(), new Linear(16, 3));
 * fit(model, { X, y }, { loss: crossEntropy, optimizer: new Adam(model.parameters(), { lr: 0.01 }) });
 */
export function fit(model: Module, data: LabeledData, options: FitOptions = {}): FitResult {
  checkTrainArguments('fit', model, data, options, FIT_OPTIONS);
  const rng = options.rng ?? defaultRng();
  const criterion = criterionFor('fit', model, options);
  const gradients = options.gradients ?? 'autograd';
  const compile = options.compile ?? 'auto';
  checkGradients(gradients, criterion, compile);
  const epochs = options.epochs ?? 100;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new ConfigError(`fit: epochs ${epochs} must be a positive integer`);
  requireValidData('fit', criterion, data);
  if (options.validation) requireValidData('fit', criterion, options.validation, 'validation ');
  const { train, validation } = splitValidation(data, options, rng);
  const rows = train.X.shape[0]!;
  if (rows === 0) throw new ConfigError('fit: the training data has no rows');
  if (train.y.shape[0] !== rows) {
    throw new ConfigError(`fit: X has ${rows} rows but y has ${train.y.shape[0]}; give one target per row`);
  }
  const batchSize = options.batchSize ?? rows;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError(`fit: batchSize ${batchSize} must be a positive integer`);
  }
  const shuffle = options.shuffle ?? batchSize < rows;
  const optimizer = options.optimizer ?? new SGD(model.parameters(), { lr: options.lr ?? 0.1 });
  const targets = criterion.targets(train.y);
  const startingLoss = startingLossOf(criterion, train);
  // With compile 'auto', a step that does not compile changed nothing: say why once, then train eagerly.
  const fallBackToEager: CompileRefusal = (reason) => {
    compiledStep = null;
    options.onWarning?.(
      `fit: compile 'auto' trains eagerly: this ${model.constructor.name}'s training step does not compile ` +
        `(${reason}). Pass compile: false to choose eager steps and silence this`,
    );
  };
  let compiledStep: CompiledTrainStep | null =
    compile === false || gradients === 'manual'
      ? null
      : compiledTrainStep(criterion, optimizer, compile === true ? null : fallBackToEager);

  const history: EpochRecord[] = [];
  const early = options.earlyStopping;
  let best = { loss: Infinity, epoch: 0, state: null as StateDict | null };
  let epochsWithoutImprovement = 0;
  let stopReason: StopReason = 'maxEpochs';

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    model.train();
    const order = shuffle ? rng.permutation(rows) : Array.from({ length: rows }, (_, i) => i);
    for (let start = 0; start < rows; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      const full = batch.length === rows && !shuffle;
      const X = full ? train.X : train.X.indexSelect(0, batch);
      const y = full ? targets : targets.indexSelect(0, batch);
      const where = `in epoch ${epoch} (batch starting at row ${start})`;
      let cost: number;
      try {
        // null: the step did not compile, changed nothing, and compiledStep is now null (compile 'auto').
        cost = compiledStep?.(X, y) ?? trainStep(criterion, X, y, optimizer, gradients);
      } catch (error) {
        // A step before this batch overflowed the weights: that is the cause of whatever this batch threw.
        requireBoundedWeights(model, where, optimizer.lr);
        throw error;
      }
      requireFinite(cost, where, optimizer.lr);
    }
    requireBoundedWeights(model, `in epoch ${epoch}`, optimizer.lr);
    const trained = evaluateWith(criterion, train);
    requireFinite(trained.loss, `after epoch ${epoch}`, optimizer.lr);
    requireBoundedLoss(trained.loss, startingLoss, epoch, optimizer.lr);
    const validated = validation ? evaluateWith(criterion, validation) : null;
    const record: EpochRecord = {
      epoch,
      trainLoss: trained.loss,
      trainAccuracy: trained.accuracy,
      valLoss: validated?.loss ?? null,
      valAccuracy: validated?.accuracy ?? null,
      lr: optimizer.lr,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(record);
    options.scheduler?.step();
    options.onEpoch?.(record);

    const monitored = record.valLoss ?? record.trainLoss;
    if (monitored < best.loss - (early?.minDelta ?? 0)) {
      best = { loss: monitored, epoch, state: early ? model.stateDict() : null };
      epochsWithoutImprovement = 0;
    } else epochsWithoutImprovement++;

    if (options.targetLoss !== undefined && record.trainLoss <= options.targetLoss) stopReason = 'targetLoss';
    else if (early && epochsWithoutImprovement >= early.patience) stopReason = 'earlyStopping';
    else if (options.signal?.aborted) stopReason = 'aborted';
    else continue;
    break;
  }
  if (early && (early.restoreBest ?? true) && best.state !== null) model.loadStateDict(best.state);
  return { history, stopReason, bestEpoch: best.epoch, compiled: compiledStep !== null };
}
