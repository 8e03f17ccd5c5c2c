/**
 * The data of a playground run: a seeded synthetic dataset from nn's generators (drawn as `tapegrad train`
 * draws it) or a dropped CSV through nn's parseCsv; the stratified seeded train/test split; the inputs
 * standardized with the training split's statistics (as the CLI does, so nothing of the test split leaks into
 * training); and the PlaneData the page plots, in the data's own units.
 */
import type { Tensor } from '@tapegrad/autograd';
import {
  blobs,
  ConfigError,
  circles,
  DataError,
  type Dataset,
  fitStandardizer,
  linearlySeparable,
  moons,
  parseCsv,
  type Standardizer,
  spirals,
  trainTestSplit,
  xor,
} from '@tapegrad/nn';
import type { DatasetName, PlaygroundConfig } from './config.ts';
import type { CsvSource } from './protocol.ts';
import { rngFor } from './seeds.ts';
import type { PlaneData, PlotPoints } from './snapshot.ts';

/** What config.json records about the data (the CLI's DatasetRecord): enough to draw the same rows again. */
export interface DatasetRecord {
  readonly name: string;
  readonly points?: number;
  readonly noise?: number;
  readonly seed?: number;
  /** A CSV's file name (the page has no path to it). */
  readonly path?: string;
  readonly target?: string;
}

export interface PlaygroundData {
  /** The training split as the network takes it: X standardized, y the class indices [n]. */
  readonly train: Dataset;
  /** The test split, standardized with the training split's statistics. */
  readonly test: Dataset;
  /** The training split in the data's own units (row i here is row i of `train` and of the view's points). */
  readonly rawTrain: Dataset;
  readonly rawTest: Dataset;
  readonly classes: readonly string[];
  readonly featureNames: readonly string[];
  /** Fit on the training split: (x - mean) / std, per feature. */
  readonly standardizer: Standardizer;
  readonly view: PlaneData;
  readonly record: DatasetRecord;
}

/** Spirals counts points per arm; the playground's `points` counts them all (as the CLI's --points). */
const SPIRAL_ARMS = 3;
const BLOB_CENTERS = 3;
/** The inner circle's radius, as the CLI draws circles. */
const CIRCLES_FACTOR = 0.5;
/** The plane shows the data's range and this share of it again on each side. */
const BOUNDS_MARGIN = 0.1;

/**
 * A synthetic dataset from nn's generator, drawn as `tapegrad train --dataset NAME --points --noise --seed`
 * draws it (packages/cli/src/datasets.ts); 'linear' is nn's linearlySeparable. `noise` is blobs' cluster
 * standard deviation.
 */
function syntheticData(
  name: Exclude<DatasetName, 'csv'>,
  points: number,
  noise: number,
  seed: number,
): Dataset {
  const rng = rngFor(seed, 'data');
  switch (name) {
    case 'moons':
      return moons({ n: points, noise, rng });
    case 'circles':
      return circles({ n: points, noise, factor: CIRCLES_FACTOR, rng });
    case 'xor':
      return xor({ n: points, noise, shuffle: true, rng });
    case 'spirals':
      return spirals({ total: points, classes: SPIRAL_ARMS, noise, rng });
    case 'blobs':
      return blobs({ n: points, centers: BLOB_CENTERS, std: noise, rng });
    case 'linear':
      return linearlySeparable({ n: points, noise, rng });
  }
}

/** The classes of labels written as numbers: they must be class indices 0, 1, 2, ... (as the CLI reads them). */
function numericClasses(labels: Tensor, csv: CsvSource): string[] {
  const notAClass = labels.data.find((label) => !Number.isInteger(label) || label < 0);
  if (notAClass !== undefined) {
    throw new DataError(
      `${csv.name}: the target column '${csv.target}' holds ${notAClass}, which is not a class label; the ` +
        'playground classifies: pick a column of labels (names, or integers 0, 1, 2, ...)',
    );
  }
  const count = labels.data.reduce((largest, label) => Math.max(largest, label), -1) + 1;
  return Array.from({ length: count }, (_, c) => String(c));
}

/** A dropped CSV as a classification dataset with class and feature names, checked to be plottable. */
function csvData(csv: CsvSource, axes: readonly [number, number]): Dataset & { classes: readonly string[] } {
  const data = parseCsv(csv.text, { target: csv.target, source: csv.name });
  const classes = data.classes ?? numericClasses(data.y, csv);
  if (classes.length < 2) {
    throw new DataError(
      `${csv.name}: the target column '${csv.target}' holds one class only; a classifier needs two`,
    );
  }
  const features = data.X.shape[1]!;
  const names = data.featureNames ?? [];
  if (features < 2) {
    throw new DataError(
      `${csv.name}: ${features} feature column${features === 1 ? '' : 's'} besides the target '${csv.target}'; ` +
        'the playground plots two: give a CSV with two or more numeric feature columns',
    );
  }
  if (axes.some((axis) => axis >= features)) {
    throw new ConfigError(
      `axes=${axes.join(',')}: ${csv.name} has ${features} features (${names.map((name, j) => `${j} ${name}`).join(', ')}); ` +
        'pick two different indices among them',
    );
  }
  return { ...data, classes };
}

/** Each point's shown coordinates, in the data's own units, and its class. */
function plotPoints(data: Dataset, axes: readonly [number, number]): PlotPoints {
  const [rows, features] = data.X.shape as [number, number];
  const xy = new Float64Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    xy[2 * i] = data.X.data[i * features + axes[0]]!;
    xy[2 * i + 1] = data.X.data[i * features + axes[1]]!;
  }
  return { xy, labels: Int32Array.from(data.y.data) };
}

/** [low, high] of one coordinate over all points, widened by the margin on each side (by 1 if all are equal). */
function paddedRange(sets: readonly PlotPoints[], coordinate: 0 | 1): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const { xy } of sets) {
    for (let i = coordinate; i < xy.length; i += 2) {
      low = Math.min(low, xy[i]!);
      high = Math.max(high, xy[i]!);
    }
  }
  const margin = high > low ? BOUNDS_MARGIN * (high - low) : 1;
  return [low - margin, high + margin];
}

/**
 * The data of a run: `config.dataset` drawn from `config.seed` (a synthetic one) or read from `csv` (when the
 * dataset is 'csv'), split stratified by class with `config.testRatio` held out (seeded), standardized with
 * the training split's mean and std, and its PlaneData: the points of the two axes in the data's own units and
 * the plane [xMin, xMax, yMin, yMax] around them with a 10% margin. A CSV that cannot be used (one class, one
 * feature, labels that are not classes, axes beyond its features) throws a DataError or ConfigError that says
 * what to change.
 * @example
 * const data = buildData(DEFAULT_CONFIG); // 500 moons points: train 400 and test 100 rows
 * data.view.bounds; // about [-1.4, 2.4, -0.9, 1.4]
 */
export function buildData(config: PlaygroundConfig, csv?: CsvSource): PlaygroundData {
  const { dataset, axes, seed } = config;
  let data: Dataset;
  let classes: readonly string[];
  let record: DatasetRecord;
  if (dataset === 'csv') {
    if (csv === undefined) {
      throw new ConfigError(
        'data=csv needs a CSV file: drop one on the page (a header line, numeric features, a class column)',
      );
    }
    const read = csvData(csv, axes);
    data = read;
    classes = read.classes;
    record = { name: 'csv', path: csv.name, target: csv.target };
  } else {
    data = syntheticData(dataset, config.points, config.noise, seed);
    const count = data.y.data.reduce((largest, label) => Math.max(largest, label), -1) + 1;
    classes = Array.from({ length: count }, (_, c) => String(c));
    record = { name: dataset, points: config.points, noise: config.noise, seed };
  }
  const featureNames = data.featureNames ?? Array.from({ length: data.X.shape[1]! }, (_, j) => `x${j + 1}`);
  const split = trainTestSplit(
    { X: data.X, y: data.y },
    { testFraction: config.testRatio, rng: rngFor(seed, 'split') },
  );
  const standardizer = fitStandardizer(split.train.X);
  const train = plotPoints(split.train, axes);
  const test = plotPoints(split.test, axes);
  const [xMin, xMax] = paddedRange([train, test], 0);
  const [yMin, yMax] = paddedRange([train, test], 1);
  return {
    train: { X: standardizer.transform(split.train.X), y: split.train.y },
    test: { X: standardizer.transform(split.test.X), y: split.test.y },
    rawTrain: split.train,
    rawTest: split.test,
    classes,
    featureNames,
    standardizer,
    view: {
      train,
      test,
      classes,
      axes: [featureNames[axes[0]]!, featureNames[axes[1]]!],
      featureNames,
      bounds: [xMin, xMax, yMin, yMax],
    },
    record,
  };
}
