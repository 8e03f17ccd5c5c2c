/**
 * What `tapegrad train` prints while it trains: the held-out columns named `test` or `validation`, the
 * time left measured from the epochs' rate (none until it can be measured), and the manual-vs-autograd
 * check at the start, which a network with dropout passes in evaluation mode.
 */
import type { EpochRecord } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { epochLine } from '../../packages/cli/src/train/progress.ts';
import { formatDuration, timeLeftEstimator } from '../../packages/cli/src/train/time-left.ts';
import { runTapegrad, tempDir } from './tapegrad-process.ts';

const record: EpochRecord = {
  epoch: 25,
  trainLoss: 0.30123,
  trainAccuracy: 0.885,
  valLoss: 0.295,
  valAccuracy: 0.89,
  lr: 0.05,
  seconds: 0.003,
};

describe('the epoch line', () => {
  test("names the test split 'test' and a validation split 'validation', never 'val'", () => {
    expect(epochLine(record, 300, 'test')).toBe(
      'epoch  25/300  loss 0.3012  train 88.5%  test loss 0.2950  test 89.0%',
    );
    expect(epochLine(record, 300, 'validation')).toBe(
      'epoch  25/300  loss 0.3012  train 88.5%  validation loss 0.2950  validation 89.0%',
    );
  });
});

describe('the time left', () => {
  test('formatDuration: tenths under 10 s, then seconds, minutes and hours', () => {
    expect(formatDuration(0.44)).toBe('0.4s');
    expect(formatDuration(9.94)).toBe('9.9s');
    expect(formatDuration(42.4)).toBe('42s');
    expect(formatDuration(80)).toBe('1m20s');
    expect(formatDuration(605)).toBe('10m05s');
    expect(formatDuration(7500)).toBe('2h05m');
  });

  test('a 0.7 s run of 300 epochs: no estimate at first, then the measured rate, not 1m20s', () => {
    // The first epoch takes 200 ms (the worker starts, the code warms up), every later one 2 ms.
    let clock = 0;
    const timeLeft = timeLeftEstimator(300, () => clock);
    clock = 200;
    expect(timeLeft(1)).toBe('');
    const shown: string[] = [];
    for (let epoch = 2; epoch <= 300; epoch++) {
      clock += 2;
      shown.push(timeLeft(epoch));
    }
    // Epochs 2 to 125 are within 250 ms of the first: no estimate yet.
    expect(shown.slice(0, 124).every((text) => text === '')).toBe(true);
    // At epoch 126, 250 ms after the first over 125 epochs: 2 ms an epoch, 174 epochs left, 0.348 s.
    expect(shown[124]).toBe('0.3s left');
    expect(shown.at(-1)).toBe('0.0s left');
  });

  test('a slow run gives an estimate after a few epochs, in minutes', () => {
    let clock = 0;
    const timeLeft = timeLeftEstimator(1000, () => clock);
    const shown = [1, 2, 3, 4].map((epoch) => {
      clock = epoch * 400;
      return timeLeft(epoch);
    });
    // 3 epochs past the first are needed: then 400 ms an epoch, 996 epochs left.
    expect(shown).toEqual(['', '', '', '6m38s left']);
  });
});

describe('the gradient check at the start of tapegrad train', () => {
  test('with --dropout it is made in evaluation mode, and says so', async () => {
    const run = await runTapegrad(
      ['train', '--points', '100', '--epochs', '3', '--layers', '2', '--dropout', '0.2', '--out', 'run'],
      { cwd: tempDir('dropout-check') },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Manual vs autograd gradients at the initial weights (dropout off for the check): agree',
    );
    for (const name of ['layers.0.weight', 'layers.1.bias', 'layers.2.weight']) {
      expect(run.stdout).toMatch(new RegExp(`^${name.replace('.', '\\.')} .* pass$`, 'm'));
    }
  });

  test('without dropout the line is as before', async () => {
    const run = await runTapegrad(['train', '--points', '100', '--epochs', '3', '--out', 'run'], {
      cwd: tempDir('plain-check'),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Manual vs autograd gradients at the initial weights: agree\n');
  });
});
