/**
 * Everything before training: the data, its split (stratified, or the dataset's own: MNIST's), the
 * standardization fit on the training split (none for MNIST's pixels), the seeded model, and the check that
 * the hand-derived gradients equal the tape's at the start.
 */
import { Rng, type Tensor } from '@tapegrad/autograd';
import {
  autogradGradients,
  compareGradients,
  fitStandardizer,
  type GradientComparisonReport,
  lossFor,
  MLP,
  manualGradients,
  manualMlpGradients,
  type Network,
  type Standardizer,
  standardizerFromStats,
  toBinaryTargets,
} from '@tapegrad/nn';
import { buildClassifier } from '../architecture.ts';
import { type LoadedDataset, loadDataset, type NamedDataset, runRows } from '../datasets.ts';
import { UsageError } from '../errors.ts';
import { seedFor } from '../seeds.ts';
import type { TrainOptions } from './train-options.ts';

export interface PreparedRun {
  readonly loaded: LoadedDataset;
  /** The splits in the data's own units. */
  readonly train: NamedDataset;
  readonly test: NamedDataset;
  /** Fit on the training split only, so nothing about the test split leaks into training. */
  readonly standardizer: Standardizer;
  /** The standardized inputs the model takes. */
  readonly XTrain: Tensor;
  readonly XTest: Tensor;
  /** The untrained model, its weights drawn from the seed. */
  readonly model: Network;
}

function checkOptions(options: TrainOptions): void {
  if (options.gradients === 'manual' && options.dropout > 0) {
    throw new UsageError(
      "--gradients manual cannot train with --dropout: the hand-derived formulas do not see dropout's " +
        'random mask; use --gradients autograd, or --dropout 0',
    );
  }
  if (options.gradients === 'manual' && options.compile === true) {
    throw new UsageError(
      "--gradients manual cannot train with --compile: compile captures the tape's backward pass, and the " +
        'hand-derived formulas do not use the tape; use --gradients autograd, or leave --compile out',
    );
  }
}

/**
 * The data, split and model of a training run.
 * @example const run = prepareRun(options); run.model.forward(run.XTrain);
 */
export function prepareRun(options: TrainOptions): PreparedRun {
  checkOptions(options);
  const loaded = loadDataset(options, options.seed);
  const { train, test } = runRows(loaded, options.seed);
  // Features already on one scale (MNIST's pixels) pass through: mean 0, std 1.
  const features = train.X.shape[1]!;
  const standardizer = loaded.scaled
    ? standardizerFromStats(new Array(features).fill(0), new Array(features).fill(1))
    : fitStandardizer(train.X);
  const XTrain = standardizer.transform(train.X);
  const rng = new Rng(seedFor(options.seed, 'init'));
  const model = buildClassifier(options, XTrain.shape[1]!, loaded.data.classes.length, rng);
  return { loaded, train, test, standardizer, XTrain, XTest: standardizer.transform(test.X), model };
}

/** The manual-vs-autograd check of a run's initial weights, and the line that introduces its table. */
export interface InitialGradientCheck {
  readonly report: GradientComparisonReport;
  /** e.g. 'Manual vs autograd gradients at the initial weights (dropout off for the check): agree'. */
  readonly heading: string;
}

/**
 * Manual against autograd gradients of the training cost at the initial weights. A network with dropout
 * is checked in evaluation mode: with dropout off, the hand-derived formulas and the tape compute the same
 * function (in training mode the tape would see a random mask the formulas do not).
 * @example const { heading, report } = initialGradientCheck(run, 0); console.log(heading, report.toString());
 */
export function initialGradientCheck(run: PreparedRun, l2: number): InitialGradientCheck {
  const { model, XTrain: X } = run;
  const hasDropout = model instanceof MLP && model.dropouts.length > 0;
  // A sigmoid output takes a [n, 1] column of 0/1 targets; softmax takes the labels.
  const y = lossFor(model.output) === 'bce' ? toBinaryTargets(run.train.y) : run.train.y;
  model.eval();
  try {
    const manual =
      model instanceof MLP ? manualMlpGradients(model, X, y, { l2 }) : manualGradients(model, X, y, { l2 });
    const report = compareGradients(manual.gradients, autogradGradients(model, X, y, { l2 }).gradients);
    const when = hasDropout ? 'at the initial weights (dropout off for the check)' : 'at the initial weights';
    return {
      report,
      heading: `Manual vs autograd gradients ${when}: ${report.passed ? 'agree' : 'DISAGREE'}`,
    };
  } finally {
    model.train();
  }
}
