/**
 * Classification metrics: accuracy, the confusion matrix (rows true class, columns predicted),
 * per-class precision, recall and F1 with zero division giving 0, the report and its table, and
 * predictClasses turning sigmoid or softmax outputs into classes, and classProbabilities into the
 * probability of each class.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import { tensor } from '@tapegrad/autograd';
import {
  accuracy,
  ConfigError,
  classificationReport,
  classProbabilities,
  classScores,
  confusionMatrix,
  DataError,
  precisionRecallF1,
  predictClasses,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectClose, expectThrows } from '../support/assertions.ts';

/**
 * Ten examples of three classes worked by hand:
 *   true 0 (3 examples) predicted 0, 0, 1    -> row 0 = [2, 1, 0]
 *   true 1 (2 examples) predicted 1, 2       -> row 1 = [0, 1, 1]
 *   true 2 (5 examples) predicted 2, 2, 2, 1, 1 -> row 2 = [0, 2, 3]
 * Column sums (how often each class is predicted): 2, 4, 4.
 */
const LABELS = [0, 0, 0, 1, 1, 2, 2, 2, 2, 2];
const PREDICTIONS = [0, 0, 1, 1, 2, 2, 2, 2, 1, 1];
const CONFUSION = [
  [2, 1, 0],
  [0, 1, 1],
  [0, 2, 3],
];
/**
 * class 0: TP 2, predicted 2, support 3: precision 2/2 = 1,   recall 2/3, F1 = 2*2 / (4 + 0 + 1) = 4/5
 * class 1: TP 1, predicted 4, support 2: precision 1/4,       recall 1/2, F1 = 2*1 / (2 + 3 + 1) = 1/3
 * class 2: TP 3, predicted 4, support 5: precision 3/4,       recall 3/5, F1 = 2*3 / (6 + 1 + 2) = 2/3
 * (each F1 is also the harmonic mean: class 1, 2 (1/4)(1/2) / (3/4) = 1/3).
 */
const SCORES = [
  { precision: 1, recall: 2 / 3, f1: 4 / 5, support: 3 },
  { precision: 1 / 4, recall: 1 / 2, f1: 1 / 3, support: 2 },
  { precision: 3 / 4, recall: 3 / 5, f1: 2 / 3, support: 5 },
];

/** A few float operations on values near 1. */
const ROUNDING = { atol: 1e-15, rtol: 1e-15 };

function expectScores(
  actual: readonly { precision: number; recall: number; f1: number }[],
  expected: readonly { precision: number; recall: number; f1: number }[],
): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((want, c) => {
    expectClose(actual[c]!.precision, want.precision, ROUNDING, `class ${c} precision`);
    expectClose(actual[c]!.recall, want.recall, ROUNDING, `class ${c} recall`);
    expectClose(actual[c]!.f1, want.f1, ROUNDING, `class ${c} f1`);
  });
}

describe('accuracy', () => {
  test('the fraction of predictions equal to their label: 6 of 10', () => {
    // Matches at indices 0, 1, 3, 5, 6, 7.
    expect(accuracy(PREDICTIONS, LABELS)).toBe(0.6);
  });

  test('tensors of shape [n] and [n, 1] compare alike', () => {
    expect(accuracy(tensor([1, 0, 1, 1]), tensor([[1], [0], [0], [1]]))).toBe(0.75);
  });

  test('probabilities instead of classes, or lengths that differ, are errors', () => {
    expectThrows(
      () => accuracy([0.7, 0.2], [1, 0]),
      DataError,
      /accuracy \(predictions\): label 0.7 at index 0 is not a class index/,
    );
    expectThrows(() => accuracy([0, 1], [0, 1, 1]), DataError, /2 predictions but 3 labels/);
    expectThrows(() => accuracy([], []), DataError, /no predictions to score/);
  });
});

describe('confusion matrix and per-class scores', () => {
  test('rows are the true class, columns the predicted one', () => {
    expect(confusionMatrix(PREDICTIONS, LABELS)).toEqual(CONFUSION);
    expect(confusionMatrix(PREDICTIONS, LABELS, 4)).toEqual([
      [2, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 2, 3, 0],
      [0, 0, 0, 0],
    ]);
  });

  test('precision, recall and F1 of each class match the hand computation', () => {
    const scores = precisionRecallF1(PREDICTIONS, LABELS);
    expectScores(scores, SCORES);
    expect(scores.map((s) => s.support)).toEqual([3, 2, 5]);
    expectScores(classScores(CONFUSION), SCORES);
  });

  test('zero division gives 0: a class never predicted, and one never present', () => {
    // true [0, 0, 1, 1], predicted all 0, 3 classes: rows [2, 0, 0], [2, 0, 0], [0, 0, 0].
    // class 0: precision 2/4, recall 2/2, F1 2*2 / (4 + 2 + 0) = 2/3.
    // class 1: never predicted: precision 0/0 -> 0; recall 0/2 = 0; F1 0 / (0 + 0 + 2) = 0.
    // class 2: never predicted nor present: every score 0/0 -> 0.
    const scores = precisionRecallF1([0, 0, 0, 0], [0, 0, 1, 1], 3);
    expectScores(scores, [
      { precision: 0.5, recall: 1, f1: 2 / 3 },
      { precision: 0, recall: 0, f1: 0 },
      { precision: 0, recall: 0, f1: 0 },
    ]);
    // Predicted but never present: class 1 precision 0/1 = 0, recall 0/0 -> 0, F1 0 / (0 + 1 + 0) = 0.
    expectScores(precisionRecallF1([0, 1], [0, 0]), [
      { precision: 1, recall: 0.5, f1: 2 / 3 },
      { precision: 0, recall: 0, f1: 0 },
    ]);
  });

  test('a label beyond numClasses is an error', () => {
    expectThrows(
      () => confusionMatrix([0, 2], [0, 1], 2),
      DataError,
      /confusionMatrix \(predictions\): label 2 at index 1 is not a class index in 0..1/,
    );
  });

  propTest.prop(
    [
      fc.integer({ min: 1, max: 5 }).chain((k) =>
        fc.array(fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 })), {
          minLength: 1,
          maxLength: 40,
        }),
      ),
    ],
    { numRuns: 100 },
  )('on random labels every score equals its count-by-definition', (pairs) => {
    const predictions = pairs.map(([p]) => p);
    const labels = pairs.map(([, t]) => t);
    const k = Math.max(...predictions, ...labels) + 1;
    const matrix = confusionMatrix(predictions, labels, k);
    const scores = precisionRecallF1(predictions, labels, k);
    for (let c = 0; c < k; c++) {
      // Counted straight from the pairs, not from the matrix.
      const truePositives = pairs.filter(([p, t]) => p === c && t === c).length;
      const predictedC = pairs.filter(([p]) => p === c).length;
      const actualC = pairs.filter(([, t]) => t === c).length;
      for (let d = 0; d < k; d++) {
        expect(matrix[c]![d]).toBe(pairs.filter(([p, t]) => t === c && p === d).length);
      }
      const precision = predictedC === 0 ? 0 : truePositives / predictedC;
      const recall = actualC === 0 ? 0 : truePositives / actualC;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      expectClose(scores[c]!.precision, precision, ROUNDING);
      expectClose(scores[c]!.recall, recall, ROUNDING);
      expectClose(scores[c]!.f1, f1, { atol: 1e-15, rtol: 1e-14 });
      expect(scores[c]!.support).toBe(actualC);
    }
    const correct = pairs.filter(([p, t]) => p === t).length;
    expect(accuracy(predictions, labels)).toBe(correct / pairs.length);
    // Recall weighted by support is always the accuracy: sum_c TP_c / n.
    expectClose(
      classificationReport(predictions, labels).weightedAvg.recall,
      correct / pairs.length,
      ROUNDING,
    );
  });
});

describe('classificationReport', () => {
  const report = classificationReport(PREDICTIONS, LABELS, { classNames: ['cat', 'dog', 'bird'] });

  test('accuracy, per-class scores and the macro and weighted averages', () => {
    expect(report.accuracy).toBe(0.6);
    expect(report.total).toBe(10);
    expect(report.confusion).toEqual(CONFUSION);
    expectScores(report.perClass, SCORES);
    // macro: precision (1 + 1/4 + 3/4) / 3 = 2/3; recall (2/3 + 1/2 + 3/5) / 3 = (53/30) / 3 = 53/90;
    // F1 (4/5 + 1/3 + 2/3) / 3 = 0.6.
    expectScores([report.macroAvg], [{ precision: 2 / 3, recall: 53 / 90, f1: 0.6 }]);
    // weighted by supports 3, 2, 5: precision (3 + 0.5 + 3.75) / 10 = 0.725; recall (2 + 1 + 3) / 10 = 0.6;
    // F1 (3 * 4/5 + 2 * 1/3 + 5 * 2/3) / 10 = (2.4 + 4) / 10 = 0.64.
    expectScores([report.weightedAvg], [{ precision: 0.725, recall: 0.6, f1: 0.64 }]);
  });

  test('prints as a table: names right-aligned in 12 columns, then 10 columns per score', () => {
    const name = (text: string) => text.padStart(12);
    expect(report.toString().split('\n')).toEqual([
      `${name('')} precision    recall  f1-score   support`,
      '',
      `${name('cat')}    1.0000    0.6667    0.8000         3`,
      `${name('dog')}    0.2500    0.5000    0.3333         2`,
      `${name('bird')}    0.7500    0.6000    0.6667         5`,
      '',
      `${name('accuracy')}                        0.6000        10`,
      `${name('macro avg')}    0.6667    0.5889    0.6000        10`,
      `${name('weighted avg')}    0.7250    0.6000    0.6400        10`,
    ]);
  });

  test('without names the rows are the class indices; names must match the classes', () => {
    expect(classificationReport([0, 1], [0, 1]).classNames).toEqual(['0', '1']);
    expectThrows(
      () => classificationReport([0, 1], [0, 1], { numClasses: 2, classNames: ['a', 'b', 'c'] }),
      ConfigError,
      /3 class names for 2 classes/,
    );
  });
});

describe('predictClasses', () => {
  test('sigmoid: probability > 0.5 is class 1 (exactly 0.5 is class 0), [n, 1] gives [n]', () => {
    const classes = predictClasses(tensor([[0.2], [0.5], [0.7], [0.5000001]]), 'sigmoid');
    expect(classes.shape).toEqual([4]);
    expect(classes.toArray()).toEqual([0, 0, 1, 1]);
  });

  test('sigmoid on logits: z > 0 is class 1, the same decision as sigmoid(z) > 0.5', () => {
    const logits = tensor([[-2], [0], [0.1]]);
    expect(predictClasses(logits, 'sigmoid', { logits: true }).toArray()).toEqual([0, 0, 1]);
    expect(predictClasses(logits.sigmoid(), 'sigmoid').toArray()).toEqual([0, 0, 1]);
  });

  test('sigmoid with several outputs: one 0/1 decision per output', () => {
    expect(
      predictClasses(
        tensor([
          [0.9, 0.1],
          [0.4, 0.6],
        ]),
        'sigmoid',
      ).toArray(),
    ).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  test('softmax: the argmax of each row, the first on ties', () => {
    const probabilities = tensor([
      [0.2, 0.7, 0.1],
      [0.5, 0.1, 0.4],
      [0.4, 0.2, 0.4],
    ]);
    expect(predictClasses(probabilities, 'softmax').toArray()).toEqual([1, 0, 0]);
  });

  test('a linear output, or NaN in the output, is an error', () => {
    expectThrows(
      () => predictClasses(tensor([[1]]), 'linear'),
      ConfigError,
      /'linear' output gives real values/,
    );
    expectThrows(
      () => predictClasses(tensor([[0.1], [Number.NaN]]), 'sigmoid'),
      DataError,
      /holds NaN at flat index 1/,
    );
  });
});

describe('classProbabilities', () => {
  test('sigmoid: one column p(class 1) becomes the two columns 1 - p and p', () => {
    expect(classProbabilities(tensor([0.9, 0.25]), 'sigmoid').toArray()).toEqual([
      [1 - 0.9, 0.9],
      [0.75, 0.25],
    ]);
    const probabilities = classProbabilities(tensor([[0.5], [0.125]]), 'sigmoid');
    expect(probabilities.shape).toEqual([2, 2]);
    expect(probabilities.toArray()).toEqual([
      [0.5, 0.5],
      [0.875, 0.125],
    ]);
  });

  test('softmax: the [n, k] probabilities themselves', () => {
    const values = tensor([
      [0.25, 0.5, 0.25],
      [0.125, 0.125, 0.75],
    ]);
    expect(classProbabilities(values, 'softmax').toArray()).toEqual(values.toArray());
  });

  test('several sigmoid outputs, a softmax that is not [n, k], or a linear output are errors', () => {
    expectThrows(
      () => classProbabilities(tensor([[0.9, 0.1]]), 'sigmoid'),
      ConfigError,
      /independent yes\/no answers, not classes/,
    );
    expectThrows(
      () => classProbabilities(tensor([0.9, 0.1]), 'softmax'),
      ConfigError,
      /must be \[n, k\], got \[2\]/,
    );
    expectThrows(
      () => classProbabilities(tensor([[1]]), 'linear'),
      ConfigError,
      /output 'linear' gives no class probabilities/,
    );
  });
});
