import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EpochRecord, modelToJson, type Network } from '@tapegrad/nn';

/** What a training run leaves behind. */
export interface RunRecord {
  readonly model: Network;
  /** Everything needed to repeat the run and to preprocess new inputs the same way. */
  readonly config: Record<string, unknown>;
  readonly history: readonly EpochRecord[];
}

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
 * Writes a run folder: model.json (architecture and weights), config.json, history.json and history.csv.
 * Returns the paths written.
 */
export function writeRun(dir: string, run: RunRecord): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['model.json', JSON.stringify(modelToJson(run.model))],
    ['config.json', JSON.stringify(run.config, null, 2)],
    ['history.json', JSON.stringify(run.history, null, 2)],
    ['history.csv', historyCsv(run.history)],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, `${text.trimEnd()}\n`);
    return path;
  });
}
