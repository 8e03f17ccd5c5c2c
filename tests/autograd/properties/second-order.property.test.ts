/**
 * Second derivatives: gradgradcheck differentiates the tape's own gradient (taken with createGraph) by
 * central differences, so it checks that every backward rule is itself correctly differentiable. Random
 * scalar compositions first, then tensor-valued cases (tanh(xW + b), logsumexp, softmax, broadcasting
 * binary ops, and the backward-of-backward rules of the shape and indexing ops).
 */
import { fc, test } from '@fast-check/vitest';
import {
  abs,
  add,
  clamp,
  concat,
  div,
  exp,
  gather,
  indexSelect,
  leakyRelu,
  log,
  logSoftmax,
  logsumexp,
  matmul,
  max,
  maximum,
  min,
  minimum,
  mul,
  pow,
  relu,
  sigmoid,
  slice,
  softmax,
  softplus,
  sqrt,
  square,
  sub,
  type Tensor,
  tanh,
} from '@tapegrad/autograd';
import { describe } from 'vitest';
import {
  anyValue,
  awayFromZero,
  axisArb,
  type BinaryCase,
  baseValue,
  broadcastShapesArb,
  constantOf,
  distinctSpecArb,
  divisorValue,
  expectGradgradcheck,
  gridValue,
  leafOf,
  operandPairArb,
  positiveValue,
  reductionAxesArb,
  shapeArb,
  specArb,
  type TensorSpec,
  tensorArb,
  type UnaryCase,
} from './arbitraries.ts';
import { axisOps, programOps, runProgram, stepsArb } from './smooth-program.ts';

const numRuns = 60;
/** Tensors of up to 3 axes of up to 3: gradgradcheck costs about size^2 backward passes. */
const small = { maxRank: 3 } as const;
const seedArb = fc.nat({ max: 1000 });
const inputValue = fc.double({ min: -1, max: 1, noNaN: true });

describe('random scalar compositions pass gradgradcheck', () => {
  const scalarOps = programOps.filter((op) => !axisOps.includes(op));
  // Each input 0-d or [1]; mixing the two broadcasts to [1].
  const compositionArb = fc
    .record({
      shapes: fc.array(fc.constantFrom<number[]>([], [1]), { minLength: 1, maxLength: 3 }),
      steps: stepsArb(scalarOps, { minLength: 1, maxLength: 8 }),
      sumAll: fc.boolean(),
      seed: seedArb,
    })
    .chain(({ shapes, ...rest }) =>
      fc.record({
        inputs: fc.tuple(...shapes.map((shape) => specArb(shape, inputValue))),
        steps: fc.constant(rest.steps),
        sumAll: fc.constant(rest.sumAll),
        seed: fc.constant(rest.seed),
      }),
    );
  test.prop([compositionArb], { numRuns: 300 })(
    '1 to 8 smooth unary and binary ops on 1 to 3 scalar inputs',
    ({ inputs, steps, sumAll, seed }) => {
      const f = (...args: Tensor[]) => {
        const { values } = runProgram(args, steps, 1);
        return sumAll ? values.reduce((total, value) => total.add(value)) : values[values.length - 1]!;
      };
      const leaves = inputs.map(leafOf);
      const { listing } = runProgram(leaves, steps, 1);
      const context = `program (output: ${sumAll ? 'sum of every value' : 'last value'}):\n  ${listing.join('\n  ')}\n`;
      expectGradgradcheck(f, leaves, seed, context);
    },
  );
});

describe('smooth unary ops pass gradgradcheck on tensors', () => {
  const cases: readonly UnaryCase[] = [
    { name: 'exp: d2/dx2 = e^x', f: exp, values: anyValue },
    { name: 'log: d2/dx2 = -1/x^2', f: log, values: positiveValue },
    { name: 'sqrt: d2/dx2 = -1/(4 x^1.5)', f: sqrt, values: positiveValue },
    { name: 'square: d2/dx2 = 2', f: square, values: anyValue },
    { name: 'tanh: d2/dx2 = -2 tanh (1 - tanh^2)', f: tanh, values: anyValue },
    { name: 'sigmoid: d2/dx2 = s (1 - s) (1 - 2s)', f: sigmoid, values: anyValue },
    { name: 'softplus: d2/dx2 = s (1 - s)', f: softplus, values: anyValue },
    { name: 'pow with number exponent 2.5', f: (x) => pow(x, 2.5), values: positiveValue },
    { name: '1 / x', f: (x) => div(1, x), values: divisorValue },
  ];
  for (const { name, f, values } of cases) {
    test.prop([tensorArb(values, small), seedArb], { numRuns })(name, (x, seed) => {
      expectGradgradcheck(f, [leafOf(x)], seed);
    });
  }
});

describe('broadcasting binary ops pass gradgradcheck (cross terms through sumToShape)', () => {
  const cases: readonly BinaryCase[] = [
    { name: 'add', f: add, left: anyValue, right: anyValue },
    { name: 'sub', f: sub, left: anyValue, right: anyValue },
    { name: 'mul: d2/da db = 1', f: mul, left: anyValue, right: anyValue },
    { name: 'div: d2/db2 = 2a/b^3', f: div, left: anyValue, right: divisorValue },
    { name: 'pow with a tensor exponent', f: pow, left: baseValue, right: anyValue },
  ];
  for (const { name, f, left, right } of cases) {
    test.prop([operandPairArb(left, right, small), seedArb], { numRuns })(name, ([a, b], seed) => {
      expectGradgradcheck(f, [leafOf(a), leafOf(b)], seed);
    });
  }
});

describe('tensor-valued layers pass gradgradcheck', () => {
  const size = fc.integer({ min: 1, max: 3 });
  const layerArb = fc
    .tuple(size, size, size)
    .chain(([batch, inputs, units]) =>
      fc.tuple(
        specArb([batch, inputs], anyValue),
        specArb([inputs, units], anyValue),
        specArb([units], anyValue),
      ),
    );
  test.prop([layerArb, seedArb], { numRuns })('tanh(x W + b) in x, W and b', ([x, w, b], seed) => {
    expectGradgradcheck(
      (xs, ws, bs) => tanh(matmul(xs, ws).add(bs)),
      [leafOf(x), leafOf(w), leafOf(b)],
      seed,
    );
  });

  const batchedArb = fc
    .record({
      batch: broadcastShapesArb(2, { minRank: 1, maxRank: 2, maxDim: 2 }),
      m: size,
      k: size,
      n: size,
    })
    .chain(({ batch: { operands }, m, k, n }) =>
      fc.tuple(specArb([...operands[0]!, m, k], anyValue), specArb([...operands[1]!, k, n], anyValue)),
    );
  test.prop([batchedArb, seedArb], { numRuns })(
    'batched matmul with broadcast batch axes: d2/dA dB pairs dC entries',
    ([a, b], seed) => {
      expectGradgradcheck(matmul, [leafOf(a), leafOf(b)], seed);
    },
  );

  const wideValue = fc.double({ min: -5, max: 5, noNaN: true });
  const logsumexpArb = tensorArb(wideValue, small).chain((x) =>
    fc.tuple(fc.constant(x), reductionAxesArb(x.shape.length), fc.boolean()),
  );
  test.prop([logsumexpArb, seedArb], { numRuns })(
    'logsumexp over any axes: its Hessian is diag(s) - s s^T',
    ([x, axes, keepdims], seed) => {
      expectGradgradcheck((t) => logsumexp(t, axes, keepdims), [leafOf(x)], seed);
    },
  );

  const softmaxArb = tensorArb(wideValue, { minRank: 1, maxRank: 3 }).chain((x) =>
    fc.tuple(fc.constant(x), axisArb(x.shape.length)),
  );
  test.prop([softmaxArb, seedArb], { numRuns })('softmax along any axis', ([x, axis], seed) => {
    expectGradgradcheck((t) => softmax(t, axis), [leafOf(x)], seed);
  });
  test.prop([softmaxArb, seedArb], { numRuns })('logSoftmax along any axis', ([x, axis], seed) => {
    expectGradgradcheck((t) => logSoftmax(t, axis), [leafOf(x)], seed);
  });
});

describe('backward rules of linear ops are themselves differentiable (op(x) squared)', () => {
  // The square makes the first derivative depend on x, so the second pass runs each op's backward rule
  // backward: sliceBackward's, scatterAdd's, indexAdd's, concat's slices.
  test.prop([tensorArb(anyValue, { minRank: 1, maxRank: 3 }), seedArb], { numRuns })(
    'slice of every other element from the second on, on the first axis',
    (x, seed) => {
      expectGradgradcheck((t) => slice(t, [{ start: 1, step: 2 }]).square(), [leafOf(x)], seed);
    },
  );

  const gatherArb = tensorArb(anyValue, { minRank: 1, maxRank: 3 }).chain((x) =>
    fc.tuple(
      fc.constant(x),
      specArb(
        x.shape.map((size, d) => (d === 0 ? 3 : size)),
        fc.integer({ min: 0, max: x.shape[0]! - 1 }),
      ),
    ),
  );
  test.prop([gatherArb, seedArb], { numRuns })(
    'gather along the first axis, repeats allowed',
    ([x, index]: [TensorSpec, TensorSpec], seed) => {
      const picks = constantOf(index);
      expectGradgradcheck((t) => gather(t, 0, picks).square(), [leafOf(x)], seed);
    },
  );

  const indexSelectArb = tensorArb(anyValue, { minRank: 1, maxRank: 3 }).chain((x) =>
    fc.tuple(
      fc.constant(x),
      fc.array(fc.integer({ min: 0, max: x.shape[x.shape.length - 1]! - 1 }), { minLength: 1, maxLength: 4 }),
    ),
  );
  test.prop([indexSelectArb, seedArb], { numRuns })(
    'indexSelect along the last axis, repeats allowed',
    ([x, indices], seed) => {
      expectGradgradcheck((t) => indexSelect(t, -1, indices).square(), [leafOf(x)], seed);
    },
  );

  const concatArb = shapeArb({ minRank: 1, maxRank: 3 }).chain((shape) =>
    fc.tuple(specArb(shape, anyValue), specArb(shape, anyValue)),
  );
  test.prop([concatArb, seedArb], { numRuns })('concat of two tensors on the last axis', ([a, b], seed) => {
    expectGradgradcheck((x, y) => concat([x, y.tanh()], -1).square(), [leafOf(a), leafOf(b)], seed);
  });

  test.prop([tensorArb(anyValue, { minRank: 2, maxRank: 3 }), seedArb], { numRuns })(
    'transpose, reshape and broadcastTo',
    (x, seed) => {
      expectGradgradcheck(
        (t) => t.transpose().reshape([-1]).unsqueeze(0).broadcastTo([2, t.numel()]).square(),
        [leafOf(x)],
        seed,
      );
    },
  );
});

describe('piecewise ops pass gradgradcheck away from their kinks (op(x) squared)', () => {
  const unaryCases: readonly UnaryCase[] = [
    { name: 'relu: d2/dx2 (relu x)^2 = 2 for x > 0, else 0', f: relu, values: awayFromZero },
    { name: 'abs', f: abs, values: awayFromZero },
    { name: 'leakyRelu with slope 0.2', f: (x) => leakyRelu(x, 0.2), values: awayFromZero },
    // x on the grid k/2 and the bounds on k/2 + 1/4: every x at least 0.2 from a bound.
    { name: 'clamp to [-0.75, 1.25]', f: (x) => clamp(x, -0.75, 1.25), values: gridValue(0) },
  ];
  for (const { name, f, values } of unaryCases) {
    test.prop([tensorArb(values, small), seedArb], { numRuns })(name, (x, seed) => {
      expectGradgradcheck((t) => f(t).square(), [leafOf(x)], seed);
    });
  }

  const pairArb = operandPairArb(gridValue(0), gridValue(0.25), small);
  test.prop([pairArb, seedArb], { numRuns })('maximum and minimum', ([a, b], seed) => {
    expectGradgradcheck(
      (x, y) => maximum(x, y).square().add(minimum(x, y).mul(x)),
      [leafOf(a), leafOf(b)],
      seed,
    );
  });

  const distinctArb = shapeArb(small)
    .chain(distinctSpecArb)
    .chain((x) => fc.tuple(fc.constant(x), reductionAxesArb(x.shape.length)));
  test.prop([distinctArb, seedArb], { numRuns })(
    'max and min reductions of distinct values',
    ([x, axes], seed) => {
      expectGradgradcheck(
        (t) =>
          max(t, axes, true)
            .square()
            .mul(min(t, axes, true)),
        [leafOf(x)],
        seed,
      );
    },
  );
});
