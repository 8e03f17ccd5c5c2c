/**
 * Everything a training run leaves in its folder: the model, config and history (run-folder.ts), the
 * learning curves and, for 2-D data, the decision boundary (each as SVG and PNG), and report.html, which
 * also shows what the network learned: the boundary as training went and each hidden unit over the plane.
 */
import { join } from 'node:path';
import { noGrad, type Tensor } from '@tapegrad/autograd';
import {
  type EpochRecord,
  type GradientComparisonReport,
  modelFromJson,
  type Network,
  predictClasses,
} from '@tapegrad/nn';
import { nodeDocument, svgToPng } from '@tapegrad/viz/node';
import {
  accuracyCurveSvg,
  decisionBoundarySvg,
  digitGridSvg,
  hiddenUnitsSvg,
  lossCurveSvg,
  type PlotDocument,
} from '@tapegrad/viz/plots';
import { type ReportFigure, reportHtml } from '@tapegrad/viz/report';
import { type FolderFile, writeFolderAtomic } from '../atomic-write.ts';
import { runFiles } from '../run-folder.ts';
import type { WeightsSnapshot } from './fit-job.ts';
import type { RunSummary } from './run-summary.ts';

/** Inputs in the data's own units and their class labels. */
export interface LabeledRows {
  readonly X: Tensor;
  readonly y: Tensor;
}

export interface TrainedRun {
  readonly title: string;
  readonly summary: RunSummary;
  readonly history: readonly EpochRecord[];
  /** The epoch whose weights early stopping kept; undefined when the last epoch's weights are the model. */
  readonly keptEpoch: number | undefined;
  /** The weights at a few epochs along the way (fit-job.ts's snapshotEpochs). */
  readonly snapshots: readonly WeightsSnapshot[];
  readonly train: LabeledRows;
  readonly test: LabeledRows;
  /** Maps inputs in the data's units to what the model takes. */
  readonly standardize: (X: Tensor) => Tensor;
  readonly gradientCheck?: GradientComparisonReport;
}

/** A plot written as FILE.svg and FILE.png, and shown in the report with its caption. */
interface FilePlot extends ReportFigure {
  readonly file: string;
}

/** The learning curves, named for the held-out split, the kept epoch marked. */
function curvePlots(run: TrainedRun, document: PlotDocument): FilePlot[] {
  const { heldOut } = run.summary;
  const options = { heldOut, ...(run.keptEpoch === undefined ? {} : { bestEpoch: run.keptEpoch }) };
  const kept =
    run.keptEpoch === undefined
      ? ''
      : ` The dotted line marks epoch ${run.keptEpoch}, whose weights early stopping kept.`;
  // A curve of held-out rows is drawn only where the history has one (--preset sklearn's early stopping
  // scores validation accuracy but measures no validation loss).
  const rows = (held: boolean) =>
    held ? `the training rows (solid) and the ${heldOut} rows (dashed)` : 'the training rows';
  const heldLoss = run.history.some((record) => record.valLoss !== null);
  const heldAccuracy = run.history.some((record) => record.valAccuracy !== null);
  return [
    {
      file: 'loss',
      caption: `The loss after each epoch on ${rows(heldLoss)}: it falls as the network fits the data.${kept}`,
      svg: lossCurveSvg(run.history, document, options),
    },
    {
      file: 'accuracy',
      caption: `The share of rows classified right after each epoch, on ${rows(heldAccuracy)}.${kept}`,
      svg: accuracyCurveSvg(run.history, document, options),
    },
  ];
}

/** The trained network's decision boundary, with the misclassified test points crossed out. */
function boundaryPlot(run: TrainedRun, document: PlotDocument): FilePlot {
  const { result, data } = run.summary;
  const weights =
    run.keptEpoch === undefined
      ? `after epoch ${result.epochsRun}`
      : `of epoch ${run.keptEpoch}, which early stopping kept`;
  return {
    file: 'decision-boundary',
    caption:
      `The trained network's decision boundary (its weights ${weights}) over the plane, with the training ` +
      'points (filled) and the test points (hollow); the test points it gets wrong are crossed out.',
    svg: decisionBoundarySvg(
      {
        model: run.summary.model,
        train: run.train,
        test: run.test,
        transform: run.standardize,
        title: `Decision boundary, ${weights}`,
        classNames: plotClassNames(data.classes),
        showMisclassified: true,
      },
      document,
    ),
  };
}

/**
 * The class names as the plots show them: a number alone ('0', '1' from numeric labels) reads as
 * 'class 0'; a name ('setosa') as itself.
 */
function plotClassNames(classes: readonly string[]): string[] {
  return classes.map((name) => (/^-?\d+$/.test(name) ? `class ${name}` : name));
}

/** The boundary at the snapshot epochs: small pictures, the training points only. */
function snapshotFigures(run: TrainedRun, document: PlotDocument): ReportFigure[] {
  const { epochsRun } = run.summary.result;
  return run.snapshots.map(({ epoch, model }) => ({
    caption:
      epoch === 1
        ? `After the first of ${epochsRun} epochs, on the training points.`
        : `After epoch ${epoch} of ${epochsRun} (${Math.round((100 * epoch) / epochsRun)}% of the run), on the training points.`,
    svg: decisionBoundarySvg(
      {
        model: modelFromJson(model, `the weights after epoch ${epoch}`) as Network,
        train: run.train,
        transform: run.standardize,
        title: `Decision boundary after epoch ${epoch}`,
        classNames: plotClassNames(run.summary.data.classes),
        resolution: 40,
        maxPoints: 300,
      },
      document,
    ),
  }));
}

function hiddenUnitsFigure(run: TrainedRun, document: PlotDocument): ReportFigure {
  return {
    caption:
      'Each unit of the first hidden layer over the same plane: the output layer adds these pictures up, ' +
      'each weighted, and squashes the sum into the boundary above.',
    svg: hiddenUnitsSvg(
      { model: run.summary.model, points: [run.train.X, run.test.X], transform: run.standardize },
      document,
    ),
  };
}

/** MNIST's misclassified test digits as pictures, with the true and the predicted digit. */
function misclassifiedDigitsFigure(run: TrainedRun, document: PlotDocument): ReportFigure {
  const { model, config } = run.summary;
  const predicted = noGrad(() => predictClasses(model.forward(run.standardize(run.test.X)), model.output));
  return {
    caption: 'The first test digits the trained network gets wrong, each with its true digit and its guess.',
    svg: digitGridSvg(
      {
        images: run.test.X,
        labels: run.test.y,
        predicted,
        classNames: config.classes,
        title: 'Misclassified test digits',
      },
      document,
    ),
  };
}

/**
 * Writes the run folder, whole and at once (writeFolderAtomic: a crash leaves the old run or the new one),
 * and returns the paths written: model.json, config.json, history.json, history.csv, NAME.svg and NAME.png
 * for each plot, report.html.
 */
export function writeRunFolder(dir: string, run: TrainedRun): string[] {
  const { summary } = run;
  const document = nodeDocument();
  const planar = run.train.X.shape[1] === 2;
  const curves = curvePlots(run, document);
  const boundary = planar ? boundaryPlot(run, document) : undefined;
  const files: FolderFile[] = runFiles({
    model: summary.model,
    config: { ...summary.config },
    history: run.history,
    heldOut: summary.heldOut,
  });
  for (const plot of boundary === undefined ? curves : [...curves, boundary]) {
    files.push({ name: `${plot.file}.svg`, contents: plot.svg });
    files.push({ name: `${plot.file}.png`, contents: svgToPng(plot.svg) });
  }
  const learned =
    boundary === undefined
      ? []
      : [...snapshotFigures(run, document), boundary, hiddenUnitsFigure(run, document)];
  if (summary.config.dataset.name === 'mnist') learned.push(misclassifiedDigitsFigure(run, document));
  files.push({
    name: 'report.html',
    contents: reportHtml({
      title: run.title,
      history: run.history,
      heldOut: summary.heldOut,
      ...(run.keptEpoch === undefined ? {} : { keptEpoch: run.keptEpoch }),
      result: summary.result,
      evaluation: summary.evaluation,
      model: summary.model,
      data: summary.data,
      settings: summary.settings,
      ...(summary.config.invocation === undefined ? {} : { command: summary.config.invocation.command }),
      plots: curves,
      learned,
      ...(run.gradientCheck === undefined ? {} : { gradientCheck: run.gradientCheck }),
    }),
  });
  writeFolderAtomic(dir, files);
  return files.map((file) => join(dir, file.name));
}
