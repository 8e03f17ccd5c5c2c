/**
 * The playground's whole configuration: what the URL holds, so that a shared link or a reload gives the same
 * run from the same seed. (A dropped CSV file is the one thing the URL cannot hold: its text stays in the page.)
 */

export const DATASETS = ['moons', 'circles', 'xor', 'spirals', 'blobs', 'linear', 'csv'] as const;
export type DatasetName = (typeof DATASETS)[number];

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** The output layer and its loss: one sigmoid unit with binary cross entropy, or softmax with cross entropy. */
export const OUTPUTS = ['sigmoid-bce', 'softmax-ce'] as const;
export type OutputLoss = (typeof OUTPUTS)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface PlaygroundConfig {
  readonly dataset: DatasetName;
  /** How many points a synthetic dataset has. */
  readonly points: number;
  /** The noise of a synthetic dataset (its standard deviation, in the data's units). */
  readonly noise: number;
  /** The share of the points held out for testing. */
  readonly testRatio: number;
  /** Units per hidden layer, input side first: [16] is the 2-16-1 network. */
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly output: OutputLoss;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  /** Rows per mini-batch; a batch as large as the training split is full-batch gradient descent. */
  readonly batchSize: number;
  /** The L2 penalty's strength (lambda), as nn's `l2` option. */
  readonly l2: number;
  /** The dropout rate after each hidden layer (0 is none). */
  readonly dropout: number;
  /** Seeds the data, the split, the initial weights, the batches and dropout. */
  readonly seed: number;
  /** For a CSV with more than two features: the two shown on the axes (feature indices). */
  readonly axes: readonly [number, number];
}

/** The page's first run: TF Playground's layout with tapegrad's main job, 2-16-1 tanh on 500 moons points. */
export const DEFAULT_CONFIG: PlaygroundConfig = {
  dataset: 'moons',
  points: 500,
  noise: 0.15,
  testRatio: 0.2,
  hidden: [16],
  activation: 'tanh',
  output: 'sigmoid-bce',
  optimizer: 'adam',
  learningRate: 0.03,
  batchSize: 32,
  l2: 0,
  dropout: 0,
  seed: 42,
  axes: [0, 1],
};
