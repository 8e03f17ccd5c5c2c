/**
 * The benchmark never rots: `tapegrad-bench --quick` (one repetition at small sizes) runs W1-W4, prints
 * the JSON lines of WORKLOADS.md §5, and its correctness fields equal independent references computed
 * here with plain loops and hand-written derivatives. Timings are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  W2_SIZES,
  w2Data,
  w2InitialParameters,
  w3Batches,
  w3InitialParameters,
  w3Inputs,
  w3Labels,
} from '../../packages/bench/src/data.ts';
import { type BenchRecord, parseRecords } from '../../packages/bench/src/record.ts';
import { W2_LEARNING_RATE, w2Steps } from '../../packages/bench/src/workloads/w2.ts';
import { W3_LEARNING_RATE, w3Plan } from '../../packages/bench/src/workloads/w3.ts';
import { W4_LEAVES, w4Ops } from '../../packages/bench/src/workloads/w4.ts';
import { expectClose } from '../support/assertions.ts';
import { w2LossByHand, w2TrainByHand, w3LossByHand, w3TrainByHand, w4ChainByHand } from './hand-backprop.ts';

const BENCH_BIN = fileURLToPath(new URL('../../packages/bench/bin/tapegrad-bench.js', import.meta.url));
const SEED = 42;

function runBench(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return runBenchWith({}, ...args);
}

/** The bench with these environment variables set (or, where undefined, removed). */
function runBenchWith(
  env: Record<string, string | undefined>,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const merged: NodeJS.ProcessEnv = { ...process.env, BENCH_SEED: String(SEED), ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  const result = spawnSync(process.execPath, [BENCH_BIN, ...args], { encoding: 'utf8', env: merged });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The quick run, once for the whole file. */
const quick = runBench('--quick');
const records = quick.code === 0 ? parseRecords(quick.stdout) : [];

function recordOf(workload: string): BenchRecord {
  const record = records.find((r) => r.workload === workload);
  if (record === undefined) throw new Error(`no ${workload} record in:\n${quick.stdout}\n${quick.stderr}`);
  return record;
}

/** Matches up to rounding: the tape sums in another order than the loops. */
const CLOSE = { atol: 1e-14, rtol: 1e-10 };

describe('tapegrad-bench --quick', () => {
  test('exits 0 and prints only JSON lines on stdout, the table on stderr', () => {
    expect(quick.code, quick.stderr).toBe(0);
    const lines = quick.stdout.trim().split('\n');
    expect(lines.every((line) => line.startsWith('{') && line.endsWith('}'))).toBe(true);
    expect(records.map((r) => r.workload)).toEqual(['W1', 'W2', 'W2', 'W3', 'W3', 'W4']);
    expect(quick.stderr).toContain('median (min–max)');
  });

  test('every line has the fields of WORKLOADS.md §5 and its workload extras', () => {
    const extras: Record<string, readonly string[]> = {
      W1: ['calls_per_rep'],
      W2: ['initial_loss', 'final_loss'],
      W3: ['initial_loss', 'final_loss', 'gflops', 'batches_per_rep'],
      W4: ['fwd_us_per_op', 'out', 'grad_x0', 'grad_w', 'grad_b'],
    };
    const metrics: Record<string, string> = { W1: 'GFLOP/s', W2: 'steps/s', W3: 'samples/s', W4: 'us/op' };
    for (const record of records) {
      expect(record).toMatchObject({
        system: 'tapegrad',
        threads: 1,
        dtype: 'float64',
        metric: metrics[record.workload],
        reps: 1,
        higher_is_better: record.workload !== 'W4',
        quick: true,
      });
      expect(typeof record.case).toBe('string');
      for (const field of [
        'median',
        'min',
        'max',
        'peak_rss_mib',
        'max_rss_mib',
        ...extras[record.workload]!,
      ]) {
        expect(Number.isFinite(record[field]), `${record.workload} ${field}`).toBe(true);
      }
      expect(record.min).toBeLessThanOrEqual(record.median);
      expect(record.median).toBeLessThanOrEqual(record.max);
    }
  });

  test('W2 losses, eager and compiled rows, equal full-batch gradient descent backpropagated by hand', () => {
    const { X, y } = w2Data(SEED);
    const initial = w2InitialParameters(SEED);
    const { steps } = w2Steps(true);
    const final = w2TrainByHand(initial, X, y, W2_SIZES.hidden, steps, W2_LEARNING_RATE);
    const rows = records.filter((r) => r.workload === 'W2');
    expect(rows.map((r) => [r.case, r.mode])).toEqual([
      [`2-16-1 x${steps}`, 'eager'],
      [`2-16-1 x${steps} compiled`, 'compiled'],
    ]);
    for (const record of rows) {
      expectClose(
        record.initial_loss as number,
        w2LossByHand(initial, X, y, W2_SIZES.hidden),
        CLOSE,
        `${record.mode} initial_loss`,
      );
      expectClose(
        record.final_loss as number,
        w2LossByHand(final, X, y, W2_SIZES.hidden),
        CLOSE,
        `${record.mode} final_loss`,
      );
    }
  });

  test('W3 losses, eager and compiled rows, equal minibatch SGD backpropagated by hand', () => {
    const { rows, evalRows } = w3Plan(true);
    const X = w3Inputs(rows, SEED);
    const labels = w3Labels(rows, SEED);
    const initial = w3InitialParameters(SEED);
    const final = w3TrainByHand(initial, X, labels, w3Batches(rows), W3_LEARNING_RATE);
    const rows3 = records.filter((r) => r.workload === 'W3');
    expect(rows3.map((r) => r.mode)).toEqual(['eager', 'compiled']);
    expect(rows3[1]!.case).toBe(`${rows3[0]!.case} compiled`);
    for (const record of rows3) {
      expect(record.batches_per_rep).toBe(w3Batches(rows).length);
      expectClose(
        record.initial_loss as number,
        w3LossByHand(initial, X, labels, evalRows),
        CLOSE,
        `${record.mode} initial_loss`,
      );
      expectClose(
        record.final_loss as number,
        w3LossByHand(final, X, labels, evalRows),
        CLOSE,
        `${record.mode} final_loss`,
      );
    }
  });

  test('W4 value and gradients equal the chain and its derivative recurrence by hand', () => {
    const ops = w4Ops(true);
    const expected = w4ChainByHand(W4_LEAVES.x0, W4_LEAVES.w, W4_LEAVES.b, ops);
    const record = recordOf('W4');
    expect(record.case).toBe(`chain ${ops} ops`);
    for (const field of ['out', 'grad_x0', 'grad_w', 'grad_b'] as const) {
      expectClose(record[field] as number, expected[field], { atol: 1e-15, rtol: 1e-12 }, field);
    }
  });

  test('--workload runs one workload; a wrong argument exits 2 with the usage', () => {
    const one = runBench('--workload', 'W4', '--quick');
    expect(one.code, one.stderr).toBe(0);
    expect(parseRecords(one.stdout).map((r) => r.workload)).toEqual(['W4']);
    const wrong = runBench('--workload', 'W5');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('usage:');
  });

  test('matmul on more than one thread is said on stderr, and recorded; one thread (the default) is not', () => {
    const threaded = runBenchWith({ TAPEGRAD_THREADS: '2' }, '--workload', 'W4', '--quick');
    expect(threaded.code, threaded.stderr).toBe(0);
    expect(threaded.stderr).toContain('note: matmul runs on 2 threads');
    expect(parseRecords(threaded.stdout)[0]!.threads).toBe(2);
    const unset = runBenchWith({ TAPEGRAD_THREADS: undefined }, '--workload', 'W4', '--quick');
    expect(unset.code, unset.stderr).toBe(0);
    expect(unset.stderr).not.toContain('note: matmul runs on');
    expect(parseRecords(unset.stdout)[0]!.threads).toBe(1);
  });
});
