/**
 * What the comparison with scikit-learn runs: the five datasets, the split, the classifier's settings and
 * the seeds. Both sides read these from the manifest (`prepare.ts` writes it), so they cannot drift apart.
 */
import type { MLPClassifierOptions } from '@tapegrad/nn';

/** The share of each dataset held out for testing, stratified by class. */
export const TEST_FRACTION = 0.25;
/** The seed of the one shuffle that splits every dataset into its training and test rows. */
export const SPLIT_SEED = 0;
/** The `randomState` of the fits: each seed draws other initial weights and shuffles, the same on both sides. */
export const SEEDS: readonly number[] = [0, 1, 2, 3, 4];
/** The seed whose two loss curves are drawn. */
export const PLOTTED_SEED = 0;

/**
 * The classifier's settings: scikit-learn's defaults (one hidden layer of 100 relu units, Adam at 1e-3,
 * alpha 1e-4, mini-batches of min(200, rows), stopping after 10 epochs without a 1e-4 improvement), with
 * up to 500 epochs. Written in sklearn's snake_case names in the manifest for the Python side.
 */
export const CLASSIFIER_SETTINGS = {
  hiddenLayerSizes: [100],
  activation: 'relu',
  solver: 'adam',
  alpha: 1e-4,
  batchSize: 'auto',
  learningRateInit: 1e-3,
  maxIter: 500,
  tol: 1e-4,
  nIterNoChange: 10,
  shuffle: true,
} as const satisfies MLPClassifierOptions;
