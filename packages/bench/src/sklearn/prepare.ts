/**
 * Writes the rows both sides train and test on, once: each dataset split into stratified training and
 * test parts (one seeded shuffle), its features standardized with the training part's mean and std (as
 * scikit-learn's StandardScaler), as `NAME-train.csv` and `NAME-test.csv` (the features, then `label`),
 * and `manifest.json`, which names the files and the settings. Numbers are written as JavaScript's
 * shortest round-trip decimals, which Python's float() reads back to the same doubles.
 */
import { join } from 'node:path';
import { Rng, type Tensor } from '@tapegrad/autograd';
import { writeFileAtomic } from '@tapegrad/cli';
import { fitStandardizer, trainTestSplit } from '@tapegrad/nn';
import { DATASET_SOURCES, type DatasetSource, labelsOf } from './datasets.ts';
import { CLASSIFIER_SETTINGS, PLOTTED_SEED, SEEDS, SPLIT_SEED, TEST_FRACTION } from './settings.ts';

export interface PreparedDataset {
  readonly name: string;
  readonly source: string;
  /** The CSV files, relative to the manifest's folder. */
  readonly trainFile: string;
  readonly testFile: string;
  readonly trainRows: number;
  readonly testRows: number;
  readonly features: number;
  readonly classes: readonly string[];
}

/** What `manifest.json` holds: everything either side needs to run the comparison. */
export interface Manifest {
  readonly testFraction: number;
  readonly splitSeed: number;
  readonly seeds: readonly number[];
  readonly plottedSeed: number;
  readonly classifier: typeof CLASSIFIER_SETTINGS;
  readonly datasets: readonly PreparedDataset[];
}

/** CSV text: a header of the feature names and `label`, then one line per row. */
function csvText(X: Tensor, labels: readonly string[], featureNames: readonly string[]): string {
  const [rows, features] = X.shape as [number, number];
  const lines = [[...featureNames, 'label'].join(',')];
  for (let i = 0; i < rows; i++) {
    const values = Array.from(X.data.subarray(i * features, (i + 1) * features), String);
    lines.push(`${values.join(',')},${labels[i]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Splits, standardizes and writes one dataset into `dir`; returns its manifest entry. */
function prepareDataset(dir: string, source: DatasetSource): PreparedDataset {
  const dataset = source.load();
  const { train, test } = trainTestSplit(dataset, {
    testFraction: TEST_FRACTION,
    stratify: true,
    rng: new Rng(SPLIT_SEED),
  });
  const scaler = fitStandardizer(train.X);
  const features = dataset.X.shape[1]!;
  const featureNames = dataset.featureNames ?? Array.from({ length: features }, (_, j) => `x${j + 1}`);
  const trainFile = `${source.name}-train.csv`;
  const testFile = `${source.name}-test.csv`;
  writeFileAtomic(join(dir, trainFile), csvText(scaler.transform(train.X), labelsOf(train), featureNames));
  writeFileAtomic(join(dir, testFile), csvText(scaler.transform(test.X), labelsOf(test), featureNames));
  return {
    name: source.name,
    source: source.source,
    trainFile,
    testFile,
    trainRows: train.X.shape[0]!,
    testRows: test.X.shape[0]!,
    features,
    classes: [...new Set(labelsOf(dataset))].sort(),
  };
}

/**
 * Writes the datasets' CSV files and `manifest.json` into `dir` (created if missing); returns the manifest.
 * @example const manifest = prepareData('/tmp/sklearn-data', DATASET_SOURCES.slice(0, 1)); // moons only
 */
export function prepareData(dir: string, sources: readonly DatasetSource[] = DATASET_SOURCES): Manifest {
  const manifest: Manifest = {
    testFraction: TEST_FRACTION,
    splitSeed: SPLIT_SEED,
    seeds: SEEDS,
    plottedSeed: PLOTTED_SEED,
    classifier: CLASSIFIER_SETTINGS,
    datasets: sources.map((source) => prepareDataset(dir, source)),
  };
  writeFileAtomic(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
