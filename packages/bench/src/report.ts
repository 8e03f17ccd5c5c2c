/**
 * The Markdown tables of docs/benchmarks.md from the JSON lines of a run:
 *
 *     pnpm -s bench > run.jsonl && pnpm -s bench:report run.jsonl
 *     pnpm -s bench:report RESULTS_DIR          every *.jsonl of a run-anchors.sh --out folder
 *     pnpm -s bench:report run.jsonl --update docs/benchmarks.md
 *                                               replaces the tables between the results markers there
 *
 * tapegrad's rows are compared with the reference systems of the same input when it has them (a
 * run-anchors.sh results directory: one run, one machine); otherwise with the numbers of
 * shared/bench/RESULTS.md, labelled as such.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEED } from './data.ts';
import { checkRecord } from './expected.ts';
import { formatNumber, formatSpread } from './format.ts';
import { type BenchRecord, parseRecords, SYSTEM, type WorkloadName } from './record.ts';
import {
  REFERENCE_COLUMNS,
  RESULTS_MD,
  RESULTS_MD_SOURCE,
  type ReferenceRow,
  type ReferenceSystem,
  SPEED_TARGETS,
} from './references.ts';

/** Where a reference number came from: the same input (one run) or RESULTS.md. */
interface FoundReference {
  readonly row: {
    readonly median: number;
    readonly min: number;
    readonly max: number;
    readonly case: string;
  };
  readonly sameRun: boolean;
}

function sameSystem(
  row: { system: string; threads: number; dtype: string },
  reference: ReferenceSystem,
): boolean {
  return (
    row.system === reference.system && row.threads === reference.threads && row.dtype === reference.dtype
  );
}

/** W1 is compared case by case; W2-W4 have one case per system (W3 may be a partial epoch). */
function sameCase(workload: WorkloadName, caseName: string, wanted: string): boolean {
  return workload !== 'W1' || caseName === wanted;
}

export function findReference(
  input: readonly BenchRecord[],
  reference: ReferenceSystem,
  workload: WorkloadName,
  caseName: string,
): FoundReference | undefined {
  const fromRun = input.find(
    (r) =>
      sameSystem(r, reference) &&
      r.workload === workload &&
      r.variant === undefined &&
      sameCase(workload, r.case, caseName),
  );
  if (fromRun !== undefined) return { row: fromRun, sameRun: true };
  const fromResults = RESULTS_MD.find(
    (r: ReferenceRow) =>
      sameSystem(r, reference) && r.workload === workload && sameCase(workload, r.case, caseName),
  );
  return fromResults === undefined ? undefined : { row: fromResults, sameRun: false };
}

/** tapegrad's speed over the reference's: for W4 (a time per op) the inverse ratio of the medians. */
export function speedRatio(tapegrad: BenchRecord, referenceMedian: number): number {
  return tapegrad.higher_is_better ? tapegrad.median / referenceMedian : referenceMedian / tapegrad.median;
}

function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...body.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function referenceCell(found: FoundReference | undefined): string {
  if (found === undefined) return '–';
  const partial = found.row.case.includes(' first ') ? '*' : '';
  return `${formatSpread(found.row)}${partial}${found.sameRun ? '' : ' †'}`;
}

export function report(input: readonly BenchRecord[]): string {
  const tapegrad = input.filter((r) => r.system === SYSTEM.system && r.quick !== true);
  if (tapegrad.length === 0) return 'no tapegrad records (quick runs are not reported)\n';
  let lines: string[] = [];
  const first = tapegrad[0]!;
  const anyFromResults = tapegrad.some((r) =>
    REFERENCE_COLUMNS.some((c) => findReference(input, c, r.workload, r.case)?.sameRun === false),
  );

  const machine = [
    first.node === undefined ? '' : `Node ${first.node}`,
    first.cpu === undefined ? '' : `on ${first.cpu}`,
  ]
    .filter((part) => part !== '')
    .join(' ');
  const where = [machine, typeof first.date === 'string' ? first.date : ''].filter((part) => part !== '');
  lines.push(
    `tapegrad: float64, 1 thread${where.length > 0 ? `, ${where.join(', ')}` : ''}; ` +
      `medians (min–max) of ${first.reps} repetitions.`,
  );
  if (anyFromResults) {
    lines.push(
      '',
      `† references from RESULTS.md (a different run, not side by side): ${RESULTS_MD_SOURCE}. ` +
        'Ratios against them compare two machines as well as two systems.',
    );
  }
  lines.push('');
  lines = [
    ...lines,
    ...markdownTable(
      ['workload', 'case', 'metric', 'tapegrad f64', ...REFERENCE_COLUMNS.map((c) => c.label)],
      tapegrad.map((r) => [
        r.workload,
        r.case,
        r.metric,
        `**${formatSpread(r)}**`,
        ...REFERENCE_COLUMNS.map((c) => referenceCell(findReference(input, c, r.workload, r.case))),
      ]),
    ),
  ];
  const anyPartial = tapegrad.some((r) =>
    REFERENCE_COLUMNS.some((c) => findReference(input, c, r.workload, r.case)?.row.case.includes(' first ')),
  );
  if (anyPartial) {
    lines.push(
      '',
      '\\* a partial epoch (the W3 slow-system rule of WORKLOADS.md: the first K of 469 batches); ' +
        'samples/s per batch is comparable.',
    );
  }

  lines.push('', '### Targets of issue 5 (ratio = tapegrad speed / reference speed, medians)', '');
  const targetRows = SPEED_TARGETS.flatMap((target) => {
    const record = tapegrad.find(
      (r) => r.workload === target.workload && (target.case === undefined || r.case === target.case),
    );
    if (record === undefined) return [];
    const found = findReference(input, target.reference, target.workload, record.case);
    if (found === undefined) return [];
    const ratio = speedRatio(record, found.row.median);
    return [
      [
        target.workload,
        target.wording,
        `${formatNumber(found.row.median)}${found.sameRun ? '' : ' †'}`,
        formatNumber(record.median),
        `${formatNumber(ratio)}x`,
        `>= ${target.factor}x`,
        ratio >= target.factor
          ? 'met'
          : `not met (${formatNumber((100 * ratio) / target.factor)}% of target)`,
      ],
    ];
  });
  lines = [
    ...lines,
    ...markdownTable(
      ['workload', 'target', 'reference', 'tapegrad', 'ratio', 'needed', 'status'],
      targetRows,
    ),
  ];

  const w3 = tapegrad.find((r) => r.workload === 'W3');
  if (w3 !== undefined) {
    const data = w3.data_mib as number;
    const peak = w3.max_rss_mib as number;
    const afterRep = (w3.rss_mib_after_rep as readonly number[]) ?? [];
    const growth = afterRep.length > 1 ? afterRep[afterRep.length - 1]! - afterRep[0]! : 0;
    lines = [
      ...lines,
      '',
      '### Memory (W3)',
      '',
      ...markdownTable(
        ['figure', 'value', 'target', 'status'],
        [
          [
            'peak RSS of the W3 process (maxRSS)',
            `${formatNumber(peak)} MiB`,
            `<= data ${formatNumber(data)} + 150 = ${formatNumber(data + 150)} MiB`,
            peak <= data + 150 ? 'met' : 'not met',
          ],
          [
            'RSS after each repetition',
            `${afterRep.map(formatNumber).join(', ')} MiB`,
            'no growth from epoch to epoch (<= 16 MiB, GC noise)',
            growth <= 16 ? `met (${formatNumber(growth)} MiB)` : `not met (+${formatNumber(growth)} MiB)`,
          ],
        ],
      ),
    ];
  }

  const checks = tapegrad.flatMap((record) =>
    checkRecord(record, DEFAULT_SEED).map((check) => [
      record.workload,
      check.field,
      check.actual === null ? 'null (partial epoch)' : String(check.actual),
      check.expected,
      check.status,
    ]),
  );
  lines = [
    ...lines,
    '',
    '### Correctness (WORKLOADS.md §3, float64)',
    '',
    ...markdownTable(['workload', 'field', 'tapegrad', 'expected', 'status'], checks),
  ];
  return `${lines.join('\n')}\n`;
}

/** Every record of the given files, or of the *.jsonl files in the given folders, or of stdin. */
function readInput(paths: readonly string[]): BenchRecord[] {
  if (paths.length === 0) return parseRecords(readFileSync(0, 'utf8'));
  return paths.flatMap((path) => {
    const files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.jsonl'))
          .map((name) => join(path, name))
      : [path];
    return files.flatMap((file) => parseRecords(readFileSync(file, 'utf8')));
  });
}

export const RESULTS_START = '<!-- bench-results:start (generated by pnpm bench:report --update) -->';
export const RESULTS_END = '<!-- bench-results:end -->';

/** The document with the text between the results markers replaced by `tables`. */
export function replaceResults(document: string, tables: string): string {
  const start = document.indexOf(RESULTS_START);
  const end = document.indexOf(RESULTS_END);
  if (start < 0 || end < start) {
    throw new Error(
      `the document has no results markers; put ${RESULTS_START} and ${RESULTS_END} where the tables go`,
    );
  }
  return `${document.slice(0, start + RESULTS_START.length)}\n\n${tables}\n${document.slice(end)}`;
}

function main(argv: readonly string[]): void {
  const paths: string[] = [];
  let update: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--update') update = argv[++i];
    else if (argv[i] !== '--') paths.push(argv[i]!);
  }
  const tables = report(readInput(paths));
  if (update === undefined) process.stdout.write(tables);
  else writeFileSync(update, replaceResults(readFileSync(update, 'utf8'), tables));
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
