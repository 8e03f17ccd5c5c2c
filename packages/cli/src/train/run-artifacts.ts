/**
 * Everything a training run leaves in its folder: the model, config and history (run-folder.ts), the
 * learning curves and, for 2-D data, the decision boundary (each as SVG and PNG), and report.html.
 */
import { join } from 'node:path';
import type { Tensor } from '@tapegrad/autograd';
import type { EpochRecord, GradientComparisonReport, Network } from '@tapegrad/nn';
import { nodeDocument, svgToPng } from '@tapegrad/viz/node';
import { accuracyCurveSvg, decisionBoundarySvg, lossCurveSvg } from '@tapegrad/viz/plots';
import { reportHtml } from '@tapegrad/viz/report';
import { type FolderFile, writeFolderAtomic } from '../atomic-write.ts';
import { runFiles } from '../run-folder.ts';

/** Inputs in the data's own units and their class labels. */
export interface LabeledRows {
  readonly X: Tensor;
  readonly y: Tensor;
}

export interface TrainedRun {
  readonly title: string;
  readonly model: Network;
  readonly config: Record<string, unknown>;
  readonly history: readonly EpochRecord[];
  readonly train: LabeledRows;
  readonly test: LabeledRows;
  /** Maps inputs in the data's units to what the model takes. */
  readonly standardize: (X: Tensor) => Tensor;
  readonly gradientCheck?: GradientComparisonReport;
  readonly metrics: Record<string, unknown>;
}

/** The plots of a run by file name (without extension): curves always, the decision boundary for 2-D data. */
function runPlots(run: TrainedRun): { name: string; svg: string }[] {
  const document = nodeDocument();
  const plots = [
    { name: 'loss', svg: lossCurveSvg(run.history, document) },
    { name: 'accuracy', svg: accuracyCurveSvg(run.history, document) },
  ];
  if (run.train.X.shape[1] === 2) {
    plots.push({
      name: 'decision-boundary',
      svg: decisionBoundarySvg(
        {
          model: run.model,
          train: run.train,
          test: run.test,
          transform: run.standardize,
          title: 'Decision boundary (train and test points)',
        },
        document,
      ),
    });
  }
  return plots;
}

/**
 * Writes the run folder, whole and at once (writeFolderAtomic: a crash leaves the old run or the new one),
 * and returns the paths written: model.json, config.json, history.json, history.csv, NAME.svg and NAME.png
 * for each plot, report.html.
 */
export function writeRunFolder(dir: string, run: TrainedRun): string[] {
  const files: FolderFile[] = runFiles({ model: run.model, config: run.config, history: run.history });
  const plots = runPlots(run);
  for (const plot of plots) {
    files.push({ name: `${plot.name}.svg`, contents: plot.svg });
    files.push({ name: `${plot.name}.png`, contents: svgToPng(plot.svg) });
  }
  files.push({
    name: 'report.html',
    contents: reportHtml({
      title: run.title,
      config: run.config,
      history: run.history,
      plots,
      ...(run.gradientCheck === undefined ? {} : { gradientCheck: run.gradientCheck }),
      metrics: run.metrics,
    }),
  });
  writeFolderAtomic(dir, files);
  return files.map((file) => join(dir, file.name));
}
