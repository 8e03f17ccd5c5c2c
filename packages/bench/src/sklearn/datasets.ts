/**
 * The five datasets of the comparison: three drawn by @tapegrad/nn's generators with fixed seeds, two read
 * from the CSV files the repository ships (packages/datasets).
 */
import { fileURLToPath } from 'node:url';
import { circles, type Dataset, moons, spirals } from '@tapegrad/nn';
import { loadCsv } from '@tapegrad/nn/node';

export interface DatasetSource {
  /** The file names' stem and the key in the results. */
  readonly name: string;
  /** Where the rows come from, as a reader can redo it. */
  readonly source: string;
  readonly load: () => Dataset;
}

/** The label of each row as text: the class's name, or its index for generated data. */
export function labelsOf(dataset: Dataset): string[] {
  return Array.from(dataset.y.data, (index) => dataset.classes?.[index] ?? String(index));
}

const shippedCsv = (file: string) => fileURLToPath(new URL(`../../../datasets/${file}`, import.meta.url));

export const DATASET_SOURCES: readonly DatasetSource[] = [
  {
    name: 'moons',
    source: 'moons({ n: 500, noise: 0.2, seed: 0 })',
    load: () => moons({ n: 500, noise: 0.2, seed: 0 }),
  },
  {
    name: 'circles',
    source: 'circles({ n: 500, noise: 0.1, factor: 0.5, seed: 0 })',
    load: () => circles({ n: 500, noise: 0.1, factor: 0.5, seed: 0 }),
  },
  {
    name: 'spirals',
    source: 'spirals({ n: 100, classes: 3, seed: 0 })',
    load: () => spirals({ n: 100, classes: 3, seed: 0 }),
  },
  {
    name: 'iris',
    source: 'packages/datasets/iris.csv',
    load: () => loadCsv(shippedCsv('iris.csv'), { target: 'species' }),
  },
  {
    name: 'breast-cancer',
    source: 'packages/datasets/breast-cancer.csv',
    load: () => loadCsv(shippedCsv('breast-cancer.csv'), { target: 'diagnosis' }),
  },
];
