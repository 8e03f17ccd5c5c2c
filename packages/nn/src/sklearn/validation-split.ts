/**
 * The validation rows of early stopping, split off as sklearn's `_fit_stochastic` splits them with
 * `train_test_split(X, y, test_size=validationFraction, random_state=...)`, from numpy's RandomState in
 * the state the initial weights left it: the same rows, in the same order, as sklearn trains and validates
 * on. sklearn stratifies only when its binarized y has one column, that is for two classes
 * (StratifiedShuffleSplit); with more classes it passes stratify=None and the split is a plain shuffle
 * (ShuffleSplit). Both are reproduced as sklearn 1.2 does them.
 */
import { ConfigError } from '../errors.ts';
import type { NumpyRandomState } from './numpy-random-state.ts';

export interface ValidationSplit {
  /** The training rows, in the order training visits them. */
  readonly train: number[];
  readonly validation: number[];
}

/**
 * sklearn's `_approximate_mode`: `draws` shared among the classes in proportion to `counts`, each class
 * floor(share); the rows left over go to the largest fractional parts, ties broken at random.
 */
function approximateMode(counts: readonly number[], draws: number, random: NumpyRandomState): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const continuous = counts.map((count) => (count / total) * draws);
  const floored = continuous.map(Math.floor);
  let needToAdd = Math.trunc(draws - floored.reduce((sum, value) => sum + value, 0));
  if (needToAdd > 0) {
    const remainders = continuous.map((value, i) => value - floored[i]!);
    const values = [...new Set(remainders)].sort((a, b) => b - a);
    for (const value of values) {
      const tied = remainders.flatMap((remainder, i) => (remainder === value ? [i] : []));
      const addNow = Math.min(tied.length, needToAdd);
      for (const i of random.choice(tied, addNow)) floored[i]! += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/**
 * Splits rows 0..n-1 with class indices `classIndex` (of `classes` classes): ceil(validationFraction n)
 * rows for validation, the rest for training.
 */
export function validationSplit(
  fn: string,
  classIndex: readonly number[],
  classes: number,
  validationFraction: number,
  random: NumpyRandomState,
): ValidationSplit {
  const n = classIndex.length;
  const nValidation = Math.ceil(validationFraction * n);
  const nTrain = n - nValidation;
  if (nTrain < 1) {
    throw new ConfigError(
      `${fn}: earlyStopping's validationFraction ${validationFraction} of ${n} rows leaves none to train on; ` +
        'use more data or a smaller validationFraction',
    );
  }
  if (classes > 2) {
    // ShuffleSplit: one permutation, its first nValidation rows validate and the next nTrain train.
    const permutation = random.permutation(n);
    return { train: permutation.slice(nValidation), validation: permutation.slice(0, nValidation) };
  }
  return stratifiedSplit(fn, classIndex, nTrain, nValidation, random);
}

/**
 * StratifiedShuffleSplit of two classes. The strata are ordered by the text of the binarized label,
 * "False" (class 0) before "True" (class 1).
 */
function stratifiedSplit(
  fn: string,
  classIndex: readonly number[],
  nTrain: number,
  nValidation: number,
  random: NumpyRandomState,
): ValidationSplit {
  const rowsOf = [0, 1].map((c) => classIndex.flatMap((k, row) => (k === c ? [row] : [])));
  const counts = rowsOf.map((rows) => rows.length);
  const fewest = Math.min(counts[0]!, counts[1]!);
  if (fewest < 2 || nTrain < 2 || nValidation < 2) {
    throw new ConfigError(
      `${fn}: earlyStopping cannot hold out a stratified validation share of ${nValidation} rows from ` +
        `${classIndex.length} (the smaller class has ${fewest}; each class needs 2 rows, and both parts at ` +
        'least one row of each class); use more data, another validationFraction, or earlyStopping false',
    );
  }
  const trainCounts = approximateMode(counts, nTrain, random);
  const validationCounts = approximateMode(
    counts.map((count, i) => count - trainCounts[i]!),
    nValidation,
    random,
  );
  // Each class's rows in a random order: the first trainCounts to training, the next validationCounts to validation.
  const shuffled = rowsOf.map((rows) => random.permutation(rows.length).map((index) => rows[index]!));
  const train = shuffled.flatMap((rows, i) => rows.slice(0, trainCounts[i]));
  const validation = shuffled.flatMap((rows, i) =>
    rows.slice(trainCounts[i], trainCounts[i]! + validationCounts[i]!),
  );
  return { train: random.permutation(train), validation: random.permutation(validation) };
}
