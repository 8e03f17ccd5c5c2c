/**
 * What the serving benchmark needs before it can run: the reference folder (compare.mjs, the FastAPI
 * reference and their node_modules), python3 with FastAPI, uvicorn and NumPy, and a trained run folder to
 * serve. Each check names what is missing and how to install it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where the reference folder is when neither --reference nor the environment variable names one. */
export const DEFAULT_REFERENCE = '../shared/bench/serve';
/** The environment variable that names the reference folder. */
export const REFERENCE_ENV = 'BENCH_SERVE_REFERENCE';

/** The main job's settings (packages/examples/src/main-job.ts), so a model trained here equals runs/main. */
const MAIN_JOB_TRAIN_ARGS = [
  'train',
  ...['--dataset', 'moons', '--points', '1000', '--noise', '0.15'],
  ...['--hidden', '16', '--layers', '1', '--activation', 'tanh'],
  ...['--optimizer', 'adam', '--lr', '0.05', '--epochs', '300', '--seed', '42'],
];

export class SetupError extends Error {}

export interface Reference {
  /** The reference folder, absolute. */
  readonly dir: string;
  /** Its compare.mjs. */
  readonly compareScript: string;
  /** The python that runs fastapi_reference.py. */
  readonly python: string;
}

/**
 * Finds the reference folder (the flag, else BENCH_SERVE_REFERENCE, else ../shared/bench/serve from the
 * repository root) and checks it and python; throws a SetupError listing every missing piece.
 */
export function findReference(repoRoot: string, flag: string | undefined, python: string): Reference {
  const given = flag ?? process.env[REFERENCE_ENV];
  const dir = resolve(repoRoot, given ?? DEFAULT_REFERENCE);
  const origin = flag
    ? '--reference'
    : given
      ? REFERENCE_ENV
      : `the default (${DEFAULT_REFERENCE} from the repository root)`;
  const problems: string[] = [];
  if (!existsSync(dir)) {
    throw new SetupError(
      `the reference folder ${dir} (${origin}) does not exist. It is bench/serve of the reference harness ` +
        `(compare.mjs and fastapi_reference.py), beside this repository as ../shared/bench/serve; give its ` +
        `path with --reference DIR or ${REFERENCE_ENV}=DIR.`,
    );
  }
  for (const file of ['compare.mjs', 'fastapi_reference.py']) {
    if (!existsSync(join(dir, file))) problems.push(`${join(dir, file)} is missing (${origin} names ${dir})`);
  }
  if (!existsSync(join(dir, 'node_modules', 'autocannon', 'package.json'))) {
    problems.push(
      `${join(dir, 'node_modules')} has no autocannon, which compare.mjs imports: install it with ` +
        `npm ci --prefix ${dir}`,
    );
  }
  const probe = spawnSync(python, ['-c', 'import fastapi, uvicorn, numpy, pydantic'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error
      ? probe.error.message
      : probe.stderr.trim().split('\n').at(-1) || `exit code ${probe.status}`;
    problems.push(
      `${python} cannot import fastapi, uvicorn and numpy (${why}): on Debian or Ubuntu, ` +
        'sudo apt-get install -y python3-fastapi python3-uvicorn python3-numpy (or pass --python PATH)',
    );
  }
  if (problems.length > 0) {
    throw new SetupError(`the serving benchmark cannot run:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return { dir, compareScript: join(dir, 'compare.mjs'), python };
}

export interface Model {
  /** The run folder, absolute. */
  readonly dir: string;
  /** How it was found, for the report. */
  readonly origin: string;
  /** Removes it when it was trained into a temporary folder. */
  readonly dispose: () => void;
}

/**
 * The run folder to serve: --model, else runs/main, else the main job trained now into a temporary folder.
 */
export function findModel(repoRoot: string, flag: string | undefined, cli: string): Model {
  if (flag !== undefined) {
    const dir = resolve(flag);
    if (!existsSync(join(dir, 'model.json'))) {
      throw new SetupError(
        `--model ${flag}: ${join(dir, 'model.json')} does not exist (train one with pnpm start)`,
      );
    }
    return { dir, origin: `--model ${flag}`, dispose: () => {} };
  }
  const main = join(repoRoot, 'runs', 'main');
  if (existsSync(join(main, 'model.json'))) return { dir: main, origin: 'runs/main', dispose: () => {} };
  const temp = mkdtempSync(join(tmpdir(), 'tapegrad-bench-serve-'));
  const dir = join(temp, 'main');
  process.stderr.write(`runs/main does not exist: training the main job into ${dir}\n`);
  const trained = spawnSync(process.execPath, [cli, ...MAIN_JOB_TRAIN_ARGS, '--out', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (trained.status !== 0 || !existsSync(join(dir, 'model.json'))) {
    rmSync(temp, { recursive: true, force: true });
    throw new SetupError(
      `runs/main does not exist and training a model failed (${trained.error?.message ?? `exit code ${trained.status}`}): ` +
        'run pnpm start, which writes runs/main, or pass --model RUN_DIR',
    );
  }
  return {
    dir,
    origin: 'the main job, trained now into a temporary folder',
    dispose: () => rmSync(temp, { recursive: true, force: true }),
  };
}
