/**
 * How fast `loadCsv` reads a big CSV file and how much memory it takes (docs/benchmarks.md, "Loading a
 * CSV"): writes a CSV of two float features and a class label (about 50 MB at the default 1.7 million
 * rows), then loads it in a fresh Node process per run and prints each run's seconds, rows per second and
 * peak RSS (the process's maxRSS), and the medians.
 *
 *   node --import @tapegrad/source-loader packages/bench/src/csv-load.ts [--rows N] [--runs K]
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCsv } from '@tapegrad/nn/node';

interface LoadRun {
  readonly seconds: number;
  readonly rows: number;
  /** The process's peak RSS before the load (Node, the TypeScript loader, the libraries) and after it. */
  readonly startRssMib: number;
  readonly peakRssMib: number;
}

/** Writes `rows` rows of `x1,x2,label` with seeded pseudo-random values, a megabyte at a time. */
export function writeBenchCsv(path: string, rows: number): void {
  const fd = openSync(path, 'w');
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  let chunk = 'x1,x2,label\n';
  for (let r = 0; r < rows; r++) {
    chunk += `${(next() * 20 - 10).toFixed(12)},${(next() * 20 - 10).toFixed(12)},${next() < 0.5 ? 'cat' : 'dog'}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

/** One load in this process: the time and the process's peak RSS before and after. */
function loadOnce(path: string): LoadRun {
  const startRssMib = process.resourceUsage().maxRSS / 1024;
  const start = performance.now();
  const data = loadCsv(path, { target: 'label' });
  const seconds = (performance.now() - start) / 1000;
  return { seconds, rows: data.X.shape[0]!, startRssMib, peakRssMib: process.resourceUsage().maxRSS / 1024 };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

function main(argv: readonly string[]): void {
  const child = argv.indexOf('--child');
  if (child >= 0) {
    process.stdout.write(JSON.stringify(loadOnce(argv[child + 1]!)));
    return;
  }
  const option = (name: string, fallback: number) => {
    const at = argv.indexOf(name);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const rows = option('--rows', 1_700_000);
  const runs = option('--runs', 5);
  const dir = mkdtempSync(join(tmpdir(), 'tapegrad-csv-load-'));
  const path = join(dir, 'big.csv');
  try {
    writeBenchCsv(path, rows);
    const megabytes = statSync(path).size / 1e6;
    console.log(`${rows} rows, ${megabytes.toFixed(1)} MB; node ${process.version}`);
    const results: LoadRun[] = [];
    for (let run = 0; run < runs; run++) {
      const output = execFileSync(
        process.execPath,
        ['--import', '@tapegrad/source-loader', fileURLToPath(import.meta.url), '--child', path],
        { encoding: 'utf8' },
      );
      const result = JSON.parse(output) as LoadRun;
      results.push(result);
      console.log(
        `run ${run + 1}: ${result.seconds.toFixed(2)} s, ${Math.round(result.rows / result.seconds)} rows/s, ` +
          `peak RSS ${result.peakRssMib.toFixed(0)} MiB (${result.startRssMib.toFixed(0)} MiB before the load)`,
      );
    }
    const seconds = median(results.map((r) => r.seconds));
    console.log(
      `median: ${seconds.toFixed(2)} s, ${Math.round(rows / seconds)} rows/s, ` +
        `peak RSS ${median(results.map((r) => r.peakRssMib)).toFixed(0)} MiB ` +
        `(${median(results.map((r) => r.startRssMib)).toFixed(0)} MiB before the load)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
