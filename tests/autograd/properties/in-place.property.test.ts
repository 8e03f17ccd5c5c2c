/**
 * In-place safety on random programs: a program of out-of-place ops with in-place ops (add_, sub_ with
 * alpha, mul_, div_, clamp_, fill_, zero_, copy_) inserted at random places, over two leaves that require a
 * gradient, a constant of the same shape and a broadcast row, either gives exactly the output and the
 * gradients of the same program written out of place (each `v.op_(x)` read as `v = op(v, x)`), or throws
 * tapegrad's in-place GradientError (the leaf rule, a tensor already used by a recorded op, or a changed
 * saved value at backward); never a different value or gradient. The out-of-place program never throws.
 * Operands are drawn in [-1, 1]; exact equality holds because each in-place op is its out-of-place op
 * applied to the same values and recorded in the same order. fast-check prints the seed on a failure.
 */
import { fc, test } from '@fast-check/vitest';
import { GradientError, type Tensor, tensor } from '@tapegrad/autograd';
import { afterAll, describe, expect } from 'vitest';

const SHAPE = [2, 3] as const;
const outOfPlaceOps = ['add', 'sub', 'mul', 'tanh', 'sigmoid', 'exp', 'square', 'divSmooth'] as const;
const inPlaceOps = ['add_', 'sub_', 'mul_', 'div_', 'clamp_', 'fill_', 'zero_', 'copy_'] as const;
type OutOfPlaceOp = (typeof outOfPlaceOps)[number];
type InPlaceOp = (typeof inPlaceOps)[number];

/** One step: `target` and `operand` pick among the values so far (modulo their number). */
type Step =
  | { readonly kind: 'op'; readonly op: OutOfPlaceOp; readonly target: number; readonly operand: number }
  | {
      readonly kind: 'inPlace';
      readonly op: InPlaceOp;
      /** Whether the target is the latest value (the common PyTorch pattern) or any earlier one. */
      readonly latest: boolean;
      readonly target: number;
      readonly operand: number;
      /** Whether the operand is the constant row of shape [3], broadcast over the rows. */
      readonly row: boolean;
      readonly alpha: number;
      readonly fill: number;
    };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('op' as const),
    op: fc.constantFrom(...outOfPlaceOps),
    target: fc.nat(20),
    operand: fc.nat(20),
  }),
  fc.record({
    kind: fc.constant('inPlace' as const),
    op: fc.constantFrom(...inPlaceOps),
    // Mostly the latest value, as PyTorch code modifies a result right after computing it.
    latest: fc.constantFrom(true, true, true, false),
    target: fc.nat(20),
    operand: fc.nat(20),
    row: fc.boolean(),
    alpha: fc.constantFrom(1, -0.5, 2),
    fill: fc.constantFrom(0.25, -1),
  }),
);

const valueArb = fc.double({ min: -1, max: 1, noNaN: true });
/** A program as data: the leaves' and the row's values, and the steps. */
interface Program {
  readonly leafValues: readonly (readonly number[])[];
  readonly rowValues: readonly number[];
  readonly steps: readonly Step[];
}

const programArb: fc.Arbitrary<Program> = fc.record({
  leafValues: fc.array(fc.array(valueArb, { minLength: 6, maxLength: 6 }), { minLength: 3, maxLength: 3 }),
  rowValues: fc.array(valueArb, { minLength: 3, maxLength: 3 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }),
});

/** x / (1 + y^2): a division that never divides by 0. */
const divisorOf = (y: Tensor) => y.square().add(1);

function applyOp(op: OutOfPlaceOp, x: Tensor, y: Tensor): Tensor {
  switch (op) {
    case 'add':
      return x.add(y);
    case 'sub':
      return x.sub(y);
    case 'mul':
      return x.mul(y);
    case 'tanh':
      return x.tanh();
    case 'sigmoid':
      return x.sigmoid();
    case 'exp':
      return x.exp();
    case 'square':
      return x.square();
    case 'divSmooth':
      return x.div(divisorOf(y));
  }
}

/** `target.op_(operand)` in place, or its out-of-place reading, returning the new value of the target. */
function applyInPlace(
  step: Extract<Step, { kind: 'inPlace' }>,
  target: Tensor,
  operand: Tensor,
  inPlace: boolean,
) {
  const { op, alpha, fill } = step;
  switch (op) {
    case 'add_':
      return inPlace
        ? target.add_(operand, { alpha })
        : target.add(alpha === 1 ? operand : operand.mul(alpha));
    case 'sub_':
      return inPlace
        ? target.sub_(operand, { alpha })
        : target.sub(alpha === 1 ? operand : operand.mul(alpha));
    case 'mul_':
      return inPlace ? target.mul_(operand) : target.mul(operand);
    case 'div_': {
      const divisor = divisorOf(operand);
      return inPlace ? target.div_(divisor) : target.div(divisor);
    }
    case 'clamp_':
      return inPlace ? target.clamp_(-0.5, 0.5) : target.clamp(-0.5, 0.5);
    case 'fill_':
      return inPlace ? target.fill_(fill) : tensor(new Float64Array(6).fill(fill), { shape: [...SHAPE] });
    case 'zero_':
      return inPlace ? target.zero_() : tensor(new Float64Array(6), { shape: [...SHAPE] });
    case 'copy_':
      return inPlace ? target.copy_(operand) : operand.broadcastTo(SHAPE).mul(1);
  }
}

interface Outcome {
  readonly output: readonly number[];
  readonly gradients: readonly (readonly number[] | null)[];
}

/** Runs the program, in place or written out of place; the output sums the leaves and every value. */
function run(program: Program, inPlace: boolean): Outcome {
  const [w0, w1, constant] = program.leafValues.map((values, i) =>
    tensor(Float64Array.from(values), { shape: [...SHAPE], requiresGrad: i < 2 }),
  );
  const row = tensor(program.rowValues);
  const values: Tensor[] = [w0!, w1!, constant!];
  for (const step of program.steps) {
    const operand = step.kind === 'inPlace' && step.row ? row : values[step.operand % values.length]!;
    if (step.kind === 'op') {
      values.push(applyOp(step.op, values[step.target % values.length]!, operand));
    } else {
      const index = step.latest ? values.length - 1 : step.target % values.length;
      values[index] = applyInPlace(step, values[index]!, operand, inPlace);
    }
  }
  // The leaves themselves too, so that the output requires a gradient even where every value was replaced.
  const output = [w0!, w1!, ...values].map((value) => value.sum()).reduce((total, term) => total.add(term));
  output.backward();
  return {
    output: [...output.data],
    gradients: [w0!, w1!].map((leaf) => (leaf.grad === null ? null : [...leaf.grad.data])),
  };
}

/** Equal element by element, NaN matching NaN; a missing gradient counts as zeros (a zero_ recorded on it). */
function expectSame(actual: readonly number[] | null, expected: readonly number[] | null, label: string) {
  const want = expected ?? [0, 0, 0, 0, 0, 0];
  const got = actual ?? [0, 0, 0, 0, 0, 0];
  got.forEach((value, i) => {
    const same = value === want[i] || (Number.isNaN(value) && Number.isNaN(want[i]!));
    expect(same, `${label} element ${i}: in place ${value}, out of place ${want[i]}`).toBe(true);
  });
}

/** The GradientErrors an in-place program may throw instead. */
const IN_PLACE_ERROR =
  /in-place operation|has already been used by a recorded op|shares its storage with a reshape/;

let matched = 0;
let refused = 0;

describe('random programs with in-place ops match their out-of-place form or throw the in-place error', () => {
  test.prop([programArb], { numRuns: 400 })('values and gradients, or GradientError', (program) => {
    const reference = run(program, false);
    let outcome: Outcome;
    try {
      outcome = run(program, true);
    } catch (error) {
      expect(error).toBeInstanceOf(GradientError);
      expect((error as Error).message).toMatch(IN_PLACE_ERROR);
      refused++;
      return;
    }
    expectSame(outcome.output, reference.output, 'output');
    outcome.gradients.forEach((gradient, i) => {
      expectSame(gradient, reference.gradients[i]!, `gradient of w${i}`);
    });
    matched++;
  });

  afterAll(() => {
    // The property is only as strong as the programs that ran to the end: most must, some must be refused.
    expect(matched).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(40);
  });
});
