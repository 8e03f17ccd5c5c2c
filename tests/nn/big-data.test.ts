/**
 * A million rows (issue 10): the CSV readers, the split, `fit` with a validation split and `evaluate`
 * all finish (before, each spread a big array into a call and overflowed the stack from 200,000 to
 * 307,000 rows), and `loadCsv` reads a file as it goes, so its memory follows the numbers, not the text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@tapegrad/autograd';
import { Adam, evaluate, fit, MLP, parseCsv, trainTestSplit } from '@tapegrad/nn';
import { loadCsv } from '@tapegrad/nn/node';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { readCsv } from '../../packages/nn/src/data/csv/parse.ts';
import { writeBigCsv } from '../support/big-csv.ts';

const ROWS = 1_000_000;
const folder = mkdtempSync(join(tmpdir(), 'tapegrad-big-data-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const bigCsv = join(folder, 'big.csv');
writeBigCsv(bigCsv, ROWS);
const big = loadCsv(bigCsv, { target: 'label' });

describe('a million rows', () => {
  test('loadCsv reads the file: X [1000000, 2], classes cat and dog alternating', () => {
    expect(big.X.shape).toEqual([ROWS, 2]);
    expect(big.classes).toEqual(['cat', 'dog']);
    expect(Array.from(big.y.data.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    expect(big.featureNames).toEqual(['x1', 'x2']);
  });

  test('parseCsv reads the same text whole, with numeric labels kept as numbers', () => {
    const lines = ['x1,x2,label'];
    for (let i = 0; i < ROWS; i++) lines.push(`${i % 7},${-(i % 5)},${i % 2}`);
    const data = parseCsv(lines.join('\n'), { target: 'label' });
    expect(data.X.shape).toEqual([ROWS, 2]);
    expect(data.classes).toBeUndefined();
    expect(data.y.data[ROWS - 1]).toBe(1);
    expect(data.X.data[2 * (ROWS - 1) + 1]).toBe(-((ROWS - 1) % 5));
  });

  test('trainTestSplit, fit with validationSplit and evaluate finish', () => {
    const { train, test: held } = trainTestSplit(big, { testFraction: 0.2, rng: new Rng(1) });
    expect(train.X.shape).toEqual([800_000, 2]);
    expect(held.X.shape).toEqual([200_000, 2]);
    const net = new MLP([2, 1], { output: 'sigmoid', rng: new Rng(2) });
    const y = big.y.reshape([-1, 1]);
    const result = fit(
      net,
      { X: big.X, y },
      {
        epochs: 1,
        validationSplit: 0.2,
        optimizer: new Adam(net.parameters(), { lr: 0.1 }),
        rng: new Rng(3),
      },
    );
    expect(result.history).toHaveLength(1);
    const { accuracy } = evaluate(net, { X: big.X, y });
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
  });
});

describe('loadCsv streams', () => {
  test('loading a 1,000,000-row file fits in a 64 MB heap (the text and its rows as strings would not)', () => {
    // The old loadCsv held the whole text (23 MB) and an array of 1M records of strings (~250 MB) on the
    // heap; the streaming one keeps the numbers in Float64Arrays outside it and a chunk of text at a time.
    expect(statSync(bigCsv).size).toBeGreaterThan(20e6);
    const script = `
      import { loadCsv } from '@tapegrad/nn/node';
      const data = loadCsv(${JSON.stringify(bigCsv)}, { target: 'label' });
      console.log(JSON.stringify({ rows: data.X.shape[0] }));
    `;
    const child = spawnSync(
      process.execPath,
      ['--max-old-space-size=64', '--import', '@tapegrad/source-loader', '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' },
    );
    expect(child.stderr).not.toMatch(/heap out of memory/);
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ rows: ROWS });
  });

  test('any CSV text reads the same whole as cut into chunks anywhere, errors included', () => {
    const cell = fc.constantFrom('1', '-2.5', ' 3 ', '"4"', 'a', '"b,c"', '"x\r\ny"', '"q""q"', '', '"');
    const line = fc.tuple(
      fc.array(cell, { minLength: 1, maxLength: 4 }),
      fc.constantFrom('\n', '\r\n', '\r'),
    );
    const text = fc
      .array(line, { maxLength: 6 })
      .map((lines) => `x,label\n${lines.map(([cells, end]) => cells.join(',') + end).join('')}`);
    const outcome = (read: () => ReturnType<typeof parseCsv>) => {
      try {
        const data = read();
        return { X: data.X.toArray(), y: data.y.toArray(), classes: data.classes };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    fc.assert(
      fc.property(text, fc.array(fc.nat(80), { maxLength: 6 }), (csv, cuts) => {
        const path = join(folder, 'chunks.csv');
        const whole = outcome(() => parseCsv(csv, { target: 'label', source: path }));
        // loadCsv reads a megabyte at a time; cutting the text by hand tries every boundary instead.
        const points = [...new Set(cuts.map((cut) => Math.min(cut, csv.length)))].sort((a, b) => a - b);
        const pieces = points.map((point, i) => csv.slice(i === 0 ? 0 : points[i - 1], point));
        pieces.push(csv.slice(points.at(-1) ?? 0));
        const chunked = outcome(() =>
          readCsv(`parseCsv: ${path}`, { target: 'label' }, (push) => {
            for (const piece of pieces) push(piece);
          }),
        );
        expect(chunked).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  test('an auto target of 70,000 distinct numbers and then a label reads as labels', () => {
    // Past 65,536 distinct numbers the parser stops keeping them as labels; a late label reads it again.
    const lines = ['x,target'];
    for (let i = 0; i < 70_000; i++) lines.push(`${i},${i}`);
    lines.push('0,late');
    const data = parseCsv(lines.join('\n'), { target: 'target' });
    expect(data.classes).toHaveLength(70_001);
    expect(data.classes![0]).toBe('0');
    expect(data.classes!.at(-1)).toBe('late');
    expect(data.y.data[70_000]).toBe(70_000);
  });
});
