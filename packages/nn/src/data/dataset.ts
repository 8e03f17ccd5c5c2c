import { Tensor, tensor } from '@tapegrad/autograd';
import { checkArray, refuse, shown } from '../checks/arguments.ts';
import { DataError } from '../errors.ts';

/**
 * A table of examples: features X [n, features] and targets y with one row per example. For
 * classification, y holds integer class indices [n] (0, 1, ..., k-1): the canonical form, which
 * crossEntropy takes as it is; `toBinaryTargets(y)` gives the [n, 1] 0/1 targets of 'bce' and
 * `oneHot(y, k)` the [n, k] rows. A regression target is [n] (or [n, outputs]) of real values.
 * `classes` names the class of each index (classes[y[i]]), `featureNames` the columns of X.
 * @example const { X, y } = moons({ n: 200, noise: 0.1, seed: 0 }); // X [200, 2], y [200] of 0/1
 */
export interface Dataset {
  readonly X: Tensor;
  readonly y: Tensor;
  readonly classes?: readonly string[];
  readonly featureNames?: readonly string[];
}

/**
 * A Dataset from the rows of X and their targets, checked to agree: X must be [n, features] and y
 * have n rows. The tensors are fresh copies that require no gradient.
 * @example makeDataset([[0, 0], [1, 1]], [0, 1]).X.shape; // [2, 2]
 */
export function makeDataset(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
  names: { readonly classes?: readonly string[]; readonly featureNames?: readonly string[] } = {},
): Dataset {
  checkArray('makeDataset', 'rows', rows, 'an array of feature rows');
  checkArray('makeDataset', 'targets', targets, 'an array of numbers');
  rows.forEach((row: unknown, i) => {
    checkArray('makeDataset', `rows[${i}]`, row, 'an array of numbers');
    (row as unknown[]).forEach((value, j) => {
      if (typeof value !== 'number') refuse('makeDataset', `rows[${i}][${j}]`, 'a number', value);
    });
  });
  targets.forEach((value: unknown, i) => {
    if (typeof value !== 'number') refuse('makeDataset', `targets[${i}]`, 'a number', value);
  });
  if (rows.length !== targets.length) {
    throw new DataError(`makeDataset: ${rows.length} rows of features but ${targets.length} targets`);
  }
  const features = rows[0]?.length ?? 0;
  const X = new Float64Array(rows.length * features);
  rows.forEach((row, i) => {
    if (row.length !== features) {
      throw new DataError(`makeDataset: rows[${i}] has ${row.length} features but rows[0] has ${features}`);
    }
    X.set(row, i * features);
  });
  return {
    X: tensor(X, { shape: [rows.length, features] }),
    y: tensor(Float64Array.from(targets), { shape: [targets.length] }),
    ...(names.classes === undefined ? {} : { classes: names.classes }),
    ...(names.featureNames === undefined ? {} : { featureNames: names.featureNames }),
  };
}

/** A dataset `{ X, y }` of tensors, checked at the boundary of `fn`. */
export function checkDataset(fn: string, dataset: unknown, name = 'dataset'): Dataset {
  if (typeof dataset !== 'object' || dataset === null)
    refuse(fn, name, 'a dataset { X, y } of tensors', dataset);
  const { X, y } = dataset as { X?: unknown; y?: unknown };
  if (!(X instanceof Tensor)) refuse(fn, `${name}.X`, 'a Tensor [n, features]', X);
  if (!(y instanceof Tensor)) refuse(fn, `${name}.y`, 'a Tensor of targets', y);
  return dataset as Dataset;
}

/** The number of examples (rows of X). */
export function numExamples(dataset: Dataset): number {
  checkDataset('numExamples', dataset);
  return dataset.X.shape[0] ?? 0;
}

/**
 * A new Dataset of the given rows, in the given order (a row may repeat); names are kept.
 * @example selectRows(data, [3, 0]).y; // [y[3], y[0]]
 */
export function selectRows(dataset: Dataset, indices: readonly number[]): Dataset {
  checkDataset('selectRows', dataset);
  checkArray('selectRows', 'indices', indices, 'an array of row indices');
  const n = numExamples(dataset);
  return {
    ...dataset,
    X: takeRows(dataset.X, n, indices),
    y: takeRows(dataset.y, n, indices),
  };
}

/** Rows of a tensor whose first axis has n entries (a row is everything after the first axis). */
function takeRows(values: Tensor, n: number, indices: readonly number[]): Tensor {
  if (values.shape[0] !== n) {
    throw new DataError(
      `selectRows: X has ${n} rows but y has shape [${values.shape.join(',')}]; give one target row per example`,
    );
  }
  const width = n === 0 ? 0 : values.numel() / n;
  const picked = new Float64Array(indices.length * width);
  indices.forEach((row, i) => {
    if (!Number.isInteger(row) || row < 0 || row >= n) {
      throw new DataError(
        `selectRows: index ${shown(row)} in indices is not a row of a dataset of ${n} rows`,
      );
    }
    picked.set(values.data.subarray(row * width, (row + 1) * width), i * width);
  });
  return tensor(picked, { shape: [indices.length, ...values.shape.slice(1)] });
}
