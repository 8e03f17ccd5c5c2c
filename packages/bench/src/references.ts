/**
 * Reference numbers from shared/bench/RESULTS.md (one run of run-anchors.sh, 2026-11-25, on a 2-core
 * Intel Xeon KVM guest, Sapphire Rapids class, Node v20.20.2): the systems and cases the report compares
 * tapegrad with when a run has no reference rows of its own. Median, min and max of 5 repetitions, as
 * RESULTS.md prints them (three significant digits).
 */
import type { WorkloadName } from './record.ts';

export interface ReferenceRow {
  readonly system: string;
  readonly threads: number;
  readonly dtype: string;
  readonly workload: WorkloadName;
  /** The W1 case; W2-W4 have one case per system (W3's may be a partial epoch). */
  readonly case: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export const RESULTS_MD_SOURCE =
  'shared/bench/RESULTS.md, measured 2026-11-25 on a 2-core Intel Xeon KVM guest (Sapphire Rapids class), Node v20.20.2';

type Triple = readonly [number, number, number];

function rows(
  system: string,
  threads: number,
  dtype: string,
  workload: WorkloadName,
  cases: Readonly<Record<string, Triple>>,
): ReferenceRow[] {
  return Object.entries(cases).map(([name, [median, min, max]]) => ({
    system,
    threads,
    dtype,
    workload,
    case: name,
    median,
    min,
    max,
  }));
}

const W1_NAMES = ['n=64', 'n=128', 'n=256', 'n=512', 'n=1024', '128x784x128'] as const;
function w1(values: readonly Triple[]): Record<string, Triple> {
  return Object.fromEntries(W1_NAMES.map((name, i) => [name, values[i]!]));
}

export const RESULTS_MD: readonly ReferenceRow[] = [
  ...rows(
    'pytorch',
    1,
    'float64',
    'W1',
    w1([
      [73.4, 68.4, 73.6],
      [69.2, 66.2, 71.9],
      [81.3, 81.0, 81.6],
      [79.8, 79.4, 81.2],
      [86.5, 86.0, 86.6],
      [68.4, 63.9, 71.1],
    ]),
  ),
  ...rows(
    'numpy',
    1,
    'float64',
    'W1',
    w1([
      [80.7, 80.2, 80.8],
      [71.5, 70.2, 71.6],
      [77.8, 75.4, 78.9],
      [85.6, 78.3, 85.8],
      [80.0, 78.6, 86.5],
      [67.2, 64.2, 69.8],
    ]),
  ),
  ...rows(
    'tfjs-cpu',
    1,
    'float32',
    'W1',
    w1([
      [0.905, 0.875, 0.939],
      [0.949, 0.899, 0.953],
      [0.982, 0.967, 0.986],
      [0.96, 0.942, 0.975],
      [0.947, 0.945, 0.951],
      [0.998, 0.991, 1.0],
    ]),
  ),
  ...rows(
    'tfjs-wasm',
    1,
    'float32',
    'W1',
    w1([
      [30.5, 30.3, 30.8],
      [36.3, 36.0, 36.7],
      [37.4, 37.4, 37.7],
      [37.0, 37.0, 37.2],
      [34.4, 34.1, 34.6],
      [38.0, 37.2, 38.2],
    ]),
  ),
  ...rows('pytorch', 1, 'float64', 'W2', { '2-16-1 x2000': [12485, 12400, 12549] }),
  ...rows('numpy', 1, 'float64', 'W2', { '2-16-1 x2000': [31845, 31616, 32169] }),
  ...rows('tfjs-cpu', 1, 'float32', 'W2', { '2-16-1 x2000': [1585, 1542, 1660] }),
  ...rows('tfjs-wasm', 1, 'float32', 'W2', { '2-16-1 x2000': [3447, 3031, 3471] }),
  ...rows('pytorch', 1, 'float64', 'W3', { '784-128-10 b128 x1 epoch': [102382, 96444, 106535] }),
  ...rows('numpy', 1, 'float64', 'W3', { '784-128-10 b128 x1 epoch': [117754, 113935, 120150] }),
  ...rows('tfjs-cpu', 1, 'float32', 'W3', { '784-128-10 b128 first 61/469 batches': [2153, 2139, 2189] }),
  ...rows('tfjs-wasm', 1, 'float32', 'W3', {
    '784-128-10 b128 first 303/469 batches': [10891, 10628, 11040],
  }),
  ...rows('pytorch', 1, 'float64', 'W4', { 'chain 10000 ops': [4.33, 3.84, 4.39] }),
  ...rows('tfjs-cpu', 1, 'float32', 'W4', { 'chain 10000 ops': [15.7, 14.6, 19.2] }),
  ...rows('tfjs-wasm', 1, 'float32', 'W4', { 'chain 10000 ops': [26.4, 24.3, 29.5] }),
];

/** A reference system as the report's columns and targets name it. */
export interface ReferenceSystem {
  readonly system: string;
  readonly threads: number;
  readonly dtype: string;
  readonly label: string;
}

export const REFERENCE_COLUMNS: readonly ReferenceSystem[] = [
  { system: 'pytorch', threads: 1, dtype: 'float64', label: 'PyTorch 1T f64' },
  { system: 'numpy', threads: 1, dtype: 'float64', label: 'NumPy 1T f64' },
  { system: 'tfjs-cpu', threads: 1, dtype: 'float32', label: 'tfjs-cpu f32' },
  { system: 'tfjs-wasm', threads: 1, dtype: 'float32', label: 'tfjs-wasm f32' },
];

/**
 * The targets of issue 5, as "tapegrad is at least `factor` times as fast as the reference" (for W4, whose
 * metric is a time, speed is 1 / (us/op)). W1's target is for n = 512.
 */
export interface SpeedTarget {
  readonly workload: WorkloadName;
  /** For W1: the case the target is about; otherwise every case of the workload. */
  readonly case?: string;
  readonly reference: ReferenceSystem;
  readonly factor: number;
  readonly wording: string;
}

const [pytorch, numpy, tfjsCpu, tfjsWasm] = REFERENCE_COLUMNS as [
  ReferenceSystem,
  ReferenceSystem,
  ReferenceSystem,
  ReferenceSystem,
];

export const SPEED_TARGETS: readonly SpeedTarget[] = [
  { workload: 'W4', reference: pytorch, factor: 10, wording: 'us/op <= 1/10 of PyTorch' },
  { workload: 'W4', reference: tfjsCpu, factor: 40, wording: 'us/op <= 1/40 of TensorFlow.js cpu' },
  { workload: 'W2', reference: numpy, factor: 1.5, wording: 'steps/s >= 1.5x NumPy by hand' },
  { workload: 'W2', reference: pytorch, factor: 3, wording: 'steps/s >= 3x PyTorch' },
  { workload: 'W2', reference: tfjsWasm, factor: 10, wording: 'steps/s >= 10x TensorFlow.js wasm' },
  { workload: 'W3', reference: pytorch, factor: 0.5, wording: 'samples/s >= 0.5x PyTorch 1 thread' },
  { workload: 'W3', reference: tfjsWasm, factor: 5, wording: 'samples/s >= 5x TensorFlow.js wasm (f32)' },
  {
    workload: 'W1',
    case: 'n=512',
    reference: numpy,
    factor: 0.25,
    wording: 'GFLOP/s >= 0.25x NumPy 1 thread',
  },
  {
    workload: 'W1',
    case: 'n=512',
    reference: tfjsCpu,
    factor: 5,
    wording: 'GFLOP/s >= 5x TensorFlow.js cpu',
  },
];
