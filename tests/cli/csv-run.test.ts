/**
 * `tapegrad train --dataset csv:PATH --target COLUMN` on a three-class CSV with named classes, and the
 * commands that read the run: the class names, the feature names and the column order carry through.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectClose } from '../support/assertions.ts';
import { runTapegrad, type TapegradRun, tempDir } from './tapegrad-process.ts';

const SPECIES = ['setosa', 'versicolor', 'virginica'];

/** Three well-separated clusters, one per species, 15 rows each; the offsets vary the rows a little. */
function flowerRows(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const c = i % 3;
    const sepal = 3 * c + ((i * 7) % 5) / 10;
    const petal = -2 * c + ((i * 3) % 5) / 10;
    const width = c + ((i * 11) % 5) / 10;
    return `${sepal},${petal},${width},${SPECIES[c]}`;
  });
}

const dir = tempDir('csv');
let training: TapegradRun;
// A process that trains and draws: seconds alone, more on a busy machine; the tests' own limit, not the hooks' 10 s.
beforeAll(async () => {
  writeFileSync(join(dir, 'flowers.csv'), ['sepal,petal,width,species', ...flowerRows(45)].join('\n'));
  training = await runTapegrad(
    ['train', '--dataset', 'csv:flowers.csv', '--target', 'species', '--epochs', '80', '--hidden', '8'],
    { cwd: dir },
  );
}, 60_000);

const tableRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/ {2,}/));

describe('tapegrad train on a CSV file', () => {
  test('trains a softmax classifier into runs/flowers, without a decision boundary for 3 features', () => {
    expect(training.stderr).toBe('');
    expect(training.code).toBe(0);
    expect(training.stdout).toContain(
      "Data: flowers.csv, 45 rows, 3 features, target 'species'; classes setosa, versicolor, virginica",
    );
    expect(training.stdout).toContain('TwoLayerNet(3-8-3, hidden tanh, output softmax)');
    expect(training.stdout).toContain('train accuracy 100.0%, test accuracy 100.0%');
    const files = readdirSync(join(dir, 'runs', 'flowers'));
    expect(files).toContain('report.html');
    expect(files).toContain('loss.png');
    expect(files.filter((file) => file.startsWith('decision-boundary'))).toEqual([]);
  });

  test('report.html names the classes in the confusion matrix; config.json repeats the run with the CSV as typed', () => {
    const page = parseHTML(readFileSync(join(dir, 'runs', 'flowers', 'report.html'), 'utf8')).document;
    const texts = (selector: string) =>
      [...page.querySelectorAll(selector)].map((element) => element.textContent);
    expect(texts('table.confusion thead th')).toEqual(['true \\ predicted', ...SPECIES]);
    expect(texts('table.confusion tbody th')).toEqual(SPECIES);
    // Three features: no plane to draw the boundary or the hidden units on.
    expect(texts('section#learned')).toEqual([]);
    expect(texts('p.architecture')).toEqual(['3 -> 8 tanh -> 3 softmax, 59 parameters']);
    const config = JSON.parse(readFileSync(join(dir, 'runs', 'flowers', 'config.json'), 'utf8'));
    expect(config.invocation.command).toBe(
      'tapegrad train --dataset csv:flowers.csv --target species --hidden 8 --layers 1 --activation tanh ' +
        '--dropout 0 --optimizer adam --lr 0.05 --epochs 80 --l2 0 --seed 42 --gradients autograd --compile --out runs/flowers',
    );
  });

  test('config.json keeps the file, the target, the class names and the feature columns', () => {
    const config = JSON.parse(readFileSync(join(dir, 'runs', 'flowers', 'config.json'), 'utf8'));
    expect(config.dataset).toEqual({ name: 'csv', path: join(dir, 'flowers.csv'), target: 'species' });
    expect(config.classes).toEqual(SPECIES);
    expect(config.featureNames).toEqual(['sepal', 'petal', 'width']);
    expect(config.loss).toBe('crossEntropy');
  });

  test('predict names the classes and gives one probability per class, summing to 1', async () => {
    // A header with the columns in another order, and the label column, which is ignored.
    writeFileSync(join(dir, 'new.csv'), 'species,width,petal,sepal\n?,0,0,0\n?,2,-4,6\n');
    const { code, stdout } = await runTapegrad(['predict', '--model', 'runs/flowers', '--input', 'new.csv'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    const [header, ...rows] = tableRows(stdout);
    expect(header).toEqual(['sepal, petal, width', 'class', 'p(setosa)', 'p(versicolor)', 'p(virginica)']);
    expect(rows.map((row) => row.slice(0, 2))).toEqual([
      ['0, 0, 0', 'setosa'],
      ['6, -4, 2', 'virginica'],
    ]);
    for (const row of rows) {
      expectClose(
        row.slice(2).reduce((sum, p) => sum + Number(p), 0),
        1,
        { atol: 2e-4, rtol: 0 },
      );
    }
  });

  test('evaluate prints a 3 x 3 confusion matrix with the class names, on another file with shuffled columns', async () => {
    const shuffled = flowerRows(30).map((row) => {
      const [sepal, petal, width, species] = row.split(',');
      return [species, width, sepal, petal].join(',');
    });
    writeFileSync(join(dir, 'more.csv'), ['species,width,sepal,petal', ...shuffled].join('\n'));
    const { code, stdout } = await runTapegrad(
      ['evaluate', '--model', 'runs/flowers', '--dataset', 'csv:more.csv', '--target', 'species'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Accuracy 100.0% (30 of 30)');
    const matrix = stdout
      .split('Confusion matrix (rows: true class, columns: predicted class)\n')[1]!
      .split('\n\n')[0]!;
    expect(tableRows(matrix)).toEqual([
      // The header's first cell is empty, so the trimmed line starts at 'predicted setosa'.
      ['predicted setosa', 'predicted versicolor', 'predicted virginica'],
      ['true setosa', '10', '0', '0'],
      ['true versicolor', '0', '10', '0'],
      ['true virginica', '0', '0', '10'],
    ]);
  });
});
