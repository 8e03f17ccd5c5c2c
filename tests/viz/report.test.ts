/**
 * report.html: one self-contained page per run that reads as sentences and tables (no raw key dumps),
 * every text escaped.
 */
import { Rng, tensor } from '@tapegrad/autograd';
import { compareGradients, type EpochRecord, TwoLayerNet } from '@tapegrad/nn';
import { nodeDocument } from '@tapegrad/viz/node';
import { lossCurveSvg } from '@tapegrad/viz/plots';
import { DERIVATIONS_URL, escapeHtml, type ReportRun, reportHtml } from '@tapegrad/viz/report';
import { parseHTML } from 'linkedom';
import { describe, expect, test } from 'vitest';
import { sampledEpochs } from '../../packages/viz/src/report/history-table.ts';
import { inlineSvg } from '../../packages/viz/src/report/html.ts';
import { heatColor } from '../../packages/viz/src/report/network-section.ts';
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
const model = new TwoLayerNet({
  inputs: 2,
  hidden: 3,
  outputs: 1,
  hiddenActivation: 'tanh',
  output: 'sigmoid',
  rng: new Rng(1),
});
const run: ReportRun = {
  title: 'moons <run 1>',
  history,
  heldOut: 'test',
  result: {
    epochsRun: 12,
    stopped: 'Trained 12 epochs',
    seconds: 1.25,
    trainLoss: 0.25,
    trainAccuracy: 0.9,
    testLoss: 0.5,
    testAccuracy: 0.75,
  },
  evaluation: {
    classNames: ['inner', 'outer'],
    confusion: [
      [3, 1],
      [0, 4],
    ],
    perClass: [
      { precision: 1, recall: 0.75, f1: 6 / 7, support: 4 },
      { precision: 0.8, recall: 1, f1: 8 / 9, support: 4 },
    ],
  },
  model,
  data: {
    description: 'rings.csv, 40 rows, 2 features',
    trainRows: 32,
    testRows: 8,
    featureNames: ['x', 'y'],
    classes: ['inner', 'outer'],
  },
  settings: [
    ['optimizer', 'Adam, learning rate 0.05'],
    ['note', 'a < b & c'],
  ],
  command: 'tapegrad train --dataset moons --seed 0 --out runs/main',
  plots: [
    { caption: 'The loss after each epoch.', svg: lossCurveSvg(history, document, { heldOut: 'test' }) },
    { caption: 'A graph <forward>.', svg: GRAPHVIZ_LIKE_SVG },
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

/** The cell texts (th and td) of each body row of the tables in the section with this id. */
function tableRows(page: PageElement, sectionId: string, table = 'table'): string[][] {
  return [...page.querySelectorAll(`section#${sectionId} ${table} tbody tr`)].map((row) =>
    textsOf(row, 'th, td'),
  );
}

describe('reportHtml', () => {
  const html = reportHtml(run);
  const page = parsePage(html);

  test('has the title, then the result, the test set, curves, network, data, settings, the command, history and gradient check', () => {
    expect(textsOf(page, 'title')).toEqual(['moons <run 1>']);
    expect(textsOf(page, 'h1')).toEqual(['moons <run 1>']);
    expect(textsOf(page, 'h2')).toEqual([
      'Result',
      'The test set in detail',
      'Learning curves',
      'The network',
      'The data',
      'Training settings',
      'Repeat the run, and learn how it works',
      'History',
      'Gradient check',
    ]);
  });

  test('says the result in sentences, and tabulates it with readable names', () => {
    expect(textsOf(page, 'section#result p.lead')).toEqual([
      'Trained 12 epochs in 1.3 s. On the 8 test rows, which training never saw, the network is right ' +
        '75.0% (loss 0.5) of the time; on the 32 training rows, 90.0% (loss 0.25).',
    ]);
    expect(tableRows(page, 'result')).toEqual([
      ['train loss', '0.25'],
      ['train accuracy', '90.0%'],
      ['test loss', '0.5'],
      ['test accuracy', '75.0%'],
      ['epochs', '12'],
      ['how it stopped', 'Trained 12 epochs'],
      ['time', '1.3 s'],
    ]);
  });

  test('draws the confusion matrix as a table: true classes on the rows, predicted on the columns, by name', () => {
    expect(textsOf(page, 'table.confusion thead th')).toEqual(['true \\ predicted', 'inner', 'outer']);
    expect(tableRows(page, 'test-set', 'table.confusion')).toEqual([
      ['inner', '3', '1'],
      ['outer', '0', '4'],
    ]);
    expect(textsOf(page, 'table.confusion td.diagonal')).toEqual(['3', '4']);
    // Precision 1 and 0.8, recall 0.75 and 1, F1 = 2pr / (p + r) = 6/7 and 8/9.
    expect(tableRows(page, 'test-set', 'table:not(.confusion)')).toEqual([
      ['inner', '100.0%', '75.0%', '85.7%', '4'],
      ['outer', '80.0%', '100.0%', '88.9%', '4'],
    ]);
  });

  test('shows no raw key dump: no dotted keys, no null, no JSON', () => {
    const text = textsOf(page, 'body')[0]!;
    for (const raw of ['testScores.', 'standardizer.mean', 'null', 'stopReason', 'maxEpochs', '{"', '[[']) {
      expect(text, raw).not.toContain(raw);
    }
  });

  test('describes the architecture layer by layer, with parameter counts', () => {
    // 2 x 3 + 3 = 9 and 3 x 1 + 1 = 4 parameters.
    expect(textsOf(page, 'p.architecture')).toEqual(['2 -> 3 tanh -> 1 sigmoid, 13 parameters']);
    expect(tableRows(page, 'network', 'table:not(.weights)')).toEqual([
      ['layer1', 'Z1 = A0 W1 + b1', 'W1 [2, 3], b1 [3]', 'tanh', '9'],
      ['layer2', 'Z2 = A1 W2 + b2', 'W2 [3, 1], b2 [1]', 'sigmoid', '4'],
    ]);
  });

  test("tabulates each layer's weights and bias with their shape, coloured by sign", () => {
    const W1 = model.layer1.weight.data;
    const b1 = model.layer1.bias!.data;
    expect(tableRows(page, 'network', 'table.weights').slice(0, 3)).toEqual([
      ['x', ...[0, 1, 2].map((j) => W1[j]!.toFixed(2))],
      ['y', ...[3, 4, 5].map((j) => W1[j]!.toFixed(2))],
      ['b1', ...[0, 1, 2].map((j) => b1[j]!.toFixed(2))],
    ]);
    expect(textsOf(page, 'section#network p.caption').join(' ')).toContain('W1 [2, 3] (layer1.weight)');
    expect(heatColor(0, 1)).toBe('rgb(255,255,255)');
    expect(heatColor(2, 1)).toBe('rgb(33,102,172)');
    // Half way from white (255) to red (178, 24, 43).
    expect(heatColor(-0.5, 1)).toBe('rgb(217,140,149)');
  });

  test('lists the data and the settings in words', () => {
    expect(tableRows(page, 'data')).toEqual([
      ['dataset', 'rings.csv, 40 rows, 2 features'],
      ['rows', '32 training rows, 8 test rows'],
      ['features', '2: x, y'],
      ['classes', '2: inner, outer'],
    ]);
    expect(textsOf(page, 'section#settings dt')).toEqual(['optimizer', 'note']);
    expect(html).toContain('<dd>a &lt; b &amp; c</dd>');
  });

  test('shows the command that repeats the run in a code block, and links the worked example and the derivations', () => {
    expect(textsOf(page, 'section#reproduce pre code')).toEqual([run.command!]);
    const links = [...page.querySelectorAll('section#reproduce a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual([DERIVATIONS_URL]);
    expect(DERIVATIONS_URL).toBe('https://github.com/tapegrad/tapegrad/blob/main/docs/derivations.md');
    const words = textsOf(page, 'section#reproduce p').join(' ');
    expect(words).toContain('tapegrad explain');
    expect(words).toContain('a file in the docs folder at the root of the tapegrad repository');
  });

  test('escapes every text: a "<" in the title or a setting cannot open a tag', () => {
    expect(html).toContain('<h1>moons &lt;run 1&gt;</h1>');
    const hostile = reportHtml({ ...run, settings: [['note', '<script>alert(1)</script>']] });
    expect(hostile).not.toContain('<script');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('inlines each plot as SVG with its sentence as the caption, without XML declaration or DOCTYPE', () => {
    expect(textsOf(page, 'figure figcaption')).toEqual(['The loss after each epoch.', 'A graph <forward>.']);
    expect([...page.querySelectorAll('figure > svg')]).toHaveLength(2);
    expect(html).toContain(run.plots[0]!.svg);
    expect(html).not.toContain('<?xml');
    expect(html).not.toMatch(/<!DOCTYPE svg/i);
  });

  test('is self-contained: no script, no stylesheet or image to fetch; the one URL is the link to the derivations', () => {
    const urls = new Set(html.match(/https?:\/\/[^\s"'<>)]+/g));
    expect([...urls].sort()).toEqual([
      'http://www.w3.org/1999/xlink',
      'http://www.w3.org/2000/svg',
      DERIVATIONS_URL,
    ]);
    expect(html).not.toMatch(/<script|<link|\ssrc=/i);
  });

  test('names the held-out columns for their split: test, or validation', () => {
    expect(textsOf(page, 'section#history thead th')).toEqual([
      'epoch',
      'train loss',
      'train accuracy',
      'test loss',
      'test accuracy',
      'learning rate',
      'seconds',
    ]);
    expect(textsOf(page, 'section#curves > p')[0]).toContain('The dashed curves are the test set');
    const validation = parsePage(reportHtml({ ...run, heldOut: 'validation' }));
    expect(textsOf(validation, 'section#history thead th').slice(3, 5)).toEqual([
      'validation loss',
      'validation accuracy',
    ]);
    expect(textsOf(validation, 'section#curves > p')[0]).toContain(
      'The dashed curves are a validation split',
    );
    expect(html).not.toContain('validation');
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

  test('marks the epoch an early-stopped run kept, and keeps it in a sampled table', () => {
    const kept = parsePage(reportHtml({ ...run, heldOut: 'validation', keptEpoch: 5 }));
    expect(textsOf(kept, 'section#history tr.kept td')[0]).toBe('5 (kept)');
    expect(textsOf(kept, 'section#history p.caption')[0]).toContain(
      'Early stopping kept the weights of epoch 5, the lowest validation loss (marked).',
    );
    // 300 epochs sample every 8th: epoch 101 is kept only because it is the kept epoch.
    expect(sampledEpochs(epochs(300), 101).rows.map((record) => record.epoch)).toContain(101);
    const long = parsePage(reportHtml({ ...run, history: epochs(300), keptEpoch: 101 }));
    expect(textsOf(long, 'section#history tr.kept td')[0]).toBe('101 (kept)');
    expect(textsOf(page, 'tr.kept')).toEqual([]);
  });

  test('samples a long run: the first epoch, every 8th of 300 and the last', () => {
    const long = epochs(300);
    const expected = [1, ...Array.from({ length: 37 }, (_, i) => 8 * (i + 1)), 300];
    expect(sampledEpochs(long).rows.map((record) => record.epoch)).toEqual(expected);
    const longPage = parsePage(reportHtml({ ...run, history: long }));
    expect(tableRows(longPage, 'history').map((row) => Number(row[0]))).toEqual(expected);
    expect(textsOf(longPage, 'p.caption').join(' ')).toContain('39 of 300 epochs: 1, 8, 16, ... and 300');
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

  test('leaves out the sections a run has no part for', () => {
    const bare = parsePage(reportHtml({ title: 't', heldOut: 'test', history, plots: [] }));
    expect(textsOf(bare, 'h2')).toEqual(['Repeat the run, and learn how it works', 'History']);
    expect([...bare.querySelectorAll('pre')]).toHaveLength(0);
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
