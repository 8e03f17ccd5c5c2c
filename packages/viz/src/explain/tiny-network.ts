/**
 * The fixed numbers of the worked example: weights, inputs and targets chosen as short decimals, so that
 * every product on the page can be checked by hand. Smaller settings take the leading rows and columns.
 */
import type { OutputActivation } from '@tapegrad/nn';
import type { Matrix } from './matrix.ts';
import type { ExplainLoss, WorkedExampleSettings } from './options.ts';

/** The weights and biases of the network: [2, h], [1, h], [h, k], [1, k] (a bias as one row). */
export interface Parameters {
  readonly W1: Matrix;
  readonly b1: Matrix;
  readonly W2: Matrix;
  readonly b2: Matrix;
}

/** The network, the batch and the learning rate of one worked example. */
export interface TinyNetwork extends Parameters {
  readonly settings: WorkedExampleSettings;
  /** The output activation that pairs with the loss. */
  readonly output: OutputActivation;
  /** k: one output for 'bce' and 'mse', two classes for 'crossEntropy'. */
  readonly outputs: number;
  /** [m, 2] */
  readonly X: Matrix;
  /** [m, k]: 0/1 for 'bce', one-hot rows of `labels` for 'crossEntropy', reals for 'mse'. */
  readonly Y: Matrix;
  /** The class of each example for 'crossEntropy' (what the tape's loss takes), else null. */
  readonly labels: number[] | null;
  /** eta of the gradient-descent step. */
  readonly learningRate: number;
  /** Where the weights come from, said before they are shown. */
  readonly weightsNote: string;
}

export const INPUTS = 2;
export const LEARNING_RATE = 0.1;

// Every |Z1| entry of every setting is at least 0.025, so relu is never asked for its slope at the kink.
const ALL_X: Matrix = [
  [1, 2],
  [0.5, -1],
  [-1.5, 0.5],
  [2, 0.5],
];
const ALL_W1: Matrix = [
  [0.15, -0.25, 0.3, -0.2],
  [-0.3, 0.2, 0.1, 0.35],
];
const ALL_B1 = [0.1, -0.1, 0.05, 0.2];
const ALL_W2: Matrix = [
  [0.4, -0.3],
  [-0.5, 0.2],
  [0.25, 0.35],
  [0.6, -0.45],
];
const ALL_B2 = [0.1, -0.2];

const BINARY_TARGETS = [1, 0, 1, 0];
const CLASS_LABELS = [0, 1, 1, 0];
const REAL_TARGETS = [0.5, -0.5, 1, 0];

const OUTPUT_OF: Record<ExplainLoss, OutputActivation> = {
  bce: 'sigmoid',
  crossEntropy: 'softmax',
  mse: 'linear',
};

/** k: one output for 'bce' and 'mse', two classes for 'crossEntropy'. */
export function outputsOf(loss: ExplainLoss): number {
  return loss === 'crossEntropy' ? 2 : 1;
}

/** The leading `rows` x `cols` block of a matrix. */
function block(A: Matrix, rows: number, cols: number): Matrix {
  return A.slice(0, rows).map((row) => row.slice(0, cols));
}

/** The numbers of a page before they are shaped: the parameters, X, and one target per example. */
export interface ExerciseNumbers extends Parameters {
  readonly X: Matrix;
  /** A class index (0 or 1) per example for 'crossEntropy', else its target (0/1 for 'bce', real for 'mse'). */
  readonly targets: readonly number[];
}

/** The network of `numbers` for the settings: the output that pairs with the loss, Y from the targets. */
export function networkOf(
  settings: WorkedExampleSettings,
  numbers: ExerciseNumbers,
  learningRate: number,
  weightsNote: string,
): TinyNetwork {
  const { loss } = settings;
  const outputs = outputsOf(loss);
  const labels = loss === 'crossEntropy' ? [...numbers.targets] : null;
  const Y =
    labels !== null
      ? labels.map((label) => Array.from({ length: outputs }, (_, c) => (c === label ? 1 : 0)))
      : numbers.targets.map((target) => [target]);
  const { X, W1, b1, W2, b2 } = numbers;
  return {
    settings,
    output: OUTPUT_OF[loss],
    outputs,
    X,
    Y,
    labels,
    W1,
    b1,
    W2,
    b2,
    learningRate,
    weightsNote,
  };
}

/** The fixed network and batch for the settings. */
export function tinyNetwork(settings: WorkedExampleSettings, learningRate = LEARNING_RATE): TinyNetwork {
  const { hidden, loss, samples } = settings;
  const outputs = outputsOf(loss);
  const targets = { bce: BINARY_TARGETS, crossEntropy: CLASS_LABELS, mse: REAL_TARGETS }[loss];
  const numbers = {
    X: block(ALL_X, samples, INPUTS),
    W1: block(ALL_W1, INPUTS, hidden),
    b1: [ALL_B1.slice(0, hidden)],
    W2: block(ALL_W2, hidden, outputs),
    b2: [ALL_B2.slice(0, outputs)],
    targets: targets.slice(0, samples),
  };
  return networkOf(
    settings,
    numbers,
    learningRate,
    'The weights and biases, fixed so that the arithmetic can be followed by hand:',
  );
}
