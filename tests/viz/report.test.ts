/**
 * report.html: one self-contained page per run, every text escaped.
 */
import { tensor } from '@tapegrad/autograd';
import { compareGradients, type EpochRecord } from '@tapegrad/nn';
import { nodeDocument } from '@tapegrad/viz/node';
import { lossCurveSvg } from '@tapegrad/viz/plots';
import { escapeHtml, type ReportRun, reportHtml } from '@tapegrad/viz/report';
import { parseHTML } from 'linkedom';
import { describe, expect, test } from 'vitest';
import { sampledEpochs } from '../../packages/viz/src/report/history-table.ts';
import { inlineSvg } from '../../packages/viz/src/report/html.ts';
import { syntheticHistory } from '../support/history.ts';

/** The synthetic history, as this file's tests expect it (lr 0.05, 0.0123 s per epoch). */
function epochs(count: number, options: { validation?: boolean; accuracy?: boolean } = {}): EpochRecord[] {
  return syntheticHistory(count, { ...options, lr: 0.05, seconds: 0.0123 });
}

/** What Graphviz writes before its <svg>: an XML declaration and a DOCTYPE naming an external DTD. */
const GRAPHVIZ_LIKE_SVG = [
  '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
  '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"',
  ' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">',
  '<g><text>node</text></g></svg>',
].join('\n');

const document = nodeDocument();
const history = epochs(12);
const run: ReportRun = {
  title: 'moons <run 1>',
  config: {
    dataset: { name: 'moons', points: 1000 },
    note: 'a < b & c',
    optimizer: { name: 'adam', lr: 0.05 },
    standardizer: { mean: [0.5, 0.25] },
  },
  history,
  plots: [
    { name: 'Loss', svg: lossCurveSvg(history, document) },
    { name: 'Graph <forward>', svg: GRAPHVIZ_LIKE_SVG },
  ],
  gradientCheck: compareGradients(
    { w: tensor([1, 2]), b: tensor([3]) },
    { w: tensor([1, 2]), b: tensor([3.5]) },
  ),
};

interface PageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

function parsePage(html: string): PageElement {
  return parseHTML(html).document as PageElement;
}

const textsOf = (root: PageElement, selector: string) =>
  [...root.querySelectorAll(selector)].map((element) => element.textContent ?? '');

/** The cell texts of each body row of the table in the section with this id. */
function tableRows(page: PageElement, sectionId: string): string[][] {
  return [...page.querySelectorAll(`section#${sectionId} tbody tr`)].map((row) => textsOf(row, 'td'));
}

describe('reportHtml', () => {
  const html = reportHtml(run);
  const page = parsePage(html);

  test('has the title, then final metrics, plots, configuration, history and gradient check', () => {
    expect(textsOf(page, 'title')).toEqual(['moons <run 1>']);
    expect(textsOf(page, 'h1')).toEqual(['moons <run 1>']);
    expect(textsOf(page, 'h2')).toEqual([
      'Final metrics',
      'Plots',
      'Configuration',
      'History',
      'Gradient check',
    ]);
  });

  test('escapes every text: a "<" in the title or a config value cannot open a tag', () => {
    expect(html).toContain('<h1>moons &lt;run 1&gt;</h1>');
    expect(html).toContain('<td>a &lt; b &amp; c</td>');
    const hostile = reportHtml({ ...run, config: { note: '<script>alert(1)</script>' } });
    expect(hostile).not.toContain('<script');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('lists the config with nested objects as dotted keys and arrays whole', () => {
    expect(tableRows(page, 'config')).toEqual([
      ['dataset.name', 'moons'],
      ['dataset.points', '1000'],
      ['note', 'a < b & c'],
      ['optimizer.name', 'adam'],
      ['optimizer.lr', '0.05'],
      ['standardizer.mean', '[0.5,0.25]'],
    ]);
  });

  test('inlines each plot as SVG with its name as the caption, without XML declaration or DOCTYPE', () => {
    expect(textsOf(page, 'figure figcaption')).toEqual(['Loss', 'Graph <forward>']);
    expect([...page.querySelectorAll('figure > svg')]).toHaveLength(2);
    expect(html).toContain(run.plots[0]!.svg);
    expect(html).not.toContain('<?xml');
    expect(html).not.toMatch(/<!DOCTYPE svg/i);
  });

  test('is self-contained: no URL but the SVG namespace names, no script, no linked stylesheet', () => {
    const urls = new Set(html.match(/https?:\/\/[^\s"'<>)]+/g));
    expect([...urls].sort()).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
    expect(html).not.toMatch(/<script|<link|\ssrc=/i);
  });

  test('shows the last epoch as the final metrics when none are given', () => {
    // Epoch 12: loss 1/12, accuracy 1 - 0.5/12 = 95.83%, validation loss 1.5/12, accuracy 1 - 0.05.
    expect(tableRows(page, 'metrics')).toEqual([
      ['epochs', '12'],
      ['train loss', '0.0833333'],
      ['train accuracy', '95.8%'],
      ['validation loss', '0.125'],
      ['validation accuracy', '95.0%'],
    ]);
  });

  test('shows the metrics given instead, numbers to six digits and arrays whole', () => {
    const given = parsePage(
      reportHtml({
        ...run,
        metrics: {
          testAccuracy: 2 / 3,
          confusion: [
            [1, 2],
            [3, 4],
          ],
        },
      }),
    );
    expect(tableRows(given, 'metrics')).toEqual([
      ['testAccuracy', '0.666667'],
      ['confusion', '[[1,2],[3,4]]'],
    ]);
  });

  test('lists every epoch of a short run, with a column per recorded quantity', () => {
    const rows = tableRows(page, 'history');
    expect(rows).toHaveLength(12);
    expect(rows[1]).toEqual(['2', '0.5', '75.0%', '0.75', '70.0%', '0.05', '0.012']);
    const regression = parsePage(
      reportHtml({ ...run, history: epochs(3, { validation: false, accuracy: false }) }),
    );
    expect(textsOf(regression, 'section#history thead th')).toEqual([
      'epoch',
      'train loss',
      'learning rate',
      'seconds',
    ]);
  });

  test('samples a long run: the first epoch, every 8th of 300 and the last', () => {
    const long = epochs(300);
    const expected = [1, ...Array.from({ length: 37 }, (_, i) => 8 * (i + 1)), 300];
    expect(sampledEpochs(long).rows.map((record) => record.epoch)).toEqual(expected);
    const longPage = parsePage(reportHtml({ ...run, history: long }));
    expect(tableRows(longPage, 'history').map((row) => Number(row[0]))).toEqual(expected);
    expect(textsOf(longPage, 'caption').join(' ')).toContain('39 of 300 epochs: 1, 8, 16, ... and 300');
  });

  test('tabulates the gradient check, one row per parameter, failing rows marked', () => {
    // b: |3 - 3.5| = 0.5, relative 0.5 / 3.5.
    expect(tableRows(page, 'gradients')).toEqual([
      ['w', '[2]', '0.00e+0', '0.00e+0', '[0]', 'pass'],
      ['b', '[1]', '5.00e-1', '1.43e-1', '[0]', 'FAIL'],
    ]);
    expect(textsOf(page, 'tr.fail td:first-child')).toEqual(['b']);
    expect(textsOf(page, 'p.failed')).toEqual(['Some parameter FAILS.']);
  });

  test('leaves out the plots and gradient sections when there are none', () => {
    const bare = parsePage(reportHtml({ title: 't', config: {}, history, plots: [] }));
    expect(textsOf(bare, 'h2')).toEqual(['Final metrics', 'Configuration', 'History']);
  });
});

describe('HTML helpers', () => {
  test('escapeHtml replaces the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });

  test('inlineSvg drops the XML declaration and the DOCTYPE and keeps the <svg> element', () => {
    expect(inlineSvg(GRAPHVIZ_LIKE_SVG)).toBe(GRAPHVIZ_LIKE_SVG.slice(GRAPHVIZ_LIKE_SVG.indexOf('<svg')));
  });
});
