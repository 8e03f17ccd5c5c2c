import type { Rng } from '@tapegrad/autograd';
import { anyNumber, booleanOption, checkOptions, rngOption, shown } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { defaultRng } from '../init/random.ts';
import { checkDataset, type Dataset, numExamples, selectRows } from './dataset.ts';
import { inferNumClasses, labelArray } from './labels.ts';

export interface SplitOptions {
  /** The fraction of rows held out for testing, in (0, 1). Default 0.2. */
  readonly testFraction?: number;
  /**
   * Keep each class's share the same in both parts. Default: true when y holds class indices
   * (integers >= 0, one per row), false otherwise (a regression target).
   */
  readonly stratify?: boolean;
  /** The generator that shuffles. Default the shared one (see `manualSeed`). */
  readonly rng?: Rng;
}

const SPLIT_OPTIONS = { testFraction: anyNumber, stratify: booleanOption, rng: rngOption };

/**
 * Splits a dataset into shuffled train and test parts. The test part has round(n * testFraction)
 * rows. Stratified, class c (count n_c) sends q_c = n_c * nTest / n of its rows to the test part:
 * exactly that when it is a whole number for every class (e.g. 500 + 500 rows at 0.2 -> 100 + 100),
 * else floor(q_c) and the rows left over go to the classes with the largest fractions (ties to the
 * lower class). Which rows of a class go where, and the order of each part, come from `rng`.
 * @example const { train, test } = trainTestSplit(moons({ n: 1000, seed: 0 }), { rng: new Rng(1) });
 */
export function trainTestSplit(
  dataset: Dataset,
  options: SplitOptions = {},
): { readonly train: Dataset; readonly test: Dataset } {
  checkDataset('trainTestSplit', dataset);
  checkOptions('trainTestSplit', options, SPLIT_OPTIONS);
  const n = numExamples(dataset);
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new ConfigError(
      `trainTestSplit: testFraction = ${shown(testFraction)} must lie strictly between 0 and 1`,
    );
  }
  const nTest = Math.round(n * testFraction);
  if (nTest === 0 || nTest === n) {
    throw new ConfigError(
      `trainTestSplit: testFraction ${testFraction} of ${n} rows leaves ${nTest === 0 ? 'the test' : 'the train'} ` +
        'part empty; use more data or another fraction',
    );
  }
  const rng = options.rng ?? defaultRng();
  const stratify = options.stratify ?? holdsClassIndices(dataset);
  const testRows: number[] = [];
  const trainRows: number[] = [];
  if (stratify) {
    if (!holdsClassIndices(dataset)) {
      throw new ConfigError(
        'trainTestSplit: stratify needs y to hold one class index (an integer >= 0) per row; ' +
          'for a regression target pass stratify: false',
      );
    }
    const labels = labelArray('trainTestSplit', dataset.y);
    const members = Array.from({ length: inferNumClasses(labels) }, () => [] as number[]);
    labels.forEach((label, row) => {
      members[label]!.push(row);
    });
    const quotas = testQuotas(
      members.map((rows) => rows.length),
      nTest,
      n,
    );
    members.forEach((rows, c) => {
      const order = rng.permutation(rows.length).map((i) => rows[i]!);
      order.forEach((row, i) => {
        (i < quotas[c]! ? testRows : trainRows).push(row);
      });
    });
  } else {
    rng.permutation(n).forEach((row, i) => {
      (i < nTest ? testRows : trainRows).push(row);
    });
  }
  const shuffled = (rows: number[]) => rng.permutation(rows.length).map((i) => rows[i]!);
  return { train: selectRows(dataset, shuffled(trainRows)), test: selectRows(dataset, shuffled(testRows)) };
}

/** True when y is one integer >= 0 per row: class indices, which a split can stratify by. */
function holdsClassIndices(dataset: Dataset): boolean {
  return (
    dataset.y.numel() === numExamples(dataset) && dataset.y.data.every((v) => Number.isInteger(v) && v >= 0)
  );
}

/**
 * Test rows per class by the largest-remainder method: quota_c = count_c * nTest / n, floored, and
 * the nTest - sum of floors rows left go one each to the largest fractional parts.
 */
function testQuotas(counts: readonly number[], nTest: number, n: number): number[] {
  // count_c * nTest is an exact integer, so a whole quota comes out exactly.
  const exact = counts.map((count) => (count * nTest) / n);
  const quotas = exact.map(Math.floor);
  const left = nTest - quotas.reduce((total, quota) => total + quota, 0);
  const byFraction = exact
    .map((value, c) => ({ c, fraction: value - Math.floor(value) }))
    .sort((a, b) => b.fraction - a.fraction || a.c - b.c);
  for (let i = 0; i < left; i++) quotas[byFraction[i]!.c]!++;
  return quotas;
}
