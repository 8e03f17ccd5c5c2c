/**
 * numpy's legacy RandomState in TypeScript, checked against numbers numpy 1.24 printed (the comments give the
 * Python that printed them), and sklearn's stratified validation split checked against the rows
 * tests/fixtures/sklearn/generate.py recorded from sklearn's train_test_split.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { glorotUniform } from '../../../packages/nn/src/sklearn/initialization.ts';
import { NumpyRandomState } from '../../../packages/nn/src/sklearn/numpy-random-state.ts';
import { validationSplit } from '../../../packages/nn/src/sklearn/validation-split.ts';

const UNIFORM_AT_LARGEST_SEED = -2.511839855029931;
const SHUFFLED_SEED_5 = [9, 5, 2, 4, 7, 1, 0, 8, 6, 3];
const PERMUTATION_SEED_7 = [3, 5, 0, 2, 1, 4];
const CHOICE_SEED_7 = [40, 20];

describe('NumpyRandomState', () => {
  test('random_sample matches numpy.random.RandomState(0), bit for bit', () => {
    // [repr(np.random.RandomState(0).random_sample()) for _ in range(3)], one generator
    const random = new NumpyRandomState(0);
    expect([random.randomSample(), random.randomSample(), random.randomSample()]).toEqual([
      0.5488135039273248, 0.7151893663724195, 0.6027633760716439,
    ]);
  });

  test('uniform(low, high) is low + (high - low) u, as numpy, at the largest seed', () => {
    // np.random.RandomState(2**32 - 1).uniform(-3, 2)
    expect(new NumpyRandomState(2 ** 32 - 1).uniform(-3, 2)).toBe(UNIFORM_AT_LARGEST_SEED);
  });

  test('shuffle, permutation and choice draw as numpy legacy ones do', () => {
    // a = np.arange(10); np.random.RandomState(5).shuffle(a)
    expect(new NumpyRandomState(5).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual(SHUFFLED_SEED_5);
    // r = np.random.RandomState(7); r.permutation(6); r.choice([10, 20, 30, 40], 2, replace=False)
    const random = new NumpyRandomState(7);
    expect(random.permutation(6)).toEqual(PERMUTATION_SEED_7);
    expect(random.choice([10, 20, 30, 40], 2)).toEqual(CHOICE_SEED_7);
  });
});

interface FixtureCase {
  readonly name: string;
  readonly params: Record<string, number | string | number[]>;
  readonly X: number[][];
  readonly y: (number | string)[];
  readonly classes: (number | string)[];
  readonly initialCoefs: number[][][];
  readonly initialIntercepts: number[][];
  readonly split?: { readonly train: number[]; readonly validation: number[] };
}

const cases = (
  JSON.parse(
    readFileSync(new URL('../../fixtures/sklearn/mlp-classifier.json', import.meta.url), 'utf8'),
  ) as { cases: FixtureCase[] }
).cases;
const splitCases = cases.filter((c) => c.split !== undefined);

/** The layer widths of a case's network: [features, hidden..., outputs]. */
function layerUnits(c: FixtureCase): number[] {
  const outputs = c.classes.length === 2 ? 1 : c.classes.length;
  return [c.X[0]!.length, ...((c.params.hidden_layer_sizes as number[] | undefined) ?? [100]), outputs];
}

const activationOf = (c: FixtureCase) => (c.params.activation ?? 'relu') as 'relu' | 'logistic';

test.each(cases.map((c) => [c.name, c] as const))(
  'glorotUniform from random_state draws the initial weights sklearn drew, bit for bit: %s',
  (_, c) => {
    const drawn = glorotUniform(
      layerUnits(c),
      activationOf(c),
      new NumpyRandomState(c.params.random_state as number),
    );
    expect(drawn.coefs.map((W) => Array.from(W.data))).toEqual(c.initialCoefs.map((W) => W.flat()));
    expect(drawn.intercepts.map((b) => Array.from(b))).toEqual(c.initialIntercepts);
  },
);

test('the fixture has early-stopping splits of two classes and of more', () => {
  expect(splitCases.map((c) => c.classes.length).sort()).toEqual([2, 4]);
});

test.each(splitCases.map((c) => [c.name, c] as const))(
  "the validation split is sklearn's train_test_split, rows and order (stratified for two classes only): %s",
  (_, c) => {
    // The split draws from the state the initial weights left, as in sklearn's _fit_stochastic.
    const random = new NumpyRandomState(c.params.random_state as number);
    glorotUniform(layerUnits(c), activationOf(c), random);
    const classIndex = c.y.map((label) => c.classes.indexOf(label));
    const split = validationSplit(
      'test',
      classIndex,
      c.classes.length,
      (c.params.validation_fraction as number | undefined) ?? 0.1,
      random,
    );
    expect(split).toEqual(c.split);
  },
);
