/**
 * A new exercise for each seed: weights, inputs and targets drawn as short decimals, so that every product
 * on the page can still be checked by hand. The same seed always draws the same numbers.
 */
import { Rng } from '@tapegrad/autograd';
import type { Matrix } from './matrix.ts';
import type { WorkedExampleSettings } from './options.ts';
import { type ExerciseNumbers, INPUTS, networkOf, outputsOf, type TinyNetwork } from './tiny-network.ts';

/** Weights and biases are nonzero multiples of 0.1 up to this size: -0.9, ..., -0.1, 0.1, ..., 0.9. */
export const LARGEST_WEIGHT = 0.9;
/** Inputs are nonzero multiples of 0.5 up to this size: -2, -1.5, ..., 1.5, 2. */
export const LARGEST_INPUT = 2;
/** No entry of Z1 comes closer to 0 than this: relu's slope stays defined, and nudging it keeps its side. */
export const Z1_MARGIN = 0.1;

// The numbers are drawn as integer counts of their step, so that Z1 can be checked exactly.
const WEIGHT_STEPS = nonzeroSteps(Math.round(LARGEST_WEIGHT * 10)); // tenths
const INPUT_STEPS = nonzeroSteps(LARGEST_INPUT * 2); // halves

/** -n, ..., -1, 1, ..., n. */
function nonzeroSteps(n: number): number[] {
  return Array.from({ length: 2 * n + 1 }, (_, i) => i - n).filter((step) => step !== 0);
}

function pick<T>(rng: Rng, choices: readonly T[]): T {
  return choices[rng.integer(choices.length)]!;
}

function drawSteps(rng: Rng, rows: number, cols: number, steps: readonly number[]): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => pick(rng, steps)));
}

/**
 * Each hidden unit's bias, in tenths, drawn among those that keep every Z1 entry of the unit at least
 * Z1_MARGIN from 0. In hundredths Z1[i, r] = 5 sum_p x[i, p] w[p, r] + 10 b[r] (x in halves, w and b in
 * tenths), so the count is exact. Each example rules out at most two of the 18 biases: one always remains.
 */
function drawHiddenBiases(rng: Rng, inputHalves: number[][], weightTenths: number[][]): number[] {
  const hidden = weightTenths[0]!.length;
  return Array.from({ length: hidden }, (_, r) => {
    const sums = inputHalves.map((row) => 5 * row.reduce((sum, x, p) => sum + x * weightTenths[p]![r]!, 0));
    const allowed = WEIGHT_STEPS.filter((b) =>
      sums.every((sum) => Math.abs(sum + 10 * b) >= 100 * Z1_MARGIN),
    );
    return pick(rng, allowed);
  });
}

function drawTargets(rng: Rng, settings: WorkedExampleSettings): number[] {
  const { loss, samples } = settings;
  return Array.from({ length: samples }, () => {
    if (loss === 'mse') return pick(rng, [-2, -1, 0, 1, 2]) / 2; // -1, -0.5, 0, 0.5, 1
    return rng.integer(2); // bce: 0 or 1; crossEntropy: class 0 or 1
  });
}

const scaled = (steps: number[][], size: number): Matrix =>
  steps.map((row) => row.map((step) => step / size));

/** The numbers of the exercise for `seed`, cut to the settings (2 inputs, h hidden units, m examples). */
export function drawNumbers(settings: WorkedExampleSettings, seed: number): ExerciseNumbers {
  const rng = new Rng(seed);
  const { hidden, samples, loss } = settings;
  const inputHalves = drawSteps(rng, samples, INPUTS, INPUT_STEPS);
  const w1Tenths = drawSteps(rng, INPUTS, hidden, WEIGHT_STEPS);
  const w2Tenths = drawSteps(rng, hidden, outputsOf(loss), WEIGHT_STEPS);
  const b2Tenths = drawSteps(rng, 1, outputsOf(loss), WEIGHT_STEPS);
  const b1Tenths = [drawHiddenBiases(rng, inputHalves, w1Tenths)];
  return {
    X: scaled(inputHalves, 2),
    W1: scaled(w1Tenths, 10),
    b1: scaled(b1Tenths, 10),
    W2: scaled(w2Tenths, 10),
    b2: scaled(b2Tenths, 10),
    targets: drawTargets(rng, settings),
  };
}

/** The network and batch drawn for `seed`: a new exercise with the shape of the settings. */
export function seededNetwork(
  settings: WorkedExampleSettings,
  seed: number,
  learningRate: number,
): TinyNetwork {
  return networkOf(
    settings,
    drawNumbers(settings, seed),
    learningRate,
    `The weights and biases, drawn for seed ${seed}: nonzero multiples of 0.1 from -${LARGEST_WEIGHT} to ` +
      `${LARGEST_WEIGHT}, each bias of the hidden layer picked so that no entry of $Z_1$ lies within ` +
      `${Z1_MARGIN} of 0 (the inputs are nonzero multiples of 0.5 from -${LARGEST_INPUT} to ${LARGEST_INPUT}):`,
  );
}
