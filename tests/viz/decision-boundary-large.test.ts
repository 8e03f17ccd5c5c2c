/**
 * A decision boundary over a big dataset (issue 10): it draws at most `maxPoints` points (default 2000),
 * evenly spaced within each class, says in the legend how many of how many are shown, and stays small.
 * Before, 125,000 points overflowed the stack (Math.min(...values) over the coordinates).
 */
import { Tensor, tensor } from '@tapegrad/autograd';
import { MLP } from '@tapegrad/nn';
import { nodeDocument } from '@tapegrad/viz/node';
import { describe, expect, test } from 'vitest';
import { decisionBoundarySvg, sampledPoints } from '../../packages/viz/src/plots/decision-boundary.ts';
import { parseSvg, textsOf } from '../support/svg.ts';

const document = nodeDocument();

/** A one-layer sigmoid network, P(class 1) = sigmoid(x0). */
function logisticModel(): MLP {
  const model = new MLP([2, 1], { output: 'sigmoid' });
  model.loadStateDict({ 'layers.0.weight': tensor([[1], [0]]), 'layers.0.bias': tensor([0]) });
  return model;
}

/** `n` points on a spiral-free pattern: x0 from -1 to 1, x1 = sin of the row; class 1 where x0 > 0.5. */
function bigData(n: number): { X: Tensor; y: Tensor } {
  const X = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[2 * i] = -1 + (2 * i) / n;
    X[2 * i + 1] = Math.sin(i);
    y[i] = X[2 * i]! > 0.5 ? 1 : 0;
  }
  return { X: new Tensor(X, [n, 2]), y: new Tensor(y, [n]) };
}

const circlesIn = (root: ReturnType<typeof parseSvg>, split: string) =>
  [0, 1].reduce(
    (count, label) =>
      count + root.querySelectorAll(`[aria-description="${split} points, class ${label}"] circle`).length,
    0,
  );

describe('decisionBoundarySvg on big data', () => {
  test('800,000 train and 200,000 test points: at most 2000 circles, the legend says how many of how many', () => {
    const train = bigData(800_000);
    const test_ = bigData(200_000);
    const svg = decisionBoundarySvg({ model: logisticModel(), train, test: test_, resolution: 10 }, document);
    const root = parseSvg(svg);
    const trainCircles = circlesIn(root, 'train');
    const testCircles = circlesIn(root, 'test');
    expect(trainCircles + testCircles).toBeLessThanOrEqual(2000);
    // Each split its share (1600 and 400), each class its share of that, rounded down.
    expect(trainCircles).toBeGreaterThanOrEqual(1598);
    expect(testCircles).toBeGreaterThanOrEqual(398);
    const legend = textsOf(root, 'g[aria-label="legend entry"] text');
    expect(legend).toContain(`train (${trainCircles.toLocaleString('en-US')} of 800,000 shown)`);
    expect(legend).toContain(`test (${testCircles} of 200,000 shown)`);
    expect(svg.length).toBeLessThan(1_000_000);
  });

  test('maxPoints sets the cap; data under it is drawn whole, with the plain legend', () => {
    const train = bigData(5000);
    const capped = parseSvg(decisionBoundarySvg({ model: logisticModel(), train, maxPoints: 300 }, document));
    expect(circlesIn(capped, 'train')).toBeLessThanOrEqual(300);
    const whole = parseSvg(decisionBoundarySvg({ model: logisticModel(), train, maxPoints: 5000 }, document));
    expect(circlesIn(whole, 'train')).toBe(5000);
    expect(textsOf(whole, 'g[aria-label="legend entry"] text')).toContain('train');
    expect(() => decisionBoundarySvg({ model: logisticModel(), train, maxPoints: 0 }, document)).toThrow(
      /maxPoints 0 must be a whole number of at least 1/,
    );
  });

  test('sampling keeps each class its share, evenly spaced through its rows, and a rare class at least one point', () => {
    // 990 points of class 0, then 10 of class 1.
    const n = 1000;
    const X = new Float64Array(2 * n).map((_, i) => Math.floor(i / 2));
    const y = new Float64Array(n).map((_, i) => (i >= 990 ? 1 : 0));
    const points = sampledPoints({ X: new Tensor(X, [n, 2]), y: new Tensor(y, [n]) }, 100);
    const classZero = points.filter((point) => point.label === 0).map((point) => point.x);
    const classOne = points.filter((point) => point.label === 1).map((point) => point.x);
    expect(classZero).toHaveLength(99);
    expect(classZero.slice(0, 3)).toEqual([0, 10, 20]);
    expect(classOne).toEqual([990]);
    // The same data gives the same points.
    expect(sampledPoints({ X: new Tensor(X, [n, 2]), y: new Tensor(y, [n]) }, 100)).toEqual(points);
  });
});
