/**
 * Random programs (the repository's generator, smooth-program.ts) compiled and run eagerly give the same
 * loss, last value and input gradients: bit for bit with vectorMath off, fused or not (a fused loop computes
 * the unfused ops' float operations in the same order), and within 1e-12 of each tensor's scale (its
 * largest magnitude, at least 1) with the vectorised tanh, exp, log and sigmoid (their bits differ from eager's scalar kernels by a few ulps). Each
 * compiled program is traced once and replayed on new inputs, and, with its inputs as parameters updated by
 * SGD between steps, replayed as a training loop against the same eager steps. Only the generator's ops
 * that compile today are drawn (program-support.ts asks compile). A failure prints fast-check's seed and
 * the program as formulas.
 */
import { fc, test } from '@fast-check/vitest';
import { type CompileOptions, compile, type Tensor } from '@tapegrad/autograd';
import { describe, expect } from 'vitest';
import { leafOf, specArb, type TensorSpec } from '../properties/arbitraries.ts';
import { runProgram, type Step, stepsArb } from '../properties/smooth-program.ts';
import {
  compilableOps,
  expectNormwiseClose,
  expectSameBits,
  type LossKind,
  losses,
  programStep,
} from './program-support.ts';

/** The shapes of the program test (each has square trailing matrices for matmul). */
const shapes = [
  [3, 3],
  [2, 2, 2],
  [2, 1, 2, 2],
] as const;

const inputValue = fc.double({ min: -1, max: 1, noNaN: true });

/** A program and the inputs of several calls: the first is traced, the others replay. */
const programArb = (calls: number) =>
  fc
    .record({
      shape: fc.constantFrom(...shapes),
      inputCount: fc.integer({ min: 1, max: 3 }),
      steps: stepsArb(compilableOps),
      loss: fc.constantFrom(...(Object.keys(losses) as LossKind[])),
    })
    .chain(({ shape, inputCount, steps, loss }) =>
      fc.record({
        calls: fc.array(
          fc.array(specArb(shape, inputValue), { minLength: inputCount, maxLength: inputCount }),
          {
            minLength: calls,
            maxLength: calls,
          },
        ),
        steps: fc.constant(steps),
        loss: fc.constant(loss),
      }),
    );

function listingOf(steps: readonly Step[], inputs: readonly TensorSpec[], loss: LossKind): string {
  const { listing } = runProgram(inputs.map(leafOf), steps, 1);
  return `program (loss: ${loss}):\n  ${listing.join('\n  ')}\n`;
}

/** The four ways a plan may run: fused or not, vectorised math or not. */
const CONFIGURATIONS: readonly Required<Pick<CompileOptions, 'fuse' | 'vectorMath'>>[] = [
  { fuse: false, vectorMath: false },
  { fuse: true, vectorMath: false },
  { fuse: false, vectorMath: true },
  { fuse: true, vectorMath: true },
];

/** Eager tanh, exp, log and sigmoid against the vectorised kernels: a few ulps per op, 1e-12 in the end. */
const VECTOR_MATH_TOLERANCE = 1e-12;

describe('compiled random programs equal eager', () => {
  test('the generator draws from the ops that compile, the core of the program test among them', () => {
    for (const op of [
      'add',
      'sub',
      'mul',
      'tanh',
      'sigmoid',
      'exp',
      'matmul',
      'sumBroadcastBack',
      'centre',
    ]) {
      expect(compilableOps).toContain(op);
    }
  });

  test.prop([programArb(4)], { numRuns: 60 })(
    'loss, last value and input gradients: traced once, replayed on three new inputs, in every configuration',
    ({ calls, steps, loss }) => {
      const context = listingOf(steps, calls[0]!, loss);
      const step = programStep(steps, loss);
      for (const configuration of CONFIGURATIONS) {
        const compiled = compile(step, configuration);
        const where = `${context}${JSON.stringify(configuration)}`;
        calls.forEach((specs, call) => {
          const compiledInputs = specs.map(leafOf);
          const eagerInputs = specs.map(leafOf);
          const compiledResults = compiled(...compiledInputs);
          const eagerResults = step(...eagerInputs);
          const pairs: [Tensor | null, Tensor | null, string][] = [
            [compiledResults[0]!, eagerResults[0]!, 'loss'],
            [compiledResults[1]!, eagerResults[1]!, 'last value'],
            ...compiledInputs.map((input, i): [Tensor | null, Tensor | null, string] => [
              input.grad,
              eagerInputs[i]!.grad,
              `gradient of input ${i}`,
            ]),
          ];
          for (const [actual, expected, what] of pairs) {
            const label = `${where}, call ${call}, ${what}`;
            if (configuration.vectorMath) expectNormwiseClose(actual, expected, VECTOR_MATH_TOLERANCE, label);
            else expectSameBits(actual, expected, label);
          }
        });
        expect(compiled.plans, `${where}: replays, not new traces`).toHaveLength(1);
      }
    },
  );

  test.prop([programArb(1), fc.constantFrom(false, true)], { numRuns: 40 })(
    'as a training loop: inputs as parameters, 6 steps of SGD (a trace and 5 replays) give eager bits',
    ({ calls, steps, loss }, fuse) => {
      const context = `${listingOf(steps, calls[0]!, loss)}fuse: ${fuse}`;
      const step = programStep(steps, loss);
      const eagerParameters = calls[0]!.map(leafOf);
      const compiledParameters = calls[0]!.map(leafOf);
      // The parameters are read by reference (as a model's are), so the function takes no arguments.
      const compiled = compile(() => step(...compiledParameters), { fuse, vectorMath: false });
      const sgd = (parameters: readonly Tensor[]) => {
        for (const parameter of parameters) {
          const gradient = parameter.grad;
          if (gradient === null) continue;
          for (let i = 0; i < parameter.data.length; i++) parameter.data[i]! -= 0.05 * gradient.data[i]!;
          gradient.data.fill(0);
        }
      };
      for (let s = 0; s < 6; s++) {
        const eagerResults = step(...eagerParameters);
        const compiledResults = compiled();
        expectSameBits(compiledResults[0]!, eagerResults[0]!, `${context}, step ${s}, loss`);
        sgd(eagerParameters);
        sgd(compiledParameters);
      }
      compiledParameters.forEach((parameter, i) => {
        expectSameBits(parameter, eagerParameters[i]!, `${context}, parameter ${i} after 6 steps`);
      });
      expect(compiled.plans).toHaveLength(1);
    },
  );
});
