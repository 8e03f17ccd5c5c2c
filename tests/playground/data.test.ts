/**
 * The playground's data: drawn exactly as `tapegrad train` draws it (the CLI's own loadDataset and runSplit
 * are the reference), standardized with the training split's statistics, and shown in the data's units on a
 * plane with a 10% margin; a CSV read with its class and feature names, and refused with a message when the
 * playground cannot use it.
 */
import { Rng, type Tensor } from '@tapegrad/autograd';
import { linearlySeparable, spirals } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { loadDataset, type SyntheticName } from '../../packages/cli/src/datasets.ts';
import { runSplit, seedFor } from '../../packages/cli/src/seeds.ts';
import { DEFAULT_CONFIG, type PlaygroundConfig } from '../../packages/playground/src/config.ts';
import { buildData } from '../../packages/playground/src/data.ts';
import type { CsvSource } from '../../packages/playground/src/protocol.ts';
import { rngFor, SEED_OFFSETS } from '../../packages/playground/src/seeds.ts';
import { expectAllClose, expectClose } from '../support/assertions.ts';

const columnOf = (X: Tensor, column: number) => {
  const features = X.shape[1]!;
  return Array.from({ length: X.shape[0]! }, (_, row) => X.data[row * features + column]!);
};

/** Iris-like rows: 3 features, 3 species, 4 of each. */
const FLOWERS: CsvSource = {
  name: 'flowers.csv',
  target: 'species',
  text: [
    'sepal,petal,stem,species',
    '5.1,1.4,10,setosa',
    '4.9,1.5,11,setosa',
    '5.0,1.3,12,setosa',
    '5.4,1.7,13,setosa',
    '6.4,4.5,20,versicolor',
    '6.9,4.9,21,versicolor',
    '5.5,4.0,22,versicolor',
    '6.5,4.6,23,versicolor',
    '6.3,6.0,30,virginica',
    '5.8,5.1,31,virginica',
    '7.1,5.9,32,virginica',
    '6.5,5.8,33,virginica',
  ].join('\n'),
};

describe('buildData: synthetic datasets are drawn as tapegrad train draws them', () => {
  test('the seeds of the data, split, weights and batches are the CLI’s', () => {
    for (const part of Object.keys(SEED_OFFSETS) as (keyof typeof SEED_OFFSETS)[]) {
      expect(rngFor(42, part).seed).toBe(seedFor(42, part));
    }
  });

  test.each(['moons', 'circles', 'xor', 'spirals', 'blobs'] as const)(
    '%s: the same rows and the same train/test split as the CLI at seed 7',
    (name: SyntheticName) => {
      const config: PlaygroundConfig = { ...DEFAULT_CONFIG, dataset: name, points: 300, noise: 0.2, seed: 7 };
      const data = buildData(config);
      const cli = loadDataset({ dataset: { kind: 'synthetic', name }, points: 300, noise: 0.2 }, 7);
      const { train, test } = runSplit(cli.data, 7);
      expect(data.rawTrain.X.toArray()).toEqual(train.X.toArray());
      expect(data.rawTrain.y.toArray()).toEqual(train.y.toArray());
      expect(data.rawTest.X.toArray()).toEqual(test.X.toArray());
      expect(data.rawTest.y.toArray()).toEqual(test.y.toArray());
      expect(data.classes).toEqual(cli.data.classes);
      expect(data.featureNames).toEqual(['x1', 'x2']);
      expect(data.record).toEqual(cli.record);
    },
  );

  test('the default: 500 moons points, a stratified 400/100 split with 50 of each class held out', () => {
    const data = buildData(DEFAULT_CONFIG);
    expect(data.train.X.shape).toEqual([400, 2]);
    expect(data.test.X.shape).toEqual([100, 2]);
    const ones = (y: Tensor) => y.data.filter((label) => label === 1).length;
    expect([ones(data.train.y), ones(data.test.y)]).toEqual([200, 50]);
    expect(data.classes).toEqual(['0', '1']);
  });

  test("'linear' is nn's linearlySeparable; spirals has exactly the points asked for (500: arms of 167, 167, 166)", () => {
    const linear = buildData({ ...DEFAULT_CONFIG, dataset: 'linear', points: 100, noise: 0, testRatio: 0.5 });
    const reference = linearlySeparable({ n: 100, noise: 0, rng: new Rng(42) });
    const all = [...linear.rawTrain.X.data, ...linear.rawTest.X.data].sort((a, b) => a - b);
    expect(all).toEqual([...reference.X.data].sort((a, b) => a - b));

    const arms = buildData({ ...DEFAULT_CONFIG, dataset: 'spirals', output: 'softmax-ce' });
    expect(arms.train.X.shape[0]! + arms.test.X.shape[0]!).toBe(500);
    expect(arms.classes).toEqual(['0', '1', '2']);
    expect(spirals({ total: 500, classes: 3, noise: 0.15, rng: new Rng(42) }).X.shape).toEqual([500, 2]);
  });
});

describe('buildData: standardization and the PlaneData', () => {
  const data = buildData(DEFAULT_CONFIG);

  test('the training columns are standardized to mean 0 and std 1 with their own statistics', () => {
    for (const column of [0, 1]) {
      const raw = columnOf(data.rawTrain.X, column);
      const mean = raw.reduce((sum, value) => sum + value, 0) / raw.length;
      const std = Math.sqrt(raw.reduce((sum, value) => sum + (value - mean) ** 2, 0) / raw.length);
      expectClose(data.standardizer.mean.data[column]!, mean, { atol: 0, rtol: 1e-14 });
      expectClose(data.standardizer.std.data[column]!, std, { atol: 0, rtol: 1e-14 });
      const standardized = columnOf(data.train.X, column);
      expectAllClose(
        standardized,
        raw.map((value) => (value - mean) / std),
        { atol: 1e-15, rtol: 1e-13 },
      );
    }
  });

  test("the test split is standardized with the training split's statistics, not its own", () => {
    const [mean, std] = [data.standardizer.mean.data, data.standardizer.std.data];
    const expected = data.rawTest.X.toArray() as number[][];
    expectAllClose(
      data.test.X,
      expected.map((row) => row.map((value, j) => (value - mean[j]!) / std[j]!)),
    );
  });

  test('the view holds the points in the data’s units and the plane is their range plus 10% on each side', () => {
    const { view } = data;
    expect(view.train.xy.length).toBe(800);
    expect(Array.from(view.train.xy.subarray(0, 2))).toEqual(Array.from(data.rawTrain.X.data.subarray(0, 2)));
    expect(Array.from(view.test.labels)).toEqual(Array.from(data.rawTest.y.data));
    const xs = [...columnOf(data.rawTrain.X, 0), ...columnOf(data.rawTest.X, 0)];
    const ys = [...columnOf(data.rawTrain.X, 1), ...columnOf(data.rawTest.X, 1)];
    const padded = (values: number[]) => {
      const [low, high] = [Math.min(...values), Math.max(...values)];
      return [low - 0.1 * (high - low), high + 0.1 * (high - low)];
    };
    expect(view.bounds).toEqual([...padded(xs), ...padded(ys)]);
    expect(view.axes).toEqual(['x1', 'x2']);
    expect(view.classes).toEqual(['0', '1']);
  });

  test('axes 1,0 swap the coordinates shown', () => {
    const swapped = buildData({ ...DEFAULT_CONFIG, axes: [1, 0] });
    expect(swapped.view.axes).toEqual(['x2', 'x1']);
    expect(swapped.view.train.xy[0]).toBe(data.view.train.xy[1]);
    expect(swapped.view.train.xy[1]).toBe(data.view.train.xy[0]);
  });
});

describe('buildData: a CSV', () => {
  const csvConfig: PlaygroundConfig = {
    ...DEFAULT_CONFIG,
    dataset: 'csv',
    output: 'softmax-ce',
    testRatio: 0.25,
    axes: [2, 0],
  };

  test('string labels become the class names (sorted), the header the feature names, axes pick the columns', () => {
    const data = buildData(csvConfig, FLOWERS);
    expect(data.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.featureNames).toEqual(['sepal', 'petal', 'stem']);
    expect(data.view.axes).toEqual(['stem', 'sepal']);
    // 12 rows, 3 held out: one of each species (stratified).
    expect(Array.from(data.rawTest.y.data).sort()).toEqual([0, 1, 2]);
    const rows = data.rawTrain.X.toArray() as number[][];
    expect(Array.from(data.view.train.xy.subarray(0, 2))).toEqual([rows[0]![2], rows[0]![0]]);
    // Stems 10..33 padded by 2.3; sepals 4.9..7.1 padded by 0.22.
    const [xMin, xMax, yMin, yMax] = data.view.bounds;
    expectClose(xMin, 7.7, { atol: 1e-12, rtol: 0 });
    expectClose(xMax, 35.3, { atol: 1e-12, rtol: 0 });
    expectClose(yMin, 4.68, { atol: 1e-12, rtol: 0 });
    expectClose(yMax, 7.32, { atol: 1e-12, rtol: 0 });
    expect(data.record).toEqual({ name: 'csv', path: 'flowers.csv', target: 'species' });
  });

  test('labels written as 0, 1, 2 are class indices', () => {
    const text = FLOWERS.text
      .replace(/setosa/g, '0')
      .replace(/versicolor/g, '1')
      .replace(/virginica/g, '2');
    expect(buildData(csvConfig, { ...FLOWERS, text }).classes).toEqual(['0', '1', '2']);
  });

  test('what the playground cannot use is refused with what to change', () => {
    expect(() => buildData(csvConfig)).toThrow(
      'data=csv needs a CSV file: drop one on the page (a header line, numeric features, a class column)',
    );
    expect(() => buildData({ ...csvConfig, axes: [0, 3] }, FLOWERS)).toThrow(
      'axes=0,3: flowers.csv has 3 features (0 sepal, 1 petal, 2 stem); pick two different indices among them',
    );
    const oneClass = FLOWERS.text.replace(/versicolor|virginica/g, 'setosa');
    expect(() => buildData(csvConfig, { ...FLOWERS, text: oneClass })).toThrow(
      "flowers.csv: the target column 'species' holds one class only; a classifier needs two",
    );
    const oneFeature = 'size,species\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n8,b';
    expect(() => buildData({ ...csvConfig, axes: [0, 1] }, { ...FLOWERS, text: oneFeature })).toThrow(
      "flowers.csv: 1 feature column besides the target 'species'; the playground plots two: give a CSV with " +
        'two or more numeric feature columns',
    );
    const fractions = FLOWERS.text
      .replace(/setosa/g, '0.5')
      .replace(/versicolor/g, '1')
      .replace(/virginica/g, '2');
    expect(() => buildData(csvConfig, { ...FLOWERS, text: fractions })).toThrow(
      "flowers.csv: the target column 'species' holds 0.5, which is not a class label; the playground " +
        'classifies: pick a column of labels (names, or integers 0, 1, 2, ...)',
    );
    // nn's parseCsv names the file, the row and the column of a cell that is not a number.
    expect(() => buildData(csvConfig, { ...FLOWERS, text: FLOWERS.text.replace('4.9', 'four') })).toThrow(
      /flowers\.csv.*row 3.*sepal/,
    );
  });
});
