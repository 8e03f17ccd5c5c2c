/**
 * Every elementwise op's backward rule against central finite differences (gradcheck with its defaults:
 * eps 1e-6, atol 1e-5, rtol 1e-3), on random shapes from 0-d to 4-d with size-1 broadcast axes, and values
 * kept clear of kinks and poles. A failure prints fast-check's seed and counterexample and the report.
 */
import { fc, test } from '@fast-check/vitest';
import {
  abs,
  add,
  clamp,
  clone,
  div,
  exp,
  leakyRelu,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  relu,
  sigmoid,
  softplus,
  sqrt,
  square,
  sub,
  type Tensor,
  tanh,
  where,
} from '@tapegrad/autograd';
import { describe } from 'vitest';
import {
  anyValue,
  awayFromZero,
  type BinaryCase,
  baseValue,
  broadcastShapesArb,
  constantOf,
  divisorValue,
  expectGradcheck,
  gridValue,
  leafOf,
  operandPairArb,
  positiveValue,
  specArb,
  tensorArb,
  type UnaryCase,
} from './arbitraries.ts';

const numRuns = 100;
const binaryCases: readonly BinaryCase[] = [
  { name: 'add (d/da = 1, d/db = 1)', f: add, left: anyValue, right: anyValue },
  { name: 'sub (d/da = 1, d/db = -1)', f: sub, left: anyValue, right: anyValue },
  { name: 'mul (d/da = b, d/db = a)', f: mul, left: anyValue, right: anyValue },
  { name: 'div (d/da = 1/b, d/db = -a/b^2)', f: div, left: anyValue, right: divisorValue },
  {
    name: 'pow with a tensor exponent (d/dbase = e base^(e-1), d/de = base^e log base)',
    f: pow,
    left: baseValue,
    right: anyValue,
  },
  // Operands on grids 0.25 apart never tie, so the gradient goes wholly to one side.
  { name: 'maximum (gradient to the larger)', f: maximum, left: gridValue(0), right: gridValue(0.25) },
  { name: 'minimum (gradient to the smaller)', f: minimum, left: gridValue(0), right: gridValue(0.25) },
];

/** Which operands require a gradient: a constant operand must get none and must not disturb the other. */
const watchedArb = fc.constantFrom('both', 'left only', 'right only');

describe('binary ops with broadcasting pass gradcheck', () => {
  for (const { name, f, left, right } of binaryCases) {
    test.prop([operandPairArb(left, right), watchedArb], { numRuns })(name, ([a, b], watched) => {
      const x = watched === 'right only' ? constantOf(a) : leafOf(a);
      const y = watched === 'left only' ? constantOf(b) : leafOf(b);
      expectGradcheck(f, [x, y]);
    });
  }

  test.prop([tensorArb(anyValue)], { numRuns })(
    'one tensor used as both operands adds both gradients: mul(x, x) and sub(x, x)',
    (a) => {
      expectGradcheck((x) => mul(x, x).add(sub(x, x)), [leafOf(a)]);
    },
  );
});

describe('binary ops with a plain-number operand pass gradcheck', () => {
  const numberCases: readonly {
    name: string;
    f: (x: Tensor, c: number) => Tensor;
    x: fc.Arbitrary<number>;
    c: fc.Arbitrary<number>;
  }[] = [
    { name: 'x + c and c + x', f: (x, c) => add(x, c).mul(add(c, x)), x: anyValue, c: anyValue },
    { name: 'x - c and c - x', f: (x, c) => sub(x, c).mul(sub(c, x)), x: anyValue, c: anyValue },
    { name: 'x * c and c * x', f: (x, c) => mul(x, c).add(mul(c, x).square()), x: anyValue, c: anyValue },
    { name: 'x / c and c / x', f: (x, c) => div(x, c).add(div(c, x)), x: divisorValue, c: divisorValue },
    { name: 'c ** x (number base)', f: (x, c) => pow(c, x), x: anyValue, c: baseValue },
    {
      name: 'maximum and minimum against a number',
      f: (x, c) => maximum(x, c).add(minimum(c, x).mul(3)),
      x: gridValue(0),
      c: gridValue(0.25),
    },
  ];
  for (const { name, f, x, c } of numberCases) {
    test.prop([tensorArb(x), c], { numRuns })(name, (spec, value) => {
      expectGradcheck((t) => f(t, value), [leafOf(spec)]);
    });
  }
});

describe('pow with a number exponent passes gradcheck', () => {
  const exponentArb = fc.oneof(
    fc.constantFrom(-2, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3),
    fc.double({ min: -3, max: 3, noNaN: true }),
  );
  test.prop([tensorArb(baseValue), exponentArb], { numRuns })(
    'positive base, any real exponent p: d/dx x^p = p x^(p-1)',
    (spec, p) => {
      expectGradcheck((x) => pow(x, p), [leafOf(spec)]);
    },
  );
  test.prop([tensorArb(awayFromZero), fc.integer({ min: -3, max: 4 })], { numRuns })(
    'base of either sign, integer exponent',
    (spec, p) => {
      expectGradcheck((x) => pow(x, p), [leafOf(spec)]);
    },
  );
});

const farOut = fc.double({ min: -30, max: 30, noNaN: true });

const unaryCases: readonly UnaryCase[] = [
  { name: 'neg (d/dx = -1)', f: neg, values: anyValue },
  { name: 'exp (d/dx e^x = e^x)', f: exp, values: anyValue },
  { name: 'log (d/dx log x = 1/x), x in [0.5, 3]', f: log, values: positiveValue },
  { name: 'sqrt (d/dx sqrt x = 1/(2 sqrt x)), x in [0.5, 3]', f: sqrt, values: positiveValue },
  { name: 'abs (d/dx |x| = sign x), |x| > 0.1', f: abs, values: awayFromZero },
  { name: 'square (d/dx x^2 = 2x)', f: square, values: anyValue },
  { name: 'tanh (d/dx = 1 - tanh^2)', f: tanh, values: anyValue },
  { name: 'sigmoid (d/dx = s (1 - s))', f: sigmoid, values: anyValue },
  { name: 'sigmoid far from 0, up to |x| = 30', f: sigmoid, values: farOut },
  { name: 'relu (d/dx = 1 for x > 0, else 0), |x| > 0.1', f: relu, values: awayFromZero },
  { name: 'leakyRelu with the default slope 0.01, |x| > 0.1', f: (x) => leakyRelu(x), values: awayFromZero },
  { name: 'softplus (d/dx = sigmoid x)', f: softplus, values: anyValue },
  { name: 'softplus far from 0, up to |x| = 30', f: softplus, values: farOut },
  { name: 'clone (d/dx = 1)', f: clone, values: anyValue },
];

describe('unary ops pass gradcheck on 0-d to 4-d tensors', () => {
  for (const { name, f, values } of unaryCases) {
    test.prop([tensorArb(values)], { numRuns })(name, (spec) => {
      expectGradcheck(f, [leafOf(spec)]);
    });
  }

  test.prop([tensorArb(awayFromZero), fc.double({ min: -2, max: 2, noNaN: true })], { numRuns })(
    'leakyRelu with any slope a in [-2, 2]: d/dx = 1 for x > 0, a below',
    (spec, slope) => {
      expectGradcheck((x) => leakyRelu(x, slope), [leafOf(spec)]);
    },
  );
});

describe('clamp passes gradcheck away from its bounds', () => {
  // x on the grid k/2, bounds on k/2 + 0.25: every element is at least 0.15 from either bound.
  const numberBoundsArb = fc.record({
    low: gridValue(0.25),
    width: fc.integer({ min: 1, max: 3 }),
    which: fc.constantFrom('both', 'min only', 'max only'),
  });
  test.prop([tensorArb(gridValue(0)), numberBoundsArb], { numRuns })(
    'number bounds: the gradient passes inside [min, max] and is 0 outside',
    (spec, { low, width, which }) => {
      const high = low + width / 2;
      const f = (x: Tensor) =>
        which === 'both' ? clamp(x, low, high) : which === 'min only' ? clamp(x, low) : clamp(x, null, high);
      expectGradcheck(f, [leafOf(spec)]);
    },
  );

  // x, min and max on grids 1/6 apart, each moved by at most 0.02: pairwise gaps of at least 0.12.
  const tensorBoundsArb = broadcastShapesArb(3).chain(({ operands: [x, low, high] }) =>
    fc.tuple(
      specArb(x!, gridValue(0, 0.02)),
      specArb(low!, gridValue(1 / 6, 0.02)),
      specArb(high!, gridValue(1 / 3, 0.02)),
    ),
  );
  test.prop([tensorBoundsArb], { numRuns })(
    'tensor bounds that broadcast: x, min and max all get their share of the gradient',
    ([x, low, high]) => {
      expectGradcheck((value, min, max) => clamp(value, min, max), [leafOf(x), leafOf(low), leafOf(high)]);
    },
  );
});

describe('where passes gradcheck', () => {
  const conditionValue = fc.constantFrom(0, 1);
  const whereArb = broadcastShapesArb(3).chain(({ operands: [cond, a, b] }) =>
    fc.tuple(specArb(cond!, conditionValue), specArb(a!, anyValue), specArb(b!, anyValue)),
  );
  test.prop([whereArb], { numRuns })(
    'cond, a and b broadcast together: d/da = cond, d/db = 1 - cond',
    ([cond, a, b]) => {
      const mask = constantOf(cond);
      expectGradcheck((x, y) => where(mask, x, y), [leafOf(a), leafOf(b)]);
    },
  );
  test.prop([whereArb, anyValue], { numRuns })('one branch a plain number', ([cond, a], value) => {
    const mask = constantOf(cond);
    expectGradcheck((x) => where(mask, x, value).add(where(mask, value, x.square())), [leafOf(a)]);
  });
});
