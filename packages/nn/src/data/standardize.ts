import { type Tensor, tensor } from '@tapegrad/autograd';
import { checkTensor, shown } from '../checks/arguments.ts';
import { DataError } from '../errors.ts';

/** Per-feature statistics of a training set, and the map that standardizes any X with them. */
export interface Standardizer {
  /** The mean of each column [features]. */
  readonly mean: Tensor;
  /** The population standard deviation of each column [features] (1 for a constant column). */
  readonly std: Tensor;
  /** (X - mean) / std, column by column, with the training statistics. */
  transform(X: Tensor): Tensor;
}

/**
 * Fits a standardizer on X [n, features], as scikit-learn's StandardScaler: mean_j = sum_i X_ij / n
 * and std_j = sqrt(sum_i (X_ij - mean_j)^2 / n) (the population std, ddof 0). A constant column gets
 * std 1 and mean its value, so it maps to exactly 0 instead of NaN. Fit on the training set only and
 * transform the test set with the same statistics, so nothing about the test set leaks into training.
 * @example
 * const scaler = fitStandardizer(train.X);
 * const trainX = scaler.transform(train.X); // each column mean 0, std 1
 * const testX = scaler.transform(test.X); // the training mean and std
 */
export function fitStandardizer(X: Tensor): Standardizer {
  checkTensor('fitStandardizer', 'X', X);
  if (X.ndim !== 2 || X.shape[0] === 0) {
    throw new DataError(`fitStandardizer: X must be [n, features] with n >= 1, got [${X.shape.join(',')}]`);
  }
  const [n, features] = X.shape as [number, number];
  const mean = new Float64Array(features);
  const std = new Float64Array(features);
  for (let j = 0; j < features; j++) {
    const first = X.data[j]!;
    let sum = 0;
    let constant = true;
    for (let i = 0; i < n; i++) {
      const value = X.data[i * features + j]!;
      sum += value;
      constant &&= value === first;
    }
    if (constant) {
      mean[j] = first;
      std[j] = 1;
      continue;
    }
    mean[j] = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (X.data[i * features + j]! - mean[j]!) ** 2;
    const deviation = Math.sqrt(squares / n);
    std[j] = deviation > 0 ? deviation : 1; // differences so small that their squares underflow
  }
  return standardizerOf(mean, std);
}

/**
 * A standardizer from statistics saved earlier (a run's config.json), checked: each mean must be a
 * finite number and each std a positive finite one (a division by a zero std turns every input into
 * Inf or NaN, which reads later like a model that diverged). `source` names where the statistics come
 * from in the DataError, e.g. `runs/x/config.json: standardizer`.
 * @example standardizerFromStats([1, 2], [2, 4]).transform(tensor([[3, 6]])).toArray(); // [[1, 1]]
 */
export function standardizerFromStats(
  mean: readonly number[],
  std: readonly number[],
  source = 'standardizer',
): Standardizer {
  for (const [name, values] of [
    ['mean', mean],
    ['std', std],
  ] as const) {
    if (!Array.isArray(values))
      throw new DataError(`${source}: ${name} must be an array of numbers, got ${shown(values)}`);
  }
  if (mean.length !== std.length || mean.length === 0) {
    throw new DataError(
      `${source}: mean has ${mean.length} numbers and std ${std.length}; expected one of each per feature`,
    );
  }
  mean.forEach((value, j) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new DataError(`${source}.mean[${j}] is ${String(value)}; expected a finite number`);
    }
  });
  std.forEach((value, j) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new DataError(
        `${source}.std[${j}] is ${String(value)}; expected a positive finite number ` +
          '(a constant column is saved with std 1)',
      );
    }
  });
  return standardizerOf(Float64Array.from(mean), Float64Array.from(std));
}

/** (X - mean) / std, column by column, with these statistics. */
function standardizerOf(mean: Float64Array, std: Float64Array): Standardizer {
  const features = mean.length;
  const meanTensor = tensor(mean, { shape: [features] });
  const stdTensor = tensor(std, { shape: [features] });
  return {
    mean: meanTensor,
    std: stdTensor,
    transform(input: Tensor): Tensor {
      checkTensor('Standardizer.transform', 'X', input);
      if (input.ndim !== 2 || input.shape[1] !== features) {
        throw new DataError(
          `Standardizer.transform: X has shape [${input.shape.join(',')}] but the standardizer was fit on ` +
            `${features} features; give [n, ${features}]`,
        );
      }
      return input.sub(meanTensor).div(stdTensor);
    },
  };
}
