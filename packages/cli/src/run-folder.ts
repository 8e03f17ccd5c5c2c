import { existsSync, readdirSync } from 'node:fs';
import { type EpochRecord, modelToJson, type Network } from '@tapegrad/nn';
import type { FolderFile } from './atomic-write.ts';
import { UsageError } from './errors.ts';
import { checkOutPath } from './out-path.ts';
import { displayPath } from './paths.ts';

/** What a training run leaves behind. */
export interface RunRecord {
  readonly model: Network;
  /** Everything needed to repeat the run and to preprocess new inputs the same way. */
  readonly config: Record<string, unknown>;
  readonly history: readonly EpochRecord[];
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

const HISTORY_COLUMNS: readonly (keyof EpochRecord)[] = [
  'epoch',
  'trainLoss',
  'trainAccuracy',
  'valLoss',
  'valAccuracy',
  'lr',
  'seconds',
];

/** The history as CSV, one row per epoch; an empty cell where a value does not apply. */
export function historyCsv(history: readonly EpochRecord[]): string {
  const rows = history.map((record) => HISTORY_COLUMNS.map((column) => record[column] ?? '').join(','));
  return `${[HISTORY_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

/**
 * The data files of a run folder: model.json (architecture and weights), config.json, history.json and
 * history.csv, for `writeFolderAtomic`.
 * @example writeFolderAtomic('runs/moons', runFiles({ model, config, history }));
 */
export function runFiles(run: RunRecord): FolderFile[] {
  const files: [string, string][] = [
    ['model.json', JSON.stringify(modelToJson(run.model))],
    ['config.json', JSON.stringify(run.config, null, 2)],
    ['history.json', JSON.stringify(run.history, null, 2)],
    ['history.csv', historyCsv(run.history)],
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
