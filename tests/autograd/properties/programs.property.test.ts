/**
 * Random programs of 2 to 20 smooth ops pass gradcheck. Each step reads any earlier values, so a value
 * feeds several later ones (fan-out) and its gradient must be the sum over every use; ops include matmul
 * of square matrices and sums and means over an axis broadcast back, so gradients also pass through
 * sumToShape. A failure prints fast-check's seed, the program as formulas, and the gradcheck report.
 */
import { fc, test } from '@fast-check/vitest';
import type { Tensor } from '@tapegrad/autograd';
import { describe } from 'vitest';
import { expectGradcheck, leafOf, specArb } from './arbitraries.ts';
import { programOps, runProgram, type Step, stepsArb } from './smooth-program.ts';

/** Every value of a program has one of these shapes; each has square trailing matrices for matmul. */
const shapes = [
  [3, 3],
  [2, 2, 2],
  [2, 1, 2, 2],
] as const;

/** How the output is formed from the values. */
const outputs = {
  'the last value, its whole Jacobian': (values: readonly Tensor[]) => values[values.length - 1]!,
  'the sum of the last value': (values: readonly Tensor[]) => values[values.length - 1]!.sum(),
  // Every value reaches the output, so every value read by a step is used at least twice. Means rather
  // than sums keep the output small: its rounding error over 2 eps stays far below atol.
  'the sum of the means of every value': (values: readonly Tensor[]) =>
    values.map((value) => value.mean()).reduce((total, term) => total.add(term)),
} as const;
type OutputKind = keyof typeof outputs;

const inputValue = fc.double({ min: -1, max: 1, noNaN: true });

const programArb = fc
  .record({
    shape: fc.constantFrom(...shapes),
    inputCount: fc.integer({ min: 1, max: 3 }),
    steps: stepsArb(programOps),
    output: fc.constantFrom(...(Object.keys(outputs) as OutputKind[])),
  })
  .chain(({ shape, inputCount, steps, output }) =>
    fc.record({
      inputs: fc.array(specArb(shape, inputValue), { minLength: inputCount, maxLength: inputCount }),
      steps: fc.constant(steps),
      output: fc.constant(output),
    }),
  );

function program(steps: readonly Step[], output: OutputKind) {
  return (...inputs: Tensor[]) => outputs[output](runProgram(inputs, steps, 1).values);
}

describe('random programs with fan-out pass gradcheck', () => {
  test.prop([programArb], { numRuns: 200 })(
    'programs of 2 to 20 smooth ops on 1 to 3 inputs, any value reused',
    ({ inputs, steps, output }) => {
      const leaves = inputs.map(leafOf);
      const { listing } = runProgram(leaves, steps, 1);
      const context = `program (output: ${output}):\n  ${listing.join('\n  ')}\n`;
      expectGradcheck(program(steps, output), leaves, context);
    },
  );
});
