/**
 * tapegrad's side of the comparison with scikit-learn: reads the manifest and CSV files `prepare.ts`
 * wrote, fits @tapegrad/nn's MLPClassifier on each dataset with each seed (`randomState`), times the fits
 * (one untimed warm-up per dataset, then `--reps` timed fits per seed) and writes the results as JSON.
 *
 *   TAPEGRAD_THREADS=1 node --import @tapegrad/source-loader packages/bench/src/sklearn/tapegrad-side.ts \
 *     --data DIR --out FILE [--reps 3]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '@tapegrad/cli';
import { MLPClassifier } from '@tapegrad/nn';
import { loadCsv } from '@tapegrad/nn/node';
import { now } from '../timing.ts';
import { labelsOf } from './datasets.ts';
import type { Manifest, PreparedDataset } from './prepare.ts';
import type { DatasetRuns, SeedRun, SideResult } from './results.ts';

const NN_VERSION = (
  JSON.parse(readFileSync(new URL('../../../nn/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** The features and labels of one of the manifest's CSV files. */
function readPart(dir: string, file: string): { X: number[][]; labels: string[] } {
  const dataset = loadCsv(join(dir, file), { target: 'label' });
  const [rows, features] = dataset.X.shape as [number, number];
  const X = Array.from({ length: rows }, (_, i) =>
    Array.from(dataset.X.data.subarray(i * features, (i + 1) * features)),
  );
  return { X, labels: labelsOf(dataset) };
}

/**
 * Fits one dataset with each seed: the loss curve, epochs and test accuracy of the first fit, and the
 * seconds of `reps` fits (identical ones: the seed fixes everything).
 */
export function runDataset(
  dir: string,
  manifest: Manifest,
  dataset: PreparedDataset,
  reps: number,
): DatasetRuns {
  const train = readPart(dir, dataset.trainFile);
  const test = readPart(dir, dataset.testFile);
  const fit = (seed: number) =>
    new MLPClassifier({ ...manifest.classifier, randomState: seed }).fit(train.X, train.labels);
  fit(manifest.seeds[0]!); // warm-up: the JIT compiles the training loop
  const runs = manifest.seeds.map((seed): SeedRun => {
    const seconds: number[] = [];
    let fitted: MLPClassifier | undefined;
    for (let rep = 0; rep < reps; rep++) {
      const start = now();
      fitted = fit(seed);
      seconds.push(now() - start);
    }
    const classifier = fitted!;
    return {
      seed,
      nIter: classifier.nIter,
      testAccuracy: classifier.score(test.X, test.labels),
      lossCurve: classifier.lossCurve,
      seconds,
    };
  });
  return { name: dataset.name, runs };
}

function main(): void {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, out: { type: 'string' }, reps: { type: 'string', default: '3' } },
  });
  const reps = Number(values.reps);
  if (values.data === undefined || values.out === undefined || !Number.isInteger(reps) || reps < 1) {
    console.error('usage: tapegrad-side.ts --data DIR --out FILE [--reps N (a positive integer, default 3)]');
    process.exit(2);
  }
  const dir = values.data;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const result: SideResult = {
    system: 'tapegrad',
    version: NN_VERSION,
    runtime: `Node ${process.version}`,
    datasets: manifest.datasets.map((dataset) => {
      process.stderr.write(`tapegrad: ${dataset.name}\n`);
      return runDataset(dir, manifest, dataset, reps);
    }),
  };
  writeFileAtomic(values.out, `${JSON.stringify(result)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
