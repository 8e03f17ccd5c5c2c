/**
 * The test set in detail: the confusion matrix (true classes on the rows, predicted on the columns) and
 * each class's precision, recall and F1.
 */
import { formatPercent } from './format.ts';
import { htmlTable } from './html.ts';
import type { TestEvaluation } from './run-types.ts';

/**
 * The confusion matrix as a table: a row per true class, a column per predicted class, the correct counts
 * on the diagonal (marked).
 */
export function confusionTableHtml(evaluation: TestEvaluation): string {
  const { classNames, confusion } = evaluation;
  return htmlTable(
    [{ text: 'true \\ predicted' }, ...classNames.map((name) => ({ text: name, numeric: true }))],
    confusion.map((counts, truth) => [
      { text: classNames[truth]!, header: true },
      ...counts.map((count, predicted) => ({
        text: String(count),
        numeric: true,
        ...(predicted === truth ? { className: 'diagonal' } : {}),
      })),
    ]),
    {
      caption:
        'Confusion matrix on the test set: row = the true class, column = the class the network predicts; ' +
        'the diagonal counts the right answers.',
      className: 'confusion',
    },
  );
}

/** Precision (of the rows predicted c, the share that are c), recall (of the rows of c, the share found), F1. */
export function classScoresTableHtml(evaluation: TestEvaluation): string {
  return htmlTable(
    [
      { text: 'class' },
      { text: 'precision', numeric: true },
      { text: 'recall', numeric: true },
      { text: 'F1', numeric: true },
      { text: 'test rows', numeric: true },
    ],
    evaluation.perClass.map((scores, c) => [
      { text: evaluation.classNames[c]!, header: true },
      { text: formatPercent(scores.precision), numeric: true },
      { text: formatPercent(scores.recall), numeric: true },
      { text: formatPercent(scores.f1), numeric: true },
      { text: String(scores.support), numeric: true },
    ]),
    {
      caption:
        'Per class: precision = of the rows predicted as the class, the share that are; recall = of the ' +
        "class's rows, the share found; F1 = their harmonic mean.",
    },
  );
}
