/**
 * What `tapegrad train` does so that a run is never lost: the --out folder is checked before training,
 * SIGTERM stops after the current epoch and writes the run as Ctrl-C does, and a corrupt run folder is
 * refused when a command loads it, naming the file and the field (exit code 2, no stack trace).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@tapegrad/autograd';
import { modelToJson, TwoLayerNet } from '@tapegrad/nn';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  runTapegrad,
  STACK_TRACE_LINE,
  signalDuringTraining,
  type TapegradRun,
  tempDir,
} from './tapegrad-process.ts';

const dir = tempDir('safety');
const tapegrad = (...args: string[]) => runTapegrad(args, { cwd: dir });

/** Exit code 2, the messages on stderr, no stack trace, and no training started (no epoch printed). */
function expectRefused(result: TapegradRun, ...messages: string[]): void {
  expect(result.code, result.stderr).toBe(2);
  for (const message of messages) expect(result.stderr).toContain(message);
  expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
  expect(result.stdout).not.toMatch(/^epoch/m);
}

const runningAsRoot = process.getuid?.() === 0;

describe.concurrent('an --out that cannot be written is refused before training', () => {
  test('a regular file in the way', async () => {
    writeFileSync(join(dir, 'a-file'), 'mine');
    expectRefused(
      await tapegrad('train', '--epochs', '100000', '--out', 'a-file'),
      '--out a-file: a file is in the way: a-file is a file, not a folder',
    );
    expectRefused(
      await tapegrad('train', '--epochs', '100000', '--out', 'a-file/run'),
      '--out a-file/run: a file is in the way: a-file is a file, so no folder can be made in it',
    );
    expect(readFileSync(join(dir, 'a-file'), 'utf8')).toBe('mine');
  });

  test('a path under /proc or /sys, which used to hang', async () => {
    expectRefused(
      await tapegrad('train', '--epochs', '100000', '--out', '/proc/x'),
      "--out /proc/x: /proc lies in the kernel's proc file system",
    );
    expectRefused(
      await tapegrad('compare', '--out', '/sys/plot.svg'),
      "--out /sys/plot.svg: /sys lies in the kernel's sysfs file system",
    );
  });

  test.skipIf(runningAsRoot)(
    'a read-only folder (skipped when run as root, who may write in a read-only folder)',
    async () => {
      const readOnly = join(dir, 'read-only');
      mkdirSync(readOnly);
      chmodSync(readOnly, 0o555);
      expectRefused(
        await tapegrad('train', '--epochs', '100000', '--out', 'read-only/run'),
        '--out read-only/run: cannot write read-only: permission denied (EACCES)',
      );
    },
  );

  test('a folder holding files that tapegrad train did not write, which replacing the folder would delete', async () => {
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'notes', 'todo.txt'), 'mine');
    expectRefused(
      await tapegrad('train', '--epochs', '100000', '--out', 'notes'),
      '--out notes: notes holds todo.txt, which tapegrad train did not write',
    );
    expect(readFileSync(join(dir, 'notes', 'todo.txt'), 'utf8')).toBe('mine');
  });
});

describe('SIGTERM during training', () => {
  test('stops after the current epoch and still writes the run, exit code 0 as for Ctrl-C', async () => {
    const folder = tempDir('sigterm');
    const { code, stdout, stderr } = await signalDuringTraining(folder, 'SIGTERM');
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Stopping after this epoch and writing the run (SIGTERM again quits at once)');
    expect(stdout).toMatch(/Stopped by SIGTERM after \d+ epochs/);
    const config = JSON.parse(readFileSync(join(folder, 'run', 'config.json'), 'utf8'));
    expect(config.result.stopReason).toBe('aborted');
    expect(existsSync(join(folder, 'run', 'report.html'))).toBe(true);
  });
});

describe.concurrent('a corrupt run folder is refused when loaded, naming the file and the field', () => {
  /** The parts of model.json and config.json the tests break. */
  type ModelJson = {
    config: { output: string };
    parameters: Record<string, { values: (number | null)[] }>;
  };
  type ConfigJson = {
    classes: string[];
    featureNames?: string[];
    standardizer: { mean: number[]; std: number[] };
    training: { seed: number | string };
    [field: string]: unknown;
  };

  /** A run folder of an untrained 2-3-1 model with `edit` applied to its model and config. */
  const corrupt = (name: string, edit: (model: ModelJson, config: ConfigJson) => void) => {
    const model: ModelJson = JSON.parse(
      JSON.stringify(modelToJson(new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: new Rng(1) }))),
    );
    const config: ConfigJson = {
      command: 'tapegrad train',
      dataset: { name: 'moons', points: 100, noise: 0.1, seed: 1 },
      classes: ['0', '1'],
      featureNames: ['x1', 'x2'],
      testFraction: 0.2,
      standardizer: { mean: [0, 0], std: [1, 1] },
      training: { seed: 1 },
    };
    edit(model, config);
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'model.json'), JSON.stringify(model));
    writeFileSync(join(dir, name, 'config.json'), JSON.stringify(config));
  };

  beforeAll(() => {
    corrupt('null-weight', (model) => {
      model.parameters['layer1.weight']!.values[4] = null;
    });
    corrupt('short-weight', (model) => {
      model.parameters['layer2.weight']!.values.pop();
    });
    corrupt('softmax-one', (model) => {
      model.config.output = 'softmax';
    });
    corrupt('zero-std', (_, config) => {
      config.standardizer.std[1] = 0;
    });
    corrupt('one-class', (_, config) => {
      config.classes = ['0'];
    });
    corrupt('no-features', (_, config) => {
      delete config.featureNames;
    });
    corrupt('string-seed', (_, config) => {
      config.training.seed = '1';
    });
    corrupt('test-share', (_, config) => {
      config.testFraction = 0.3;
    });
    corrupt('bad-share', (_, config) => {
      config.testFraction = 1.5;
    });
    corrupt('other-writer', (_, config) => {
      config.command = 'sklearn';
    });
    corrupt('playground-export', (_, config) => {
      config.command = 'tapegrad playground';
    });
  });

  const refused = async (folder: string, ...messages: string[]) =>
    expectRefused(await tapegrad('predict', '--model', folder, '0.5,0.5'), ...messages);

  test('a null weight, which used to load as 0', async () => {
    await refused(
      'null-weight',
      'error: null-weight/model.json: parameters["layer1.weight"].values[4] is null; expected a finite number',
    );
  });

  test("a wrong count of values for a weight's shape", async () => {
    await refused(
      'short-weight',
      'short-weight/model.json: parameters["layer2.weight"].values holds 2 numbers; expected 3 for shape [3,1]',
    );
  });

  test('a softmax output over one unit', async () => {
    await refused('softmax-one', 'softmax-one/model.json: config.output is softmax over 1 output unit');
  });

  test('a zero standard deviation, which used to be reported as a diverged model', async () => {
    await refused(
      'zero-std',
      'zero-std/config.json: standardizer.std[1] is 0; expected a positive finite number',
    );
  });

  test('a config with one class, which used to end predict with a stack trace', async () => {
    await refused('one-class', 'one-class/config.json: classes lists 1 (0); expected 2');
  });

  test('a missing field and a field of the wrong type', async () => {
    await refused('no-features', 'no-features/config.json: featureNames is missing; expected a list');
    await refused('string-seed', 'string-seed/config.json: training.seed is 1; expected an integer');
  });

  test("a config written by something else is refused; the playground's export is a run like train's", async () => {
    await refused(
      'other-writer',
      'other-writer/config.json: not a tapegrad run config: it was not written by tapegrad train or the playground',
    );
    const predicted = await tapegrad('predict', '--model', 'playground-export', '0.5,0.5');
    expect(predicted.stderr).toBe('');
    expect(predicted.code).toBe(0);
  });

  test("evaluate holds out the run's own test share (the playground's export may hold out another than 20%)", async () => {
    const evaluated = await tapegrad('evaluate', '--model', 'test-share');
    expect(evaluated.stderr).toBe('');
    expect(evaluated.stdout).toMatch(/Accuracy [\d.]+% \(\d+ of 30\)/);
    await refused(
      'bad-share',
      'bad-share/config.json: testFraction is 1.5; expected the share of rows held out',
    );
  });
});
