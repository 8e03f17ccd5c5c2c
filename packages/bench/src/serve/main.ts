/**
 * `pnpm bench:serve`: `tapegrad serve` against the FastAPI + NumPy reference service with the reference
 * harness's compare.mjs (autocannon, one system after the other, loopback), at 1 and 64 rows per request and
 * 16 and 64 connections, repeated; then a leak check (RSS after 10,000 and after 200,000 requests). Prints
 * Markdown tables of medians, the ratios and the issue's targets (docs/benchmarks.md, "Serving"); exits 1
 * when a target is not met, 2 when something it needs is missing.
 *
 *   node --import @tapegrad/source-loader packages/bench/src/serve/main.ts [--reps 3] [--seconds 10]
 *     [--reference DIR] [--python PATH] [--model RUN_DIR] [--leak-requests 200000] [--skip-leak] [--jsonl FILE]
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type CompareRun, runCompare } from './compare.ts';
import { type LeakResult, leakCheck } from './leak.ts';
import { findModel, findReference, REFERENCE_ENV, SetupError } from './setup.ts';
import { checkTargets, leakTable, resultsTable, targetsTable } from './summary.ts';

const USAGE = `usage: pnpm bench:serve [options]
  --reps N             compare.mjs runs per configuration (default 3)
  --seconds N          seconds of load per system and run, after compare.mjs's 2 s warm-up (default 10)
  --reference DIR      the folder of compare.mjs and fastapi_reference.py (default ../shared/bench/serve
                       from the repository root; or ${REFERENCE_ENV}=DIR)
  --python PATH        the python that runs the reference (default /usr/bin/python3)
  --model RUN_DIR      the run folder both serve (default runs/main; trained into a temporary folder if missing)
  --leak-requests N    requests of the leak check in all (default 200000; RSS is read after 10000 and after N)
  --skip-leak          no leak check
  --jsonl FILE         also write every compare.mjs result and the leak check as JSON lines to FILE`;

/** The four configurations of the issue: [rows per request, connections]. */
const CONFIGURATIONS: [number, number][] = [
  [1, 16],
  [1, 64],
  [64, 16],
  [64, 64],
];
const LEAK_FIRST_REQUESTS = 10_000;
const LEAK_ROWS = 1;
const LEAK_CONNECTIONS = 16;

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = fileURLToPath(new URL('../../../cli/bin/tapegrad.js', import.meta.url));

/** Quotes a path for the bash -c that compare.mjs runs its --cmd with. */
const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new SetupError(`--${name} needs a positive integer, not ${text}`);
  return value;
}

/** A command's output, or null when it fails. */
function output(command: string, args: readonly string[]): string | null {
  try {
    return execFileSync(command, args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** The date, the measured code (the commit, and the working tree's changes to what the server runs), the machine. */
function machine(pythonPath: string): string {
  const commit = output('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown';
  const changed = (output('git', ['status', '--porcelain', '--', 'packages', 'pnpm-lock.yaml']) ?? '')
    .split('\n')
    .map((line) => line.slice(3))
    .filter((path) => path !== '' && !path.startsWith('packages/bench/'));
  const code = changed.length > 0 ? `${commit} with uncommitted changes to ${changed.join(', ')}` : commit;
  const cpu = `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`;
  const python = output(pythonPath, ['--version']) ?? 'python unknown';
  return (
    `${new Date().toISOString().slice(0, 10)}, commit ${code}; ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
    `Node ${process.version}, ${python}`
  );
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      reps: { type: 'string' },
      seconds: { type: 'string' },
      reference: { type: 'string' },
      python: { type: 'string' },
      model: { type: 'string' },
      'leak-requests': { type: 'string' },
      'skip-leak': { type: 'boolean' },
      jsonl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const reps = positive('reps', values.reps, 3);
  const seconds = positive('seconds', values.seconds, 10);
  const leakRequests = positive('leak-requests', values['leak-requests'], 200_000);
  if (leakRequests <= LEAK_FIRST_REQUESTS) {
    throw new SetupError(`--leak-requests must be more than the first reading's ${LEAK_FIRST_REQUESTS}`);
  }
  const reference = findReference(repoRoot, values.reference, values.python ?? '/usr/bin/python3');
  const model = findModel(repoRoot, values.model, cli);
  const record = (line: object) => {
    if (values.jsonl) appendFileSync(values.jsonl, `${JSON.stringify(line)}\n`);
  };
  if (values.jsonl) writeFileSync(values.jsonl, '');
  try {
    const command = `${shellQuote(process.execPath)} ${shellQuote(cli)} serve --model ${shellQuote(model.dir)} --port {port}`;
    const total = CONFIGURATIONS.length * reps;
    process.stderr.write(
      `bench:serve: ${reference.compareScript} (reference: ${reference.python} fastapi_reference.py) against\n` +
        `  ${command}\n  model ${model.dir} (${model.origin}); ${total} runs of about ${2 * (seconds + 4)} s, then the leak check\n`,
    );
    const loadBefore = loadavg()[0]!;
    const runs: CompareRun[] = [];
    // Repetition by repetition, so that a slow spell of the machine touches every configuration alike.
    for (let repetition = 1; repetition <= reps; repetition++) {
      for (const [rows, connections] of CONFIGURATIONS) {
        const run = await runCompare({
          compareScript: reference.compareScript,
          python: reference.python,
          model: model.dir,
          command,
          rows,
          connections,
          seconds,
          repetition,
        });
        runs.push(run);
        record({ kind: 'compare', ...run });
        process.stderr.write(
          `[${runs.length}/${total}] rows ${rows}, connections ${connections}: reference ` +
            `${run.reference.requests_per_s} req/s p99 ${run.reference.p99_ms} ms, tapegrad ${run.tapegrad.requests_per_s} ` +
            `req/s p99 ${run.tapegrad.p99_ms} ms (${run.ratioRequestsPerS.toFixed(2)}x), errors ${run.tapegrad.errors}, ` +
            `non-2xx ${run.tapegrad.non_2xx}\n`,
        );
      }
    }
    let leak: LeakResult | null = null;
    if (!values['skip-leak']) {
      process.stderr.write(
        `leak check: ${leakRequests} requests, RSS after ${LEAK_FIRST_REQUESTS} and after all\n`,
      );
      leak = await leakCheck({
        cli,
        model: model.dir,
        rows: LEAK_ROWS,
        connections: LEAK_CONNECTIONS,
        firstRequests: LEAK_FIRST_REQUESTS,
        totalRequests: leakRequests,
      });
      record({ kind: 'leak', ...leak });
    }
    const checks = checkTargets(runs, leak);
    const out = [
      `tapegrad serve vs the FastAPI + NumPy reference (compare.mjs), ${machine(reference.python)}.`,
      `Model: ${model.origin}. ${reps} runs per configuration, ${seconds} s of load per system after a 2 s warm-up; ` +
        'medians; ratio = tapegrad / reference within one run, median (min–max) of the runs; errors and non-2xx ' +
        'are totals over the runs. autocannon runs on the same machine as the server. Load average (1 min) ' +
        `${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after.`,
      '',
      ...resultsTable(runs, CONFIGURATIONS),
      '',
      ...targetsTable(checks),
      ...(leak ? ['', ...leakTable(leak)] : []),
      '',
    ];
    process.stdout.write(out.join('\n'));
    const failed = checks.filter((check) => check.met === false);
    if (failed.length > 0) {
      process.stderr.write(
        `bench:serve: ${failed.length} target(s) not met:\n${failed.map((check) => `  - ${check.reason}`).join('\n')}\n`,
      );
      return 1;
    }
    process.stderr.write('bench:serve: every target met\n');
    return 0;
  } finally {
    model.dispose();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof SetupError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`bench:serve: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
