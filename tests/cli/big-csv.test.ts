/**
 * `tapegrad train`, `evaluate` and `predict` on a 1,000,000-row CSV (issue 10): before, train crashed
 * after training with "RangeError: Maximum call stack size exceeded" in the decision-boundary plot
 * (from about 125,000 rows), leaving a run folder without plots or report, and numeric labels failed
 * from 200,000 rows. Both CSVs have two features; one names its classes, one numbers them 0 and 1.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeBigCsv } from '../support/big-csv.ts';
import { parseSvg } from '../support/svg.ts';
import { runTapegrad, STACK_TRACE_LINE, type TapegradRun, tempDir } from './tapegrad-process.ts';

const ROWS = 1_000_000;
const dir = tempDir('big-csv');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One epoch with a small hidden layer: the point is the data's size, not the model's. */
const trainArgs = (file: string) => [
  'train',
  '--dataset',
  `csv:${file}`,
  '--target',
  'label',
  '--epochs',
  '1',
  '--hidden',
  '4',
];

let named: TapegradRun;
let numbered: TapegradRun;
beforeAll(async () => {
  writeBigCsv(join(dir, 'named.csv'), ROWS);
  writeBigCsv(join(dir, 'numbered.csv'), ROWS, { labels: 'numbers' });
  [named, numbered] = await Promise.all([
    runTapegrad(trainArgs('named.csv'), { cwd: dir }),
    runTapegrad(trainArgs('numbered.csv'), { cwd: dir }),
  ]);
}, 300_000);

/** Exit 0, nothing on stderr, no stack trace anywhere. */
function expectSuccess(run: TapegradRun): void {
  expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
  expect(run.stdout).not.toMatch(STACK_TRACE_LINE);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}

describe.each([
  ['class names', 'named', () => named, ['cat', 'dog']],
  ['numeric labels 0/1', 'numbered', () => numbered, ['class 0', 'class 1']],
])('tapegrad on a 1,000,000-row CSV with %s', (_, name, training, shownClasses) => {
  test('train runs one epoch and writes the run folder with its plots and report', () => {
    expectSuccess(training());
    expect(training().stdout).toContain('train 800000 rows, test 200000 rows');
    const files = readdirSync(join(dir, 'runs', name));
    for (const file of ['model.json', 'report.html', 'loss.svg', 'accuracy.svg', 'decision-boundary.svg']) {
      expect(files).toContain(file);
    }
    const boundary = readFileSync(join(dir, 'runs', name, 'decision-boundary.svg'), 'utf8');
    const root = parseSvg(boundary);
    const points = ['train', 'test'].flatMap((split) =>
      shownClasses.flatMap((shown) => [
        ...root.querySelectorAll(`[aria-description="${split} points, ${shown}"] circle`),
      ]),
    );
    expect(points.length).toBeGreaterThan(1000);
    expect(points.length).toBeLessThanOrEqual(2000);
    expect(boundary).toContain('of 800,000 shown');
  });

  test('evaluate scores the model on the run test split', async () => {
    const run = await runTapegrad(['evaluate', '--model', join('runs', name)], { cwd: dir });
    expectSuccess(run);
    expect(run.stdout).toMatch(/accuracy/);
    expect(run.stdout).toContain('200000');
  }, 120_000);
});

test('predict reads 1,000,000 rows from --input and prints a class for each', async () => {
  const run = await runTapegrad(['predict', '--model', join('runs', 'named'), '--input', 'named.csv'], {
    cwd: dir,
  });
  expectSuccess(run);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(ROWS + 1);
  expect(lines[1]).toMatch(/\s(cat|dog)\s/);
}, 180_000);
