/**
 * tapegrad's benchmark: the workloads W1-W4 of shared/bench/WORKLOADS.md, run exactly as specified, in
 * float64 on one thread.
 *
 *     pnpm bench                              all four workloads
 *     pnpm bench --workload W2                one (the reference harness calls it this way)
 *     pnpm bench --quick                      one repetition at small sizes: a smoke test, not a measurement
 *
 * stdout carries only the JSON lines of WORKLOADS.md §5; the readable table goes to stderr.
 * Environment: BENCH_REPS (>= 5), BENCH_SEED (42), BENCH_MIN_REP_S (0.1), BENCH_W3_MAX_EPOCH_S (4).
 */
import { benchSeed } from './data.ts';
import { MemoryProbe } from './memory.ts';
import { type BenchRecord, SYSTEM, WORKLOADS, type WorkloadName } from './record.ts';
import { summaryTable } from './table.ts';
import { QUICK_SETTINGS, timingSettingsFromEnv } from './timing.ts';
import type { WorkloadOptions } from './workloads/options.ts';
import { runW1 } from './workloads/w1.ts';
import { runW2 } from './workloads/w2.ts';
import { runW3 } from './workloads/w3.ts';
import { runW4 } from './workloads/w4.ts';

const RUNNERS: Readonly<Record<WorkloadName, (options: WorkloadOptions) => BenchRecord[]>> = {
  W1: runW1,
  W2: runW2,
  W3: runW3,
  W4: runW4,
};

const USAGE = 'usage: main.ts [--workload W1|W2|W3|W4] [--quick]';

interface Arguments {
  readonly workloads: readonly WorkloadName[];
  readonly quick: boolean;
}

function isWorkload(name: string | undefined): name is WorkloadName {
  return (WORKLOADS as readonly string[]).includes(name ?? '');
}

export function parseArguments(argv: readonly string[]): Arguments {
  const workloads: WorkloadName[] = [];
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--quick') quick = true;
    else if (argument === '--workload') {
      const name = argv[++i];
      if (!isWorkload(name)) throw new Error(`--workload takes one of W1, W2, W3, W4, not ${name}\n${USAGE}`);
      workloads.push(name);
    } else if (argument === '--') {
      // pnpm passes a lone "--" through; it means nothing here
    } else throw new Error(`unknown argument ${argument}\n${USAGE}`);
  }
  return { workloads: workloads.length > 0 ? workloads : [...WORKLOADS], quick };
}

function main(): void {
  let parsed: Arguments;
  try {
    parsed = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const { workloads, quick } = parsed;
  if (SYSTEM.threads > 1) {
    // The references run on one thread: a run of main.ts itself (not bin/tapegrad-bench.js) would compare
    // two threads' products against them, with only the records' "threads" field to tell.
    process.stderr.write(
      `note: matmul runs on ${SYSTEM.threads} threads (TAPEGRAD_THREADS is not 1): the comparisons with the ` +
        'single-threaded references ask for TAPEGRAD_THREADS=1, which bin/tapegrad-bench.js sets\n',
    );
  }
  const settings = quick ? QUICK_SETTINGS : timingSettingsFromEnv();
  const seed = benchSeed();
  const memory = new MemoryProbe();
  memory.sample();
  const options: WorkloadOptions = {
    quick,
    settings,
    memory,
    seed,
    progress: (message) => process.stderr.write(`  ${message}\n`),
  };
  const records: BenchRecord[] = [];
  for (const workload of workloads) {
    for (const record of RUNNERS[workload](options)) {
      process.stdout.write(`${JSON.stringify(record)}\n`);
      records.push(record);
    }
  }
  process.stderr.write(`\n${summaryTable(records, seed, settings.reps)}`);
}

main();
