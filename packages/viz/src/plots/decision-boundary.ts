/**
 * The decision boundary of a classifier on 2-D inputs: its class probabilities as filled contours over
 * the plane, the data points on top (train filled, test hollow, misclassified test points crossed out if
 * asked), coloured by their true class and named by the data's class names.
 */
import * as Plot from '@observablehq/plot';
import type { Tensor } from '@tapegrad/autograd';
import { ConfigError, DataError, type Network, predictClasses } from '@tapegrad/nn';
import { composeFigure, FIGURE_WIDTH } from './figure.ts';
import type { LabeledPoint } from './labeled-point.ts';
import { type LegendEntry, swatchLegend } from './legend.ts';
import { misclassifiedMarks, pointMarks } from './point-markers.ts';
import {
  checkClassifier,
  evalOutput,
  type PlaneBounds,
  type ProbabilityGrid,
  paddedBounds,
  probabilityGrid,
} from './probability-grid.ts';
import { type PlotDocument, pageDocument, type SvgElement } from './svg-document.ts';

export interface DecisionBoundaryOptions {
  readonly model: Network;
  /** Inputs X [n, 2] in their original units; labels y [n], [n, 1] (0/1) or one-hot [n, k]. */
  readonly train: { readonly X: Tensor; readonly y: Tensor };
  readonly test?: { readonly X: Tensor; readonly y: Tensor };
  /** Maps original inputs to what the model takes (e.g. a standardizer's `transform`). Default: none. */
  readonly transform?: (X: Tensor) => Tensor;
  /** Default 'Decision boundary'. */
  readonly title?: string;
  /** Grid cells across each axis. Default 80. */
  readonly resolution?: number;
  /**
   * The most data points drawn, train and test together (default 2000, so the SVG stays small whatever
   * the data's size): beyond it each split and each class keeps its share, evenly spaced through its
   * rows, and the legend says how many of how many are shown ('train (1,600 of 800,000 shown)').
   */
  readonly maxPoints?: number;
  /**
   * The name of each class, by index (a CSV's labels, say: ['inner', 'outer']), used in the legend, the
   * colour scale ('P(outer)') and the subtitle. Default 'class 0', 'class 1', ... One name per class of the
   * model's output.
   */
  readonly classNames?: readonly string[];
  /**
   * Cross out the test points the model gets wrong, and count them in the legend ('misclassified: 3 of
   * 200 test points'). Needs `test`. Default false.
   */
  readonly showMisclassified?: boolean;
}

/** The probability bands of a sigmoid output: [0, 0.1), [0.1, 0.2), ..., [0.9, 1]. */
const PROBABILITY_THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** Red for class 0 through white at P = 0.5 to blue for class 1, one colour per band. */
function binaryColorScale(classOneName: string) {
  return {
    type: 'threshold',
    domain: PROBABILITY_THRESHOLDS,
    scheme: 'RdBu',
    label: `P(${classOneName})`,
  } as const;
}
/** The points of a two-class problem: the dark ends of the red-blue scheme. */
const BINARY_CLASS_COLORS = ['#b2182b', '#2166ac'];
/** The points and regions of a k-class problem (Observable's ten categorical colours, then repeated). */
const CLASS_COLORS = [
  '#4269d0',
  '#efb118',
  '#ff725c',
  '#6cc5b0',
  '#3ca951',
  '#ff8ab7',
  '#a463f2',
  '#97bbf5',
  '#9c6b4e',
  '#9498a0',
];
/** Margin levels of a k-class problem: the winning probability minus the runner-up's. */
const MARGIN_THRESHOLDS = [0, 0.25, 0.5, 0.75];
const BOUNDARY_COLOR = '#222';
const NEUTRAL_COLOR = '#666';

/** Class indices from labels [n] or [n, 1], or from one-hot rows [n, k] (their argmax). */
export function classIndices(y: Tensor): number[] {
  const labels = y.ndim === 2 && y.shape[1]! > 1 ? Array.from(y.argmax(1).data) : Array.from(y.data);
  const bad = labels.findIndex((label) => !Number.isInteger(label) || label < 0);
  if (bad >= 0) {
    throw new DataError(
      `decisionBoundarySvg: label ${labels[bad]} at row ${bad} is not a class index (0, 1, 2, ...); ` +
        'a decision boundary colours points by class',
    );
  }
  return labels;
}

function checkPlanar(split: string, data: { readonly X: Tensor; readonly y: Tensor }): void {
  if (data.X.ndim !== 2 || data.X.shape[1] !== 2) {
    throw new ConfigError(
      `decisionBoundarySvg: the ${split} inputs have shape [${data.X.shape.join(',')}]; a decision boundary ` +
        'is drawn over the plane, for 2-D inputs [n, 2] only',
    );
  }
  if (data.y.shape[0] !== data.X.shape[0]) {
    throw new DataError(
      `decisionBoundarySvg: the ${split} data has ${data.X.shape[0]} inputs but ${data.y.shape[0]} labels`,
    );
  }
}

/**
 * The points of `data` to draw, at most about `limit` of them: all when they fit, else from each class
 * its share of `limit` (at least one point), taken at evenly spaced positions among its rows, so the same
 * data always gives the same picture.
 */
export function sampledPoints(
  data: { readonly X: Tensor; readonly y: Tensor },
  limit: number,
): LabeledPoint[] {
  const labels = classIndices(data.y);
  const point = (row: number): LabeledPoint => ({
    x: data.X.data[2 * row]!,
    y: data.X.data[2 * row + 1]!,
    label: labels[row]!,
    row,
  });
  if (labels.length <= limit) return labels.map((_, row) => point(row));
  const rowsByClass = new Map<number, number[]>();
  labels.forEach((label, row) => {
    const rows = rowsByClass.get(label);
    if (rows === undefined) rowsByClass.set(label, [row]);
    else rows.push(row);
  });
  const points: LabeledPoint[] = [];
  for (const rows of rowsByClass.values()) {
    const share = Math.max(1, Math.floor((limit * rows.length) / labels.length));
    for (let k = 0; k < share; k++) points.push(point(rows[Math.floor((k * rows.length) / share)]!));
  }
  return points;
}

/** The grid's placement in Plot's raster terms: its size in cells and the rectangle it covers. */
function rasterPlacement(grid: ProbabilityGrid) {
  const { extent } = grid;
  return {
    width: grid.columns,
    height: grid.rows,
    x1: extent.xMin,
    x2: extent.xMax,
    y1: extent.yMin,
    y2: extent.yMax,
  };
}

/** Two classes: P(class 1) in ten colour bands, and the P = 0.5 contour (the decision boundary). */
function binaryRegionMarks(grid: ProbabilityGrid, classOneName: string) {
  const placement = rasterPlacement(grid);
  const classOne = grid.probabilities[1]!;
  return [
    Plot.contour(classOne, {
      ...placement,
      thresholds: [0, ...PROBABILITY_THRESHOLDS],
      fill: Plot.identity,
      fillOpacity: 0.5,
      clip: true,
      ariaDescription: `P(${classOneName}) bands`,
    }),
    Plot.contour(classOne, {
      ...placement,
      thresholds: [0.5],
      stroke: BOUNDARY_COLOR,
      strokeWidth: 1.5,
      fill: 'none',
      clip: true,
      ariaDescription: 'decision boundary',
    }),
  ];
}

/**
 * k classes: each cell takes the colour of the class it predicts, deeper where the winner's lead over the
 * runner-up is larger; the margin's zero contour of each class is the boundary of its region.
 */
function multiclassRegionMarks(grid: ProbabilityGrid, className: (label: number) => string) {
  const placement = rasterPlacement(grid);
  const { probabilities } = grid;
  const cells = probabilities[0]!.length;
  return probabilities.flatMap((own, c) => {
    // margin = P(c) - max over the other classes: > 0 exactly where c is predicted.
    const margin = Float64Array.from({ length: cells }, (_, cell) => {
      let runnerUp = Number.NEGATIVE_INFINITY;
      probabilities.forEach((other, j) => {
        if (j !== c) runnerUp = Math.max(runnerUp, other[cell]!);
      });
      return own[cell]! - runnerUp;
    });
    const color = CLASS_COLORS[c % CLASS_COLORS.length]!;
    return [
      // Each level's region lies inside the one below it, so the translucent fills stack up.
      Plot.contour(margin, {
        ...placement,
        thresholds: MARGIN_THRESHOLDS,
        fill: color,
        fillOpacity: 0.22,
        clip: true,
        ariaDescription: `${className(c)} region`,
      }),
      Plot.contour(margin, {
        ...placement,
        thresholds: [0],
        stroke: BOUNDARY_COLOR,
        strokeWidth: 1,
        fill: 'none',
        clip: true,
        ariaDescription: `${className(c)} boundary`,
      }),
    ];
  });
}

/** The legend's count of misclassified test points: 'misclassified: 3 of 200 test points'. */
function misclassifiedLabel(wrong: number, rows: number): string {
  return `misclassified: ${wrong.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} test points`;
}

/** A split's name in the legend, with how many of its points are drawn when not all are. */
function splitLabel(split: 'train' | 'test', shown: number, rows: number): string {
  if (shown >= rows) return split;
  return `${split} (${shown.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} shown)`;
}

/** The legend's entries; `misclassifiedLabel` is there only when misclassified points are shown. */
function legendEntries(
  classNames: readonly string[],
  colors: readonly string[],
  trainLabel: string,
  testLabel: string | undefined,
  misclassifiedLabel: string | undefined,
): LegendEntry[] {
  return [
    ...classNames.map((name, c) => ({
      label: name,
      color: colors[c % colors.length]!,
      symbol: 'square' as const,
    })),
    { label: trainLabel, color: NEUTRAL_COLOR, symbol: 'train-point' },
    ...(testLabel !== undefined
      ? [{ label: testLabel, color: NEUTRAL_COLOR, symbol: 'test-point' as const }]
      : []),
    ...(misclassifiedLabel !== undefined
      ? [{ label: misclassifiedLabel, color: NEUTRAL_COLOR, symbol: 'cross' as const }]
      : []),
    { label: 'decision boundary', color: BOUNDARY_COLOR, symbol: 'line' },
  ];
}

/**
 * The class names to show: `given`, checked to name each of the model's `classes`, or 'class 0', 'class 1', ...
 */
function resolvedClassNames(given: readonly string[] | undefined, classes: number): readonly string[] {
  if (given === undefined) return Array.from({ length: classes }, (_, c) => `class ${c}`);
  if (given.length !== classes) {
    throw new ConfigError(
      `decisionBoundarySvg: classNames has ${given.length} name${given.length === 1 ? '' : 's'} but the model ` +
        `has ${classes} classes; give one name per class, in class order`,
    );
  }
  const blank = given.findIndex((name) => name.trim() === '');
  if (blank >= 0)
    throw new ConfigError(`decisionBoundarySvg: classNames[${blank}] is empty; name every class`);
  return given;
}

/** The rows of `test` whose true class differs from the class the model predicts. */
function misclassifiedRows(
  model: Network,
  test: { readonly X: Tensor; readonly y: Tensor },
  transform: ((X: Tensor) => Tensor) | undefined,
): Set<number> {
  const predicted = predictClasses(evalOutput(model, test.X, transform), model.output).data;
  const actual = classIndices(test.y);
  const wrong = new Set<number>();
  actual.forEach((label, row) => {
    if (predicted[row] !== label) wrong.add(row);
  });
  return wrong;
}

/**
 * The decision boundary of a classifier (one sigmoid output, or softmax) on 2-D inputs, as an SVG:
 * - its probabilities on a grid over the data's range (plus 10% on each side), from ONE forward pass of
 *   the grid points (passed through `transform` first, so the axes stay in the data's units);
 * - two classes: P(class 1) in ten bands from red (class 0) through white to blue (class 1), with the
 *   P = 0.5 contour; k classes: the predicted class's colour, deeper where it leads the runner-up more;
 * - the points on top coloured by true class, each on a white halo: train filled with a dark edge, test
 *   hollow rings; at most `maxPoints` of them (default 2000), evenly spaced within each class, the legend
 *   saying how many of how many are shown;
 * - with `showMisclassified`, a cross over each test point the model gets wrong, and their count;
 * - the classes named by `classNames` (default 'class 0', 'class 1', ...) everywhere they are named.
 * Throws a ConfigError for inputs that are not 2-D, for models that do not output class probabilities,
 * and for classNames that do not name each class.
 * @example decisionBoundarySvg({ model: net, train, test, transform: scaler.transform, classNames: ['inner', 'outer'], showMisclassified: true }, nodeDocument())
 */
export function decisionBoundarySvg(
  options: DecisionBoundaryOptions,
  document: PlotDocument = pageDocument('decisionBoundarySvg'),
): string {
  const {
    model,
    train,
    test,
    transform,
    title = 'Decision boundary',
    resolution = 80,
    maxPoints = 2000,
    showMisclassified = false,
  } = options;
  checkClassifier('decisionBoundarySvg', model);
  checkPlanar('train', train);
  if (test) checkPlanar('test', test);
  if (!(Number.isInteger(resolution) && resolution >= 2 && resolution <= 1000)) {
    throw new ConfigError(
      `decisionBoundarySvg: resolution ${resolution} must be a whole number from 2 to 1000`,
    );
  }
  if (!(Number.isInteger(maxPoints) && maxPoints >= 1)) {
    throw new ConfigError(`decisionBoundarySvg: maxPoints ${maxPoints} must be a whole number of at least 1`);
  }
  if (showMisclassified && test === undefined) {
    throw new ConfigError(
      'decisionBoundarySvg: showMisclassified marks the misclassified TEST points; pass `test` data too',
    );
  }
  const bounds = paddedBounds(test ? [train.X, test.X] : [train.X]);
  // One extra cell on each side: the contours' edges along the grid's border fall outside the clipped frame.
  const cellWidth = (bounds.xMax - bounds.xMin) / resolution;
  const cellHeight = (bounds.yMax - bounds.yMin) / resolution;
  const extent: PlaneBounds = {
    xMin: bounds.xMin - cellWidth,
    xMax: bounds.xMax + cellWidth,
    yMin: bounds.yMin - cellHeight,
    yMax: bounds.yMax + cellHeight,
  };
  const grid = probabilityGrid(model, extent, resolution + 2, resolution + 2, transform);
  const classNames = resolvedClassNames(options.classNames, grid.probabilities.length);
  const className = (label: number) => classNames[label] ?? `class ${label}`;
  const binary = model.output === 'sigmoid';
  const colorScale = binary ? binaryColorScale(classNames[1]!) : undefined;
  const colors = binary ? BINARY_CLASS_COLORS : CLASS_COLORS;
  // The cap is shared in proportion to the splits' sizes.
  const trainRows = train.X.shape[0]!;
  const allRows = trainRows + (test?.X.shape[0] ?? 0);
  const trainPoints = sampledPoints(train, Math.max(1, Math.floor((maxPoints * trainRows) / allRows)));
  const testPoints = test
    ? sampledPoints(test, Math.max(1, Math.floor((maxPoints * (allRows - trainRows)) / allRows)))
    : [];
  const wrong = showMisclassified && test ? misclassifiedRows(model, test, transform) : undefined;

  const chart = Plot.plot({
    document,
    width: FIGURE_WIDTH,
    height: 480,
    marginLeft: 50,
    marginRight: 20,
    x: { domain: [bounds.xMin, bounds.xMax], label: 'feature 1', labelArrow: 'right' },
    y: { domain: [bounds.yMin, bounds.yMax], label: 'feature 2', labelArrow: 'up' },
    ...(colorScale ? { color: colorScale } : {}),
    marks: [
      ...(binary ? binaryRegionMarks(grid, classNames[1]!) : multiclassRegionMarks(grid, className)),
      Plot.frame({ stroke: '#999' }),
      ...pointMarks('train', trainPoints, colors, className),
      ...(test ? pointMarks('test', testPoints, colors, className) : []),
      ...(wrong ? misclassifiedMarks(testPoints.filter((point) => wrong.has(point.row))) : []),
    ],
  }) as SvgElement;
  const legends: SvgElement[] = [];
  if (colorScale) {
    // legend() reads `document` as plot() does, though Plot's typings leave it out: hence no literal here.
    const rampOptions = { document, color: colorScale, width: 360 };
    legends.push(Plot.legend(rampOptions) as SvgElement);
  }
  legends.push(
    swatchLegend(
      legendEntries(
        classNames,
        colors,
        splitLabel('train', trainPoints.length, trainRows),
        test ? splitLabel('test', testPoints.length, allRows - trainRows) : undefined,
        wrong ? misclassifiedLabel(wrong.size, allRows - trainRows) : undefined,
      ),
      document,
    ),
  );
  const subtitle = binary
    ? `colour: the model's probability of ${classNames[1]} (red: ${classNames[0]}); black line: P = 0.5`
    : 'colour: the predicted class, deeper where it leads the runner-up by more (0.25, 0.5, 0.75)';
  return composeFigure({ title, subtitle, legends, chart }, document);
}
