/**
 * User errors end with exit code 2 and a message that says what was wrong (and the valid choices, or the
 * file and the problem), never a stack trace.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelToJson, TwoLayerNet } from '@tapegrad/nn';
import { beforeAll, describe, expect, test } from 'vitest';
import { runTapegrad, STACK_TRACE_LINE, type TapegradRun, tempDir } from './tapegrad-process.ts';

const dir = tempDir('errors');

/** A run folder as tapegrad train writes it (an untrained 2-3-1 model), and broken copies of it. */
beforeAll(() => {
  const model = JSON.stringify(modelToJson(new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1 })));
  const config = JSON.stringify({
    command: 'tapegrad train',
    dataset: { name: 'moons', points: 100, noise: 0.1, seed: 1 },
    classes: ['0', '1'],
    featureNames: ['x1', 'x2'],
    testFraction: 0.2,
    standardizer: { mean: [0, 0], std: [1, 1] },
    training: { seed: 1 },
  });
  const folder = (name: string, files: Record<string, string>) => {
    mkdirSync(join(dir, name));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
  };
  folder('run', { 'model.json': model, 'config.json': config });
  folder('broken-model', { 'model.json': '{"format": "tapegrad-model",', 'config.json': config });
  folder('no-config', { 'model.json': model });
  writeFileSync(join(dir, 'cells.csv'), 'a,b,label\n1,2,cat\n3,x,dog\n');
  writeFileSync(join(dir, 'points.csv'), 'x1,x2\n0.5,1\n2,abc\n');
});

const tapegrad = (...args: string[]) => runTapegrad(args, { cwd: dir });

/** Exit code 2, the message on stderr, and no stack trace. */
function expectUserError(result: TapegradRun, ...messages: string[]): void {
  expect(result.code, result.stderr).toBe(2);
  for (const message of messages) expect(result.stderr).toContain(message);
  expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
}

describe.concurrent('a wrong flag or value names the problem and the valid choices', () => {
  test('a misspelt option: the suggestion and the options of the command', async () => {
    expectUserError(
      await tapegrad('train', '--epoch', '5'),
      "error: unknown option '--epoch'",
      '(Did you mean --epochs?)',
      'The options of tapegrad train: --dataset, --target, --points, --noise, --hidden',
    );
  });

  test('a value outside the choices lists them', async () => {
    expectUserError(
      await tapegrad('train', '--optimizer', 'adagrad'),
      "option '--optimizer <name>' argument 'adagrad' is invalid. Allowed choices are sgd, momentum, adam, adamw, rmsprop.",
    );
  });

  test('an unknown dataset lists the generators, mnist and csv:PATH', async () => {
    expectUserError(
      await tapegrad('train', '--dataset', 'iris'),
      'Allowed choices are moons, circles, xor, spirals, blobs, linear, mnist, or csv:PATH',
    );
  });

  test('a number that is not one, or out of range, says what is expected', async () => {
    expectUserError(
      await tapegrad('train', '--lr', 'fast'),
      "argument 'fast' is invalid. Expected a number > 0.",
    );
    expectUserError(await tapegrad('train', '--dropout', '1'), 'Expected a number in [0, 1).');
    expectUserError(await tapegrad('explain', '--hidden', '9'), 'Expected an integer from 1 to 4.');
  });

  test('an unknown command suggests the nearest one and lists them all', async () => {
    expectUserError(
      await tapegrad('trian'),
      "error: unknown command 'trian'",
      '(Did you mean train?)',
      'The commands: train, evaluate, predict, compare, gradcheck, graph, explain, serve, export',
    );
  });

  test('settings that cannot work together', async () => {
    expectUserError(
      await tapegrad('train', '--gradients', 'manual', '--dropout', '0.2'),
      '--gradients manual cannot train with --dropout',
    );
    expectUserError(
      await tapegrad('graph', '--model', 'run', '--out', 'graph.png'),
      'write the graph to a .svg file',
    );
    expectUserError(await tapegrad('compare', '--out', 'plot.png'), '--out plot.png: name the plot FILE.svg');
    expectUserError(
      await tapegrad('evaluate', '--model', 'run', '--points', '50'),
      'describe the data of --dataset',
    );
  });
});

describe.concurrent('a missing or malformed file names the file and the problem', () => {
  test('a CSV dataset that does not exist', async () => {
    expectUserError(
      await tapegrad('train', '--dataset', 'csv:missing.csv', '--target', 'y'),
      'missing.csv: no such file',
    );
  });

  test('a CSV with a cell that is not a number: the file, row and column', async () => {
    expectUserError(
      await tapegrad('train', '--dataset', 'csv:cells.csv', '--target', 'label'),
      "cells.csv, row 3, column 'b': 'x' is not a number",
    );
  });

  test('a CSV dataset without --target lists the columns', async () => {
    expectUserError(
      await tapegrad('train', '--dataset', 'csv:cells.csv'),
      '--dataset csv:cells.csv needs --target COLUMN',
      'the columns are: a,b,label',
    );
  });

  test('a run folder that does not exist, or lacks a file, or holds malformed JSON', async () => {
    expectUserError(await tapegrad('evaluate', '--model', 'nowhere'), '--model nowhere: no such folder');
    expectUserError(
      await tapegrad('predict', '--model', 'no-config', '1,2'),
      'no-config/config.json: no such file',
    );
    expectUserError(
      await tapegrad('graph', '--model', 'broken-model'),
      'broken-model/model.json: not valid JSON',
    );
  });

  test('predict inputs that do not fit the model', async () => {
    expectUserError(
      await tapegrad('predict', '--model', 'run', '1,2,3'),
      "input '1,2,3' has 3 numbers but the model takes 2",
    );
    expectUserError(
      await tapegrad('predict', '--model', 'run', '--input', 'points.csv'),
      "points.csv, line 3, column 2: 'abc' is not a number",
    );
    expectUserError(await tapegrad('predict', '--model', 'run', '--modle', 'x'), "unknown option '--modle'");
  });
});

describe.concurrent('errors from the libraries are user errors too', () => {
  test("nn's ConfigError: too few points to split", async () => {
    expectUserError(await tapegrad('train', '--points', '2'), 'trainTestSplit: testFraction 0.2 of 2 rows');
  });

  test('an error in the training thread: a learning rate so large that the model diverges', async () => {
    expectUserError(
      await tapegrad(
        'train',
        '--lr',
        '1e308',
        '--optimizer',
        'sgd',
        '--activation',
        'relu',
        '--epochs',
        '3',
        '--points',
        '40',
      ),
      'fit: the weights overflowed in epoch 1: layer1.weight',
      'the learning rate 1e+308 is probably too large: try a smaller one',
    );
  });

  test('a loss that explodes while staying finite: --lr 1e6 on moons stops at epoch 1, exit 2, no run folder', async () => {
    // Adam with lr 1e6 lifts the loss from about 0.6 to 3e5 in one epoch and keeps it near there, at about
    // 83% accuracy: divergence, though every loss is finite.
    const result = await tapegrad('train', '--dataset', 'moons', '--lr', '1e6', '--out', 'runs/diverged');
    expectUserError(
      result,
      'fit: the loss rose to ',
      ' after epoch 1, over 1000 times its starting value ',
      'the learning rate 1000000 is probably too large: try a smaller one',
    );
    expect(result.stdout).not.toContain('Trained');
    expect(existsSync(join(dir, 'runs/diverged'))).toBe(false);
  });
});
