/**
 * One result line of WORKLOADS.md §5: a JSON object per (workload, case), the format every system of the
 * reference harness prints, so tapegrad's rows land in the same tables.
 */
import { availableParallelism, cpus } from 'node:os';
import { type MemoryProbe, maxRssMib } from './memory.ts';
import { spreadOf } from './timing.ts';

export const WORKLOADS = ['W1', 'W2', 'W3', 'W4'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export type JsonValue = number | string | boolean | null | readonly number[];

/** The fields every record has; each workload adds its own (losses, gradients, calls_per_rep, ...). */
export interface BenchRecord {
  readonly system: string;
  readonly threads: number;
  readonly workload: WorkloadName;
  readonly case: string;
  readonly dtype: string;
  readonly metric: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly reps: number;
  readonly higher_is_better: boolean;
  readonly [extra: string]: JsonValue;
}

/**
 * tapegrad in float64, on the threads TAPEGRAD_THREADS allows (bin/tapegrad-bench.js makes it 1 unless it is
 * set; matmul's default without it is the number of cores, at most 8).
 */
export const SYSTEM = {
  system: 'tapegrad',
  threads: Number.parseInt(process.env.TAPEGRAD_THREADS ?? '', 10) || Math.min(availableParallelism(), 8),
  dtype: 'float64',
} as const;

export interface MetricValues {
  readonly workload: WorkloadName;
  readonly caseName: string;
  readonly metric: string;
  /** One value of the metric per timed repetition. */
  readonly values: readonly number[];
  readonly higherIsBetter: boolean;
}

/**
 * The record of one case: median, min and max of the per-repetition values, the workload's extra fields,
 * and the memory seen so far (the sampled peak RSS and the kernel's maxRSS, both in MiB).
 */
export function makeRecord(
  { workload, caseName, metric, values, higherIsBetter }: MetricValues,
  extra: Readonly<Record<string, JsonValue>>,
  memory: MemoryProbe,
  quick: boolean,
): BenchRecord {
  const { median, min, max } = spreadOf(values);
  memory.sample();
  return {
    ...SYSTEM,
    workload,
    case: caseName,
    metric,
    median,
    min,
    max,
    reps: values.length,
    higher_is_better: higherIsBetter,
    ...extra,
    peak_rss_mib: round(memory.peakMib, 1),
    max_rss_mib: round(maxRssMib(), 1),
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    date: new Date().toISOString().slice(0, 10),
    ...(quick ? { quick: true } : {}),
  };
}

export function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** Parses the JSON lines of a run (other lines, such as a banner, are skipped). */
export function parseRecords(text: string): BenchRecord[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as BenchRecord);
}
