/**
 * report.html: one self-contained page per run (inline CSS, plots inline as SVG, no external URL).
 */
import type { EpochRecord, GradientComparisonReport } from '@tapegrad/nn';
import { escapeHtml } from '../html/escape.ts';
import { flattenRecord, formatNumber, formatPercent, formatValue } from './format.ts';
import { historyTableHtml } from './history-table.ts';
import { htmlTable, inlineSvg } from './html.ts';
import { REPORT_CSS } from './styles.ts';

export interface ReportRun {
  readonly title: string;
  /** The run's settings; nested objects show as dotted keys (optimizer.lr). */
  readonly config: Record<string, unknown>;
  readonly history: readonly EpochRecord[];
  /** SVG plots, shown in order with their name as the caption. */
  readonly plots: { readonly name: string; readonly svg: string }[];
  readonly gradientCheck?: GradientComparisonReport;
  /** The final numbers (test accuracy, ...); default: those of the last epoch. */
  readonly metrics?: Record<string, unknown>;
}

function keyValueTable(entries: readonly [string, string][]): string {
  return htmlTable(
    [{ text: 'name' }, { text: 'value' }],
    entries.map(([key, value]) => [{ text: key }, { text: value }]),
  );
}

/** The last epoch's numbers, for a run given no metrics. */
function lastEpochMetrics(history: readonly EpochRecord[]): [string, string][] {
  const last = history.at(-1);
  if (last === undefined) return [['epochs', '0']];
  const entries: [string, string][] = [
    ['epochs', String(last.epoch)],
    ['train loss', formatNumber(last.trainLoss)],
  ];
  if (last.trainAccuracy !== null) entries.push(['train accuracy', formatPercent(last.trainAccuracy)]);
  if (last.valLoss !== null) entries.push(['validation loss', formatNumber(last.valLoss)]);
  if (last.valAccuracy !== null) entries.push(['validation accuracy', formatPercent(last.valAccuracy)]);
  return entries;
}

function metricsHtml(run: ReportRun): string {
  const entries =
    run.metrics === undefined
      ? lastEpochMetrics(run.history)
      : flattenRecord(run.metrics).map(([key, value]): [string, string] => [
          key,
          typeof value === 'number' ? formatNumber(value) : formatValue(value),
        ]);
  return keyValueTable(entries);
}

function plotsHtml(plots: ReportRun['plots']): string {
  return plots
    .map(
      (plot) =>
        `<figure>\n${inlineSvg(plot.svg)}\n<figcaption>${escapeHtml(plot.name)}</figcaption>\n</figure>`,
    )
    .join('\n');
}

function configHtml(config: Readonly<Record<string, unknown>>): string {
  return keyValueTable(flattenRecord(config).map(([key, value]) => [key, formatValue(value)]));
}

/** A titled part of the page; `id` makes it a link target (report.html#history). */
function section(id: string, heading: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

const shape = (values: readonly number[]) => `[${values.join(',')}]`;

function gradientCheckHtml(report: GradientComparisonReport): string {
  const verdict = report.passed
    ? '<p class="passed">Every parameter passes.</p>'
    : '<p class="failed">Some parameter FAILS.</p>';
  const table = htmlTable(
    [
      { text: 'parameter' },
      { text: 'shape' },
      { text: 'max |a - b|', numeric: true },
      { text: 'max relative', numeric: true },
      { text: 'worst entry' },
      { text: 'result' },
    ],
    report.rows.map((row) => [
      { text: row.name },
      { text: shape(row.shape) },
      { text: row.maxAbsDiff.toExponential(2), numeric: true },
      { text: row.maxRelDiff.toExponential(2), numeric: true },
      { text: row.worstIndex === null ? '-' : shape(row.worstIndex) },
      { text: row.passed ? 'pass' : 'FAIL' },
    ]),
    {
      caption: `Pass if |a - b| <= atol + rtol |b| for every entry, atol ${report.atol}, rtol ${report.rtol}.`,
      rowClass: (i) => (report.rows[i]!.passed ? undefined : 'fail'),
    },
  );
  return `${verdict}\n${table}`;
}

/**
 * The HTML page of a run: title, final metrics, the plots (inline SVG), the config, the history table
 * (every epoch up to 40, else an even sample with the first and last) and, when given, the gradient
 * check. Self-contained: inline CSS, no script, no link to anything; every text is HTML-escaped.
 * @example writeFileSync(join(dir, 'report.html'), reportHtml({ title: 'moons', config, history, plots }));
 */
export function reportHtml(run: ReportRun): string {
  const sections = [
    section('metrics', 'Final metrics', metricsHtml(run)),
    ...(run.plots.length > 0 ? [section('plots', 'Plots', plotsHtml(run.plots))] : []),
    section('config', 'Configuration', configHtml(run.config)),
    section('history', 'History', historyTableHtml(run.history)),
    ...(run.gradientCheck === undefined
      ? []
      : [section('gradients', 'Gradient check', gradientCheckHtml(run.gradientCheck))]),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(run.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(run.title)}</h1>`,
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
