/**
 * The training history as an HTML table: every epoch of a short run, an even sample of a long one; the
 * held-out columns named for the split they measured, the epoch an early-stopped run kept marked.
 */
import type { EpochRecord } from '@tapegrad/nn';
import { formatNumber, formatPercent } from './format.ts';
import { type Cell, htmlTable } from './html.ts';
import type { HeldOut } from './run-types.ts';

/** Up to this many epochs the table lists them all. */
export const MAX_HISTORY_ROWS = 40;

/**
 * The epochs the table shows: all of them up to MAX_HISTORY_ROWS; beyond that the first, every k-th
 * (k the smallest step that keeps about MAX_HISTORY_ROWS rows), the kept epoch if any, and the last.
 * @example sampledEpochs(history of 100).map((r) => r.epoch); // [1, 3, 6, 9, ..., 99, 100]
 */
export function sampledEpochs(
  history: readonly EpochRecord[],
  keptEpoch?: number,
): { rows: EpochRecord[]; step: number } {
  if (history.length <= MAX_HISTORY_ROWS) return { rows: [...history], step: 1 };
  const step = Math.ceil(history.length / MAX_HISTORY_ROWS);
  const rows = history.filter(
    (record, i) =>
      i === 0 || i === history.length - 1 || record.epoch % step === 0 || record.epoch === keptEpoch,
  );
  return { rows, step };
}

interface Column {
  readonly title: string;
  readonly cell: (record: EpochRecord) => string;
}

const optional = (value: number | null, format: (value: number) => string) =>
  value === null ? '' : format(value);

/** The columns to show: a held-out or accuracy column only when some epoch has a value for it. */
function columnsFor(
  history: readonly EpochRecord[],
  heldOut: HeldOut,
  keptEpoch: number | undefined,
): Column[] {
  const some = (value: (record: EpochRecord) => number | null) =>
    history.some((record) => value(record) !== null);
  const columns: (Column | false)[] = [
    {
      title: 'epoch',
      cell: (record) => (record.epoch === keptEpoch ? `${record.epoch} (kept)` : String(record.epoch)),
    },
    { title: 'train loss', cell: (record) => formatNumber(record.trainLoss, 5) },
    some((record) => record.trainAccuracy) && {
      title: 'train accuracy',
      cell: (record) => optional(record.trainAccuracy, formatPercent),
    },
    some((record) => record.valLoss) && {
      title: `${heldOut} loss`,
      cell: (record) => optional(record.valLoss, (value) => formatNumber(value, 5)),
    },
    some((record) => record.valAccuracy) && {
      title: `${heldOut} accuracy`,
      cell: (record) => optional(record.valAccuracy, formatPercent),
    },
    { title: 'learning rate', cell: (record) => formatNumber(record.lr, 4) },
    { title: 'seconds', cell: (record) => record.seconds.toFixed(3) },
  ];
  return columns.filter((column): column is Column => column !== false);
}

/**
 * The history table, with a caption that says which epochs it shows; the row of `keptEpoch` (the weights
 * an early-stopped run kept) is marked.
 */
export function historyTableHtml(
  history: readonly EpochRecord[],
  heldOut: HeldOut,
  keptEpoch?: number,
): string {
  const { rows, step } = sampledEpochs(history, keptEpoch);
  const columns = columnsFor(history, heldOut, keptEpoch);
  const shown =
    step === 1
      ? `All ${history.length} epochs.`
      : `${rows.length} of ${history.length} epochs: 1, ${step}, ${2 * step}, ... and ${history.at(-1)!.epoch} ` +
        '(history.csv holds them all).';
  const kept =
    keptEpoch === undefined
      ? ''
      : ` Early stopping kept the weights of epoch ${keptEpoch}, the lowest ${heldOut} loss (marked).`;
  return htmlTable(
    columns.map((column) => ({ text: column.title, numeric: true })),
    rows.map((record) => columns.map((column): Cell => ({ text: column.cell(record), numeric: true }))),
    { caption: shown + kept, rowClass: (i) => (rows[i]!.epoch === keptEpoch ? 'kept' : undefined) },
  );
}
