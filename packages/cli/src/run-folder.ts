/**
 * The data files of a run folder (model, config, history as JSON and CSV), the history's held-out
 * columns named for their split, and the check that a folder may be replaced by a new run.
 */
import { existsSync, readdirSync } from 'node:fs';
import { type EpochRecord, modelToJson, type Network } from '@tapegrad/nn';
import type { HeldOut } from '@tapegrad/viz/report';
import type { FolderFile } from './atomic-write.ts';
import { UsageError } from './errors.ts';
import { checkOutPath } from './out-path.ts';
import { displayPath } from './paths.ts';

/**
 * The split a run's per-epoch held-out scores measured: the test set (shown epoch by epoch, never trained
 * on), or with --patience a validation split of the training rows, on which early stopping picks its epoch.
 */
export type { HeldOut };

/** What a training run leaves behind. */
export interface RunRecord {
  readonly model: Network;
  /** Everything needed to repeat the run and to preprocess new inputs the same way. */
  readonly config: Record<string, unknown>;
  readonly history: readonly EpochRecord[];
  /** What the history's held-out fields (nn's valLoss and valAccuracy) measured. */
  readonly heldOut: HeldOut;
}

/** Every file `tapegrad train` may write in a run folder (run-artifacts.ts adds the plots and report). */
export const RUN_FILE_NAMES: readonly string[] = [
  'model.json',
  'config.json',
  'history.json',
  'history.csv',
  ...['loss', 'accuracy', 'decision-boundary'].flatMap((plot) => [`${plot}.svg`, `${plot}.png`]),
  'report.html',
];

/** One epoch as history.json and history.csv hold it, the held-out scores named for their split. */
export type RunEpochRecord = Readonly<Record<string, number | null>>;

/** An epoch of no values: its keys give the CSV's columns even for an empty history. */
const EMPTY_EPOCH: EpochRecord = {
  epoch: 0,
  trainLoss: 0,
  trainAccuracy: null,
  valLoss: null,
  valAccuracy: null,
  lr: 0,
  seconds: 0,
};

/**
 * The history with nn's held-out fields named for the split they measured: valLoss and valAccuracy
 * (Keras's val_loss) become testLoss and testAccuracy, or validationLoss and validationAccuracy. The one
 * place where the CLI renames them.
 * @example runHistory(history, 'test')[0]; // { epoch: 1, trainLoss, trainAccuracy, testLoss, testAccuracy, lr, seconds }
 */
export function runHistory(history: readonly EpochRecord[], heldOut: HeldOut): RunEpochRecord[] {
  return history.map((record) => ({
    epoch: record.epoch,
    trainLoss: record.trainLoss,
    trainAccuracy: record.trainAccuracy,
    [`${heldOut}Loss`]: record.valLoss,
    [`${heldOut}Accuracy`]: record.valAccuracy,
    lr: record.lr,
    seconds: record.seconds,
  }));
}

/** The history as CSV, one row per epoch, the columns of `runHistory`; an empty cell where a value does not apply. */
export function historyCsv(history: readonly EpochRecord[], heldOut: HeldOut): string {
  const columns = Object.keys(runHistory([EMPTY_EPOCH], heldOut)[0]!);
  const rows = runHistory(history, heldOut).map((record) =>
    columns.map((column) => record[column] ?? '').join(','),
  );
  return `${[columns.join(','), ...rows].join('\n')}\n`;
}

/**
 * The data files of a run folder: model.json (architecture and weights), config.json, history.json and
 * history.csv, for `writeFolderAtomic`.
 * @example writeFolderAtomic('runs/moons', runFiles({ model, config, history, heldOut: 'test' }));
 */
export function runFiles(run: RunRecord): FolderFile[] {
  const files: [string, string][] = [
    ['model.json', JSON.stringify(modelToJson(run.model))],
    ['config.json', JSON.stringify(run.config, null, 2)],
    ['history.json', JSON.stringify(runHistory(run.history, run.heldOut), null, 2)],
    ['history.csv', historyCsv(run.history, run.heldOut)],
  ];
  return files.map(([name, text]) => ({ name, contents: `${text.trimEnd()}\n` }));
}

/**
 * Refuses, before training, a run folder that cannot be written (see checkOutPath), and a folder that
 * holds anything tapegrad train did not write: the run folder is replaced whole, so those files would go.
 * @example checkRunFolder(resolveUserPath('runs/moons'), '--out runs/moons');
 */
export function checkRunFolder(dir: string, option: string): void {
  checkOutPath(dir, option, 'folder');
  if (!existsSync(dir)) return;
  const foreign = readdirSync(dir).filter((name) => !RUN_FILE_NAMES.includes(name));
  if (foreign.length > 0) {
    const shown =
      foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, ... (${foreign.length} in all)` : '');
    throw new UsageError(
      `${option}: ${displayPath(dir)} holds ${shown}, which tapegrad train did not write; a run is written ` +
        'as a whole new folder in place of the old one, so give a new or empty folder, or move those away',
    );
  }
}
