/**
 * W3 the MNIST-shaped MLP (WORKLOADS.md §2): 784-128-10 with ReLU and softmax cross entropy, one epoch of
 * minibatch SGD (lr 0.1, batch 128, no shuffling: 469 batches, the last of 96 rows) on 60000 seeded rows:
 *
 *     Z1 = Xb·W1 + b1;  H = relu(Z1);  Z = H·W2 + b2      (each product and bias one addmm)
 *     loss = mean over rows r of ( logsumexp(Z_r) − Z_r[y_r] )      (nn's crossEntropy, one fused op)
 *     loss.backward();  SGD step (in place);  gradients cleared
 *
 * Timing: a 20-step warm-up, then each repetition from the seeded init through the epoch's last update.
 * Each batch is made inside the timed loop as a view of the host arrays (asTensor of a subarray, no
 * copy); X and y as a whole are built before timing. If the warm-up projects an epoch longer than BENCH_W3_MAX_EPOCH_S (4 s), each
 * repetition trains on the first K = max(20, floor(469·4 / projected)) batches and final_loss is null.
 *
 * The compiled row trains the same batches through nn's compileStep: the first batch of each repetition
 * traces the step, and so does the last, shorter one (96 rows: a new shape); the rest replay a plan, each
 * batch's rows copied into the plan's input buffer.
 */
import { asTensor, type Tensor, tensor } from '@tapegrad/autograd';
import { compileStep, crossEntropy, SGD } from '@tapegrad/nn';
import {
  type TwoLayerParameters,
  W3_SIZES,
  w3Batches,
  w3InitialParameters,
  w3Inputs,
  w3Labels,
} from '../data.ts';
import { MIB } from '../memory.ts';
import { caseOf, MODES, type Mode, timeAlternating } from '../modes.ts';
import { type BenchRecord, makeRecord, round } from '../record.ts';
import { w3Loss } from '../reference-loss.ts';
import { now, spreadOf } from '../timing.ts';
import type { WorkloadOptions } from './options.ts';

export const W3_LEARNING_RATE = 0.1;

/** FLOP per sample: forward 2·(784·128 + 128·10), the same again for the weight gradients, 2·128·10 for dH. */
export const W3_FLOP_PER_SAMPLE =
  2 * (W3_SIZES.inputs * W3_SIZES.hidden + W3_SIZES.hidden * W3_SIZES.classes) * 2 +
  2 * W3_SIZES.hidden * W3_SIZES.classes;

/** The rows trained on, the rows the loss is evaluated on, and the warm-up steps. */
export function w3Plan(quick: boolean): {
  readonly rows: number;
  readonly evalRows: number;
  readonly warmupSteps: number;
} {
  return quick
    ? { rows: 3 * W3_SIZES.batch, evalRows: 256, warmupSteps: 1 }
    : { rows: 60000, evalRows: 1024, warmupSteps: 20 };
}

/**
 * Batches per repetition: all of them, unless the epoch is projected (from the warm-up's seconds per step)
 * to take longer than `maxEpochSeconds`; then K = max(20, floor(batches · max / projected)).
 */
export function w3BatchesPerRep(secondsPerStep: number, batches: number, maxEpochSeconds: number): number {
  const projected = secondsPerStep * batches;
  if (projected <= maxEpochSeconds) return batches;
  return Math.min(batches, Math.max(20, Math.floor((batches * maxEpochSeconds) / projected)));
}

/** How often (in batches) the resident set size is sampled inside an epoch. */
const MEMORY_SAMPLE_EVERY = 32;

/** W3's parameters as tensors that require gradients, holding copies of the seeded initial values. */
function w3Parameters(initial: TwoLayerParameters) {
  const { inputs, hidden, classes } = W3_SIZES;
  return {
    W1: tensor(initial.W1, { shape: [inputs, hidden], requiresGrad: true }),
    b1: tensor(initial.b1, { shape: [hidden], requiresGrad: true }),
    W2: tensor(initial.W2, { shape: [hidden, classes], requiresGrad: true }),
    b2: tensor(initial.b2, { shape: [classes], requiresGrad: true }),
  };
}

/** Batch rows [start, end) as tensors viewing the host arrays (no copy): inputs and their class labels. */
function batchOf(X: Float64Array, classes: Float64Array, start: number, end: number) {
  const { inputs } = W3_SIZES;
  const rows = end - start;
  return {
    batchInputs: asTensor(X.subarray(start * inputs, end * inputs), { shape: [rows, inputs] }),
    batchClasses: asTensor(classes.subarray(start, end), { shape: [rows, 1] }),
  };
}

/**
 * Trains from the seeded initial weights over `batches` (row ranges of X) and returns the final weights.
 * `X` is [rows, 784] row-major; `classes` holds each row's label as a float, ready to be crossEntropy's labels.
 */
export function trainW3(
  X: Float64Array,
  classes: Float64Array,
  initial: TwoLayerParameters,
  batches: readonly (readonly [number, number])[],
  sampleMemory: () => void = () => {},
): TwoLayerParameters {
  const { W1, b1, W2, b2 } = w3Parameters(initial);
  const optimizer = new SGD([W1, b1, W2, b2], { lr: W3_LEARNING_RATE });
  batches.forEach(([start, end], index) => {
    const { batchInputs, batchClasses } = batchOf(X, classes, start, end);
    const hiddenActivation = b1.addmm(batchInputs, W1).relu();
    const logits = b2.addmm(hiddenActivation, W2);
    // softmax cross entropy of row r, logsumexp(Z_r) - Z_r[y_r], as one op in nn's crossEntropy
    const loss = crossEntropy(logits, batchClasses);
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
    if (index % MEMORY_SAMPLE_EVERY === 0) sampleMemory();
  });
  return { W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data };
}

/** trainW3 with the step compiled (nn's compileStep): the same ops, traced per batch shape and replayed. */
export function trainW3Compiled(
  X: Float64Array,
  classes: Float64Array,
  initial: TwoLayerParameters,
  batches: readonly (readonly [number, number])[],
  sampleMemory: () => void = () => {},
): TwoLayerParameters {
  const { W1, b1, W2, b2 } = w3Parameters(initial);
  const parameters = [W1, b1, W2, b2];
  const step = compileStep(
    parameters,
    (batchInputs: Tensor, batchClasses: Tensor) => {
      const hiddenActivation = b1.addmm(batchInputs, W1).relu();
      return crossEntropy(b2.addmm(hiddenActivation, W2), batchClasses);
    },
    new SGD(parameters, { lr: W3_LEARNING_RATE }),
  );
  batches.forEach(([start, end], index) => {
    const { batchInputs, batchClasses } = batchOf(X, classes, start, end);
    step(batchInputs, batchClasses);
    if (index % MEMORY_SAMPLE_EVERY === 0) sampleMemory();
  });
  return { W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data };
}

export function runW3({ quick, settings, memory, seed, progress }: WorkloadOptions): BenchRecord[] {
  const { rows, evalRows, warmupSteps } = w3Plan(quick);
  const X = w3Inputs(rows, seed);
  const labels = w3Labels(rows, seed);
  const classes = Float64Array.from(labels);
  const initial = w3InitialParameters(seed);
  const batches = w3Batches(rows);
  const dataMib = (X.byteLength + labels.byteLength + classes.byteLength) / MIB;
  const sampleMemory = (): void => {
    memory.sample();
  };
  sampleMemory();

  const warmupStart = now();
  trainW3(X, classes, initial, batches.slice(0, warmupSteps), sampleMemory);
  const secondsPerStep = (now() - warmupStart) / warmupSteps;
  trainW3Compiled(X, classes, initial, batches.slice(0, warmupSteps), sampleMemory);
  const batchesPerRep = w3BatchesPerRep(secondsPerStep, batches.length, settings.w3MaxEpochSeconds);
  const timedBatches = batches.slice(0, batchesPerRep);
  const samples = timedBatches.reduce((total, [start, end]) => total + end - start, 0);
  const fullEpoch = batchesPerRep === batches.length;
  progress(
    `W3: warm-up ${(secondsPerStep * 1e3).toFixed(2)} ms/step, projected epoch ${(secondsPerStep * batches.length).toFixed(1)} s; ` +
      `timing ${batchesPerRep}/${batches.length} batches x ${settings.reps} repetitions, eager and compiled alternating`,
  );

  const final: Record<Mode, TwoLayerParameters> = { eager: initial, compiled: initial };
  const rssAfterRep: Record<Mode, number[]> = { eager: [], compiled: [] };
  let last: Mode = 'eager';
  const train = (mode: Mode) => () => {
    last = mode;
    const trainer = mode === 'eager' ? trainW3 : trainW3Compiled;
    final[mode] = trainer(X, classes, initial, timedBatches, sampleMemory);
  };
  const seconds = timeAlternating({ eager: train('eager'), compiled: train('compiled') }, settings.reps, () =>
    rssAfterRep[last].push(round(memory.sample() / MIB, 1)),
  );
  const caseName = quick
    ? `784-128-10 b128 x${batches.length} batches (quick)`
    : fullEpoch
      ? '784-128-10 b128 x1 epoch'
      : `784-128-10 b128 first ${batchesPerRep}/${batches.length} batches`;
  return MODES.map((mode) =>
    makeRecord(
      {
        workload: 'W3',
        caseName: caseOf(caseName, mode),
        metric: 'samples/s',
        values: seconds[mode].map((s) => samples / s),
        higherIsBetter: true,
      },
      {
        mode,
        initial_loss: w3Loss(initial, X, labels, evalRows),
        final_loss: fullEpoch ? w3Loss(final[mode], X, labels, evalRows) : null,
        gflops: (samples * W3_FLOP_PER_SAMPLE) / spreadOf(seconds[mode]).median / 1e9,
        batches_per_rep: batchesPerRep,
        data_mib: round(dataMib, 1),
        rss_mib_after_rep: rssAfterRep[mode],
      },
      memory,
      quick,
    ),
  );
}
