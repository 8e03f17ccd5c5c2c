/**
 * tapegrad's MLPClassifier against scikit-learn's, number for number: every case of
 * tests/fixtures/sklearn/mlp-classifier.json (written by generate.py from sklearn's own fit) is replayed
 * from the initial weights sklearn drew, with the tape's gradients and with the hand-derived ones, and every
 * recorded number (loss curve, epochs run, final weights, best loss, validation scores, probabilities) is
 * checked within rtol 1e-9. The random state is numpy's RandomState, so the same seed also draws the
 * same initial weights, shuffles and validation split as sklearn: checked exactly.
 */
import { readFileSync } from 'node:fs';
import { MLPClassifier, type MLPClassifierOptions } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectClose, type Tolerance } from '../../support/assertions.ts';

interface FixtureCase {
  readonly name: string;
  readonly params: Record<string, unknown>;
  readonly X: number[][];
  readonly y: (number | string)[];
  readonly initialCoefs: number[][][];
  readonly initialIntercepts: number[][];
  readonly classes: (number | string)[];
  readonly outActivation: string;
  readonly lossCurve: number[];
  readonly nIter: number;
  readonly t: number;
  readonly bestLoss: number | null;
  readonly validationScores: number[] | null;
  readonly bestValidationScore: number | null;
  readonly coefs: number[][][];
  readonly intercepts: number[][];
  readonly probaRows: number[][];
  readonly predictProba: number[][];
  readonly predict: (number | string)[];
  readonly score: number;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/sklearn/mlp-classifier.json', import.meta.url), 'utf8'),
) as { sklearn: string; cases: FixtureCase[] };

/**
 * rtol 1e-9 as the issue asks (measured: within 8e-14 relative, 1e-15 absolute; matrix products summed in
 * another order than numpy's BLAS differ in the last bits, and the difference grows over the epochs), and
 * atol 1e-12 for weights and gradients that pass near 0, where a relative bound means nothing.
 */
const TOLERANCE: Tolerance = { rtol: 1e-9, atol: 1e-12 };

/** sklearn's snake_case parameters as MLPClassifier's camelCase options. */
function optionsOf(params: Record<string, unknown>): MLPClassifierOptions {
  const renamed: Record<string, string> = { beta_1: 'beta1', beta_2: 'beta2' };
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      renamed[key] ?? key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      value,
    ]),
  ) as MLPClassifierOptions;
}

function expectMatrices(actual: number[][][], expected: number[][][], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  expected.forEach((matrix, l) => {
    expect([actual[l]!.length, actual[l]![0]!.length], `${what}[${l}] shape`).toEqual([
      matrix.length,
      matrix[0]!.length,
    ]);
    expectAllClose(actual[l]!, matrix, TOLERANCE);
  });
}

test('the fixture covers both solvers, every activation and schedule, both output layers and the stopping rules', () => {
  const params = fixture.cases.map((c) => c.params);
  const values = (key: string) => new Set(params.map((p) => p[key]));
  expect(values('solver')).toEqual(new Set([undefined, 'sgd']));
  expect(values('activation')).toEqual(new Set([undefined, 'tanh', 'logistic', 'identity']));
  expect(values('learning_rate')).toEqual(new Set([undefined, 'invscaling', 'adaptive']));
  expect(values('nesterovs_momentum')).toContain(false);
  expect(values('momentum')).toContain(0);
  expect(values('early_stopping')).toContain(true);
  expect(values('shuffle')).toEqual(new Set([false, true]));
  expect(new Set(fixture.cases.map((c) => c.outActivation))).toEqual(new Set(['logistic', 'softmax']));
  // Some runs stop by tol before max_iter.
  expect(fixture.cases.some((c) => c.nIter < (c.params.max_iter as number))).toBe(true);
});

describe.each(fixture.cases.map((c) => [c.name, c] as const))(`sklearn ${fixture.sklearn}: %s`, (_, c) => {
  const replays = [
    ['autograd', 'the initial weights sklearn drew'],
    ['manual', 'the initial weights sklearn drew'],
    ['manual', 'weights drawn from randomState alone'],
  ] as const;
  test.each(replays)('%s gradients from %s replay sklearn within rtol 1e-9', (gradients, start) => {
    const clf = new MLPClassifier({ ...optionsOf(c.params), gradients });
    if (start === 'weights drawn from randomState alone') clf.fit(c.X, c.y);
    else clf.fit(c.X, c.y, { coefs: c.initialCoefs, intercepts: c.initialIntercepts });
    expect(clf.classes).toEqual(c.classes);
    expect(clf.outActivation).toBe(c.outActivation);
    expect(clf.nIter).toBe(c.nIter);
    expect(clf.t).toBe(c.t);
    expectAllClose(clf.lossCurve, c.lossCurve, TOLERANCE);
    if (c.bestLoss === null) expect(clf.bestLoss).toBeNull();
    else expectClose(clf.bestLoss!, c.bestLoss, TOLERANCE, 'bestLoss');
    expect(clf.validationScores).toEqual(c.validationScores);
    expect(clf.bestValidationScore).toEqual(c.bestValidationScore);
    expectMatrices(clf.coefs, c.coefs, 'coefs');
    expectMatrices(
      clf.intercepts.map((b) => [b]),
      c.intercepts.map((b) => [b]),
      'intercepts',
    );
    expectAllClose(clf.predictProba(c.probaRows), c.predictProba, TOLERANCE);
    expect(clf.predict(c.probaRows)).toEqual(c.predict);
    expect(clf.score(c.X, c.y)).toBe(c.score);
  });
});
