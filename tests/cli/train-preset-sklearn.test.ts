/**
 * `tapegrad train --preset sklearn`: the run is nn's MLPClassifier (scikit-learn's algorithm, number for
 * number) with sklearn's defaults where no flag was typed. Each run is checked against MLPClassifier fitted
 * here on the same standardized split: the loss of every epoch, the stopping epoch, the validation scores
 * and the trained network's probabilities. Also: the run folder is an ordinary one (evaluate reads it),
 * config.json records the preset, the console prints the same classifier in Python, Ctrl-C keeps the run,
 * and flags sklearn has no counterpart for exit 2 naming the flag.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@tapegrad/autograd';
import {
  fitStandardizer,
  MLP,
  MLPClassifier,
  type MLPClassifierOptions,
  modelFromJson,
  moons,
  TwoLayerNet,
} from '@tapegrad/nn';
import { beforeAll, describe, expect, test } from 'vitest';
import { runSplit } from '../../packages/cli/src/seeds.ts';
import {
  finished,
  runTapegrad,
  STACK_TRACE_LINE,
  startTapegrad,
  type TapegradRun,
  tempDir,
} from './tapegrad-process.ts';

const dir = tempDir('preset-sklearn');
const readJson = (run: string, name: string) => JSON.parse(readFileSync(join(dir, run, name), 'utf8'));

/** The standardized splits `tapegrad train --points 200 --seed 42` trains and tests on. */
function standardizedMoons(): { XTrain: Tensor; yTrain: Tensor; XTest: Tensor; yTest: Tensor } {
  const { train, test } = runSplit(moons({ n: 200, noise: 0.15, seed: 42 }), 42);
  const standardizer = fitStandardizer(train.X);
  return {
    XTrain: standardizer.transform(train.X),
    yTrain: train.y,
    XTest: standardizer.transform(test.X),
    yTest: test.y,
  };
}

/** |a - b| <= 1e-12 entry by entry: float64 rounding between two runs of the same arithmetic. */
function expectWithin1e12(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(0, ...actual.map((value, i) => Math.abs(value - expected[i]!)));
  expect(worst).toBeLessThanOrEqual(1e-12);
}

/** sklearn's defaults, spelled out here so that a preset that lost one would differ. */
const SKLEARN_DEFAULTS = {
  hiddenLayerSizes: [100],
  activation: 'relu',
  solver: 'adam',
  alpha: 1e-4,
  batchSize: 'auto',
  learningRateInit: 1e-3,
  tol: 1e-4,
  nIterNoChange: 10,
  earlyStopping: false,
} as const satisfies MLPClassifierOptions;

const data = standardizedMoons();

describe('a run with the defaults: --preset sklearn --points 200 --epochs 30', () => {
  let training: TapegradRun;
  let classifier: MLPClassifier;
  beforeAll(async () => {
    training = await runTapegrad(
      ['train', '--preset', 'sklearn', '--points', '200', '--epochs', '30', '--out', 'run'],
      { cwd: dir },
    );
    classifier = new MLPClassifier({ ...SKLEARN_DEFAULTS, maxIter: 30, randomState: 42 }).fit(
      data.XTrain,
      data.yTrain,
    );
  }, 60_000);

  test("exits 0 and says it trains with sklearn's algorithm and defaults, and how it ended", () => {
    expect(training.stderr).toBe('');
    expect(training.code).toBe(0);
    expect(training.stdout).toContain(
      'Model: TwoLayerNet(2-100-1, hidden relu, output sigmoid), 401 parameters, loss bce',
    );
    expect(training.stdout).toContain(
      "Training: scikit-learn's MLPClassifier algorithm and defaults (--preset sklearn), number for number:",
    );
    expect(training.stdout).toContain(
      "  Adam, learning_rate_init 0.001, alpha 0.0001, batch_size 'auto': mini-batches of min(200, rows), " +
        'shuffled each epoch, up to 30 epochs (max_iter), autograd gradients',
    );
    expect(training.stdout).toContain(
      '  stopping once the training loss has not improved by tol 0.0001 for more than 10 epochs (n_iter_no_change)',
    );
    expect(training.stdout).toMatch(
      /^Trained 30 epochs, max_iter, without converging by tol \(sklearn warns ConvergenceWarning\) in [\d.]+ s: train accuracy [\d.]+%, test accuracy [\d.]+%$/m,
    );
    // The initial weights are sklearn's, drawn in the training thread: train's gradient check is not made.
    expect(training.stdout).not.toContain('Manual vs autograd');
  });

  test('prints the same classifier as a line of Python, every option the preset sets', () => {
    const line =
      "  MLPClassifier(hidden_layer_sizes=(100,), activation='relu', solver='adam', alpha=0.0001, " +
      "batch_size='auto', learning_rate_init=0.001, max_iter=30, tol=0.0001, n_iter_no_change=10, random_state=42)";
    expect(training.stdout).toContain(
      `The same in Python, on the same standardized training rows (StandardScaler):\n${line}\n`,
    );
  });

  test("history's loss is MLPClassifier's lossCurve on the same standardized split, within 1e-12", () => {
    const history = readJson('run', 'history.json') as { trainLoss: number; testAccuracy: number }[];
    expect(classifier.nIter).toBe(30);
    expectWithin1e12(
      history.map((record) => record.trainLoss),
      classifier.lossCurve,
    );
    // The accuracies are measured each epoch on the run's splits, not left empty.
    expect(history.every((record) => record.testAccuracy >= 0 && record.testAccuracy <= 1)).toBe(true);
  });

  test("model.json is a TwoLayerNet whose probabilities are MLPClassifier's on the test split, within 1e-12", () => {
    const model = modelFromJson(readJson('run', 'model.json'), 'model.json');
    expect(model).toBeInstanceOf(TwoLayerNet);
    const probabilities = Array.from(model.forward(data.XTest).data);
    expectWithin1e12(
      probabilities,
      classifier.predictProba(data.XTest).map(([, p]) => p!),
    );
  });

  test('config.json records the preset, every option MLPClassifier ran with, and a command that repeats it', () => {
    const config = readJson('run', 'config.json');
    expect(config.training).toMatchObject({
      preset: 'sklearn',
      sklearn: { ...SKLEARN_DEFAULTS, maxIter: 30, randomState: 42, gradients: 'autograd', shuffle: true },
      seed: 42,
      heldOut: 'test',
    });
    expect(config.training.python).toMatch(
      /^MLPClassifier\(hidden_layer_sizes=\(100,\), .*random_state=42\)$/,
    );
    expect(config.result).toMatchObject({ stopReason: 'maxEpochs', nIter: 30, epochsRun: 30 });
    // Every setting spelled out as sklearn's value, so the repeated run is this one.
    expect(config.invocation.command).toBe(
      'tapegrad train --preset sklearn --dataset moons --points 200 --noise 0.15 --hidden 100 --layers 1 ' +
        '--activation relu --dropout 0 --optimizer adam --lr 0.001 --epochs 30 --l2 0.0001 --seed 42 ' +
        '--gradients autograd --out run',
    );
  });

  test('tapegrad evaluate reads the run folder and scores the test split as training did', async () => {
    const evaluation = await runTapegrad(['evaluate', '--model', 'run'], { cwd: dir });
    expect(evaluation.code).toBe(0);
    const right = classifier.score(data.XTest, data.yTest) * 40;
    expect(evaluation.stdout).toContain(`Accuracy ${((100 * right) / 40).toFixed(1)}% (${right} of 40)`);
  }, 30_000);

  test('the report names the algorithm and the Python line among its settings', () => {
    const report = readFileSync(join(dir, 'run', 'report.html'), 'utf8');
    expect(report).toContain('scikit-learn&#39;s MLPClassifier (--preset sklearn), number for number');
    expect(report).toContain('hidden_layer_sizes=(100,)');
  });
});

describe('flags map to sklearn options: --hidden 8 --activation sigmoid --lr 0.01 --l2 0.001 --batch-size 32 --gradients manual --patience 3', () => {
  let training: TapegradRun;
  let classifier: MLPClassifier;
  beforeAll(async () => {
    training = await runTapegrad(
      [
        'train',
        '--preset',
        'sklearn',
        '--points',
        '200',
        ...['--hidden', '8', '--activation', 'sigmoid', '--lr', '0.01', '--l2', '0.001'],
        ...['--batch-size', '32', '--gradients', 'manual', '--patience', '3', '--out', 'early'],
      ],
      { cwd: dir },
    );
    classifier = new MLPClassifier({
      hiddenLayerSizes: [8],
      activation: 'logistic',
      learningRateInit: 0.01,
      alpha: 0.001,
      batchSize: 32,
      gradients: 'manual',
      earlyStopping: true,
      nIterNoChange: 3,
      randomState: 42,
    }).fit(data.XTrain, data.yTrain);
  }, 60_000);

  test("--patience is sklearn's early stopping: the run stops at MLPClassifier's epoch and keeps its best", () => {
    expect(training.code).toBe(0);
    expect(classifier.nIter).toBeLessThan(200);
    const scores = classifier.validationScores!;
    const best = scores.indexOf(Math.max(...scores)) + 1;
    expect(training.stdout).toContain(
      `Stopped by tol after ${classifier.nIter} epochs: the validation accuracy did not improve by 0.0001 ` +
        `for more than 3 epochs (the weights of epoch ${best} are kept)`,
    );
    const history = readJson('early', 'history.json') as {
      trainLoss: number;
      validationLoss: null;
      validationAccuracy: number;
    }[];
    expectWithin1e12(
      history.map((record) => record.trainLoss),
      classifier.lossCurve,
    );
    expect(history.map((record) => record.validationAccuracy)).toEqual(scores);
    expect(history.every((record) => record.validationLoss === null)).toBe(true);
    const model = modelFromJson(readJson('early', 'model.json'), 'model.json');
    expectWithin1e12(
      Array.from(model.forward(data.XTest).data),
      classifier.predictProba(data.XTest).map(([, p]) => p!),
    );
  });

  test('config.json and the Python line carry the mapped options', () => {
    expect(readJson('early', 'config.json').training.sklearn).toMatchObject({
      hiddenLayerSizes: [8],
      activation: 'logistic',
      learningRateInit: 0.01,
      alpha: 0.001,
      batchSize: 32,
      gradients: 'manual',
      earlyStopping: true,
      nIterNoChange: 3,
      validationFraction: 0.1,
    });
    expect(training.stdout).toContain(
      "  MLPClassifier(hidden_layer_sizes=(8,), activation='logistic', solver='adam', alpha=0.001, batch_size=32, " +
        'learning_rate_init=0.01, max_iter=200, tol=0.0001, n_iter_no_change=3, early_stopping=True, ' +
        'validation_fraction=0.1, random_state=42)',
    );
  });
});

test("--layers 2 alone gives two hidden layers of sklearn's 100 units: an MLP", async () => {
  const run = await runTapegrad(
    ['train', '--preset', 'sklearn', '--points', '60', '--layers', '2', '--epochs', '2', '--out', 'deep'],
    { cwd: dir },
  );
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Model: MLP(2-100-100-1, hidden relu, output sigmoid)');
  expect(run.stdout).toContain('hidden_layer_sizes=(100, 100)');
  expect(modelFromJson(readJson('deep', 'model.json'), 'model.json')).toBeInstanceOf(MLP);
}, 60_000);

test('Ctrl-C stops MLPClassifier after the current epoch and still writes the run', async () => {
  const child = startTapegrad(
    ['train', '--preset', 'sklearn', '--points', '2000', '--epochs', '100000', '--out', 'stopped'],
    { cwd: dir },
  );
  const result = finished(child);
  child.stdin.end();
  let printed = '';
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
      if (/^epoch +1\//m.test(printed)) resolve();
    });
  });
  child.kill('SIGINT');
  const run = await result;
  expect(run.code).toBe(0);
  const epochs = Number(/^Stopped by Ctrl-C after (\d+) epochs in/m.exec(run.stdout)?.[1]);
  expect(epochs).toBeGreaterThanOrEqual(1);
  expect(readJson('stopped', 'history.json')).toHaveLength(epochs);
  expect(readJson('stopped', 'config.json').result).toMatchObject({ stopReason: 'aborted', nIter: epochs });
}, 60_000);

describe('flags sklearn has no counterpart for exit 2, naming the flag and why', () => {
  test.each([
    [['--dropout', '0.2'], "--dropout 0.2: scikit-learn's MLPClassifier has no dropout"],
    [
      ['--optimizer', 'rmsprop'],
      "--optimizer rmsprop: --preset sklearn trains with scikit-learn's solvers, adam or sgd",
    ],
    [['--optimizer', 'momentum'], '--optimizer momentum: --preset sklearn'],
    [['--seed', '-1'], '--seed -1: --preset sklearn gives the seed to scikit-learn as random_state'],
  ])('%s', async (flags, message) => {
    const run = await runTapegrad(['train', '--preset', 'sklearn', ...flags, '--out', 'refused'], {
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${message}`);
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
    // Refused before any training: no run folder.
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });

  test('an unknown preset names the choices', async () => {
    const run = await runTapegrad(['train', '--preset', 'keras'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'keras' is invalid. Allowed choices are sklearn.");
  });
});
