/**
 * `pnpm bench:sklearn`: tapegrad's MLPClassifier beside scikit-learn's on five datasets (docs/sklearn.md).
 * Writes the datasets' rows once into a temporary folder (`prepare.ts`), runs each side in its own process
 * on one thread (`tapegrad-side.ts`, `sklearn_side.py`), puts the results side by side in `results.json`,
 * draws each dataset's two loss curves into docs/images/sklearn-loss-NAME.svg and rewrites the results
 * part of docs/sklearn.md. Exits 2 when the Python with scikit-learn is missing.
 *
 *   node --import @tapegrad/source-loader packages/bench/src/sklearn/main.ts [--reps 3] [--python PATH]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '@tapegrad/cli';
import { nodeDocument } from '@tapegrad/viz/node';
import { compareSides, type Environment } from './comparison.ts';
import { lossCurvesSvg } from './plot.ts';
import { prepareData } from './prepare.ts';
import { readSideResult } from './results.ts';
import { plotPath, replaceResults, resultsMarkdown } from './tables.ts';

const USAGE = `usage: pnpm bench:sklearn [options]
  --reps N         timed fits per seed on each side (default 3)
  --python PATH    the python with scikit-learn (default /usr/bin/python3, Debian's python3-sklearn)`;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const repoRoot = here('../../../../');
const docsDir = join(repoRoot, 'docs');
export const RESULTS_FILE = here('results.json');

/** One thread for NumPy's BLAS (read when numpy loads) and for tapegrad's matmul. */
const ONE_THREAD = {
  TAPEGRAD_THREADS: '1',
  OMP_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
};

function parseOptions(): { reps: number; python: string } {
  try {
    const { values } = parseArgs({
      options: {
        reps: { type: 'string', default: '3' },
        python: { type: 'string', default: '/usr/bin/python3' },
      },
    });
    const reps = Number(values.reps);
    if (!Number.isInteger(reps) || reps < 1)
      throw new Error(`--reps needs a positive integer, not ${values.reps}`);
    return { reps, python: values.python };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** Exits 2 with the fix when `python` cannot import scikit-learn. */
function checkPython(python: string): void {
  try {
    execFileSync(python, ['-c', 'import sklearn.neural_network'], { stdio: 'ignore' });
  } catch {
    console.error(
      `${python} cannot import scikit-learn: install Debian's python3-sklearn (apt-get install python3-sklearn) ` +
        `or pass --python PATH\n${USAGE}`,
    );
    process.exit(2);
  }
}

/** JSON laid out as the repository's formatter lays it out (Biome), so that `pnpm lint` accepts the file. */
function formattedJson(value: unknown, path: string): string {
  return execFileSync(join(repoRoot, 'node_modules/.bin/biome'), ['format', `--stdin-file-path=${path}`], {
    cwd: repoRoot,
    input: JSON.stringify(value),
    encoding: 'utf8',
  });
}

/** Runs a side's script to completion, its progress on stderr. */
function runSide(command: string, args: readonly string[]): void {
  execFileSync(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...ONE_THREAD },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function main(): void {
  const { reps, python } = parseOptions();
  checkPython(python);
  const loadAverage = loadavg()[0]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'tapegrad-sklearn-'));
  try {
    const manifest = prepareData(dataDir);
    const common = ['--data', dataDir, '--reps', String(reps), '--out'];
    runSide(process.execPath, [
      '--import',
      '@tapegrad/source-loader',
      here('tapegrad-side.ts'),
      ...common,
      join(dataDir, 'tapegrad.json'),
    ]);
    runSide(python, [here('sklearn_side.py'), ...common, join(dataDir, 'sklearn.json')]);
    const tapegrad = readSideResult(join(dataDir, 'tapegrad.json'));
    const sklearn = readSideResult(join(dataDir, 'sklearn.json'));
    const environment: Environment = {
      date: new Date().toISOString().slice(0, 10),
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: availableParallelism(),
      loadAverage,
      tapegrad: tapegrad.version,
      node: tapegrad.runtime,
      sklearn: sklearn.version,
      python: sklearn.runtime,
      reps,
    };
    const comparison = compareSides(manifest, tapegrad, sklearn, environment);
    writeFileAtomic(RESULTS_FILE, formattedJson(comparison, RESULTS_FILE));
    const document = nodeDocument();
    for (const dataset of comparison.datasets) {
      writeFileAtomic(
        join(docsDir, plotPath(dataset.name)),
        lossCurvesSvg(dataset, manifest.plottedSeed, document),
      );
    }
    const block = resultsMarkdown(comparison);
    const page = join(docsDir, 'sklearn.md');
    writeFileAtomic(page, replaceResults(readFileSync(page, 'utf8'), block));
    console.log(block);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
