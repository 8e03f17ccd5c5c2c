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
 *
 * The compiled row runs the same training through nn's compileStep: the first step of each repetition
 * traces the forward and backward pass (timed, as part of the repetition), the other 1999 replay the plan.
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import { bceWithLogits, compileStep, SGD } from '@tapegrad/nn';
import { type TwoLayerParameters, W2_SIZES, w2Data, w2InitialParameters } from '../data.ts';
import { caseOf, MODES, type Mode, timeAlternating } from '../modes.ts';
import { type BenchRecord, makeRecord } from '../record.ts';
import { w2Loss } from '../reference-loss.ts';
import type { WorkloadOptions } from './options.ts';

export const W2_LEARNING_RATE = 0.5;

/** Steps per repetition and warm-up steps: the specification's, or a handful for the quick smoke run. */
export function w2Steps(quick: boolean): { readonly steps: number; readonly warmupSteps: number } {
  return quick ? { steps: 10, warmupSteps: 2 } : { steps: 2000, warmupSteps: 200 };
}

/** W2's parameters as tensors that require gradients, holding copies of the seeded initial values. */
export function w2Parameters(initial: TwoLayerParameters) {
  const { inputs, hidden, outputs } = W2_SIZES;
  return {
    W1: tensor(initial.W1, { shape: [inputs, hidden], requiresGrad: true }),
    b1: tensor(initial.b1, { shape: [hidden], requiresGrad: true }),
    W2: tensor(initial.W2, { shape: [hidden, outputs], requiresGrad: true }),
    b2: tensor(initial.b2, { shape: [outputs], requiresGrad: true }),
  };
}

/** Trains from the seeded initial weights for `steps` steps and returns the final weights. */
export function trainW2(
  X: Tensor,
  y: Tensor,
  initial: TwoLayerParameters,
  steps: number,
): TwoLayerParameters {
  const { W1, b1, W2, b2 } = w2Parameters(initial);
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

/**
 * W2's training step compiled with nn's compileStep, on fresh parameters from `initial`: the same ops as
 * trainW2's loop, traced at the first call and replayed after.
 */
export function w2CompiledStep(initial: TwoLayerParameters) {
  const { W1, b1, W2, b2 } = w2Parameters(initial);
  const parameters = [W1, b1, W2, b2];
  const step = compileStep(
    parameters,
    (inputs: Tensor, targets: Tensor) => {
      const hiddenActivation = b1.addmm(inputs, W1).tanh();
      return bceWithLogits(b2.addmm(hiddenActivation, W2), targets);
    },
    new SGD(parameters, { lr: W2_LEARNING_RATE }),
  );
  return { step, parameters: { W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data } };
}

/** trainW2 with the step compiled: the same ops, traced once and replayed. */
export function trainW2Compiled(
  X: Tensor,
  y: Tensor,
  initial: TwoLayerParameters,
  steps: number,
): TwoLayerParameters {
  const { step, parameters } = w2CompiledStep(initial);
  for (let i = 0; i < steps; i++) step(X, y);
  return parameters;
}

/** The eager row and the compiled row, their repetitions alternating (modes.ts). */
export function runW2({ quick, settings, memory, seed, progress }: WorkloadOptions): BenchRecord[] {
  const { points, inputs } = W2_SIZES;
  const { steps, warmupSteps } = w2Steps(quick);
  const data = w2Data(seed);
  const X = tensor(data.X, { shape: [points, inputs] });
  const y = tensor(data.y, { shape: [points, 1] });
  const initial = w2InitialParameters(seed);
  const train = { eager: trainW2, compiled: trainW2Compiled } as const;

  const final: Record<Mode, TwoLayerParameters> = { eager: initial, compiled: initial };
  for (const mode of MODES) train[mode](X, y, initial, warmupSteps);
  const seconds = timeAlternating(
    {
      eager: () => {
        final.eager = trainW2(X, y, initial, steps);
      },
      compiled: () => {
        final.compiled = trainW2Compiled(X, y, initial, steps);
      },
    },
    settings.reps,
    () => memory.sample(),
  );
  progress(`W2: ${settings.reps} repetitions of ${steps} steps, eager and compiled alternating`);
  return MODES.map((mode) =>
    makeRecord(
      {
        workload: 'W2',
        caseName: caseOf(`2-16-1 x${steps}`, mode),
        metric: 'steps/s',
        values: seconds[mode].map((s) => steps / s),
        higherIsBetter: true,
      },
      {
        mode,
        initial_loss: w2Loss(initial, data.X, data.y),
        final_loss: w2Loss(final[mode], data.X, data.y),
      },
      memory,
      quick,
    ),
  );
}
