/**
 * W2 the seed workload (WORKLOADS.md §2): the 2-16-1 classifier on 200 points, full-batch gradient
 * descent with lr 0.5 for 2000 steps, as a user writes it with tapegrad:
 *
 *     Z1 = X·W1;  A1 = Z1 + b1;  H = tanh(A1);  Z2 = H·W2;  z = Z2 + b2
 *     (each product and bias is one fused op, addmm(b, X, W) = X·W + b, as PyTorch's nn.Linear)
 *     loss = mean_i( max(z_i, 0) − z_i·y_i + log(1 + exp(−|z_i|)) )     (nn's bceWithLogits: softplus(z) − z·y)
 *     loss.backward();  SGD step p ← p − lr·∂loss/∂p (in place);  gradients cleared
 *
 * Timing: a 200-step warm-up, then each repetition from creating the parameters (from the seeded initial
 * values) through the 2000th update. X and y are built before timing; the loss is not read in the loop.
 * initial_loss and final_loss are computed untimed in float64 from the weights.
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import { bceWithLogits, SGD } from '@tapegrad/nn';
import { type TwoLayerParameters, W2_SIZES, w2Data, w2InitialParameters } from '../data.ts';
import { type BenchRecord, makeRecord } from '../record.ts';
import { w2Loss } from '../reference-loss.ts';
import { timeRepetitions } from '../timing.ts';
import type { WorkloadOptions } from './options.ts';

export const W2_LEARNING_RATE = 0.5;

/** Steps per repetition and warm-up steps: the specification's, or a handful for the quick smoke run. */
export function w2Steps(quick: boolean): { readonly steps: number; readonly warmupSteps: number } {
  return quick ? { steps: 10, warmupSteps: 2 } : { steps: 2000, warmupSteps: 200 };
}

/** Trains from the seeded initial weights for `steps` steps and returns the final weights. */
export function trainW2(
  X: Tensor,
  y: Tensor,
  initial: TwoLayerParameters,
  steps: number,
): TwoLayerParameters {
  const { inputs, hidden, outputs } = W2_SIZES;
  const W1 = tensor(initial.W1, { shape: [inputs, hidden], requiresGrad: true });
  const b1 = tensor(initial.b1, { shape: [hidden], requiresGrad: true });
  const W2 = tensor(initial.W2, { shape: [hidden, outputs], requiresGrad: true });
  const b2 = tensor(initial.b2, { shape: [outputs], requiresGrad: true });
  const optimizer = new SGD([W1, b1, W2, b2], { lr: W2_LEARNING_RATE });
  for (let step = 0; step < steps; step++) {
    const hiddenActivation = b1.addmm(X, W1).tanh();
    const logits = b2.addmm(hiddenActivation, W2);
    bceWithLogits(logits, y).backward();
    optimizer.step();
    optimizer.zeroGrad();
  }
  return { W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data };
}

export function runW2({ quick, settings, memory, seed, progress }: WorkloadOptions): BenchRecord[] {
  const { points, inputs } = W2_SIZES;
  const { steps, warmupSteps } = w2Steps(quick);
  const data = w2Data(seed);
  const X = tensor(data.X, { shape: [points, inputs] });
  const y = tensor(data.y, { shape: [points, 1] });
  const initial = w2InitialParameters(seed);

  trainW2(X, y, initial, warmupSteps);
  let final = initial;
  const seconds = timeRepetitions(
    () => {
      final = trainW2(X, y, initial, steps);
    },
    settings.reps,
    0,
    () => memory.sample(),
  );
  progress(`W2: ${settings.reps} repetitions of ${steps} steps`);
  return [
    makeRecord(
      {
        workload: 'W2',
        caseName: `2-16-1 x${steps}`,
        metric: 'steps/s',
        values: seconds.map((s) => steps / s),
        higherIsBetter: true,
      },
      { initial_loss: w2Loss(initial, data.X, data.y), final_loss: w2Loss(final, data.X, data.y) },
      memory,
      quick,
    ),
  ];
}
