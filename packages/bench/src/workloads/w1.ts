/**
 * W1 matmul throughput (WORKLOADS.md §2): C = A·B for square n = 64 .. 1024 and [128,784]·[784,128].
 * Each call is a user-level `matmul(a, b)` that returns a freshly allocated result. The calls per
 * repetition are calibrated so one repetition lasts >= BENCH_MIN_REP_S (the calibration is the
 * warm-up); GFLOP/s = 2·m·k·n·calls / seconds, per repetition.
 */
import { matmul, tensor } from '@tapegrad/autograd';
import { W1_CASES, w1Operands } from '../data.ts';
import { type BenchRecord, makeRecord } from '../record.ts';
import { calibrateCalls, timeRepetitions } from '../timing.ts';
import type { WorkloadOptions } from './options.ts';

export function runW1({ quick, settings, memory, seed, progress }: WorkloadOptions): BenchRecord[] {
  const cases = quick ? W1_CASES.slice(0, 1) : W1_CASES;
  return cases.map((matmulCase) => {
    const { name, m, k, n } = matmulCase;
    const { A, B } = w1Operands(matmulCase, seed);
    const a = tensor(A, { shape: [m, k] });
    const b = tensor(B, { shape: [k, n] });
    const call = (): void => {
      matmul(a, b);
    };
    const calls = calibrateCalls(call, settings.minRepSeconds);
    const seconds = timeRepetitions(
      () => {
        for (let i = 0; i < calls; i++) call();
      },
      settings.reps,
      0,
    );
    memory.sample();
    const flopPerCall = 2 * m * k * n;
    progress(`W1 ${name}: ${calls} calls per repetition`);
    return makeRecord(
      {
        workload: 'W1',
        caseName: name,
        metric: 'GFLOP/s',
        values: seconds.map((s) => (flopPerCall * calls) / s / 1e9),
        higherIsBetter: true,
      },
      { calls_per_rep: calls },
      memory,
      quick,
    );
  });
}
