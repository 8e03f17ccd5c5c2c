/**
 * report.html: one self-contained page per run (inline CSS, plots inline as SVG, no script, nothing to
 * fetch): the result in sentences and tables, the test set in detail, the curves, what the network
 * learned, its architecture and weights, the data, the settings in words, the command that repeats the
 * run, the history and the gradient check.
 */
import type { GradientComparisonReport } from '@tapegrad/nn';
import { escapeHtml } from '../html/escape.ts';
import { classScoresTableHtml, confusionTableHtml } from './evaluation-tables.ts';
import { plural } from './format.ts';
import { historyTableHtml } from './history-table.ts';
import { figureHtml, htmlTable } from './html.ts';
import { networkHtml } from './network-section.ts';
import { resultHtml } from './result-section.ts';
import type { DataSummary, HeldOut, ReportFigure, ReportRun } from './run-types.ts';
import { REPORT_CSS } from './styles.ts';

/** docs/derivations.md on GitHub: the hand derivation of every gradient formula. */
export const DERIVATIONS_URL = 'https://github.com/tapegrad/tapegrad/blob/main/docs/derivations.md';

/** A titled part of the page; `id` makes it a link target (report.html#history). */
function section(id: string, heading: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;

/** What the held-out curves measured, in a sentence. */
function heldOutSentence(heldOut: HeldOut): string {
  return heldOut === 'test'
    ? 'The dashed curves are the test set, scored after every epoch; training never learns from it.'
    : 'The dashed curves are a validation split, rows set aside from the training data for early stopping; ' +
        'the test set is scored once, at the end.';
}

function figuresHtml(figures: readonly ReportFigure[], className: string): string {
  return `<div class="${className}">\n${figures.map(figureHtml).join('\n')}\n</div>`;
}

function dataHtml(data: DataSummary): string {
  const rows: [string, string][] = [
    ['dataset', data.description],
    ['rows', `${plural(data.trainRows, 'training row')}, ${plural(data.testRows, 'test row')}`],
    ['features', `${data.featureNames.length}: ${data.featureNames.join(', ')}`],
    ['classes', `${data.classes.length}: ${data.classes.join(', ')}`],
  ];
  return htmlTable(
    [{ text: 'what' }, { text: 'value' }],
    rows.map(([name, value]) => [{ text: name }, { text: value }]),
    {
      caption:
        data.scaling ??
        'Each feature is standardized with the mean and standard deviation of the training rows (config.json keeps them).',
    },
  );
}

function settingsHtml(settings: readonly (readonly [string, string])[]): string {
  const items = settings
    .map(([name, words]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(words)}</dd>`)
    .join('\n');
  return `<dl class="settings">\n${items}\n</dl>`;
}

function reproduceHtml(command: string | undefined): string {
  const run =
    command === undefined
      ? ''
      : `${paragraph('This command, typed in the folder the run was started from, trains the same network again, weight for weight:')}\n` +
        `<pre><code>${escapeHtml(command)}</code></pre>\n`;
  return (
    run +
    `<p>${escapeHtml('To see one training step worked by hand, every number of the forward and backward pass checked against the tape, run ')}` +
    `<code>tapegrad explain</code>${escapeHtml('. The formulas behind it are derived in ')}` +
    `<a href="${DERIVATIONS_URL}">docs/derivations.md</a>` +
    `${escapeHtml(', a file in the docs folder at the root of the tapegrad repository.')}</p>`
  );
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
      caption: `The hand-derived gradients (a) against the tape's (b) at the initial weights. Pass if |a - b| <= atol + rtol |b| for every entry, atol ${report.atol}, rtol ${report.rtol}.`,
      rowClass: (i) => (report.rows[i]!.passed ? undefined : 'fail'),
    },
  );
  return `${verdict}\n${table}`;
}

/**
 * The HTML page of a run; each section appears when the run has its part. Self-contained: inline CSS, no
 * script, nothing to fetch (the one link, to the derivations on GitHub, is for the reader to follow);
 * every text is HTML-escaped.
 * @example writeFileSync(join(dir, 'report.html'), reportHtml({ title: 'moons', heldOut: 'test', history, plots }));
 */
export function reportHtml(run: ReportRun): string {
  const sections = [
    ...(run.result === undefined ? [] : [section('result', 'Result', resultHtml(run.result, run.data))]),
    ...(run.evaluation === undefined
      ? []
      : [
          section(
            'test-set',
            'The test set in detail',
            `${confusionTableHtml(run.evaluation)}\n${classScoresTableHtml(run.evaluation)}`,
          ),
        ]),
    ...(run.plots.length > 0
      ? [
          section(
            'curves',
            'Learning curves',
            `${paragraph(heldOutSentence(run.heldOut))}\n${figuresHtml(run.plots, 'figures')}`,
          ),
        ]
      : []),
    ...(run.learned === undefined || run.learned.length === 0
      ? []
      : [section('learned', 'What the network learned', figuresHtml(run.learned, 'figures'))]),
    ...(run.model === undefined
      ? []
      : [
          section(
            'network',
            'The network',
            networkHtml(run.model, {
              ...(run.data === undefined
                ? {}
                : { featureNames: run.data.featureNames, classes: run.data.classes }),
            }),
          ),
        ]),
    ...(run.data === undefined ? [] : [section('data', 'The data', dataHtml(run.data))]),
    ...(run.settings === undefined
      ? []
      : [section('settings', 'Training settings', settingsHtml(run.settings))]),
    section('reproduce', 'Repeat the run, and learn how it works', reproduceHtml(run.command)),
    section('history', 'History', historyTableHtml(run.history, run.heldOut, run.keptEpoch)),
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
