/**
 * The `--dataset` option: a seeded synthetic dataset by name, MNIST's handwritten digits (`mnist`, with
 * their official train/test split), or a CSV file (`csv:PATH` with `--target`), loaded as a
 * classification Dataset with class and feature names, and recorded so that a saved run can load the same
 * data again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Rng } from '@tapegrad/autograd';
import { blobs, circles, type Dataset, linearlySeparable, moons, spirals, xor } from '@tapegrad/nn';
import { loadCsv } from '@tapegrad/nn/node';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from './errors.ts';
import { loadMnist, MNIST_TRAIN_ROWS } from './mnist.ts';
import { nonNegativeNumber, positiveInteger } from './option-values.ts';
import { displayPath, resolveUserPath } from './paths.ts';
import { runSplit, TEST_FRACTION } from './seeds.ts';

export const SYNTHETIC_DATASETS = ['moons', 'circles', 'xor', 'spirals', 'blobs', 'linear'] as const;
export type SyntheticName = (typeof SYNTHETIC_DATASETS)[number];

/** What `--dataset` names: a generator, MNIST, or a CSV file as the user typed its path. */
export type DatasetChoice =
  | { readonly kind: 'synthetic'; readonly name: SyntheticName }
  | { readonly kind: 'mnist'; readonly name: 'mnist' }
  | { readonly kind: 'csv'; readonly path: string };

/** The noise of each generator when --noise is not given (blobs: the clusters' standard deviation). */
const DEFAULT_NOISE: Readonly<Record<SyntheticName, number>> = {
  moons: 0.15,
  circles: 0.1,
  xor: 0.15,
  spirals: 0.2,
  blobs: 1,
  linear: 0.1,
};
const DEFAULT_POINTS = 500;
const SPIRAL_ARMS = 3;

/**
 * Parses `--dataset`: a generator's name, `mnist` or `csv:PATH`.
 * @example datasetChoice('csv:data/iris.csv'); // { kind: 'csv', path: 'data/iris.csv' }
 */
export function datasetChoice(text: string): DatasetChoice {
  if (text.startsWith('csv:') && text.length > 4) return { kind: 'csv', path: text.slice(4) };
  if (text === 'mnist') return { kind: 'mnist', name: 'mnist' };
  const name = SYNTHETIC_DATASETS.find((candidate) => candidate === text);
  if (name === undefined) {
    throw new InvalidArgumentError(
      `Allowed choices are ${SYNTHETIC_DATASETS.join(', ')}, mnist, or csv:PATH (a CSV file with a header ` +
        'row; name its label column with --target).',
    );
  }
  return { kind: 'synthetic', name };
}

/** The data options of a command: --dataset, --target, --points and --noise. */
export interface DatasetOptions {
  readonly dataset?: DatasetChoice;
  readonly target?: string;
  readonly points?: number;
  readonly noise?: number;
}

/**
 * Adds --dataset, --target, --points and --noise to a command; `fallback` says what a missing --dataset
 * means.
 */
export function addDatasetOptions(command: Command, fallback: string): Command {
  return command
    .addOption(
      new Option(
        '--dataset <name>',
        `${SYNTHETIC_DATASETS.join('|')}|mnist or csv:PATH (a CSV file with a header row) (default: ${fallback})`,
      ).argParser(datasetChoice),
    )
    .option('--target <column>', 'the label column of a CSV dataset')
    .addOption(
      new Option(
        '--points <n>',
        `how many points a synthetic dataset has (default: ${DEFAULT_POINTS}); for mnist, the first N ` +
          `training images (default: all ${MNIST_TRAIN_ROWS})`,
      ).argParser(positiveInteger),
    )
    .addOption(
      new Option(
        '--noise <std>',
        'the noise of a synthetic dataset (default: moons 0.15, circles 0.1, xor 0.15, spirals 0.2, ' +
          "blobs 1: the clusters' standard deviation, linear 0.1)",
      ).argParser(nonNegativeNumber),
    );
}

/** What config.json records about the data: enough to load the same rows again. */
export interface DatasetRecord {
  /** A generator's name, 'mnist', or 'csv'. */
  readonly name: string;
  /** 'official' for MNIST: its own 60,000/10,000 train/test split, not a seeded one (`points`: training rows). */
  readonly split?: 'official';
  readonly points?: number;
  readonly noise?: number;
  readonly seed?: number;
  /** A CSV file's absolute path. */
  readonly path?: string;
  readonly target?: string;
}

/** A classification dataset with its class and feature names. */
export interface NamedDataset extends Dataset {
  readonly classes: readonly string[];
  readonly featureNames: readonly string[];
}

export interface LoadedDataset {
  /** The rows (MNIST: its training rows). */
  readonly data: NamedDataset;
  /** The dataset's own train/test split (MNIST's), used instead of the run's seeded one. */
  readonly split?: { readonly train: NamedDataset; readonly test: NamedDataset };
  /**
   * The features are already on a common scale (MNIST's pixels in [0, 1]), so a run does not standardize
   * them: a pixel almost always blank in training would get a tiny std and blow up the test digits that
   * ink it.
   */
  readonly scaled?: boolean;
  readonly record: DatasetRecord;
  /** A few words for the user, e.g. 'moons, 500 points, noise 0.15, seed 42'. */
  readonly description: string;
}

/** The column names and order a CSV must be read with, so its classes map to the model's outputs. */
export interface CsvLayout {
  readonly classes?: readonly string[];
  readonly featureNames?: readonly string[];
}

/**
 * Loads the dataset the options name (a synthetic one drawn from `seed`), checked to be a classification
 * task. `layout` fixes a CSV's class and feature order to those of a trained model.
 * @example loadDataset({ dataset: { kind: 'synthetic', name: 'moons' } }, 42).data.X.shape; // [500, 2]
 */
export function loadDataset(options: DatasetOptions, seed: number, layout: CsvLayout = {}): LoadedDataset {
  const choice = options.dataset ?? { kind: 'synthetic', name: 'moons' };
  if (choice.kind === 'mnist') {
    if (options.noise !== undefined || options.target !== undefined) {
      throw new UsageError(
        '--noise and --target do not apply to --dataset mnist (--points takes its first N training images)',
      );
    }
    return mnistDataset(options.points ?? MNIST_TRAIN_ROWS);
  }
  if (choice.kind === 'csv') {
    if (options.points !== undefined || options.noise !== undefined) {
      throw new UsageError('--points and --noise apply to synthetic datasets, not to --dataset csv:PATH');
    }
    return loadCsvDataset(resolveUserPath(choice.path), options.target, layout);
  }
  if (options.target !== undefined) {
    throw new UsageError(`--target names the label column of a CSV file; --dataset ${choice.name} has none`);
  }
  return syntheticDataset(choice.name, options.points ?? DEFAULT_POINTS, options.noise, seed);
}

/** Loads the data a saved run recorded (see `DatasetRecord`). */
export function loadRecordedDataset(record: DatasetRecord, layout: CsvLayout, source: string): LoadedDataset {
  if (record.name === 'csv') {
    if (record.path === undefined || record.target === undefined) {
      throw new UsageError(`${source}: the dataset record names a CSV without its path and target`);
    }
    return loadCsvDataset(record.path, record.target, layout);
  }
  if (record.name === 'mnist') {
    if (record.split !== 'official' || record.points === undefined) {
      throw new UsageError(
        `${source}: the mnist record ${JSON.stringify(record)} lacks its split and points`,
      );
    }
    return mnistDataset(record.points);
  }
  const name = SYNTHETIC_DATASETS.find((candidate) => candidate === record.name);
  if (name === undefined || record.points === undefined || record.seed === undefined) {
    throw new UsageError(`${source}: unknown dataset record ${JSON.stringify(record)}`);
  }
  return syntheticDataset(name, record.points, record.noise, record.seed);
}

/**
 * A run's train and test rows: the dataset's own split where it has one (MNIST's), else the seeded
 * stratified split of runSplit.
 * @example const { train, test } = runRows(loadDataset({ dataset: { kind: 'mnist', name: 'mnist' } }, 42), 42);
 */
export function runRows(
  loaded: LoadedDataset,
  seed: number,
  testFraction: number = TEST_FRACTION,
): { train: NamedDataset; test: NamedDataset } {
  return loaded.split ?? runSplit(loaded.data, seed, testFraction);
}

/** MNIST's first `trainRows` training images and its 10,000 test images, as its official split. */
function mnistDataset(trainRows: number): LoadedDataset {
  if (trainRows > MNIST_TRAIN_ROWS) {
    throw new UsageError(
      `--points ${trainRows}: mnist has ${MNIST_TRAIN_ROWS} training images; give at most that`,
    );
  }
  const split = loadMnist({ trainRows });
  return {
    data: split.train,
    split,
    scaled: true,
    record: { name: 'mnist', split: 'official', points: trainRows },
    description:
      `mnist, ${trainRows} training images (of ${MNIST_TRAIN_ROWS}) and the 10000 test images, ` +
      '28x28 pixels in [0, 1]',
  };
}

function syntheticDataset(
  name: SyntheticName,
  points: number,
  noiseOption: number | undefined,
  seed: number,
): LoadedDataset {
  const noise = noiseOption ?? DEFAULT_NOISE[name];
  const rng = new Rng(seed);
  const generate: Record<SyntheticName, () => Dataset> = {
    moons: () => moons({ n: points, noise, rng }),
    circles: () => circles({ n: points, noise, factor: 0.5, rng }),
    xor: () => xor({ n: points, noise, shuffle: true, rng }),
    // Exactly `points` rows: the first `points mod 3` arms get one point more.
    spirals: () => spirals({ total: points, classes: SPIRAL_ARMS, noise, rng }),
    blobs: () => blobs({ n: points, centers: 3, std: noise, rng }),
    // Two classes on either side of a line (the playground's 'linearly separable').
    linear: () => linearlySeparable({ n: points, noise, rng }),
  };
  const data = generate[name]();
  const numClasses = name === 'spirals' || name === 'blobs' ? 3 : 2;
  const rows = data.X.shape[0]!;
  return {
    data: {
      ...data,
      classes: Array.from({ length: numClasses }, (_, c) => String(c)),
      featureNames: Array.from({ length: data.X.shape[1]! }, (_, j) => `x${j + 1}`),
    },
    record: { name, points, noise, seed },
    description: `${name}, ${rows} points, noise ${noise}, seed ${seed}`,
  };
}

function loadCsvDataset(path: string, target: string | undefined, layout: CsvLayout): LoadedDataset {
  const shown = displayPath(path);
  if (!existsSync(path)) throw new UsageError(`${shown}: no such file`);
  if (target === undefined) {
    const header = readFileSync(path, 'utf8').split(/\r?\n/, 1)[0] ?? '';
    throw new UsageError(
      `--dataset csv:${shown} needs --target COLUMN, the column that holds the labels; the columns are: ${header}`,
    );
  }
  const data = loadCsv(path, {
    target,
    ...(layout.featureNames === undefined ? {} : { features: layout.featureNames }),
    ...(layout.classes === undefined ? {} : { classes: layout.classes }),
  });
  const classes = data.classes ?? numericClasses(data, shown, target);
  if (classes.length < 2) {
    throw new UsageError(
      `${shown}: the target column '${target}' holds one class only; a classifier needs two`,
    );
  }
  return {
    data: { ...data, classes, featureNames: data.featureNames ?? [] },
    record: { name: 'csv', path, target },
    description: `${shown}, ${data.X.shape[0]} rows, ${data.X.shape[1]} features, target '${target}'`,
  };
}

/** The classes of a CSV whose labels are written as numbers: they must be class indices 0, 1, 2, ... */
function numericClasses(data: Dataset, shown: string, target: string): string[] {
  const notAClass = Array.from(data.y.data).find((label) => !Number.isInteger(label) || label < 0);
  if (notAClass !== undefined) {
    throw new UsageError(
      `${shown}: the target column '${target}' holds ${notAClass}, which is not a class label; ` +
        'tapegrad classifies: pick a column of labels (names, or integers 0, 1, 2, ...)',
    );
  }
  const count = data.y.data.reduce((largest, label) => Math.max(largest, label), -1) + 1;
  return Array.from({ length: count }, (_, c) => String(c));
}
