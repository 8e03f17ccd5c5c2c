/**
 * What each unit of the first hidden layer computes over the input plane, as TensorFlow Playground draws
 * its neurons: one small heatmap per unit of A1 = g(X W1 + b1), all on one colour scale, so a learner sees
 * the half-planes (tanh, sigmoid) or folds (relu) that the output layer combines into the boundary.
 */
import * as Plot from '@observablehq/plot';
import { noGrad, type Tensor } from '@tapegrad/autograd';
import { ConfigError, type Network } from '@tapegrad/nn';
import { asGroup, composeFigure, FIGURE_WIDTH } from './figure.ts';
import { networkLayers } from './network-layers.ts';
import { cellCentres, type PlaneBounds, paddedBounds } from './probability-grid.ts';
import { createSvgElement, type PlotDocument, pageDocument, type SvgElement } from './svg-document.ts';

export interface HiddenUnitsOptions {
  readonly model: Network;
  /** The point sets [n, 2] whose range (plus 10% on each side) the plane covers, in the data's units. */
  readonly points: readonly Tensor[];
  /** Maps inputs in the data's units to what the model takes (a standardizer's `transform`). Default: none. */
  readonly transform?: (X: Tensor) => Tensor;
  /** Default 'What each hidden unit computes'. */
  readonly title?: string;
  /** Grid cells across each axis of each heatmap. Default 20. */
  readonly resolution?: number;
}

/** The side of one unit's square, in pixels, and the room under it for its label. */
const TILE = 112;
const LABEL_HEIGHT = 16;
const GAP = 8;
/** Colour bands of the shared scale. */
const BANDS = 8;

/**
 * Each unit's output over the grid: values[j][cell], from ONE pass of the first layer off the tape (a
 * linear layer and an activation: no dropout, so training and evaluation mode agree).
 */
function firstLayerOutputs(model: Network, plane: Tensor): Float64Array[] {
  const [first] = networkLayers(model);
  const activation = first!.activationModule;
  if (activation === undefined) {
    throw new ConfigError(
      `hiddenUnitsSvg: ${model.describe()} has no hidden layer; the plot draws the units of the first one`,
    );
  }
  const output = noGrad(() => activation.forward(first!.linear.forward(plane)));
  const [cells, units] = output.shape as [number, number];
  return Array.from({ length: units }, (_, unit) =>
    Float64Array.from({ length: cells }, (_, cell) => output.data[cell * units + unit]!),
  );
}

/** The shared colour scale: tanh's range [-1, 1] diverging around 0; sigmoid's [0, 1]; relu's [0, max]. */
function colorScale(activation: string, outputs: readonly Float64Array[]) {
  let high = 0;
  for (const values of outputs) for (const value of values) high = Math.max(high, value);
  const [low, top] = activation === 'tanh' ? [-1, 1] : [0, activation === 'sigmoid' ? 1 : high || 1];
  const step = (top - low) / BANDS;
  const thresholds = Array.from({ length: BANDS - 1 }, (_, k) => low + (k + 1) * step);
  return {
    low,
    thresholds,
    scale: {
      type: 'threshold',
      domain: thresholds,
      scheme: activation === 'tanh' ? 'RdBu' : 'Blues',
      label: `output of the unit (${activation})`,
      tickFormat: '.2~f',
    } as const,
  };
}

/**
 * One small heatmap per unit of the first hidden layer of a network on 2-D inputs, as an SVG: unit j's
 * square shows A1[:, j] = g(X W1[:, j] + b1[j]) over the plane of the data (every point passed through
 * `transform` first), on one colour scale shared by all units.
 * Throws a ConfigError for inputs that are not 2-D or a network without a hidden layer.
 * @example hiddenUnitsSvg({ model: net, points: [train.X, test.X], transform: scaler.transform })
 */
export function hiddenUnitsSvg(
  options: HiddenUnitsOptions,
  document: PlotDocument = pageDocument('hiddenUnitsSvg'),
): string {
  const { model, points, transform = (X: Tensor) => X, resolution = 20 } = options;
  const title = options.title ?? 'What each hidden unit computes';
  const inputs = networkLayers(model)[0]!.linear.inFeatures;
  if (inputs !== 2 || points.some((set) => set.ndim !== 2 || set.shape[1] !== 2)) {
    throw new ConfigError(
      `hiddenUnitsSvg: the network takes ${inputs} inputs; the units are drawn over the plane, for 2-D ` +
        'inputs and points [n, 2] only',
    );
  }
  if (!(Number.isInteger(resolution) && resolution >= 2 && resolution <= 200)) {
    throw new ConfigError(`hiddenUnitsSvg: resolution ${resolution} must be a whole number from 2 to 200`);
  }
  const extent: PlaneBounds = paddedBounds(points);
  const outputs = firstLayerOutputs(model, transform(cellCentres(extent, resolution, resolution)));
  const activation = networkLayers(model)[0]!.activation;
  const { low, thresholds, scale } = colorScale(activation, outputs);
  const columns = Math.min(outputs.length, Math.floor((FIGURE_WIDTH + GAP) / (TILE + GAP)));
  const rows = Math.ceil(outputs.length / columns);
  const grid = createSvgElement(document, 'svg', {
    width: FIGURE_WIDTH,
    height: rows * (TILE + LABEL_HEIGHT + GAP),
  });
  outputs.forEach((values, unit) => {
    const tile = Plot.plot({
      document,
      width: TILE,
      height: TILE,
      margin: 1,
      axis: null,
      x: { domain: [extent.xMin, extent.xMax] },
      y: { domain: [extent.yMin, extent.yMax] },
      color: scale,
      marks: [
        Plot.contour(values, {
          width: resolution,
          height: resolution,
          x1: extent.xMin,
          x2: extent.xMax,
          y1: extent.yMin,
          y2: extent.yMax,
          thresholds: [low, ...thresholds],
          fill: Plot.identity,
          clip: true,
          ariaDescription: `unit ${unit + 1}`,
        }),
        Plot.frame({ stroke: '#999' }),
      ],
    }) as SvgElement;
    const x = (unit % columns) * (TILE + GAP) + 12;
    const y = Math.floor(unit / columns) * (TILE + LABEL_HEIGHT + GAP);
    grid.appendChild(asGroup(tile, x, y, document));
    const label = createSvgElement(document, 'text', {
      x: x + TILE / 2,
      y: y + TILE + 12,
      'text-anchor': 'middle',
      'font-size': 11,
      class: 'unit-label',
    });
    label.textContent = `unit ${unit + 1}`;
    grid.appendChild(label);
  });
  // legend() reads `document` as plot() does, though Plot's typings leave it out: hence no literal here.
  const rampOptions = { document, color: scale, width: 360 };
  return composeFigure(
    {
      title,
      subtitle: `${outputs.length} units of the first hidden layer: each square is one unit's ${activation} output over the plane of the data`,
      legends: [Plot.legend(rampOptions) as SvgElement],
      chart: grid,
    },
    document,
  );
}
