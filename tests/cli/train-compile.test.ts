/**
 * `tapegrad train --compile / --no-compile`: the flag reaches fit (config.json's training.compile, the
 * last line's "with compiled steps" or "with eager steps", the repeat command), neither flag compiles the
 * network (fit's 'auto'), the eager and compiled curves agree within 1e-10, and the combinations that
 * cannot run are refused with exit code 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runTapegrad, type TapegradRun, tempDir } from './tapegrad-process.ts';

const dir = tempDir('train-compile');
const SMALL = ['train', '--points', '100', '--epochs', '20'];

interface Run {
  readonly process: TapegradRun;
  readonly config: {
    training: { compile: boolean };
    invocation: { command: string };
  };
  readonly losses: number[];
}

async function train(folder: string, flags: readonly string[]): Promise<Run> {
  const process = await runTapegrad([...SMALL, ...flags, '--out', folder], { cwd: dir });
  expect(process.code, process.stderr).toBe(0);
  const read = (name: string) => JSON.parse(readFileSync(join(dir, folder, name), 'utf8'));
  const history = read('history.json') as { trainLoss: number }[];
  return { process, config: read('config.json'), losses: history.map((record) => record.trainLoss) };
}

let neither: Run;
let compiled: Run;
let eager: Run;
let manual: Run;
// Four small training processes, a second or two each; more on a busy machine.
beforeAll(async () => {
  neither = await train('neither', []);
  compiled = await train('compiled', ['--compile']);
  eager = await train('eager', ['--no-compile']);
  manual = await train('manual', ['--gradients', 'manual']);
}, 120_000);

describe('tapegrad train: --compile and --no-compile reach fit', () => {
  test('neither flag compiles the network: config.json, the last line and the repeat command say so', () => {
    expect(neither.config.training.compile).toBe(true);
    expect(neither.process.stdout).toMatch(
      /Trained 20 epochs in [\d.]+ s with compiled steps: train accuracy/,
    );
    expect(neither.config.invocation.command).toMatch(/ --gradients autograd --compile --out neither$/);
    expect(neither.process.stderr).toBe('');
    expect(neither.losses).toEqual(compiled.losses);
  });

  test('--no-compile trains eagerly, and the curve agrees with the compiled one within 1e-10', () => {
    expect(eager.config.training.compile).toBe(false);
    expect(eager.process.stdout).toMatch(/Trained 20 epochs in [\d.]+ s with eager steps: train accuracy/);
    expect(eager.config.invocation.command).toMatch(/ --gradients autograd --no-compile --out eager$/);
    expect(eager.losses).toHaveLength(20);
    eager.losses.forEach((loss, i) => {
      expect(Math.abs(loss - compiled.losses[i]!), `epoch ${i + 1}`).toBeLessThanOrEqual(1e-10);
    });
  });

  test('--gradients manual trains eagerly under the default, without a warning', () => {
    expect(manual.config.training.compile).toBe(false);
    expect(manual.process.stdout).toContain('with eager steps');
    expect(manual.process.stderr).toBe('');
    expect(manual.config.invocation.command).toMatch(/ --gradients manual --no-compile --out manual$/);
  });
});

describe('tapegrad train: what --compile cannot run with', () => {
  test.each([
    [
      ['--gradients', 'manual', '--compile'],
      "error: --gradients manual cannot train with --compile: compile captures the tape's backward pass",
    ],
    [
      ['--preset', 'sklearn', '--no-compile'],
      "error: --no-compile: --preset sklearn trains with scikit-learn's own loop",
    ],
  ])('%j exits 2 naming the flags', async (flags, message) => {
    const refused = await runTapegrad([...SMALL, ...flags, '--out', 'refused'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(message);
    expect(refused.stdout).not.toContain('Trained');
  });
});
