/**
 * The chart under every per-epoch curve plot: one line per series over the epochs, the loss from 0 and the
 * accuracy (in percent) on a range fitted to the data, and optionally a vertical rule at a marked epoch.
 */
import * as Plot from '@observablehq/plot';
import { FIGURE_WIDTH } from './figure.ts';
import type { LegendEntry } from './legend.ts';
import type { PlotDocument, SvgElement } from './svg-document.ts';

/** What a curve plot shows per epoch. */
export type Metric = 'loss' | 'accuracy';

export interface CurvePoint {
  readonly epoch: number;
  readonly value: number;
}

/** One line of a curve chart, named in the legend and in its mark's aria-description. */
export interface ChartSeries {
  readonly label: string;
  readonly points: readonly CurvePoint[];
  readonly color: string;
  readonly dashed?: boolean;
}

/** Up to this many epochs each one is marked with a dot; beyond it the dots would blur into the line. */
const MARKED_EPOCHS = 30;
/** Accuracy axes end on multiples of 5%. */
const ACCURACY_STEP = 0.05;
const MARKED_EPOCH_COLOR = '#555';

/**
 * The accuracy axis's range, in fractions: from below the lowest value to above the highest by 5% of
 * their spread (at least one percentage point), rounded outwards to multiples of 5% and kept within
 * [0, 1], so that every point is inside and the lines use the height: data in 85-100% gets [0.8, 1].
 * @example accuracyDomain([0.86, 0.97, 1]); // [0.8, 1]
 */
export function accuracyDomain(values: readonly number[]): [number, number] {
  // reduce, not Math.min(...values): a long run's values would overflow the call stack.
  const low = values.reduce((lowest, value) => Math.min(lowest, value), 1);
  const high = values.reduce((highest, value) => Math.max(highest, value), 0);
  const padding = Math.max(0.01, 0.05 * (high - low));
  // Scaled to whole steps before rounding, so 0.8 comes out as 0.8 and not 0.8000000000000002.
  const steps = 1 / ACCURACY_STEP;
  const lower = Math.max(0, Math.floor((low - padding) * steps) / steps);
  const upper = Math.min(1, Math.ceil((high + padding) * steps) / steps);
  return [lower, upper];
}

/**
 * The chart (a Plot <svg>) of `series` over the epochs and the legend entries for them. `marked` draws a
 * dotted vertical rule at its epoch, with its label at the top of the frame.
 */
export function curveChart(
  series: readonly ChartSeries[],
  metric: Metric,
  document: PlotDocument,
  marked?: { readonly epoch: number; readonly label: string },
): { chart: SvgElement; legend: LegendEntry[] } {
  const epochs = series.flatMap((line) => line.points.map((point) => point.epoch));
  const firstEpoch = epochs.reduce((first, epoch) => Math.min(first, epoch), Number.POSITIVE_INFINITY);
  const lastEpoch = epochs.reduce((last, epoch) => Math.max(last, epoch), Number.NEGATIVE_INFINITY);
  const marker = new Set(epochs).size <= MARKED_EPOCHS ? 'dot' : 'none';
  const values = series.flatMap((line) => line.points.map((point) => point.value));
  const [lower, upper] = metric === 'accuracy' ? accuracyDomain(values) : [0, 0];
  const chart = Plot.plot({
    document,
    width: FIGURE_WIDTH,
    height: 360,
    marginLeft: 56,
    marginRight: 24,
    marginTop: marked ? 30 : 20,
    grid: true,
    x: { label: 'epoch', labelAnchor: 'right', labelArrow: 'right' },
    // Loss from 0, so the drop reads at its true size; accuracy (a fraction) in percent, on its fitted range.
    y:
      metric === 'loss'
        ? { label: 'loss', zero: true, labelArrow: 'up' }
        : { label: 'accuracy (%)', domain: [100 * lower, 100 * upper], percent: true, labelArrow: 'up' },
    marks: [
      ...series.map((line) =>
        Plot.line(line.points, {
          x: 'epoch',
          y: 'value',
          strokeWidth: 2,
          marker,
          stroke: line.color,
          ...(line.dashed ? { strokeDasharray: '6,4' } : {}),
          ariaDescription: line.label,
        }),
      ),
      ...(marked
        ? [
            Plot.ruleX([marked.epoch], {
              stroke: MARKED_EPOCH_COLOR,
              strokeDasharray: '2,3',
              strokeWidth: 1.5,
              ariaDescription: 'marked epoch',
            }),
            // The label reads away from the nearer end of the axis, so it stays inside the frame.
            Plot.text([marked.label], {
              x: marked.epoch,
              frameAnchor: 'top',
              dy: -10,
              dx: marked.epoch > (firstEpoch + lastEpoch) / 2 ? -4 : 4,
              textAnchor: marked.epoch > (firstEpoch + lastEpoch) / 2 ? 'end' : 'start',
              fill: MARKED_EPOCH_COLOR,
              ariaDescription: 'marked epoch label',
            }),
          ]
        : []),
    ],
  }) as SvgElement;
  const legend: LegendEntry[] = series.map((line) => ({
    label: line.label,
    color: line.color,
    symbol: line.dashed ? 'dashed-line' : 'line',
  }));
  return { chart, legend };
}
