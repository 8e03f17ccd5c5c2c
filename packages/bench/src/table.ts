/**
 * The readable summary of a run, printed on stderr beside the JSON lines: each case's median and min-max,
 * the correctness fields against WORKLOADS.md §3, and the memory figures.
 */
import { checkRecord } from './expected.ts';
import { alignColumns, formatNumber, formatSpread } from './format.ts';
import type { BenchRecord } from './record.ts';

function extraFields(record: BenchRecord): string {
  switch (record.workload) {
    case 'W1':
      return `${record.calls_per_rep} calls/rep`;
    case 'W3':
      return `${formatNumber(record.gflops as number)} GFLOP/s, ${record.batches_per_rep} batches/rep`;
    case 'W4':
      return `forward only ${formatNumber(record.fwd_us_per_op as number)} us/op`;
    default:
      return '';
  }
}

export function summaryTable(records: readonly BenchRecord[], seed: number, reps: number): string {
  let lines: string[] = [
    `tapegrad benchmark: float64, 1 thread, node ${process.version}, seed ${seed}, ${reps} repetition(s) per case`,
    '',
  ];
  lines = [
    ...lines,
    ...alignColumns([
      ['workload', 'case', 'metric', 'median (min–max)', ''],
      ...records.map((r) => [r.workload, r.case, r.metric, formatSpread(r), extraFields(r)]),
    ]),
  ];

  if (records.some((record) => record.quick === true)) {
    lines.push('', 'quick run (small sizes): the correctness fields are not compared with WORKLOADS.md §3');
  }
  const checks = records
    .filter((record) => record.quick !== true)
    .flatMap((record) =>
      checkRecord(record, seed).map((check) => [
        record.workload,
        check.field,
        check.actual === null ? 'null' : String(check.actual),
        `expected ${check.expected} ± ${check.tolerance.toPrecision(2)}`,
        check.status,
      ]),
    );
  if (checks.length > 0) {
    lines = [
      ...lines,
      '',
      'correctness (WORKLOADS.md §3, float64):',
      ...alignColumns(checks).map((line) => `  ${line}`),
    ];
  }

  const last = records[records.length - 1];
  if (last !== undefined) {
    const peak = records.reduce(
      (max, r) => Math.max(max, r.peak_rss_mib as number),
      Number.NEGATIVE_INFINITY,
    );
    lines.push(
      '',
      `memory: peak RSS sampled ${formatNumber(peak)} MiB, process maxRSS ${formatNumber(last.max_rss_mib as number)} MiB`,
    );
  }
  for (const w3 of records.filter((r) => r.workload === 'W3')) {
    const data = w3.data_mib as number;
    const afterRep = w3.rss_mib_after_rep as readonly number[];
    const budget = data + 150;
    lines.push(
      `  W3: data ${formatNumber(data)} MiB, budget data + 150 = ${formatNumber(budget)} MiB; ` +
        `RSS after each repetition ${afterRep.map(formatNumber).join(', ')} MiB ` +
        `(growth ${formatNumber(afterRep[afterRep.length - 1]! - afterRep[0]!)} MiB)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
