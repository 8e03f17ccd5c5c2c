import { Tensor, tensor } from '@tapegrad/autograd';
import { refuse, shown } from '../checks/arguments.ts';
import { DataError } from '../errors.ts';

/** Class indices (0, 1, ..., k-1) as a tensor of any shape (read flat) or a plain array. */
export type Labels = Tensor | readonly number[];

/**
 * The labels as a plain array, each checked to be a class index: an integer >= 0, and below
 * `numClasses` when it is given. `where` starts the error message; `name`, where given, ends it with the
 * argument the labels came in (`in labels`).
 */
export function labelArray(where: string, labels: Labels, numClasses?: number, name?: string): number[] {
  const argument = name ?? 'labels';
  if (!(labels instanceof Tensor) && !Array.isArray(labels)) {
    refuse(where, argument, 'a Tensor or an array of class indices', labels);
  }
  if (numClasses !== undefined && !(Number.isInteger(numClasses) && numClasses >= 0)) {
    refuse(where, 'numClasses', 'an integer >= 0', numClasses);
  }
  const values: unknown[] = labels instanceof Tensor ? Array.from(labels.data) : [...labels];
  const within = name === undefined ? '' : ` in ${name}`;
  values.forEach((label, i) => {
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0) {
      throw new DataError(
        `${where}: label ${shown(label)} at index ${i} is not a class index (an integer 0, 1, 2, ...)${within}`,
      );
    }
    if (numClasses !== undefined && label >= numClasses) {
      throw new DataError(
        `${where}: label ${label} at index ${i} is not a class index in 0..${numClasses - 1} ` +
          `(${numClasses} classes); pass the right number of classes (numClasses)${within}`,
      );
    }
  });
  return values as number[];
}

/** The number of classes the labels imply: the largest label + 1 (0 for no labels). */
export function inferNumClasses(labels: readonly number[]): number {
  return labels.reduce((largest, label) => Math.max(largest, label + 1), 0);
}

/**
 * How many labels fall in each class: counts[c] = #{i : labels[i] = c}.
 * @example classCounts([0, 2, 2]); // [1, 0, 2]
 */
export function classCounts(labels: Labels, numClasses?: number): number[] {
  const values = labelArray('classCounts', labels, numClasses, 'labels');
  const counts = new Array<number>(numClasses ?? inferNumClasses(values)).fill(0);
  for (const label of values) counts[label]!++;
  return counts;
}

/**
 * One-hot rows [n, k] from class indices [n]: row i is 1 at column labels[i], 0 elsewhere. This is
 * the [n, k] target form of crossEntropy (integer labels work as they are too).
 * @example oneHot([2, 0], 3).toArray(); // [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(labels: Labels, numClasses?: number): Tensor {
  const values = labelArray('oneHot', labels, numClasses, 'labels');
  const k = numClasses ?? inferNumClasses(values);
  const rows = new Float64Array(values.length * k);
  values.forEach((label, i) => {
    rows[i * k + label] = 1;
  });
  return tensor(rows, { shape: [values.length, k] });
}

/**
 * The [n, 1] column of 0/1 targets that the 'bce' loss (one sigmoid output) takes, from labels [n]
 * of two classes. Any label other than 0 or 1 is an error: a k-class problem needs softmax instead.
 * @example toBinaryTargets([0, 1, 1]).shape; // [3, 1]
 */
export function toBinaryTargets(labels: Labels): Tensor {
  const values = labelArray('toBinaryTargets', labels, undefined, 'labels');
  values.forEach((label, i) => {
    if (label > 1) {
      throw new DataError(
        `toBinaryTargets: label ${label} at index ${i} is not 0 or 1; binary targets need two classes ` +
          '(for more, use a softmax output with crossEntropy and integer labels or oneHot)',
      );
    }
  });
  return tensor(Float64Array.from(values), { shape: [values.length, 1] });
}
