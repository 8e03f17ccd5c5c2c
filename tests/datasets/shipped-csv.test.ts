/**
 * The CSV datasets shipped in packages/datasets (iris, wine, breast cancer from the UCI repository) load
 * with the CLI's own loader (`--dataset csv:PATH --target COLUMN`) with the published row, feature and
 * class counts, and iris trains to a sensible accuracy with the command the README shows.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadDataset, type NamedDataset } from '../../packages/cli/src/datasets.ts';
import { runTapegrad, tempDir } from '../cli/tapegrad-process.ts';

const DATASETS = fileURLToPath(new URL('../../packages/datasets/', import.meta.url));

function load(file: string, target: string): NamedDataset {
  return loadDataset({ dataset: { kind: 'csv', path: join(DATASETS, file) }, target }, 0).data;
}

/** How many rows of each class, by class name. */
function classCounts(data: NamedDataset): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of data.y.data) {
    const name = data.classes[label]!;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** The sum of each feature column. */
function columnSums(data: NamedDataset): number[] {
  const [rows, columns] = data.X.shape as [number, number];
  return Array.from({ length: columns }, (_, j) => {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += data.X.data[i * columns + j]!;
    return sum;
  });
}

describe('the shipped CSV datasets, read by the CLI loader', () => {
  test("iris: 150 rows, 4 features, 50 of each species, and the column sums of Fisher's data", () => {
    const iris = load('iris.csv', 'species');
    expect(iris.X.shape).toEqual([150, 4]);
    expect(iris.featureNames).toEqual([
      'sepal_length_cm',
      'sepal_width_cm',
      'petal_length_cm',
      'petal_width_cm',
    ]);
    expect(iris.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(classCounts(iris)).toEqual({ setosa: 50, versicolor: 50, virginica: 50 });
    expect(Array.from(iris.X.data.slice(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    // Means 5.843, 3.057, 3.758, 1.199 cm (Fisher's values; the UCI copy differs in two rows).
    columnSums(iris).forEach((sum, j) => {
      expect(sum).toBeCloseTo([876.5, 458.6, 563.7, 179.9][j]!, 9);
    });
  });

  test('wine: 178 rows, 13 features, cultivars of 59, 71 and 48 wines', () => {
    const wine = load('wine.csv', 'cultivar');
    expect(wine.X.shape).toEqual([178, 13]);
    expect(wine.featureNames[0]).toBe('alcohol');
    expect(wine.featureNames[11]).toBe('od280_od315_of_diluted_wines');
    expect(wine.featureNames[12]).toBe('proline');
    expect(wine.classes).toEqual(['class_0', 'class_1', 'class_2']);
    expect(classCounts(wine)).toEqual({ class_0: 59, class_1: 71, class_2: 48 });
    expect(wine.X.data[12]).toBe(1065); // the first wine's proline
  });

  test('breast cancer: 569 rows, 30 features, 212 malignant and 357 benign', () => {
    const cancer = load('breast-cancer.csv', 'diagnosis');
    expect(cancer.X.shape).toEqual([569, 30]);
    expect(cancer.featureNames[0]).toBe('mean_radius');
    expect(cancer.featureNames[7]).toBe('mean_concave_points');
    expect(cancer.featureNames[29]).toBe('worst_fractal_dimension');
    // Labels sort by character code, so benign is class 0 and malignant class 1.
    expect(cancer.classes).toEqual(['benign', 'malignant']);
    expect(classCounts(cancer)).toEqual({ benign: 357, malignant: 212 });
    expect(cancer.X.data[0]).toBe(17.99); // the first tumour's mean radius
  });
});

test('tapegrad train learns iris from the shipped CSV (test accuracy of at least 90%)', async () => {
  const dir = tempDir('iris');
  const run = await runTapegrad(
    ['train', '--dataset', `csv:${join(DATASETS, 'iris.csv')}`, '--target', 'species', '--out', 'iris'],
    { cwd: dir },
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(
    "150 rows, 4 features, target 'species'; classes setosa, versicolor, virginica",
  );
  const accuracy = run.stdout.match(/test accuracy (\d+\.\d)%/);
  expect(accuracy).not.toBeNull();
  expect(Number(accuracy![1])).toBeGreaterThanOrEqual(90);
});
