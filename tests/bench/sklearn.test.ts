/**
 * The comparison with scikit-learn (docs/sklearn.md, `pnpm bench:sklearn`): its tables from hand-made
 * results, the page's markers, the plot's two lines, and tapegrad's side on moons with randomState 0
 * reproducing the loss curve, epochs and test accuracy that scikit-learn recorded in results.json.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeDocument } from '@tapegrad/viz/node';
import { afterAll, describe, expect, test } from 'vitest';
import {
  type Comparison,
  compareSides,
  type DatasetComparison,
  maxAbsDifference,
} from '../../packages/bench/src/sklearn/comparison.ts';
import { DATASET_SOURCES } from '../../packages/bench/src/sklearn/datasets.ts';
import { RESULTS_FILE } from '../../packages/bench/src/sklearn/main.ts';
import { lossCurvesSvg } from '../../packages/bench/src/sklearn/plot.ts';
import { prepareData } from '../../packages/bench/src/sklearn/prepare.ts';
import type { SideResult } from '../../packages/bench/src/sklearn/results.ts';
import {
  accuracyTable,
  meanAndRange,
  RESULTS_END,
  RESULTS_START,
  replaceResults,
  resultsMarkdown,
  seedTable,
  timeTable,
} from '../../packages/bench/src/sklearn/tables.ts';
import { runDataset } from '../../packages/bench/src/sklearn/tapegrad-side.ts';

const ENVIRONMENT = {
  date: '2026-12-05',
  cpu: 'Test CPU',
  cores: 2,
  loadAverage: 0.5,
  tapegrad: '0.1.0',
  node: 'Node v20.0.0',
  sklearn: '1.2.1',
  python: 'Python 3.11.2, NumPy 1.24.2',
  reps: 2,
};

const MANIFEST = {
  testFraction: 0.25,
  splitSeed: 0,
  seeds: [0, 1],
  plottedSeed: 0,
  classifier: {
    hiddenLayerSizes: [100],
    activation: 'relu',
    solver: 'adam',
    alpha: 1e-4,
    batchSize: 'auto',
    learningRateInit: 1e-3,
    maxIter: 500,
    tol: 1e-4,
    nIterNoChange: 10,
    shuffle: true,
  },
  datasets: [
    {
      name: 'toy',
      source: 'hand-made',
      trainFile: 'toy-train.csv',
      testFile: 'toy-test.csv',
      trainRows: 6,
      testRows: 4,
      features: 2,
      classes: ['a', 'b'],
    },
  ],
} as const;

/** One side's results on the toy dataset: seed 0 and seed 1, two timed fits each. */
function side(system: string, seed1Accuracy: number, seconds: number[], seed1Curve: number[]): SideResult {
  return {
    system,
    version: '1',
    runtime: 'test',
    datasets: [
      {
        name: 'toy',
        runs: [
          {
            seed: 0,
            nIter: 3,
            testAccuracy: 0.75,
            lossCurve: [0.7, 0.5, 0.25],
            seconds: seconds.slice(0, 2),
          },
          {
            seed: 1,
            nIter: seed1Curve.length,
            testAccuracy: seed1Accuracy,
            lossCurve: seed1Curve,
            seconds: seconds.slice(2),
          },
        ],
      },
    ],
  };
}

/** tapegrad: 0.3, 0.5, 0.4, 0.6 s (median 0.45); sklearn: 0.1, 0.2, 0.2, 0.1 s (median 0.15). */
function toyComparison(sklearnSeed1: { accuracy: number; curve: number[] }): Comparison {
  return compareSides(
    MANIFEST,
    side('tapegrad', 1, [0.3, 0.5, 0.4, 0.6], [0.6, 0.375]),
    side('scikit-learn', sklearnSeed1.accuracy, [0.1, 0.2, 0.2, 0.1], sklearnSeed1.curve),
    ENVIRONMENT,
  );
}

describe('the tables', () => {
  test('meanAndRange gives the mean and the min-max in percent, or one value when all seeds agree', () => {
    // mean (0.96 * 4 + 0.968) / 5 = 0.9616
    expect(meanAndRange([0.96, 0.968, 0.96, 0.96, 0.96])).toBe('96.2% (96.0-96.8%)');
    expect(meanAndRange([1, 1, 1])).toBe('100.0% (every seed)');
  });

  test('maxAbsDifference is the largest |a - b|, and null for curves that stopped at different epochs', () => {
    expect(maxAbsDifference([0.7, 0.5, 0.25], [0.7, 0.5, 0.5])).toBe(0.25);
    expect(maxAbsDifference([0.7, 0.5], [0.7, 0.5, 0.5])).toBeNull();
  });

  test('when both sides agree: the same accuracies, "yes", and the largest loss difference over the seeds', () => {
    const comparison = toyComparison({ accuracy: 1, curve: [0.6, 0.5] });
    expect(comparison.datasets[0]!.seeds.map((run) => run.maxLossDifference)).toEqual([0, 0.125]);
    expect(accuracyTable(comparison).split('\n')[2]).toBe(
      '| toy | 6 + 4 | 2 | 2 | 2-3 | 87.5% (75.0-100.0%) | 87.5% (75.0-100.0%) | yes | 1.3e-1 |',
    );
    expect(seedTable(comparison).split('\n').slice(2)).toEqual([
      '| toy | tapegrad | 75.0% (3) | 100.0% (2) |',
      '| toy | scikit-learn | 75.0% (3) | 100.0% (2) |',
    ]);
  });

  test('a seed where the sides differ is named, and curves of different lengths are said to stop apart', () => {
    const comparison = toyComparison({ accuracy: 0.5, curve: [0.6, 0.5, 0.4] });
    expect(accuracyTable(comparison).split('\n')[2]).toBe(
      '| toy | 6 + 4 | 2 | 2 | 2-3 | 87.5% (75.0-100.0%) | 62.5% (50.0-75.0%) | no: seed 1 | stopped at different epochs |',
    );
  });

  test('the time table gives each median of all fits and their ratio', () => {
    const comparison = toyComparison({ accuracy: 1, curve: [0.6, 0.375] });
    expect(timeTable(comparison).split('\n')[2]).toBe('| toy | 4 | 450 ms | 150 ms | 3.00x |');
  });

  test('the block says when and where it ran, on one thread each side, and links each plot with its caption', () => {
    const block = resultsMarkdown(toyComparison({ accuracy: 1, curve: [0.6, 0.375] }));
    expect(block.startsWith(RESULTS_START)).toBe(true);
    expect(block.endsWith(RESULTS_END)).toBe(true);
    expect(block).toContain('Ran on 2026-12-05 on one Test CPU machine (2 cores, shared;');
    expect(block).toContain('**one thread on each side**');
    expect(block).toContain('scikit-learn 1.2.1 on Python 3.11.2, NumPy 1.24.2');
    expect(block).toContain('(images/sklearn-loss-toy.svg)');
    expect(block).toContain(
      '*toy, randomState 0: tapegrad solid, scikit-learn dashed over it; max |difference| 0 over 3 epochs.*',
    );
  });

  test('replaceResults swaps only what lies between the markers, and refuses a page without them', () => {
    const page = `# title\n\n${RESULTS_START}\nold\n${RESULTS_END}\n\nafter\n`;
    expect(replaceResults(page, `${RESULTS_START}\nnew\n${RESULTS_END}`)).toBe(
      `# title\n\n${RESULTS_START}\nnew\n${RESULTS_END}\n\nafter\n`,
    );
    expect(() => replaceResults('# title\n', 'new')).toThrow(/docs\/sklearn\.md lacks the lines/);
  });
});

test('the plot draws tapegrad solid and scikit-learn dashed, one point per epoch, with the caption', () => {
  const dataset: DatasetComparison = toyComparison({ accuracy: 1, curve: [0.6, 0.375] }).datasets[0]!;
  const svg = lossCurvesSvg(dataset, 0, nodeDocument());
  const lines = [...svg.matchAll(/<g[^>]*aria-description="(tapegrad|scikit-learn)"[^>]*>/g)];
  expect(lines.map((match) => match[1])).toEqual(['tapegrad', 'scikit-learn']);
  expect(lines[0]![0]).not.toContain('stroke-dasharray');
  expect(lines[1]![0]).toContain('stroke-dasharray="6,4"');
  expect(svg).toContain('max |difference| 0 over 3 epochs');
});

describe("tapegrad's side reproduces scikit-learn's run recorded in results.json", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tapegrad-sklearn-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const recorded = (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Comparison).datasets.find(
    (dataset) => dataset.name === 'moons',
  )!;

  test('moons, randomState 0: the same epochs and test accuracy, and every epoch loss within 1e-12', () => {
    const manifest = prepareData(
      dir,
      DATASET_SOURCES.filter((source) => source.name === 'moons'),
    );
    expect(manifest.datasets[0]).toMatchObject({
      trainRows: recorded.trainRows,
      testRows: recorded.testRows,
    });
    const [run] = runDataset(dir, { ...manifest, seeds: [0] }, manifest.datasets[0]!, 1).runs;
    const sklearnRun = recorded.seeds.find((entry) => entry.seed === 0)!;
    expect(run!.nIter).toBe(sklearnRun.nIter.sklearn);
    expect(run!.testAccuracy).toBe(sklearnRun.testAccuracy.sklearn);
    expect(maxAbsDifference(run!.lossCurve, recorded.plottedLossCurves.sklearn)).toBeLessThan(1e-12);
  });
});
