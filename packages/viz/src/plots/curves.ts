/**
 * Learning curves: the loss and the accuracy per epoch, on the training data and (where the run had it)
 * the validation data.
 */
import * as Plot from '@observablehq/plot';
import type { EpochRecord } from '@tapegrad/nn';
import { composeFigure, FIGURE_WIDTH, messageFigure } from './figure.ts';
import { type LegendEntry, swatchLegend } from './legend.ts';
import { type PlotDocument, pageDocument, type SvgElement } from './svg-document.ts';

const TRAIN_COLOR = '#4269d0';
const VALIDATION_COLOR = '#e8590c';
/** Up to this many epochs each one is marked with a dot; beyond it the dots would blur into the line. */
const MARKED_EPOCHS = 30;

interface CurvePoint {
  readonly epoch: number;
  readonly value: number;
}

type Metric = 'loss' | 'accuracy';

/** The (epoch, value) points of one series, skipping epochs where the value is null. */
function series(
  history: readonly EpochRecord[],
  value: (record: EpochRecord) => number | null,
): CurvePoint[] {
  return history.flatMap((record) => {
    const y = value(record);
    return y === null ? [] : [{ epoch: record.epoch, value: y }];
  });
}

/** Whether a history has accuracies to plot: false for regression (mse), where every accuracy is null. */
export function hasAccuracy(history: readonly EpochRecord[]): boolean {
  return history.some((record) => record.trainAccuracy !== null);
}

function curveSvg(history: readonly EpochRecord[], metric: Metric, document: PlotDocument): string {
  const title = metric === 'loss' ? 'Loss per epoch' : 'Accuracy per epoch';
  if (history.length === 0) return messageFigure(title, 'No epochs recorded yet.', document);
  const train = series(history, (record) => (metric === 'loss' ? record.trainLoss : record.trainAccuracy));
  const validation = series(history, (record) => (metric === 'loss' ? record.valLoss : record.valAccuracy));
  const marker = history.length <= MARKED_EPOCHS ? 'dot' : 'none';
  const lineOptions = { x: 'epoch', y: 'value', strokeWidth: 2, marker } as const;
  const legend: LegendEntry[] = [{ label: 'train', color: TRAIN_COLOR, symbol: 'line' }];
  if (validation.length > 0)
    legend.push({ label: 'validation', color: VALIDATION_COLOR, symbol: 'dashed-line' });
  const chart: SvgElement = Plot.plot({
    document,
    width: FIGURE_WIDTH,
    height: 360,
    marginLeft: 56,
    marginRight: 24,
    grid: true,
    x: { label: 'epoch', labelAnchor: 'right', labelArrow: 'right' },
    // Loss from 0, so the drop reads at its true size; accuracy (a fraction) on 0 to 100 percent.
    y:
      metric === 'loss'
        ? { label: 'loss', zero: true, labelArrow: 'up' }
        : { label: 'accuracy (%)', domain: [0, 100], percent: true, labelArrow: 'up' },
    marks: [
      Plot.line(train, { ...lineOptions, stroke: TRAIN_COLOR, ariaDescription: 'train' }),
      ...(validation.length > 0
        ? [
            Plot.line(validation, {
              ...lineOptions,
              stroke: VALIDATION_COLOR,
              strokeDasharray: '6,4',
              ariaDescription: 'validation',
            }),
          ]
        : []),
    ],
  });
  const subtitle =
    metric === 'loss'
      ? 'measured after each epoch: the mean loss over the examples (plus the L2 term, if any)'
      : undefined;
  return composeFigure({ title, subtitle, legends: [swatchLegend(legend, document)], chart }, document);
}

/**
 * The training loss per epoch and, where present, the validation loss (dashed), as an SVG.
 * @example writeFileSync('loss.svg', lossCurveSvg(result.history));
 */
export function lossCurveSvg(
  history: readonly EpochRecord[],
  document: PlotDocument = pageDocument('lossCurveSvg'),
): string {
  return curveSvg(history, 'loss', document);
}

/**
 * The training accuracy per epoch and, where present, the validation accuracy (dashed), in percent, as an
 * SVG. A regression run (mse) has no accuracy: it does not throw but returns a figure that says so, so a
 * run folder holds the same files for every run; check `hasAccuracy(history)` to leave the plot out.
 * @example if (hasAccuracy(result.history)) writeFileSync('accuracy.svg', accuracyCurveSvg(result.history));
 */
export function accuracyCurveSvg(
  history: readonly EpochRecord[],
  document: PlotDocument = pageDocument('accuracyCurveSvg'),
): string {
  if (history.length > 0 && !hasAccuracy(history)) {
    return messageFigure(
      'Accuracy per epoch',
      'No accuracy: this run predicts real values (mse loss), not classes.',
      document,
    );
  }
  return curveSvg(history, 'accuracy', document);
}
