/**
 * Runs are never lost or torn: packages/cli/src/atomic-write.ts writes every file through a temporary
 * name and a rename, and a run folder whole, into a temporary sibling renamed into place. Here a process
 * that rewrites a ~20 MB run folder is killed with SIGKILL at random instants, and the folder must load
 * every time, as the old run or the new one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@tapegrad/autograd';
import { MLP, type Network, TwoLayerNet } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { writeFileAtomic, writeFolderAtomic } from '../../packages/cli/src/atomic-write.ts';
import { runFiles } from '../../packages/cli/src/run-folder.ts';
import { loadSavedRun } from '../../packages/cli/src/saved-run.ts';
import { tempDir } from './tapegrad-process.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REWRITER = fileURLToPath(new URL('./fixtures/rewrite-run-forever.ts', import.meta.url));

/** A config.json that loadSavedRun accepts for a 2-input, 2-class model; `version` tells the runs apart. */
const runConfig = (version: string) => ({
  command: 'tapegrad train',
  dataset: { name: 'moons', points: 100, noise: 0.1, seed: 1 },
  classes: ['0', '1'],
  featureNames: ['x1', 'x2'],
  testFraction: 0.2,
  standardizer: { mean: [0, 0], std: [1, 1] },
  training: { seed: 1 },
  result: { version },
});

const sameParameters = (a: Network, b: Network) =>
  a.namedParameters().every(([, parameter], i) => {
    const other = b.namedParameters()[i]![1].data;
    return parameter.data.every((value, j) => value === other[j]);
  });

/** The temporary siblings a writer leaves while it works (`.NAME.new-...`, `.NAME.old-...`). */
const siblingsOf = (dir: string, name: string) =>
  readdirSync(dir).filter((entry) => entry.startsWith(`.${name}.`));

function startRewriter(dir: string, versionsDir: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', '@tapegrad/source-loader', REWRITER, dir, versionsDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('ready')) resolve();
    });
    child.on('exit', (code) =>
      reject(new Error(`the rewriter exited with code ${code} before it was ready`)),
    );
  });
  return { child, ready };
}

describe('kill -9 while a run folder with a ~20 MB model.json is being replaced', () => {
  test('after each of 20 kills at random instants the folder loads, as the old run or the new', async () => {
    const seed = Number(process.env.TAPEGRAD_KILL_SEED ?? Date.now() % 1_000_000);
    console.log(`kill -9 test: seed ${seed} (rerun with TAPEGRAD_KILL_SEED=${seed})`);
    const rng = new Rng(seed);
    const dir = tempDir('kill');
    const versionsDir = join(dir, 'versions');
    // 2-1000-1000-1: about a million weights, about 20 MB of JSON.
    const models = {
      a: new MLP([2, 1000, 1000, 1], { activation: 'tanh', output: 'sigmoid', rng: new Rng(1) }),
      b: new MLP([2, 1000, 1000, 1], { activation: 'tanh', output: 'sigmoid', rng: new Rng(2) }),
    };
    for (const [version, model] of Object.entries(models)) {
      mkdirSync(join(versionsDir, version), { recursive: true });
      for (const file of runFiles({ model, config: runConfig(version), history: [], heldOut: 'test' })) {
        writeFileSync(join(versionsDir, version, file.name), file.contents);
      }
    }
    expect(statSync(join(versionsDir, 'a', 'model.json')).size).toBeGreaterThan(18e6);
    const run = join(dir, 'run');
    writeFolderAtomic(
      run,
      runFiles({ model: models.a, config: runConfig('a'), history: [], heldOut: 'test' }),
    );

    const seen: string[] = [];
    for (let kill = 1; kill <= 20; kill++) {
      const { child, ready } = startRewriter(run, versionsDir);
      await ready;
      const delay = Math.floor(rng.random() * 800);
      await new Promise((resolve) => setTimeout(resolve, delay));
      const exited = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGKILL');
      await exited;
      const context = `seed ${seed}, kill ${kill} after ${delay} ms`;
      const loaded = loadSavedRun(run);
      const version = (loaded.config.result as { version: 'a' | 'b' }).version;
      expect(['a', 'b'], context).toContain(version);
      expect(sameParameters(loaded.model, models[version]), `${context}: model.json of run ${version}`).toBe(
        true,
      );
      seen.push(version);
    }
    console.log(`kill -9 test: the folder held run ${seen.join(' ')} after the 20 kills`);
    // The next write puts everything in order: one folder, no temporary siblings left.
    writeFolderAtomic(
      run,
      runFiles({ model: models.b, config: runConfig('b'), history: [], heldOut: 'test' }),
    );
    expect(siblingsOf(dir, 'run')).toEqual([]);
    expect(readdirSync(run).sort()).toEqual(['config.json', 'history.csv', 'history.json', 'model.json']);
  }, 300_000);
});

describe('writeFolderAtomic and writeFileAtomic', () => {
  const small = (version: string) =>
    runFiles({
      model: new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: new Rng(version === 'a' ? 1 : 2) }),
      config: runConfig(version),
      history: [],
      heldOut: 'test',
    });
  const versionOf = (run: string) => (loadSavedRun(run).config.result as { version: string }).version;

  test('a writer killed between its two renames: the old run is read from aside and put back', () => {
    const dir = tempDir('window');
    const run = join(dir, 'run');
    writeFolderAtomic(run, small('a'));
    // What a writer (pid 99999999, which cannot exist) leaves when killed between its renames: the old
    // folder aside, the new one complete but not yet in place.
    renameSync(run, join(dir, '.run.old-99999999-0badc0de'));
    mkdirSync(join(dir, '.run.new-99999999-0badc0df'));
    expect(existsSync(run)).toBe(false);
    expect(versionOf(run)).toBe('a');
    writeFolderAtomic(run, small('b'));
    expect(versionOf(run)).toBe('b');
    expect(siblingsOf(dir, 'run')).toEqual([]);
  });

  test('a write that fails part-way leaves the old folder as it was and nothing temporary', () => {
    const dir = tempDir('failed');
    const run = join(dir, 'run');
    writeFolderAtomic(run, small('a'));
    const broken = [...small('b'), { name: 'no-such-folder/file.txt', contents: 'x' }];
    expect(() => writeFolderAtomic(run, broken)).toThrow(
      /cannot write .*run: a folder on the path does not exist/,
    );
    expect(versionOf(run)).toBe('a');
    expect(siblingsOf(dir, 'run')).toEqual([]);
  });

  test('a file is replaced through a temporary sibling; a failure names the path and keeps the old file', () => {
    const dir = tempDir('file');
    const path = join(dir, 'graph.svg');
    writeFileAtomic(path, 'old');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(siblingsOf(dir, 'graph.svg')).toEqual([]);
    writeFileSync(join(dir, 'in-the-way'), '');
    expect(() => writeFileAtomic(join(dir, 'in-the-way', 'x.svg'), 'x')).toThrow(
      /cannot write .*in-the-way\/x.svg: a file is in the way where a folder should be \((ENOTDIR|EEXIST)\)/,
    );
  });
});
