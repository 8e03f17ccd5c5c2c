/**
 * `tapegrad train` end to end, and the commands that read its run folder (evaluate, predict, graph),
 * each run as its own process. One small run (200 moons points, 60 epochs, about a second) is shared.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { moons } from '@tapegrad/nn';
import { DERIVATIONS_URL } from '@tapegrad/viz/report';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, test } from 'vitest';
import { runSplit } from '../../packages/cli/src/seeds.ts';
import { expectClose } from '../support/assertions.ts';
import { PNG_SIGNATURE, pngSize } from '../support/png.ts';
import { parseSvg, textsOf } from '../support/svg.ts';
import { runTapegrad, signalDuringTraining, type TapegradRun, tempDir } from './tapegrad-process.ts';

const EPOCHS = 60;
const dir = tempDir('train');
const runFile = (name: string) => join(dir, 'run', name);
const readJson = (name: string) => JSON.parse(readFileSync(runFile(name), 'utf8'));
/** An HTML page's document, for textsOf's selectors. */
const parseHtml = (html: string) => parseHTML(html).document as unknown as ReturnType<typeof parseSvg>;

/** The rows of a printed table: cells split on runs of two or more spaces. */
const tableRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/ {2,}/));

let training: TapegradRun;
// A process that trains and draws: seconds alone, more on a busy machine; the tests' own limit, not the hooks' 10 s.
beforeAll(async () => {
  training = await runTapegrad(['train', '--points', '200', '--epochs', String(EPOCHS), '--out', 'run'], {
    cwd: dir,
  });
}, 60_000);

describe('tapegrad train: what it prints', () => {
  test('exits 0 and describes the data, the split, the model and the gradient check', () => {
    expect(training.stderr).toBe('');
    expect(training.code).toBe(0);
    expect(training.stdout).toContain('Data: moons, 200 points, noise 0.15, seed 42; classes 0, 1');
    expect(training.stdout).toContain('stratified 80/20 split: train 160 rows, test 40 rows');
    expect(training.stdout).toContain(
      'Model: TwoLayerNet(2-16-1, hidden tanh, output sigmoid), 65 parameters, loss bce',
    );
    expect(training.stdout).toContain('Manual vs autograd gradients at the initial weights: agree');
    expect(training.stdout).toContain(
      'Training: adam, lr 0.05, full batch, up to 60 epochs, autograd gradients',
    );
    expect(training.stdout).toMatch(
      /Trained 60 epochs in [\d.]+ s with compiled steps: train accuracy [\d.]+%, test accuracy [\d.]+%/,
    );
  });

  test('without a terminal, progress is plain lines: the first epoch, every sixth (60 / 10), the last', () => {
    const printed = [...training.stdout.matchAll(/^epoch +(\d+)\/60 {2}loss [\d.]+ {2}train [\d.]+%/gm)].map(
      (match) => Number(match[1]),
    );
    expect(printed).toEqual([1, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60]);
  });
});

describe('tapegrad train: the run folder', () => {
  test('holds the model, config, history, the plots as SVG and PNG, and report.html', () => {
    expect(readdirSync(join(dir, 'run')).sort()).toEqual([
      'accuracy.png',
      'accuracy.svg',
      'config.json',
      'decision-boundary.png',
      'decision-boundary.svg',
      'history.csv',
      'history.json',
      'loss.png',
      'loss.svg',
      'model.json',
      'report.html',
    ]);
  });

  test('config.json records the data, the architecture, the settings and the result', () => {
    const config = readJson('config.json');
    expect(config.dataset).toEqual({ name: 'moons', points: 200, noise: 0.15, seed: 42 });
    expect(config.classes).toEqual(['0', '1']);
    expect(config.featureNames).toEqual(['x1', 'x2']);
    expect(config.model).toEqual({
      kind: 'TwoLayerNet',
      inputs: 2,
      hidden: 16,
      outputs: 1,
      hiddenActivation: 'tanh',
      output: 'sigmoid',
    });
    expect(config.loss).toBe('bce');
    expect(config.training).toEqual({
      optimizer: 'adam',
      lr: 0.05,
      epochs: EPOCHS,
      batchSize: 'full',
      l2: 0,
      dropout: 0,
      gradients: 'autograd',
      compile: true,
      patience: null,
      seed: 42,
      heldOut: 'test',
    });
    expect(config.result.stopReason).toBe('maxEpochs');
    expect(config.result.epochsRun).toBe(EPOCHS);
  });

  test("the standardizer holds the training split's mean and population std, computed here by hand", () => {
    const { train } = runSplit(moons({ n: 200, noise: 0.15, seed: 42 }), 42);
    const { mean, std } = readJson('config.json').standardizer as { mean: number[]; std: number[] };
    const rows = train.X.toArray() as number[][];
    expect(rows).toHaveLength(160);
    for (const column of [0, 1]) {
      const values = rows.map((row) => row[column]!);
      const average = values.reduce((sum, value) => sum + value, 0) / values.length;
      const variance = values.reduce((sum, value) => sum + (value - average) ** 2, 0) / values.length;
      expectClose(mean[column]!, average, { atol: 1e-15, rtol: 1e-12 });
      expectClose(std[column]!, Math.sqrt(variance), { atol: 1e-15, rtol: 1e-12 });
    }
  });

  test('the history has one row per epoch in CSV and JSON, ending at the reported test accuracy', () => {
    const csv = readFileSync(runFile('history.csv'), 'utf8').trim().split('\n');
    // Without --patience the held-out columns are the test set, and are named so.
    expect(csv[0]).toBe('epoch,trainLoss,trainAccuracy,testLoss,testAccuracy,lr,seconds');
    expect(csv).toHaveLength(EPOCHS + 1);
    const history = readJson('history.json') as { epoch: number; testAccuracy: number }[];
    expect(history.map((record) => record.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(Object.keys(history[0]!)).toEqual(csv[0]!.split(','));
    expect(history.at(-1)!.testAccuracy).toBe(readJson('config.json').result.testAccuracy);
  });

  test.each(['loss', 'accuracy', 'decision-boundary'])(
    '%s.svg parses and %s.png is a PNG of a sane size',
    (name) => {
      const root = parseSvg(readFileSync(runFile(`${name}.svg`), 'utf8'));
      expect(root.tagName.toLowerCase()).toBe('svg');
      const png = readFileSync(runFile(`${name}.png`));
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      const { width, height } = pngSize(png);
      expect(width).toBeGreaterThanOrEqual(300);
      expect(width).toBeLessThanOrEqual(2000);
      expect(height).toBeGreaterThanOrEqual(200);
      expect(height).toBeLessThanOrEqual(2000);
      expect(png.length).toBeGreaterThan(5000);
    },
  );

  test('report.html reads as sentences and tables: the result, the confusion matrix by class, no raw keys', () => {
    const html = readFileSync(runFile('report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>tapegrad train: moons, 200 points, noise 0.15, seed 42</title>');
    const page = parseHtml(html);
    const accuracy = (100 * readJson('config.json').result.testAccuracy).toFixed(1);
    expect(textsOf(page, 'p.lead')[0]).toMatch(
      new RegExp(
        `^Trained 60 epochs in [\\d.]+ s\\. On the 40 test rows, which training never saw, the network is right ${accuracy}%`,
      ),
    );
    expect(textsOf(page, 'table.confusion thead th')).toEqual(['true \\ predicted', '0', '1']);
    expect(textsOf(page, 'table.confusion tbody th')).toEqual(['0', '1']);
    expect(textsOf(page, 'p.architecture')).toEqual(['2 -> 16 tanh -> 1 sigmoid, 65 parameters']);
    const text = textsOf(page, 'body')[0]!;
    for (const raw of ['testScores.', 'standardizer.mean', 'null', 'stopReason', 'maxEpochs', 'valLoss']) {
      expect(text, raw).not.toContain(raw);
    }
    // Self-contained: nothing to fetch (the SVG namespace is a name; the one link is to the derivations).
    expect(html).not.toMatch(/<script|<link|\ssrc=/i);
    expect([...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1])).toEqual([DERIVATIONS_URL]);
  });

  test('report.html captions each plot with a sentence, not a file name', () => {
    const captions = textsOf(parseHtml(readFileSync(runFile('report.html'), 'utf8')), 'figcaption');
    expect(captions).toHaveLength(7);
    for (const caption of captions) expect(caption).toMatch(/^[A-Z].{30,}\.$/);
  });

  test('report.html shows what the network learned: the boundary after epochs 1, 6 and 18 and at the end, and each of the 16 hidden units', () => {
    const page = parseHtml(readFileSync(runFile('report.html'), 'utf8'));
    // 60 epochs: snapshots after epoch 1, 10% (6) and 30% (18), then the trained network.
    const titles = textsOf(page, 'section#learned svg > text').filter((title) =>
      title.startsWith('Decision'),
    );
    expect(titles).toEqual([
      'Decision boundary after epoch 1',
      'Decision boundary after epoch 6',
      'Decision boundary after epoch 18',
      'Decision boundary, after epoch 60',
    ]);
    // One heatmap per unit of the hidden layer (--hidden 16 by default).
    expect(textsOf(page, 'section#learned text.unit-label')).toEqual(
      Array.from({ length: 16 }, (_, j) => `unit ${j + 1}`),
    );
    // The misclassified test points are counted in the trained network's boundary.
    expect(textsOf(page, 'section#learned text').join(' ')).toMatch(/misclassified: \d+ of 40 test points/);
  });

  test('config.json records the command line as typed and a command that, run again, repeats the run', async () => {
    const { invocation } = readJson('config.json');
    expect(invocation.argv).toEqual(['train', '--points', '200', '--epochs', String(EPOCHS), '--out', 'run']);
    expect(invocation.command).toBe(
      'tapegrad train --dataset moons --points 200 --noise 0.15 --hidden 16 --layers 1 --activation tanh ' +
        `--dropout 0 --optimizer adam --lr 0.05 --epochs ${EPOCHS} --l2 0 --seed 42 --gradients autograd --compile --out run`,
    );
    const shown = textsOf(
      parseHtml(readFileSync(runFile('report.html'), 'utf8')),
      'section#reproduce pre code',
    );
    expect(shown).toEqual([invocation.command]);
    // Run it again in another folder: the same config (but for the time taken and the argv) and weights.
    const again = tempDir('repeat');
    const repeated = await runTapegrad(invocation.command.split(' ').slice(1), { cwd: again });
    expect(repeated.code, repeated.stderr).toBe(0);
    const config = (folder: string) => {
      const read = JSON.parse(readFileSync(join(folder, 'run', 'config.json'), 'utf8'));
      delete read.result.seconds;
      delete read.invocation.argv;
      return read;
    };
    expect(config(again)).toEqual(config(dir));
    expect(readFileSync(join(again, 'run', 'model.json'), 'utf8')).toBe(
      readFileSync(runFile('model.json'), 'utf8'),
    );
  });
});

describe('the commands that read a run folder', () => {
  test('evaluate scores the model on its test split: the accuracy training reported', async () => {
    const { code, stdout, stderr } = await runTapegrad(['evaluate', '--model', 'run'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const accuracy = readJson('config.json').result.testAccuracy as number;
    expect(stdout).toContain(`Accuracy ${(100 * accuracy).toFixed(1)}% (${Math.round(40 * accuracy)} of 40)`);
    expect(stdout).toContain("Data: the test split (40 rows) of the run's data: moons, 200 points");
    // The confusion matrix: rows are the true classes, 20 of each in a stratified split of 100 + 100.
    const matrix = stdout.split('Confusion matrix')[1]!.split('\n\n')[0]!;
    const rows = tableRows(matrix.split('\n').slice(2).join('\n'));
    expect(rows.map((row) => row[0])).toEqual(['true 0', 'true 1']);
    expect(rows.map((row) => Number(row[1]) + Number(row[2]))).toEqual([20, 20]);
    expect(stdout).toMatch(/precision +recall +f1-score +support/);
  });

  test('evaluate --dataset scores fresh points: seed 43 by default, not the training seed', async () => {
    const { code, stdout } = await runTapegrad(
      ['evaluate', '--model', 'run', '--dataset', 'moons', '--points', '100'],
      {
        cwd: dir,
      },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Data: moons, 100 points, noise 0.15, seed 43');
    expect(stdout).toMatch(/Accuracy [\d.]+% \(\d+ of 100\)/);
  });

  test('predict gives each row its class and probabilities; rows may start with a minus sign', async () => {
    // The tops and ends of the two moons: (cos t, sin t) is class 0, (1 - cos t, 0.5 - sin t) class 1.
    const { code, stdout, stderr } = await runTapegrad(
      ['predict', '--model', 'run', '0,1', '-1,0', '1,-0.5', '2,0.5'],
      { cwd: dir },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [header, ...rows] = tableRows(stdout);
    expect(header).toEqual(['x1, x2', 'class', 'p(0)', 'p(1)']);
    expect(rows.map((row) => row.slice(0, 2))).toEqual([
      ['0, 1', '0'],
      ['-1, 0', '0'],
      ['1, -0.5', '1'],
      ['2, 0.5', '1'],
    ]);
    for (const [, predicted, p0, p1] of rows) {
      expectClose(Number(p0) + Number(p1), 1, { atol: 1e-4, rtol: 0 });
      expect(Number(predicted === '0' ? p0 : p1)).toBeGreaterThan(0.5);
    }
  });

  test('predict --json gives every probability in full, as the sigmoid of the network on standardized rows', async () => {
    const { code, stdout } = await runTapegrad(['predict', '--model', 'run', '--json', '0,1', '2,0.5'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer.model).toBe('run');
    expect(answer.classes).toEqual(['0', '1']);
    // The forward pass by hand from the saved weights: tanh hidden layer, one sigmoid output.
    const saved = JSON.parse(readFileSync(join(dir, 'run', 'model.json'), 'utf8')).parameters;
    const { mean, std } = JSON.parse(readFileSync(join(dir, 'run', 'config.json'), 'utf8')).standardizer;
    const hidden = saved['layer1.bias'].values.length;
    const p1 = (row: number[]) => {
      const x = row.map((value, j) => (value - mean[j]) / std[j]);
      let z = saved['layer2.bias'].values[0];
      for (let h = 0; h < hidden; h++) {
        const a = x.reduce((sum, value, j) => sum + value * saved['layer1.weight'].values[j * hidden + h], 0);
        z += Math.tanh(a + saved['layer1.bias'].values[h]) * saved['layer2.weight'].values[h];
      }
      return 1 / (1 + Math.exp(-z));
    };
    expect(answer.predictions.map((prediction: { class: string }) => prediction.class)).toEqual(['0', '1']);
    [
      [0, 1],
      [2, 0.5],
    ].forEach((row, r) => {
      const [q0, q1] = answer.predictions[r].probabilities;
      expectClose(q1, p1(row), { atol: 0, rtol: 1e-13 });
      expect(q0).toBe(1 - q1);
    });
  });

  test('predict reads a CSV file, picking the feature columns by name, and CSV rows on stdin', async () => {
    writeFileSync(join(dir, 'points.csv'), 'label,x2,x1\nupper,1,0\nlower,-0.5,1\n');
    const fromFile = await runTapegrad(['predict', '--model', 'run', '--input', 'points.csv'], { cwd: dir });
    expect(fromFile.code).toBe(0);
    expect(
      tableRows(fromFile.stdout)
        .slice(1)
        .map((row) => row.slice(0, 2)),
    ).toEqual([
      ['0, 1', '0'],
      ['1, -0.5', '1'],
    ]);
    const fromStdin = await runTapegrad(['predict', '--model', 'run'], { cwd: dir, input: '0,1\n1,-0.5\n' });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  test('graph draws the forward pass and the loss as an SVG, parameters among the nodes by name', async () => {
    const { code, stdout } = await runTapegrad(['graph', '--model', 'run', '--out', 'graphs/model.svg'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Wrote graphs/model.svg');
    const labels = textsOf(parseSvg(readFileSync(join(dir, 'graphs', 'model.svg'), 'utf8')), 'text');
    expect(labels).toEqual(
      expect.arrayContaining([
        'layer1.weight',
        '[2,16]',
        'layer1.bias',
        'layer2.weight',
        'layer2.bias',
        'tanh [4,16]',
      ]),
    );
  });

  test('--gradients manual trains along the same loss curve as the tape', async () => {
    const manual = await runTapegrad(
      [
        'train',
        '--points',
        '200',
        '--epochs',
        String(EPOCHS),
        '--gradients',
        'manual',
        '--out',
        'run-manual',
      ],
      { cwd: dir },
    );
    expect(manual.code).toBe(0);
    const read = (folder: string) =>
      (JSON.parse(readFileSync(join(dir, folder, 'history.json'), 'utf8')) as { trainLoss: number }[]).map(
        (record) => record.trainLoss,
      );
    const automatic = read('run');
    read('run-manual').forEach((loss, epoch) => {
      expectClose(loss, automatic[epoch]!, { atol: 0, rtol: 1e-12 }, `epoch ${epoch + 1}`);
    });
  });
});

describe('Ctrl-C during training', () => {
  test('stops after the current epoch and still writes the run', async () => {
    const folder = tempDir('interrupt');
    const { code, stdout } = await signalDuringTraining(folder, 'SIGINT');
    expect(code).toBe(0);
    expect(stdout).toContain('Stopping after this epoch and writing the run');
    expect(stdout).toMatch(/Stopped by Ctrl-C after \d+ epochs/);
    const config = JSON.parse(readFileSync(join(folder, 'run', 'config.json'), 'utf8'));
    expect(config.result.stopReason).toBe('aborted');
    const history = JSON.parse(readFileSync(join(folder, 'run', 'history.json'), 'utf8')) as unknown[];
    expect(history.length).toBe(config.result.epochsRun);
    expect(history.length).toBeLessThan(1_000_000);
    expect(existsSync(join(folder, 'run', 'report.html'))).toBe(true);
  });
});

describe('tapegrad train --patience: early stopping never looks at the test set', () => {
  test('an early-stopped run marks the kept epoch on its curves and in the report', async () => {
    const run = await runTapegrad(
      ['train', '--points', '200', '--epochs', '40', '--patience', '5', '--out', 'kept'],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const { result } = JSON.parse(readFileSync(join(dir, 'kept', 'config.json'), 'utf8'));
    // With seed 42 the validation loss is lowest at epoch 5 and has not fallen for 5 epochs by epoch 10.
    expect([result.stopReason, result.bestEpoch, result.epochsRun]).toEqual(['earlyStopping', 5, 10]);
    for (const curve of ['loss', 'accuracy']) {
      const svg = readFileSync(join(dir, 'kept', `${curve}.svg`), 'utf8');
      expect(textsOf(parseSvg(svg), 'text'), curve).toContain('kept: epoch 5');
    }
    const page = parseHtml(readFileSync(join(dir, 'kept', 'report.html'), 'utf8'));
    expect(textsOf(page, 'section#history tr.kept td')[0]).toBe('5 (kept)');
    expect(textsOf(page, 'section#history thead th')).toContain('validation loss');
  });

  test('the per-epoch held-out columns are a validation split of the training rows', async () => {
    const run = await runTapegrad(
      ['train', '--points', '200', '--epochs', '40', '--patience', '5', '--out', 'early'],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const epochLines = run.stdout.split('\n').filter((line) => line.startsWith('epoch'));
    expect(epochLines.length).toBeGreaterThan(0);
    for (const line of epochLines) {
      expect(line).toMatch(/ {2}validation loss [\d.]+ {2}validation [\d.]+%$/);
      expect(line).not.toContain('test');
    }
    // The test set (40 of 200 rows) is scored once, at the end.
    expect(run.stdout).toMatch(/test accuracy [\d.]+%/);
    const history = JSON.parse(readFileSync(join(dir, 'early', 'history.json'), 'utf8'));
    const csv = readFileSync(join(dir, 'early', 'history.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'epoch,trainLoss,trainAccuracy,validationLoss,validationAccuracy,lr,seconds',
    );
    expect(JSON.parse(readFileSync(join(dir, 'early', 'config.json'), 'utf8')).training.heldOut).toBe(
      'validation',
    );
    // 20% of the 160 training rows validate: accuracies are multiples of 1/32 and 1/128.
    for (const record of history) {
      expectClose(record.validationAccuracy * 32, Math.round(record.validationAccuracy * 32), {
        atol: 1e-9,
        rtol: 0,
      });
      expectClose(record.trainAccuracy * 128, Math.round(record.trainAccuracy * 128), {
        atol: 1e-9,
        rtol: 0,
      });
    }
  });
});
