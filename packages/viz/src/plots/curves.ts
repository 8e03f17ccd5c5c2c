/**
 * Learning curves: the loss and the accuracy per epoch, on the training data and (where the run had it)
 * the held-out data, named as what it is (the test split, or a validation split), with the epoch whose
 * weights were kept marked.
 */
import { ConfigError, type EpochRecord } from '@tapegrad/nn';
import { type ChartSeries, type CurvePoint, curveChart, type Metric } from './curve-chart.ts';
import { composeFigure, messageFigure } from './figure.ts';
import { swatchLegend } from './legend.ts';
import { type PlotDocument, pageDocument } from './svg-document.ts';

const TRAIN_COLOR = '#4269d0';
const HELD_OUT_COLOR = '#e8590c';

/** What the held-out data of a history is: the test split, or a validation split carved from training. */
export type HeldOut = 'test' | 'validation';
const HELD_OUT_NAMES: readonly HeldOut[] = ['test', 'validation'];

export interface CurveOptions {
  /**
   * The name of the history's held-out series (its valLoss and valAccuracy), in the legend and in the
   * line's aria-description: 'test' when fit's `validation` was the test split, 'validation' when it was
   * a validation split. Default 'validation'.
   */
  readonly heldOut?: HeldOut;
  /**
   * The epoch whose weights the run kept (early stopping restores the best one): a dotted vertical rule
   * there, labelled 'kept: epoch N'. Must be an epoch of the history. Default: no rule.
   */
  readonly bestEpoch?: number;
}

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

function checkOptions(where: string, history: readonly EpochRecord[], options: CurveOptions): void {
  if (options.heldOut !== undefined && !HELD_OUT_NAMES.includes(options.heldOut)) {
    throw new ConfigError(
      `${where}: heldOut '${options.heldOut}' is not one of ${HELD_OUT_NAMES.map((name) => `'${name}'`).join(', ')}`,
    );
  }
  const { bestEpoch } = options;
  if (bestEpoch !== undefined && !history.some((record) => record.epoch === bestEpoch)) {
    const range =
      history.length > 0 ? `epochs ${history[0]!.epoch} to ${history.at(-1)!.epoch}` : 'no epochs';
    throw new ConfigError(
      `${where}: bestEpoch ${bestEpoch} is not an epoch of the history (it has ${range})`,
    );
  }
}

function curveSvg(
  where: string,
  history: readonly EpochRecord[],
  metric: Metric,
  options: CurveOptions,
  document: PlotDocument,
): string {
  checkOptions(where, history, options);
  const title = metric === 'loss' ? 'Loss per epoch' : 'Accuracy per epoch';
  if (history.length === 0) return messageFigure(title, 'No epochs recorded yet.', document);
  const heldOut = options.heldOut ?? 'validation';
  const lines: ChartSeries[] = [
    {
      label: 'train',
      points: series(history, (record) => (metric === 'loss' ? record.trainLoss : record.trainAccuracy)),
      color: TRAIN_COLOR,
    },
    {
      label: heldOut,
      points: series(history, (record) => (metric === 'loss' ? record.valLoss : record.valAccuracy)),
      color: HELD_OUT_COLOR,
      dashed: true,
    },
  ].filter((line) => line.points.length > 0);
  const marked =
    options.bestEpoch !== undefined
      ? { epoch: options.bestEpoch, label: `kept: epoch ${options.bestEpoch}` }
      : undefined;
  const { chart, legend } = curveChart(lines, metric, document, marked);
  const subtitle =
    metric === 'loss'
      ? 'measured after each epoch: the mean loss over the examples (plus the L2 term, if any)'
      : undefined;
  return composeFigure({ title, subtitle, legends: [swatchLegend(legend, document)], chart }, document);
}

/**
 * The training loss per epoch and, where present, the held-out loss (dashed), as an SVG. Options: what
 * the held-out data is (`heldOut`: 'test' or 'validation', the default) and the epoch whose weights were
 * kept (`bestEpoch`, a labelled vertical rule).
 * @example writeFileSync('loss.svg', lossCurveSvg(result.history, nodeDocument(), { heldOut: 'test', bestEpoch: result.bestEpoch }));
 */
export function lossCurveSvg(
  history: readonly EpochRecord[],
  document: PlotDocument = pageDocument('lossCurveSvg'),
  options: CurveOptions = {},
): string {
  return curveSvg('lossCurveSvg', history, 'loss', options, document);
}

/**
 * The training accuracy per epoch and, where present, the held-out accuracy (dashed), in percent, as an
 * SVG; the axis spans the data (85-100% gets 80-100%), not always 0-100%. Options as lossCurveSvg's. A
 * regression run (mse) has no accuracy: it does not throw but returns a figure that says so, so a run
 * folder holds the same files for every run; check `hasAccuracy(history)` to leave the plot out.
 * @example if (hasAccuracy(result.history)) writeFileSync('accuracy.svg', accuracyCurveSvg(result.history, nodeDocument(), { heldOut: 'test' }));
 */
export function accuracyCurveSvg(
  history: readonly EpochRecord[],
  document: PlotDocument = pageDocument('accuracyCurveSvg'),
  options: CurveOptions = {},
): string {
  if (history.length > 0 && !hasAccuracy(history)) {
    return messageFigure(
      'Accuracy per epoch',
      'No accuracy: this run predicts real values (mse loss), not classes.',
      document,
    );
  }
  return curveSvg('accuracyCurveSvg', history, 'accuracy', options, document);
}
