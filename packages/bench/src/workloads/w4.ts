/**
 * W4 tape overhead (WORKLOADS.md §2): a chain of 10,000 scalar ops on three leaves that require
 * gradients, x0 = 0.5, w = −1, b = 0.001. Starting from v = x0, op k is
 *
 *     k mod 3 == 0:  v = v * w        k mod 3 == 1:  v = v + b        k mod 3 == 2:  v = tanh(v)
 *
 * then backward from the final v (w and b are reused, so their gradients add up over 3334 / 3333 uses).
 * Timing: 10 untimed warm-ups (V8 reaches its steady speed after about 8), then repetitions of forward +
 * backward; the leaves' gradients are cleared at the start of each (negligible). us/op = seconds / 10000.
 * fwd_us_per_op is the median of forward-only repetitions.
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import { type BenchRecord, makeRecord } from '../record.ts';
import { spreadOf, timeRepetitions } from '../timing.ts';
import type { WorkloadOptions } from './options.ts';

export const W4_LEAVES = { x0: 0.5, w: -1.0, b: 0.001 } as const;

/** Ops in the chain: the specification's 10,000, or 300 for the quick smoke run. */
export function w4Ops(quick: boolean): number {
  return quick ? 300 : 10000;
}

const WARMUPS = 10;

/** The chain of `ops` scalar ops from v = x0 (see the file comment). */
export function scalarChain(x0: Tensor, w: Tensor, b: Tensor, ops: number): Tensor {
  let v = x0;
  for (let k = 0; k < ops; k++) {
    const phase = k % 3;
    v = phase === 0 ? v.mul(w) : phase === 1 ? v.add(b) : v.tanh();
  }
  return v;
}

export function runW4({ quick, settings, memory, progress }: WorkloadOptions): BenchRecord[] {
  const ops = w4Ops(quick);
  const warmups = quick ? 1 : WARMUPS;
  const x0 = tensor(W4_LEAVES.x0, { requiresGrad: true });
  const w = tensor(W4_LEAVES.w, { requiresGrad: true });
  const b = tensor(W4_LEAVES.b, { requiresGrad: true });
  let out = Number.NaN;
  const forwardAndBackward = (): void => {
    x0.zeroGrad();
    w.zeroGrad();
    b.zeroGrad();
    const v = scalarChain(x0, w, b, ops);
    v.backward();
    out = v.item();
  };
  const forwardOnly = (): void => {
    scalarChain(x0, w, b, ops);
  };
  const sampleMemory = (): void => {
    memory.sample();
  };
  const seconds = timeRepetitions(forwardAndBackward, settings.reps, warmups, sampleMemory);
  const gradients = { grad_x0: x0.grad!.item(), grad_w: w.grad!.item(), grad_b: b.grad!.item() };
  const forwardSeconds = timeRepetitions(forwardOnly, settings.reps, warmups, sampleMemory);
  progress(`W4: ${settings.reps} repetitions of a ${ops}-op chain`);
  return [
    makeRecord(
      {
        workload: 'W4',
        caseName: `chain ${ops} ops`,
        metric: 'us/op',
        values: seconds.map((s) => (s / ops) * 1e6),
        higherIsBetter: false,
      },
      { fwd_us_per_op: (spreadOf(forwardSeconds).median / ops) * 1e6, out, ...gradients },
      memory,
      quick,
    ),
  ];
}
