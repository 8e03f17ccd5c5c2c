/**
 * Several runs' curves on one plot: the loss (or accuracy) per epoch of each setting of an experiment
 * (each optimizer, each regularizer), one colour per setting.
 */
import { ConfigError } from '@tapegrad/nn';
import { type CurvePoint, curveChart, type Metric } from './curve-chart.ts';
import { composeFigure } from './figure.ts';
import { swatchLegend } from './legend.ts';
import { type PlotDocument, pageDocument } from './svg-document.ts';

/** One setting's curve: its name in the legend, and its value at each recorded epoch. */
export interface NamedCurve {
  readonly label: string;
  readonly points: readonly CurvePoint[];
  /** Draw the line dashed (and its legend swatch), e.g. a reference drawn over the curve it should match. */
  readonly dashed?: boolean;
}

export interface CurvesOptions {
  /** 'loss' (the axis from 0) or 'accuracy' (values in [0, 1], drawn in percent on a fitted range). */
  readonly metric: Metric;
  readonly title: string;
  /** A line of smaller text under the title: what was measured, on which data. */
  readonly subtitle?: string;
}

/** One colour per setting (then repeated), told apart on white and by colour-blind readers. */
const SERIES_COLORS = ['#4269d0', '#e8590c', '#3ca951', '#a463f2', '#9c6b4e', '#ff8ab7', '#6cc5b0'];

/**
 * The curves of several settings on one plot, as an SVG: one coloured line per curve, with a legend.
 * Throws a ConfigError when there is no curve or a curve has no points.
 * @example curvesSvg([{ label: 'sgd', points: sgdLosses.map((value, i) => ({ epoch: i + 1, value })) }, ...], { metric: 'loss', title: 'Training loss per epoch' }, nodeDocument())
 */
export function curvesSvg(
  curves: readonly NamedCurve[],
  options: CurvesOptions,
  document: PlotDocument = pageDocument('curvesSvg'),
): string {
  if (curves.length === 0) throw new ConfigError('curvesSvg: there are no curves to plot; pass at least one');
  const empty = curves.find((curve) => curve.points.length === 0);
  if (empty !== undefined) {
    throw new ConfigError(
      `curvesSvg: the curve '${empty.label}' has no points; give each curve at least one`,
    );
  }
  const { chart, legend } = curveChart(
    curves.map((curve, i) => ({ ...curve, color: SERIES_COLORS[i % SERIES_COLORS.length]! })),
    options.metric,
    document,
  );
  return composeFigure(
    { title: options.title, subtitle: options.subtitle, legends: [swatchLegend(legend, document)], chart },
    document,
  );
}
