/**
 * What the compiled-program properties need beside the repository's program generator
 * (tests/autograd/properties/smooth-program.ts): the generator's ops that compile today, found by asking
 * compile itself, the programs as training steps (forward, a scalar loss, backward), and the two ways the
 * results are compared (bit for bit, and within a relative tolerance of the tensor's largest magnitude).
 */
import { CompileError, compile, type Tensor, tensor } from '@tapegrad/autograd';
import { expect } from 'vitest';
import { type ProgramOp, programOps, runProgram, type Step } from '../properties/smooth-program.ts';

/** How the scalar loss is formed from a program's values. */
export const losses = {
  'the sum of the last value': (values: readonly Tensor[]) => values[values.length - 1]!.sum(),
  'the mean of the square of the last value': (values: readonly Tensor[]) =>
    values[values.length - 1]!.square().mean(),
  // Every value reaches the loss, so every value read by a step is used at least twice.
  'the sum of the means of every value': (values: readonly Tensor[]) =>
    values.map((value) => value.mean()).reduce((total, term) => total.add(term)),
} as const;
export type LossKind = keyof typeof losses;

/**
 * The program as one training step: runs it on `inputs`, calls backward on the loss, and returns the loss
 * and the program's last value (both results of a compiled function, so the forward values are compared too).
 */
export function programStep(steps: readonly Step[], loss: LossKind) {
  return (...inputs: Tensor[]): Tensor[] => {
    const { values } = runProgram(inputs, steps, 1);
    const scalar = losses[loss](values);
    scalar.backward();
    return [scalar, values[values.length - 1]!];
  };
}

/**
 * True when a one-step program of `op` (on inputs that require a gradient, with backward) compiles; false
 * when the tracer refuses it with a CompileError. Anything else is a bug and is thrown.
 */
function compilesAlone(op: ProgramOp): boolean {
  const leaf = (values: number[]) => tensor(values, { shape: [2, 2], requiresGrad: true });
  try {
    compile(programStep([{ op, a: 0, b: 1, choice: 0 }], 'the sum of the last value'))(
      leaf([0.5, -0.25, 0.75, -1]),
      leaf([-0.5, 0.25, 1, 0.125]),
    );
    return true;
  } catch (error) {
    if (error instanceof CompileError) return false;
    throw error;
  }
}

/** The generator's ops that compile today (the rest are left out of the compiled programs). */
export const compilableOps: readonly ProgramOp[] = programOps.filter(compilesAlone);

/** The same float64 bits, element for element (NaN, -0 and all). */
export function expectSameBits(actual: Tensor | null, expected: Tensor | null, context: string): void {
  expect(actual === null, `${context}: one is null`).toBe(expected === null);
  if (actual === null || expected === null) return;
  expect(actual.shape, context).toEqual(expected.shape);
  expect(Array.from(actual.data), context).toEqual(Array.from(expected.data));
}

/**
 * Within `relative` of the expected tensor's scale, element for element: its largest magnitude, and at least
 * 1, the inputs' scale (they lie in [-1, 1]). A value that cancels to near zero (a sum of centred values) is
 * held to the scale of what was summed, not to its own: its few ulps of rounding, relative to itself, are
 * any size.
 */
export function expectNormwiseClose(
  actual: Tensor | null,
  expected: Tensor | null,
  relative: number,
  context: string,
): void {
  expect(actual === null, `${context}: one is null`).toBe(expected === null);
  if (actual === null || expected === null) return;
  expect(actual.shape, context).toEqual(expected.shape);
  let scale = 1;
  for (const value of expected.data) scale = Math.max(scale, Math.abs(value));
  let worst = 0;
  actual.data.forEach((value, i) => {
    worst = Math.max(worst, Math.abs(value - expected.data[i]!));
  });
  expect(worst, `${context}: largest difference ${worst} against scale ${scale}`).toBeLessThanOrEqual(
    relative * scale,
  );
}
