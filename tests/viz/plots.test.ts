/**
 * The plots: learning curves, decision boundaries and gradient comparisons as standalone SVG (Observable
 * Plot drawing into a linkedom document), and their PNGs (resvg). Geometry is checked against the data:
 * a plotted coordinate must be an affine image of the value it shows (a log for log scales).
 */
import { tensor } from '@tapegrad/autograd';
import {
  ConfigError,
  DataError,
  type EpochRecord,
  type GradientComparison,
  type GradientComparisonReport,
  MLP,
  oneHot,
} from '@tapegrad/nn';
import { nodeDocument, svgToPng } from '@tapegrad/viz/node';
import {
  accuracyCurveSvg,
  type ComparisonSeries,
  gradientComparisonSvg,
  hasAccuracy,
  lossCurveSvg,
} from '@tapegrad/viz/plots';
import { describe, expect, test } from 'vitest';
import { accuracyDomain } from '../../packages/viz/src/plots/curve-chart.ts';
import { classIndices, decisionBoundarySvg } from '../../packages/viz/src/plots/decision-boundary.ts';
import { paddedBounds, probabilityGrid } from '../../packages/viz/src/plots/probability-grid.ts';
import { expectAllClose, expectClose } from '../support/assertions.ts';
import { syntheticHistory } from '../support/history.ts';
import { PNG_SIGNATURE, pngSize } from '../support/png.ts';
import { pngPixels, rightmostInk } from '../support/png-pixels.ts';
import { type ParsedElement, parseSvg, pathVertices, textsOf } from '../support/svg.ts';

/** Plot writes coordinates to 3 decimals. */
/** Node has no page: the plots draw into linkedom's document, as the command line's do. */
const document = nodeDocument();
const PIXEL = { atol: 0.01, rtol: 0 };

/** The synthetic history, as this file's tests expect it (lr 0.1, 0.01 s per epoch). */
function epochs(count: number, options: { validation?: boolean; accuracy?: boolean } = {}): EpochRecord[] {
  return syntheticHistory(count, { ...options, lr: 0.1, seconds: 0.01 });
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** (x, y) of a `transform="translate(x,y)"` attribute. */
function translation(element: ParsedElement): [number, number] {
  const match = /translate\((-?[\d.]+),\s*(-?[\d.]+)\)/.exec(element.getAttribute('transform') ?? '');
  if (match === null) throw new Error(`no translate() in ${element.getAttribute('transform')}`);
  return [Number(match[1]), Number(match[2])];
}

/** The position of the tick label with text `label` on an axis ('x' or 'y'). */
function tickPosition(root: ParsedElement, axis: 'x' | 'y', label: string): [number, number] {
  const tick = [...root.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)].find(
    (text) => text.textContent === label,
  );
  if (tick === undefined) throw new Error(`no ${axis} tick labelled '${label}'`);
  return translation(tick);
}

/**
 * Asserts that each screen coordinate is a + b * value for one a and b (found from the first and last
 * pair), and returns the map.
 */
function expectAffine(screen: readonly number[], values: readonly number[]): (value: number) => number {
  expect(screen).toHaveLength(values.length);
  const slope = (screen.at(-1)! - screen[0]!) / (values.at(-1)! - values[0]!);
  const map = (value: number) => screen[0]! + slope * (value - values[0]!);
  values.forEach((value, i) => {
    expectClose(screen[i]!, map(value), PIXEL, `coordinate ${i}`);
  });
  return map;
}

function lineVertices(root: ParsedElement, series: string): [number, number][] {
  const path = root.querySelector(`[aria-description="${series}"] path`);
  expect(path, `a ${series} line`).not.toBeNull();
  return pathVertices(path!.getAttribute('d')!);
}

const legendLabels = (root: ParsedElement) => textsOf(root, 'g[aria-label="legend entry"] text');

describe('learning curves', () => {
  const history = epochs(12);

  test('lossCurveSvg puts one vertex per epoch, its height proportional to the loss, 0 on the axis', () => {
    const root = parseSvg(lossCurveSvg(history, document));
    for (const [series, loss] of [
      ['train', (record: EpochRecord) => record.trainLoss],
      ['validation', (record: EpochRecord) => record.valLoss!],
    ] as const) {
      const vertices = lineVertices(root, series);
      expectAffine(
        vertices.map(([x]) => x),
        history.map((record) => record.epoch),
      );
      const yOf = expectAffine(
        vertices.map(([, y]) => y),
        history.map(loss),
      );
      expectClose(yOf(0), tickPosition(root, 'y', '0.0')[1], PIXEL, 'loss 0');
    }
  });

  test('the loss plot has its title, axis labels and a legend entry per series, and marks each epoch', () => {
    const root = parseSvg(lossCurveSvg(history, document));
    expect(textsOf(root, 'text')).toContain('Loss per epoch');
    expect(textsOf(root, 'g[aria-label="x-axis label"] text')).toEqual(['epoch →']);
    expect(textsOf(root, 'g[aria-label="y-axis label"] text')).toEqual(['↑ loss']);
    expect(legendLabels(root)).toEqual(['train', 'validation']);
    expect(root.querySelector('[aria-description="train"] path')!.getAttribute('marker-mid')).toMatch(
      /^url\(#/,
    );
  });

  test('a long run is drawn as plain lines, without a dot per epoch', () => {
    const root = parseSvg(lossCurveSvg(epochs(100), document));
    expect(lineVertices(root, 'train')).toHaveLength(100);
    expect(root.querySelector('[aria-description="train"] path')!.getAttribute('marker-mid')).toBeNull();
  });

  test('without validation data there is one line and one legend entry', () => {
    const root = parseSvg(lossCurveSvg(epochs(5, { validation: false }), document));
    expect(root.querySelector('[aria-description="validation"]')).toBeNull();
    expect(legendLabels(root)).toEqual(['train']);
  });

  test('accuracyCurveSvg shows accuracy in percent: 40% and 100% at the ticks 40 and 100', () => {
    // The validation accuracy runs from 1 - 0.6 = 40% (epoch 1) to 95% (epoch 12).
    const root = parseSvg(accuracyCurveSvg(history, document));
    expect(textsOf(root, 'g[aria-label="y-axis label"] text')).toEqual(['↑ accuracy (%)']);
    const vertices = lineVertices(root, 'validation');
    const yOf = expectAffine(
      vertices.map(([, y]) => y),
      history.map((record) => record.valAccuracy!),
    );
    expectClose(yOf(0.4), tickPosition(root, 'y', '40')[1], PIXEL, 'accuracy 0.4');
    expectClose(yOf(1), tickPosition(root, 'y', '100')[1], PIXEL, 'accuracy 1');
  });

  test('accuracy that stays within 85-100% gets an axis from 80%, not from 0, with every point inside', () => {
    // Train accuracy 1 - 0.15/epoch: 85% at epoch 1 up to 98.75%; validation 1 - 0.14/epoch: 86% up.
    const high = history.map((record) => ({
      ...record,
      trainAccuracy: 1 - 0.15 / record.epoch,
      valAccuracy: 1 - 0.14 / record.epoch,
    }));
    const root = parseSvg(accuracyCurveSvg(high, document));
    const ticks = textsOf(root, 'g[aria-label="y-axis tick label"] text').map(Number);
    expect(ticks[0]).toBe(80);
    expect(ticks.at(-1)).toBe(100);
    expect(ticks).not.toContain(0);
    // The lowest point (85%) is above the axis's bottom (80%) and the highest below its top (100%).
    const [, bottom] = tickPosition(root, 'y', '80');
    const [, top] = tickPosition(root, 'y', '100');
    for (const series of ['train', 'validation']) {
      for (const [, y] of lineVertices(root, series)) {
        expect(y).toBeLessThan(bottom);
        expect(y).toBeGreaterThan(top);
      }
    }
  });

  test('accuracyDomain pads the data by 5% of its spread (at least 1 point), rounded out to 5%, within [0, 1]', () => {
    expect(accuracyDomain([0.85, 0.9, 1])).toEqual([0.8, 1]); // 0.85 - 0.01 -> 0.8; 1 + 0.01 -> capped at 1
    expect(accuracyDomain([0.4, 0.95])).toEqual([0.35, 1]); // padding 0.0275: 0.3725 -> 0.35; 0.9775 -> 1
    expect(accuracyDomain([0.005, 0.5])).toEqual([0, 0.55]); // -0.02 -> 0; 0.5248 -> 0.55
    expect(accuracyDomain([1, 1])).toEqual([0.95, 1]);
  });

  test('bestEpoch draws a vertical rule at that epoch labelled "kept: epoch N"', () => {
    for (const plot of [lossCurveSvg, accuracyCurveSvg]) {
      const root = parseSvg(plot(history, document, { bestEpoch: 9 }));
      const rule = root.querySelector('[aria-description="marked epoch"] line')!;
      expect(rule, plot.name).not.toBeNull();
      const trainX = lineVertices(root, 'train').map(([x]) => x);
      // The rule stands at epoch 9's x (the 9th vertex) and spans the frame vertically.
      expectClose(Number(rule.getAttribute('x1')), trainX[8]!, PIXEL, 'rule x');
      expect(rule.getAttribute('x2')).toBe(rule.getAttribute('x1'));
      expect(Number(rule.getAttribute('y2')) - Number(rule.getAttribute('y1'))).toBeGreaterThan(200);
      expect(textsOf(root, '[aria-description="marked epoch label"] text')).toEqual(['kept: epoch 9']);
    }
    const plain = parseSvg(lossCurveSvg(history, document));
    expect(plain.querySelector('[aria-description="marked epoch"]')).toBeNull();
  });

  test('heldOut names the held-out series: "test" for a test split passed as validation data', () => {
    const root = parseSvg(lossCurveSvg(history, document, { heldOut: 'test' }));
    expect(legendLabels(root)).toEqual(['train', 'test']);
    expect(root.querySelector('[aria-description="test"] path')).not.toBeNull();
    expect(root.querySelector('[aria-description="validation"]')).toBeNull();
    expect(legendLabels(parseSvg(accuracyCurveSvg(history, document, { heldOut: 'test' })))).toEqual([
      'train',
      'test',
    ]);
  });

  test('a bestEpoch outside the history and an unknown heldOut are refused, naming the option', () => {
    expect(() => lossCurveSvg(history, document, { bestEpoch: 13 })).toThrow(
      'lossCurveSvg: bestEpoch 13 is not an epoch of the history (it has epochs 1 to 12)',
    );
    expect(() => accuracyCurveSvg(history, document, { heldOut: 'holdout' as 'test' })).toThrow(
      "accuracyCurveSvg: heldOut 'holdout' is not one of 'test', 'validation'",
    );
  });

  test('a regression run (no accuracy) gets a figure that says so instead of a chart', () => {
    const regression = epochs(5, { accuracy: false });
    expect(hasAccuracy(regression)).toBe(false);
    expect(hasAccuracy(history)).toBe(true);
    const root = parseSvg(accuracyCurveSvg(regression, document));
    expect(textsOf(root, 'text').join(' ')).toContain(
      'No accuracy: this run predicts real values (mse loss)',
    );
    expect(root.querySelector('path')).toBeNull();
  });

  test('an empty history gets a figure that says no epochs were recorded', () => {
    for (const svg of [lossCurveSvg([], document), accuracyCurveSvg([], document)]) {
      expect(textsOf(parseSvg(svg), 'text')).toContain('No epochs recorded yet.');
    }
  });
});

/** A one-layer sigmoid network with P(class 1) = sigmoid(w0 x0 + w1 x1 + bias). */
function logisticModel(w0: number, w1: number, bias = 0): MLP {
  const model = new MLP([2, 1], { output: 'sigmoid' });
  model.loadStateDict({ 'layers.0.weight': tensor([[w0], [w1]]), 'layers.0.bias': tensor([bias]) });
  return model;
}

/** A one-layer softmax network over 3 classes with logits [x0, x1, 0]. */
function threeClassModel(): MLP {
  const model = new MLP([2, 3], { output: 'softmax' });
  model.loadStateDict({
    'layers.0.weight': tensor([
      [1, 0, 0],
      [0, 1, 0],
    ]),
    'layers.0.bias': tensor([0, 0, 0]),
  });
  return model;
}

describe('the probability grid behind a decision boundary', () => {
  test('samples the model at the centre of each cell, bottom row first', () => {
    // Cells of width 1 across [-2, 2] and height 1 over [-1, 1]: centres x = -1.5, -0.5, 0.5, 1.5; y = -0.5, 0.5.
    const grid = probabilityGrid(logisticModel(1, 2), { xMin: -2, xMax: 2, yMin: -1, yMax: 1 }, 4, 2);
    const expected = [-0.5, 0.5].flatMap((y) => [-1.5, -0.5, 0.5, 1.5].map((x) => sigmoid(x + 2 * y)));
    expectAllClose(grid.probabilities[1]!, expected);
    expectAllClose(
      grid.probabilities[0]!,
      expected.map((p) => 1 - p),
    );
  });

  test('a softmax model gives one probability per class', () => {
    const grid = probabilityGrid(threeClassModel(), { xMin: 0, xMax: 1, yMin: 0, yMax: 2 }, 1, 1);
    // The one cell's centre is (0.5, 1): logits [0.5, 1, 0].
    const total = Math.exp(0.5) + Math.exp(1) + 1;
    expectAllClose(
      grid.probabilities.map((column) => column[0]!),
      [Math.exp(0.5) / total, Math.exp(1) / total, 1 / total],
    );
  });

  test('the grid points go through `transform` first: doubling them samples the doubled rectangle', () => {
    const model = logisticModel(1, -1);
    const transformed = probabilityGrid(model, { xMin: -1, xMax: 1, yMin: 0, yMax: 1 }, 3, 3, (X) =>
      X.mul(2),
    );
    const doubled = probabilityGrid(model, { xMin: -2, xMax: 2, yMin: 0, yMax: 2 }, 3, 3);
    expectAllClose(transformed.probabilities[1]!, doubled.probabilities[1]!);
  });

  test('dropout is off for the grid and the model is back in training mode after', () => {
    const model = new MLP([2, 8, 1], { output: 'sigmoid', dropout: 0.5 });
    const extent = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
    const first = probabilityGrid(model, extent, 5, 5);
    const second = probabilityGrid(model, extent, 5, 5);
    expectAllClose(first.probabilities[1]!, second.probabilities[1]!);
    expect(model.training).toBe(true);
  });

  test('paddedBounds widens the data range by 10% on each side, and by 1 where all points agree', () => {
    expect(paddedBounds([tensor([[0, 3]]), tensor([[10, 3]])])).toEqual({
      xMin: -1,
      xMax: 11,
      yMin: 2,
      yMax: 4,
    });
  });

  test('classIndices reads labels [n], 0/1 columns [n, 1] and one-hot rows [n, k]', () => {
    expect(classIndices(tensor([2, 0, 1]))).toEqual([2, 0, 1]);
    expect(classIndices(tensor([[1], [0]]))).toEqual([1, 0]);
    expect(classIndices(oneHot([2, 0, 1], 3))).toEqual([2, 0, 1]);
    expect(() => classIndices(tensor([0.5]))).toThrow(DataError);
  });
});

/** '#rrggbb' as [r, g, b]. */
function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16)) as [
    number,
    number,
    number,
  ];
}

describe('decisionBoundarySvg', () => {
  // Symmetric about x0 = 0: the x range [-1, 1] padded by 10% gives [-1.2, 1.2].
  const train = {
    X: tensor([
      [-1, -1],
      [1, 1],
      [-0.5, 0.2],
      [0.5, -0.3],
      [0.9, 0.1],
    ]),
    y: tensor([0, 1, 0, 1, 1]),
  };
  const test_ = {
    X: tensor([
      [-1, 1],
      [1, -1],
      [0.2, 0.4],
    ]),
    y: tensor([0, 1, 1]),
  };

  test('draws every train and test point at its coordinates: train filled, test hollow rings, coloured by class', () => {
    const root = parseSvg(
      decisionBoundarySvg({ model: logisticModel(4, 0), train, test: test_, resolution: 20 }, document),
    );
    const points = (selector: string) => [
      ...root.querySelectorAll(`[aria-description="${selector}"] circle`),
    ];
    expect(points('train points, class 0')).toHaveLength(2);
    expect(points('train points, class 1')).toHaveLength(3);
    expect(points('test points, class 0')).toHaveLength(1);
    expect(points('test points, class 1')).toHaveLength(2);
    const trainCircles = [...points('train points, class 0'), ...points('train points, class 1')];
    expectAffine(
      trainCircles.map((circle) => Number(circle.getAttribute('cx'))),
      [-1, -0.5, 1, 0.5, 0.9],
    );
    for (const label of [0, 1]) {
      const filled = root.querySelector(`[aria-description="train points, class ${label}"]`)!;
      const hollow = root.querySelector(`[aria-description="test points, class ${label}"]`)!;
      expect(hollow.getAttribute('fill')).toBe('none');
      expect(hollow.getAttribute('stroke')).toBe(filled.getAttribute('fill'));
    }
    expect(root.querySelector('[aria-description="train points, class 0"]')!.getAttribute('fill')).not.toBe(
      root.querySelector('[aria-description="train points, class 1"]')!.getAttribute('fill'),
    );
    expect(legendLabels(root)).toEqual(['class 0', 'class 1', 'train', 'test', 'decision boundary']);
  });

  test('every marker reads on any background: an edge or ring unlike its fill, on a white halo wider than it', () => {
    // Before, a class-1 train point was blue edged in white: on the blue region only its white edge showed,
    // a ring, which the legend says is a test point.
    const root = parseSvg(
      decisionBoundarySvg({ model: logisticModel(4, 0), train, test: test_, resolution: 12 }, document),
    );
    const attribute = (selector: string, name: string) =>
      root.querySelector(`[aria-description="${selector}"]`)!.getAttribute(name);
    const circles = (selector: string) => [
      ...root.querySelectorAll(`[aria-description="${selector}"] circle`),
    ];
    for (const label of [0, 1]) {
      const trainPoints = `train points, class ${label}`;
      // A train point: a filled disc with a dark edge, so it shows on a region of its own colour.
      expect(attribute(trainPoints, 'stroke')).not.toBe(attribute(trainPoints, 'fill'));
      expect(rgb(attribute(trainPoints, 'stroke')!).every((channel) => channel < 64)).toBe(true);
      // A test point: a ring with nothing inside.
      expect(attribute(`test points, class ${label}`, 'fill')).toBe('none');
      expect(Number(attribute(`test points, class ${label}`, 'stroke-width'))).toBeGreaterThanOrEqual(2);
    }
    // One halo per point, white, reaching beyond the marker: a disc under a train point, a ring under a test one.
    for (const [split, count] of [
      ['train', 5],
      ['test', 3],
    ] as const) {
      const halos = circles(`${split} point halos`);
      expect(halos, split).toHaveLength(count);
      const marker = circles(`${split} points, class 1`)[0]!;
      const halo = halos.find(
        (circle) =>
          circle.getAttribute('cx') === marker.getAttribute('cx') &&
          circle.getAttribute('cy') === marker.getAttribute('cy'),
      )!;
      expect(halo, `${split} halo under the marker`).toBeDefined();
      const outerEdge = (circle: typeof marker, widthSource: string) =>
        Number(circle.getAttribute('r') ?? attribute(widthSource, 'r')) +
        Number(attribute(widthSource, 'stroke-width') ?? 0) / 2;
      expect(outerEdge(halo, `${split} point halos`)).toBeGreaterThan(
        outerEdge(marker, `${split} points, class 1`),
      );
    }
    expect(attribute('train point halos', 'fill')).toBe('white');
    expect(attribute('test point halos', 'stroke')).toBe('white');
    expect(attribute('test point halos', 'fill')).toBe('none');
    // The halos lie under the points: earlier in the document.
    const order = [...root.querySelectorAll('[aria-description]')].map((mark) =>
      mark.getAttribute('aria-description'),
    );
    expect(order.indexOf('train point halos')).toBeLessThan(order.indexOf('train points, class 0'));
    expect(order.indexOf('test point halos')).toBeLessThan(order.indexOf('test points, class 0'));
  });

  test('classNames name the classes in the legend, the colour scale, the subtitle and the marks', () => {
    const root = parseSvg(
      decisionBoundarySvg(
        { model: logisticModel(4, 0), train, test: test_, resolution: 12, classNames: ['inner', 'outer'] },
        document,
      ),
    );
    expect(legendLabels(root)).toEqual(['inner', 'outer', 'train', 'test', 'decision boundary']);
    const texts = textsOf(root, 'text');
    expect(texts).toContain('P(outer)');
    expect(texts.join(' ')).toContain("colour: the model's probability of outer (red: inner)");
    expect(texts.join(' ')).not.toMatch(/class [01]/);
    expect(root.querySelector('[aria-description="train points, outer"] circle')).not.toBeNull();
    expect(root.querySelector('[aria-description="P(outer) bands"] path')).not.toBeNull();
    expect(() =>
      decisionBoundarySvg({ model: logisticModel(4, 0), train, classNames: ['inner'] }, document),
    ).toThrow('decisionBoundarySvg: classNames has 1 name but the model has 2 classes');
  });

  test('showMisclassified crosses out each test point the model gets wrong and counts them', () => {
    // P(class 1) = sigmoid(4 x0): the model predicts class 1 exactly where x0 >= 0.
    const mixed = {
      X: tensor([
        [-1, 1], // class 0, predicted 0
        [1, -1], // class 1, predicted 1
        [0.2, 0.4], // class 0, predicted 1: wrong
        [-0.3, 0], // class 1, predicted 0: wrong
        [0.6, 0.5], // class 1, predicted 1
      ]),
      y: tensor([0, 1, 0, 1, 1]),
    };
    const root = parseSvg(
      decisionBoundarySvg(
        { model: logisticModel(4, 0), train, test: mixed, resolution: 12, showMisclassified: true },
        document,
      ),
    );
    expect(legendLabels(root)).toContain('misclassified: 2 of 5 test points');
    const crosses = [...root.querySelectorAll('[aria-description="misclassified test points"] path')];
    expect(crosses).toHaveLength(2);
    expect(root.querySelectorAll('[aria-description="misclassified test point halos"] path')).toHaveLength(2);
    // Each cross sits on a wrong point's ring: rows 2 and 3, the only test points with x0 in (-0.5, 0.5).
    const ringXs = [...root.querySelectorAll('[aria-description^="test points"] circle')].map((circle) =>
      Number(circle.getAttribute('cx')),
    );
    const crossXs = crosses.map((cross) => translation(cross)[0]);
    const [zero] = tickPosition(root, 'x', '0.0');
    const [half] = tickPosition(root, 'x', '0.5');
    const xOf = (x0: number) => zero + (x0 / 0.5) * (half - zero);
    expect(crossXs.sort((a, b) => a - b).map((x) => x.toFixed(1))).toEqual(
      [xOf(-0.3), xOf(0.2)].map((x) => x.toFixed(1)),
    );
    for (const x of crossXs) expect(ringXs.some((ringX) => Math.abs(ringX - x) < 0.01)).toBe(true);

    const plain = parseSvg(
      decisionBoundarySvg({ model: logisticModel(4, 0), train, test: mixed, resolution: 12 }, document),
    );
    expect(plain.querySelector('[aria-description="misclassified test points"]')).toBeNull();
    expect(() =>
      decisionBoundarySvg({ model: logisticModel(4, 0), train, showMisclassified: true }, document),
    ).toThrow(/showMisclassified marks the misclassified TEST points; pass `test` data too/);
  });

  test('for P(class 1) = sigmoid(4 x0 - 1.2) the P = 0.5 contour is the line x0 = 0.3, red left, blue right', () => {
    const model = logisticModel(4, 0, -1.2);
    const root = parseSvg(decisionBoundarySvg({ model, train, test: test_, resolution: 24 }, document));
    const frame = root.querySelector('[aria-label="frame"]')!;
    const [left, top] = [Number(frame.getAttribute('x')), Number(frame.getAttribute('y'))];
    const [right, bottom] = [
      left + Number(frame.getAttribute('width')),
      top + Number(frame.getAttribute('height')),
    ];
    const [zero] = tickPosition(root, 'x', '0.0');
    const [half] = tickPosition(root, 'x', '0.5');
    const boundaryX = zero + 0.6 * (half - zero); // x0 = 0.3
    // The grid reaches one cell past the frame, so the contours' border edges lie outside it (clipped).
    const inside = (d: string) =>
      pathVertices(d).filter(([x, y]) => x > left && x < right && y > top && y < bottom);

    const boundary = inside(
      root.querySelector('[aria-description="decision boundary"] path')!.getAttribute('d')!,
    );
    expect(boundary.length).toBeGreaterThan(2);
    // Between grid points the contour interpolates linearly; sigmoid is nearly linear near P = 0.5.
    for (const [x] of boundary) expectClose(x, boundaryX, { atol: 0.1, rtol: 0 }, 'boundary x');

    // Ten bands: P >= 0, 0.1, ..., 0.9; P ranges from sigmoid(-6) to sigmoid(3.6), so each has a region.
    const bands = [...root.querySelectorAll('[aria-description="P(class 1) bands"] path')];
    expect(bands).toHaveLength(10);
    bands.forEach((band, k) => {
      const [red, , blue] = rgb(band.getAttribute('fill')!);
      if (k < 5) {
        expect(red, `band ${k} is red`).toBeGreaterThan(blue);
      } else {
        expect(blue, `band ${k} is blue`).toBeGreaterThan(red);
        for (const [x] of inside(band.getAttribute('d')!)) expect(x).toBeGreaterThan(boundaryX - 0.1);
      }
    });
  });

  test('a softmax model gets a region and a boundary per class, and a legend entry per class', () => {
    const data = {
      X: tensor([
        [2, 0],
        [0, 2],
        [-2, -2],
      ]),
      y: tensor([0, 1, 2]),
    };
    const root = parseSvg(
      decisionBoundarySvg({ model: threeClassModel(), train: data, resolution: 16 }, document),
    );
    for (const c of [0, 1, 2]) {
      expect(root.querySelector(`[aria-description="class ${c} region"] path`), `class ${c}`).not.toBeNull();
      expect(
        root.querySelector(`[aria-description="class ${c} boundary"] path`),
        `class ${c}`,
      ).not.toBeNull();
    }
    expect(legendLabels(root)).toEqual(['class 0', 'class 1', 'class 2', 'train', 'decision boundary']);
  });

  test('the title is escaped in the SVG and reads back as given', () => {
    const title = 'moons <2-16-1> & "tanh"';
    const svg = decisionBoundarySvg({ model: logisticModel(1, 0), train, title, resolution: 8 }, document);
    expect(textsOf(parseSvg(svg), 'text')).toContain(title);
  });

  test('inputs that are not 2-D, models without class probabilities and bad resolutions are refused', () => {
    const threeFeatures = { X: tensor([[1, 2, 3]]), y: tensor([0]) };
    expect(() => decisionBoundarySvg({ model: logisticModel(1, 0), train: threeFeatures }, document)).toThrow(
      /for 2-D inputs \[n, 2\] only/,
    );
    expect(() => decisionBoundarySvg({ model: new MLP([2, 1]), train }, document)).toThrow(
      /output is linear/,
    );
    expect(() =>
      decisionBoundarySvg({ model: new MLP([2, 2], { output: 'sigmoid' }), train }, document),
    ).toThrow(/one sigmoid output/);
    expect(() =>
      decisionBoundarySvg({ model: logisticModel(1, 0), train, resolution: 1.5 }, document),
    ).toThrow(ConfigError);
  });
});

/** A report of the given max |a - b| values (atol 1e-12, rtol 1e-10 unless given); a row fails above atol. */
function comparisonReport(
  differences: Readonly<Record<string, number>>,
  atol = 1e-12,
  rtol = 1e-10,
): GradientComparisonReport {
  const rows: GradientComparison[] = Object.entries(differences).map(([name, maxAbsDiff]) => ({
    name,
    shape: [2],
    maxAbsDiff,
    maxRelDiff: maxAbsDiff,
    worstIndex: [0],
    passed: maxAbsDiff <= atol,
  }));
  return { passed: rows.every((row) => row.passed), rows, atol, rtol, toString: () => '' };
}

/** One comparison, as most of these tests draw. */
const single = (differences: Readonly<Record<string, number>>): ComparisonSeries[] => [
  { label: 'manual vs autograd', report: comparisonReport(differences) },
];

const dotXs = (root: ParsedElement, label = 'manual vs autograd') =>
  [...root.querySelectorAll(`[aria-description="differences: ${label}"] circle`)].map((dot) =>
    Number(dot.getAttribute('cx')),
  );

describe('gradientComparisonSvg', () => {
  test('one dot per parameter at log10 of its max |a - b|; an exact 0 at the floor 1e-20, said so, no "0" tick', () => {
    const root = parseSvg(
      gradientComparisonSvg(
        single({ 'layer1.weight': 1e-15, 'layer1.bias': 1e-13, b: 0 }),
        undefined,
        document,
      ),
    );
    const xOf = expectAffine(dotXs(root), [-15, -13, -20]);
    expectClose(tickPosition(root, 'x', '1e-20')[0], xOf(-20), PIXEL, 'the floor tick');
    expectClose(tickPosition(root, 'x', '1e-12')[0], xOf(-12), PIXEL, 'the 1e-12 tick');
    expect(textsOf(root, 'g[aria-label="x-axis tick label"] text')).not.toContain('0');
    expect(textsOf(root, '[aria-description="difference values: manual vs autograd"] text')).toEqual([
      '1.0e-15',
      '1.0e-13',
      '0 (drawn at 1e-20)',
    ]);
    expect(textsOf(root, 'g[aria-label="y-axis tick label"] text')).toEqual([
      'layer1.weight',
      'layer1.bias',
      'b',
    ]);
    expect(textsOf(root, '[aria-description="tolerance"] text')).toEqual(['atol 1e-12']);
  });

  test('manual vs autograd, autograd vs finite differences and manual vs finite differences are three series', () => {
    const differences = { 'layer1.weight': 1e-16, 'layer1.bias': 0 };
    const numerical = { 'layer1.weight': 3e-10, 'layer1.bias': 2e-11 };
    const root = parseSvg(
      gradientComparisonSvg(
        [
          { label: 'manual vs autograd', report: comparisonReport(differences) },
          { label: 'autograd vs finite differences', report: comparisonReport(numerical, 1e-8, 1e-6) },
          { label: 'manual vs finite differences', report: comparisonReport(numerical, 1e-8, 1e-6) },
        ],
        undefined,
        document,
      ),
    );
    const series = [...root.querySelectorAll('[aria-description^="differences: "]')];
    expect(series.map((mark) => mark.getAttribute('aria-description'))).toEqual([
      'differences: manual vs autograd',
      'differences: autograd vs finite differences',
      'differences: manual vs finite differences',
    ]);
    for (const mark of series) expect(mark.querySelectorAll('circle')).toHaveLength(2);
    expect(new Set(series.map((mark) => mark.getAttribute('fill'))).size).toBe(3);
    // Each its own row within a parameter's band: the same parameter's dots at three different heights.
    const heights = series.map((mark) => {
      const shift = mark.getAttribute('transform') === null ? 0 : translation(mark)[1];
      return shift + Number([...mark.querySelectorAll('circle')][0]!.getAttribute('cy'));
    });
    expect(new Set(heights).size).toBe(3);
    expect(legendLabels(root).slice(0, 3)).toEqual([
      'manual vs autograd',
      'autograd vs finite differences',
      'manual vs finite differences',
    ]);
    // Two tolerances, each a dashed line with its label; the subtitle gives each comparison's.
    expect(textsOf(root, '[aria-description="tolerance"] text')).toEqual(['atol 1e-12', 'atol 1e-8']);
    expect(textsOf(root, 'text').join(' ')).toContain('autograd vs finite differences: atol 1e-8, rtol 1e-6');
    expect(textsOf(root, 'g[aria-label="x-axis tick label"] text')).not.toContain('0');
  });

  test('a failing parameter is ringed in red apart from the passing ones', () => {
    const root = parseSvg(
      gradientComparisonSvg(single({ a: 1e-16, b: 1e-9, c: 1e-14 }), undefined, document),
    );
    const rings = [...root.querySelectorAll('[aria-description="failures: manual vs autograd"] circle')];
    expect(rings).toHaveLength(1);
    expect(rings[0]!.getAttribute('cx')).toBe(String(dotXs(root)[1]));
  });

  test('an infinite difference (a NaN entry) sits at the top of the axis, labelled inf', () => {
    const root = parseSvg(
      gradientComparisonSvg(single({ a: 1e-14, b: Number.POSITIVE_INFINITY }), undefined, document),
    );
    const [, infinite] = dotXs(root);
    expectClose(tickPosition(root, 'x', 'inf')[0], infinite!, PIXEL, 'the inf tick');
    expect(textsOf(root, '[aria-description="difference values: manual vs autograd"] text')).toEqual([
      '1.0e-14',
      'inf or NaN',
    ]);
  });

  test('a nonzero difference below 1e-20 moves the floor a decade below it', () => {
    const root = parseSvg(gradientComparisonSvg(single({ a: 1e-25, b: 0 }), undefined, document));
    const [tiny, zero] = dotXs(root);
    expectClose(tickPosition(root, 'x', '1e-26')[0], zero!, PIXEL, 'the floor tick');
    expect(tiny!).toBeGreaterThan(zero! + 1);
    expect(textsOf(root, '[aria-description="difference values: manual vs autograd"] text')).toContain(
      '0 (drawn at 1e-26)',
    );
  });

  test('a long title wraps: no title ink reaches the right edge of the rendered PNG', () => {
    // `tapegrad compare --layers 3` titled its plot like this; one line ran past the 640-pixel figure.
    const title =
      'Manual vs autograd gradients: MLP(3-4-4-4-1, hidden tanh, output sigmoid), 5 random samples';
    const svg = gradientComparisonSvg(single({ a: 1e-16 }), title, document);
    const root = parseSvg(svg);
    const titleLines = [...root.querySelectorAll('text[font-weight="bold"]')];
    expect(titleLines.length).toBeGreaterThan(1);
    expect(titleLines.map((line) => line.textContent).join(' ')).toBe(title);
    const width = Number(root.getAttribute('width'));
    const lastBaseline = Number(titleLines.at(-1)!.getAttribute('y'));
    const ink = rightmostInk(pngPixels(svgToPng(svg)), 0, lastBaseline + 4);
    expect(ink).toBeGreaterThan(width / 2);
    expect(ink).toBeLessThan(width - 8);
  });

  test('no comparison is refused', () => {
    expect(() => gradientComparisonSvg([], undefined, document)).toThrow(
      'gradientComparisonSvg: there is no comparison to plot',
    );
  });
});

describe('svgToPng', () => {
  const history = epochs(10);
  const plots: Record<string, string> = {
    loss: lossCurveSvg(history, document),
    accuracy: accuracyCurveSvg(history, document),
    'decision boundary': decisionBoundarySvg(
      {
        model: logisticModel(2, 1),
        train: {
          X: tensor([
            [0, 0],
            [1, 1],
          ]),
          y: tensor([0, 1]),
        },
        resolution: 10,
      },
      document,
    ),
    gradients: gradientComparisonSvg(single({ a: 1e-16, b: 0 }), undefined, document),
  };

  test.each(Object.keys(plots))('the %s plot becomes a PNG of the SVG size, far from blank', (name) => {
    const svg = plots[name]!;
    const root = parseSvg(svg);
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const size = pngSize(png);
    expect(size).toEqual({
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
    });
    const blank = `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}"></svg>`;
    expect(png.length).toBeGreaterThan(4 * svgToPng(blank).length);
  });

  test('malformed SVG is refused: an unclosed tag, a bare &, a root outside the SVG namespace', () => {
    for (const svg of [
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g><text>a</g></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>a & b</text></svg>',
      '<svg width="10" height="10"></svg>',
    ]) {
      expect(() => svgToPng(svg)).toThrow(/SVG data parsing failed/);
      expect(() => parseSvg(svg)).toThrow(/not a well-formed standalone SVG/);
    }
  });
});
