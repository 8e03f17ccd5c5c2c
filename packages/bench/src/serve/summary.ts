/**
 * The serving benchmark's tables (Markdown): the medians of the compare.mjs runs side by side, the targets
 * of the issue as ratios, and the leak check.
 */
import { formatNumber } from '../format.ts';
import type { CompareRun, SystemResult } from './compare.ts';
import type { LeakResult } from './leak.ts';

/** The leak check's limit: RSS after all requests at most this much above RSS after the first ones. */
export const LEAK_LIMIT_MIB = 20;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: median(sorted), min: sorted[0]!, max: sorted.at(-1)! };
}

/** Whole numbers (autocannon's milliseconds, compare.mjs's MiB) as they are, others to about 3 digits. */
const plain = (value: number | null) =>
  value !== null && Number.isInteger(value) ? value.toLocaleString('en-US') : formatNumber(value);
const ratio = (value: number) => `${formatNumber(value)}x`;
const ratioSpread = (s: Spread) => `${ratio(s.median)} (${formatNumber(s.min)}–${formatNumber(s.max)})`;

/** The runs of one configuration (rows per request, connections). */
function runsOf(runs: readonly CompareRun[], rows: number, connections: number): CompareRun[] {
  return runs.filter((run) => run.rows === rows && run.connections === connections);
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const systemMedian = (results: readonly SystemResult[], pick: (r: SystemResult) => number | null) => {
  const values = results.map(pick).filter((v): v is number => v !== null);
  return values.length > 0 ? median(values) : null;
};

/** The medians of each configuration, both systems side by side. */
export function resultsTable(
  runs: readonly CompareRun[],
  configurations: readonly [number, number][],
): string[] {
  const lines = [
    '| rows / request | connections | req/s reference | req/s tapegrad | req/s ratio | p50 ms ref / tapegrad | ' +
      'p99 ms reference | p99 ms tapegrad | p99 ratio | errors ref / tapegrad | non-2xx ref / tapegrad | ' +
      'RSS MiB after, ref / tapegrad |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [rows, connections] of configurations) {
    const these = runsOf(runs, rows, connections);
    if (these.length === 0) continue;
    const ref = these.map((run) => run.reference);
    const ours = these.map((run) => run.tapegrad);
    const both = (pick: (r: SystemResult) => number | null) =>
      `${plain(systemMedian(ref, pick))} / ${plain(systemMedian(ours, pick))}`;
    const total = (pick: (r: SystemResult) => number) => `${sum(ref.map(pick))} / ${sum(ours.map(pick))}`;
    lines.push(
      `| ${rows} | ${connections} | ${formatNumber(systemMedian(ref, (r) => r.requests_per_s))} | ` +
        `**${formatNumber(systemMedian(ours, (r) => r.requests_per_s))}** | ` +
        `${ratioSpread(spread(these.map((run) => run.ratioRequestsPerS)))} | ${both((r) => r.p50_ms)} | ` +
        `${plain(systemMedian(ref, (r) => r.p99_ms))} | **${plain(systemMedian(ours, (r) => r.p99_ms))}** | ` +
        `${ratioSpread(spread(these.map((run) => run.ratioP99)))} | ${total((r) => r.errors)} | ` +
        `${total((r) => r.non_2xx)} | ${both((r) => r.rss_mib_after)} |`,
    );
  }
  return lines;
}

/** A target of the issue and whether it holds. */
export interface TargetCheck {
  readonly label: string;
  readonly measured: string;
  readonly needed: string;
  readonly met: boolean | null;
  /** Why it failed, in a sentence (empty when met). */
  readonly reason: string;
}

interface RatioTarget {
  readonly label: string;
  readonly rows: number;
  readonly connections: number;
  readonly metric: 'requests' | 'p99';
  /** requests: ratio at least this; p99: ratio at most this. */
  readonly bound: number;
  readonly needed: string;
}

/** The issue's ratio targets (ratio = tapegrad / FastAPI reference, in the same compare.mjs run). */
export const RATIO_TARGETS: readonly RatioTarget[] = [
  {
    label: 'requests/s, 1 row, 16 connections',
    rows: 1,
    connections: 16,
    metric: 'requests',
    bound: 5,
    needed: '>= 5x',
  },
  {
    label: 'p99 latency, 1 row, 16 connections',
    rows: 1,
    connections: 16,
    metric: 'p99',
    bound: 1 / 3,
    needed: '<= 1/3 (0.333x)',
  },
  {
    label: 'requests/s, 64 rows, 16 connections',
    rows: 64,
    connections: 16,
    metric: 'requests',
    bound: 2,
    needed: '>= 2x',
  },
  {
    label: 'requests/s, 64 rows, 64 connections',
    rows: 64,
    connections: 64,
    metric: 'requests',
    bound: 2,
    needed: '>= 2x',
  },
];

/** Checks the ratio targets on the medians of the per-run ratios, and the zero errors / non-2xx target. */
export function checkTargets(runs: readonly CompareRun[], leak: LeakResult | null): TargetCheck[] {
  const checks: TargetCheck[] = RATIO_TARGETS.map((target) => {
    const these = runsOf(runs, target.rows, target.connections);
    if (these.length === 0) {
      return { label: target.label, measured: 'not run', needed: target.needed, met: null, reason: '' };
    }
    const ratios = these.map((run) => (target.metric === 'requests' ? run.ratioRequestsPerS : run.ratioP99));
    const holds = (value: number) =>
      target.metric === 'requests' ? value >= target.bound : value <= target.bound;
    const value = median(ratios);
    const pick = (r: SystemResult) => (target.metric === 'requests' ? r.requests_per_s : r.p99_ms);
    const unit = target.metric === 'requests' ? 'req/s' : 'ms';
    const measured =
      `${ratioSpread(spread(ratios))}: ${plain(median(these.map((run) => pick(run.tapegrad))))} ${unit} ` +
      `vs ${plain(median(these.map((run) => pick(run.reference))))}; ${ratios.filter(holds).length} of ${ratios.length} runs meet it`;
    const met = holds(value);
    return {
      label: target.label,
      measured,
      needed: target.needed,
      met,
      reason: met ? '' : `${target.label}: the median ratio is ${ratio(value)}, the target ${target.needed}`,
    };
  });
  const failures = runs.filter((run) => run.tapegrad.errors > 0 || run.tapegrad.non_2xx > 0);
  const leakFailed = leak !== null && (leak.errors > 0 || leak.non2xx > 0);
  const errors = sum(runs.map((run) => run.tapegrad.errors)) + (leak?.errors ?? 0);
  const non2xx = sum(runs.map((run) => run.tapegrad.non_2xx)) + (leak?.non2xx ?? 0);
  const zeroMet = failures.length === 0 && !leakFailed;
  checks.push({
    label: 'tapegrad: errors and non-2xx, every run (and the leak check)',
    measured: `${errors} errors, ${non2xx} non-2xx in ${runs.length} runs${leak ? ' and the leak check' : ''}`,
    needed: '0 and 0',
    met: zeroMet,
    reason: zeroMet
      ? ''
      : `tapegrad serve gave errors or non-2xx answers: ${failures
          .map(
            (run) =>
              `rows ${run.rows}, connections ${run.connections}, run ${run.repetition}: ${run.tapegrad.errors} errors, ${run.tapegrad.non_2xx} non-2xx`,
          )
          .concat(leakFailed ? [`the leak check: ${leak.errors} errors, ${leak.non2xx} non-2xx`] : [])
          .join('; ')}`,
  });
  if (leak === null) {
    checks.push({
      label: 'RSS growth',
      measured: 'not run',
      needed: `<= ${LEAK_LIMIT_MIB} MiB`,
      met: null,
      reason: '',
    });
  } else {
    const growth = leak.rssTotalMib - leak.rssFirstMib;
    const met = growth <= LEAK_LIMIT_MIB;
    checks.push({
      label: `RSS after ${leak.totalRequests.toLocaleString('en-US')} requests - after ${leak.firstRequests.toLocaleString('en-US')}`,
      measured: `${growth.toFixed(1)} MiB (${leak.rssFirstMib.toFixed(1)} -> ${leak.rssTotalMib.toFixed(1)} MiB)`,
      needed: `<= ${LEAK_LIMIT_MIB} MiB`,
      met,
      reason: met ? '' : `RSS grew by ${growth.toFixed(1)} MiB, more than ${LEAK_LIMIT_MIB} MiB`,
    });
  }
  return checks;
}

const status = (check: TargetCheck) => (check.met === null ? 'not run' : check.met ? 'met' : '**not met**');

export function targetsTable(checks: readonly TargetCheck[]): string[] {
  return [
    '| target | measured: tapegrad / reference, median (min–max) of runs | needed | status |',
    '| --- | --- | --- | --- |',
    ...checks.map((check) => `| ${check.label} | ${check.measured} | ${check.needed} | ${status(check)} |`),
  ];
}

export function leakTable(leak: LeakResult): string[] {
  const mib = (value: number) => `${value.toFixed(1)} MiB`;
  const growth = leak.rssTotalMib - leak.rssFirstMib;
  return [
    `One \`tapegrad serve\` process, ${leak.rows}-row requests at ${leak.connections} connections (autocannon \`amount\`), VmRSS of /proc/PID/status:`,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| RSS once listening (one request answered) | ${mib(leak.rssStartMib)} |`,
    `| RSS after ${leak.firstRequests.toLocaleString('en-US')} requests | ${mib(leak.rssFirstMib)} |`,
    `| RSS after ${leak.totalRequests.toLocaleString('en-US')} requests | ${mib(leak.rssTotalMib)} |`,
    `| difference (target <= ${LEAK_LIMIT_MIB} MiB) | ${growth >= 0 ? '+' : ''}${mib(growth)} (${growth <= LEAK_LIMIT_MIB ? 'met' : '**not met**'}) |`,
    `| peak RSS (VmHWM) | ${mib(leak.peakRssMib)} |`,
    `| requests completed, errors, non-2xx | ${leak.completed.toLocaleString('en-US')}, ${leak.errors}, ${leak.non2xx} |`,
    `| requests/s over the last ${(leak.totalRequests - leak.firstRequests).toLocaleString('en-US')} | ${formatNumber(leak.requestsPerS)} |`,
    `| exit code after SIGTERM | ${leak.exitCode ?? 'still running after 10 s (killed)'} |`,
  ];
}
