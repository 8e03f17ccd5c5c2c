/**
 * The top of the report: the run's result in sentences, then its numbers in a table.
 */
import { escapeHtml } from '../html/escape.ts';
import { formatNumber, formatPercent, plural } from './format.ts';
import { htmlTable } from './html.ts';
import type { DataSummary, RunResult } from './run-types.ts';

/**
 * The result in words, e.g. 'Trained 300 epochs in 1.2 s. On the 40 test rows, which training never saw,
 * the network is right 97.5% of the time (loss 0.0712); on the 160 training rows, 98.1% (loss 0.0503).'
 */
export function resultSentences(result: RunResult, data: DataSummary | undefined): string {
  const rows = (count: number | undefined, split: string) =>
    count === undefined ? `the ${split} rows` : `the ${plural(count, `${split} row`)}`;
  const score = (accuracy: number | null, loss: number) =>
    accuracy === null
      ? `a loss of ${formatNumber(loss, 4)}`
      : `${formatPercent(accuracy)} (loss ${formatNumber(loss, 4)})`;
  const test =
    result.testAccuracy === null
      ? `On ${rows(data?.testRows, 'test')}, which training never saw, the loss is ${formatNumber(result.testLoss, 4)}`
      : `On ${rows(data?.testRows, 'test')}, which training never saw, the network is right ` +
        `${score(result.testAccuracy, result.testLoss)} of the time`;
  return (
    `${result.stopped} in ${result.seconds.toFixed(1)} s. ${test}; on ${rows(data?.trainRows, 'training')}, ` +
    `${score(result.trainAccuracy, result.trainLoss)}.`
  );
}

/** The final numbers as a table: loss and accuracy on each split, epochs, how training ended, time. */
export function resultTable(result: RunResult): string {
  const accuracy = (value: number | null) => (value === null ? '-' : formatPercent(value));
  const rows: [string, string][] = [
    ['train loss', formatNumber(result.trainLoss, 6)],
    ['train accuracy', accuracy(result.trainAccuracy)],
    ['test loss', formatNumber(result.testLoss, 6)],
    ['test accuracy', accuracy(result.testAccuracy)],
    ['epochs', String(result.epochsRun)],
    ['how it stopped', result.stopped],
    ['time', `${result.seconds.toFixed(1)} s`],
  ];
  return htmlTable(
    [{ text: 'quantity' }, { text: 'value' }],
    rows.map(([name, value]) => [{ text: name }, { text: value }]),
    { caption: 'The trained network on each split.' },
  );
}

/** The sentences and the table. */
export function resultHtml(result: RunResult, data: DataSummary | undefined): string {
  return `<p class="lead">${escapeHtml(resultSentences(result, data))}</p>\n${resultTable(result)}`;
}
