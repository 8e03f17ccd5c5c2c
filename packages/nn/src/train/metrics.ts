import { type Tensor, tensor } from '@tapegrad/autograd';
import {
  anyValue,
  booleanOption,
  checkArray,
  checkInteger,
  checkOptions,
  checkTensor,
  integerOption,
  refuse,
} from '../checks/arguments.ts';
import { inferNumClasses, type Labels, labelArray } from '../data/labels.ts';
import { ConfigError, DataError } from '../errors.ts';
import type { OutputActivation } from '../models/network.ts';

/**
 * Class predictions from a network's output:
 * - 'softmax': the argmax of each row of [n, k] probabilities (or logits: the argmax is the same),
 *   giving [n] class indices; the first on ties;
 * - 'sigmoid': 1 where the probability is > 0.5, else 0 (so exactly 0.5 is class 0, as scikit-learn),
 *   giving [n] for one output ([n] or [n, 1]) and [n, k] of 0/1 for k > 1 outputs (one yes/no per
 *   output). With `{ logits: true }` the values are logits z and the threshold is z > 0, the same
 *   decision since sigmoid(z) > 0.5 exactly when z > 0.
 * A 'linear' output gives real values, not classes, and is an error.
 * @example predictClasses(net.forward(X), net.output); // [n] of 0/1 for a sigmoid output
 * @example predictClasses(tensor([[0.2, 0.7, 0.1]]), 'softmax').toArray(); // [1]
 */
export function predictClasses(
  values: Tensor,
  output: OutputActivation,
  options: { readonly logits?: boolean } = {},
): Tensor {
  checkTensor('predictClasses', 'values', values);
  checkOptions('predictClasses', options, { logits: booleanOption });
  const nanAt = values.data.findIndex(Number.isNaN);
  if (nanAt >= 0) {
    throw new DataError(
      `predictClasses: the ${output} output holds NaN at flat index ${nanAt}; the model diverged`,
    );
  }
  switch (output) {
    case 'softmax':
      if (values.ndim !== 2) {
        throw new ConfigError(
          `predictClasses: a softmax output must be [n, k], got [${values.shape.join(',')}]`,
        );
      }
      return values.argmax(1);
    case 'sigmoid': {
      const threshold = options.logits === true ? 0 : 0.5;
      const single = values.ndim === 1 || (values.ndim === 2 && values.shape[1] === 1);
      const shape = single ? [values.shape[0]!] : [...values.shape];
      return tensor(
        values.data.map((value) => (value > threshold ? 1 : 0)),
        { shape },
      );
    }
    case 'linear':
      throw new ConfigError(
        "predictClasses: a 'linear' output gives real values, not classes; classify with a sigmoid or softmax output",
      );
    default:
      throw new ConfigError(
        `predictClasses: unknown output '${output as string}'; use 'sigmoid' or 'softmax'`,
      );
  }
}

/**
 * The probability of each class from a classifier's output, as [n, classes]:
 * - 'sigmoid' with one output (a [n] or [n, 1] of p(class 1)): the two columns 1 - p and p;
 * - 'softmax' ([n, k] of probabilities): the values themselves.
 * A sigmoid with several outputs (one yes/no each) or a 'linear' output has no class probabilities.
 * @example classProbabilities(tensor([0.9, 0.25]), 'sigmoid').toArray(); // [[0.1, 0.9], [0.75, 0.25]]
 */
export function classProbabilities(values: Tensor, output: OutputActivation): Tensor {
  checkTensor('classProbabilities', 'values', values);
  switch (output) {
    case 'softmax':
      if (values.ndim !== 2) {
        throw new ConfigError(
          `classProbabilities: a softmax output must be [n, k], got [${values.shape.join(',')}]`,
        );
      }
      return values;
    case 'sigmoid': {
      const single = values.ndim === 1 || (values.ndim === 2 && values.shape[1] === 1);
      if (!single) {
        throw new ConfigError(
          `classProbabilities: a sigmoid output gives class probabilities as one column p(class 1), got ` +
            `[${values.shape.join(',')}]; several sigmoid outputs are independent yes/no answers, not classes`,
        );
      }
      const n = values.shape[0]!;
      const columns = new Float64Array(2 * n);
      for (let row = 0; row < n; row++) {
        const p = values.data[row]!;
        columns[2 * row] = 1 - p;
        columns[2 * row + 1] = p;
      }
      return tensor(columns, { shape: [n, 2] });
    }
    default:
      throw new ConfigError(
        `classProbabilities: output '${String(output)}' gives no class probabilities; use 'sigmoid' or 'softmax'`,
      );
  }
}

/** Predictions and labels as arrays of class indices, checked to be the same length (and non-empty). */
function paired(where: string, predictions: Labels, labels: Labels): [number[], number[]] {
  const predicted = labelArray(`${where} (predictions)`, predictions, undefined, 'predictions');
  const actual = labelArray(`${where} (labels)`, labels, undefined, 'labels');
  if (predicted.length !== actual.length) {
    throw new DataError(
      `${where}: ${predicted.length} predictions but ${actual.length} labels; give one prediction per label`,
    );
  }
  if (actual.length === 0) throw new DataError(`${where}: no predictions to score`);
  return [predicted, actual];
}

/**
 * The fraction of predictions equal to their label: #{i : predictions_i = labels_i} / n. Both are
 * class indices (tensors are read flat, so [n] and [n, 1] compare alike); turn probabilities into
 * classes with `predictClasses` first.
 * @example accuracy([0, 1, 1, 0], [0, 1, 0, 0]); // 0.75
 */
export function accuracy(predictions: Labels, labels: Labels): number {
  const [predicted, actual] = paired('accuracy', predictions, labels);
  const correct = predicted.reduce((count, p, i) => count + (p === actual[i] ? 1 : 0), 0);
  return correct / actual.length;
}

/**
 * The confusion matrix C [k][k]: C[t][p] counts the examples of true class t predicted as p (rows
 * true, columns predicted, as scikit-learn; note the argument order, predictions first). k defaults
 * to the largest class index seen + 1.
 * @example confusionMatrix([0, 1, 1], [0, 0, 1]); // [[1, 1], [0, 1]]
 */
export function confusionMatrix(predictions: Labels, labels: Labels, numClasses?: number): number[][] {
  return confusionMatrixOf('confusionMatrix', predictions, labels, numClasses);
}

/** confusionMatrix, with `where` naming the public function called in errors. */
function confusionMatrixOf(
  where: string,
  predictions: Labels,
  labels: Labels,
  numClasses: number | undefined,
): number[][] {
  if (numClasses !== undefined) checkInteger(where, 'numClasses', numClasses, 1);
  const [predicted, actual] = paired(where, predictions, labels);
  const k = numClasses ?? Math.max(inferNumClasses(predicted), inferNumClasses(actual));
  labelArray(`${where} (predictions)`, predicted, k, 'predictions');
  labelArray(`${where} (labels)`, actual, k, 'labels');
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  actual.forEach((t, i) => {
    matrix[t]![predicted[i]!]!++;
  });
  return matrix;
}

/** Precision, recall and F1 of one class, and its support (how many examples truly are that class). */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** a / b, or 0 when b = 0: the zero-division convention of every score here (scikit-learn's zero_division=0). */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * Per-class scores from a confusion matrix, with TP = C[c][c], FP = column c's sum - TP and FN =
 * row c's sum - TP:
 *   precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2 TP / (2 TP + FP + FN)
 * (F1 is the harmonic mean 2PR / (P + R)). A score whose denominator is 0 (a class never predicted,
 * or never present) is 0, as scikit-learn's zero_division=0.
 * @example classScores([[1, 1], [0, 1]])[0]; // precision 1, recall 0.5, f1 2/3, support 2
 */
export function classScores(confusion: readonly (readonly number[])[]): ClassScores[] {
  checkArray('classScores', 'confusion', confusion, 'a square array of count rows');
  confusion.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== confusion.length) {
      refuse('classScores', `confusion[${r}]`, `a row of ${confusion.length} counts`, row);
    }
    row.forEach((count: unknown, c) => {
      if (typeof count !== 'number' || !(count >= 0))
        refuse('classScores', `confusion[${r}][${c}]`, 'a count >= 0', count);
    });
  });
  return confusion.map((row, c) => {
    const truePositives = row[c]!;
    const support = row.reduce((total, count) => total + count, 0);
    const predicted = confusion.reduce((total, other) => total + other[c]!, 0);
    const falsePositives = predicted - truePositives;
    const falseNegatives = support - truePositives;
    return {
      precision: ratio(truePositives, predicted),
      recall: ratio(truePositives, support),
      f1: ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
      support,
    };
  });
}

/**
 * Per-class precision, recall, F1 and support of the predictions (see `classScores`).
 * @example precisionRecallF1([0, 1, 1], [0, 0, 1]); // class 1: precision 0.5, recall 1
 */
export function precisionRecallF1(predictions: Labels, labels: Labels, numClasses?: number): ClassScores[] {
  return classScores(confusionMatrixOf('precisionRecallF1', predictions, labels, numClasses));
}

/** Everything `classificationReport` computes; `toString()` prints it as a table. */
export interface ClassificationReport {
  /** The name of each class (its index when none is given). */
  readonly classNames: readonly string[];
  readonly perClass: readonly ClassScores[];
  readonly accuracy: number;
  /** The unweighted mean of each score over the classes, every class counting once. */
  readonly macroAvg: Omit<ClassScores, 'support'>;
  /** The mean of each score weighted by the classes' supports. */
  readonly weightedAvg: Omit<ClassScores, 'support'>;
  /** The number of examples. */
  readonly total: number;
  readonly confusion: readonly (readonly number[])[];
  toString(): string;
}

/**
 * Accuracy, the confusion matrix and per-class precision, recall and F1 with their macro and weighted
 * averages, printable as scikit-learn's classification_report. `classNames` (e.g. a Dataset's
 * `classes`) labels the rows and fixes the number of classes.
 * @example console.log(classificationReport(predicted, test.y, { classNames: test.classes }).toString());
 */
export function classificationReport(
  predictions: Labels,
  labels: Labels,
  options: { readonly numClasses?: number; readonly classNames?: readonly string[] } = {},
): ClassificationReport {
  checkOptions('classificationReport', options, { numClasses: integerOption(1), classNames: anyValue });
  const numClasses = options.numClasses ?? options.classNames?.length;
  const confusion = confusionMatrixOf('classificationReport', predictions, labels, numClasses);
  const classNames = options.classNames ?? confusion.map((_, c) => String(c));
  if (classNames.length !== confusion.length) {
    throw new ConfigError(
      `classificationReport: ${classNames.length} class names for ${confusion.length} classes`,
    );
  }
  const perClass = classScores(confusion);
  const total = perClass.reduce((sum, scores) => sum + scores.support, 0);
  const average = (weight: (scores: ClassScores) => number, denominator: number) => ({
    precision: ratio(
      perClass.reduce((sum, scores) => sum + weight(scores) * scores.precision, 0),
      denominator,
    ),
    recall: ratio(
      perClass.reduce((sum, scores) => sum + weight(scores) * scores.recall, 0),
      denominator,
    ),
    f1: ratio(
      perClass.reduce((sum, scores) => sum + weight(scores) * scores.f1, 0),
      denominator,
    ),
  });
  const correct = confusion.reduce((sum, row, c) => sum + row[c]!, 0);
  const report = {
    classNames,
    perClass,
    accuracy: correct / total,
    macroAvg: average(() => 1, perClass.length),
    weightedAvg: average((scores) => scores.support, total),
    total,
    confusion,
    toString: () => formatReport(report),
  };
  return report;
}

/**
 * The report as a table, names right-aligned in 12 columns (or the longest name), 10 per score:
 *              precision    recall  f1-score   support
 *
 *          cat    1.0000    0.6667    0.8000         3
 *          dog    0.2500    0.5000    0.3333         2
 *         bird    0.7500    0.6000    0.6667         5
 *
 *     accuracy                        0.6000        10
 *    macro avg    0.6667    0.5889    0.6000        10
 * weighted avg    0.7250    0.6000    0.6400        10
 */
function formatReport(report: ClassificationReport): string {
  const width = report.classNames.reduce((widest, name) => Math.max(widest, name.length), 12);
  const cell = (value: number) => value.toFixed(4).padStart(10);
  const count = (value: number) => String(value).padStart(10);
  const line = (name: string, scores: Omit<ClassScores, 'support'>, support: number) =>
    `${name.padStart(width)}${cell(scores.precision)}${cell(scores.recall)}${cell(scores.f1)}${count(support)}`;
  return [
    `${''.padStart(width)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'f1-score'.padStart(10)}${'support'.padStart(10)}`,
    '',
    ...report.perClass.map((scores, c) => line(report.classNames[c]!, scores, scores.support)),
    '',
    `${'accuracy'.padStart(width)}${''.padStart(20)}${cell(report.accuracy)}${count(report.total)}`,
    line('macro avg', report.macroAvg, report.total),
    line('weighted avg', report.weightedAvg, report.total),
  ].join('\n');
}
