/**
 * The elementwise ops a plan can fuse, each as the scalar expression its kernel computes for one element:
 * `add` is `a + b`, `tanhBackward` is `g * (1 - y * y)`. The expressions are the kernels' own formulas, the
 * same float operations in the same order, so a fused loop gives the unfused ops' results bit for bit.
 * Functions the expressions call (fastTanh, stableSigmoid) are passed to the generated loop by these names.
 */
import { reluOf, stableSigmoid, stableSoftplus } from '../kernels/math.ts';
import { fastTanh } from '../kernels/tanh.ts';

/**
 * An op's expression for one element, from the expressions of its operands' elements and what the op passed
 * for its replay (a constant such as leakyRelu's slope).
 */
export type ScalarExpression = (operands: readonly string[], replay?: unknown) => string;

const unary =
  (form: (x: string) => string): ScalarExpression =>
  ([x]) =>
    form(x!);
const binary =
  (form: (a: string, b: string) => string): ScalarExpression =>
  ([a, b]) =>
    form(a!, b!);
/** A comparison: 1 where it holds, else 0 (ops/compare.ts). */
const comparison = (operator: string): ScalarExpression =>
  binary((a, b) => `(${a} ${operator} ${b} ? 1 : 0)`);
/** The larger and smaller of two, NaN winning (ops/maximum.ts). */
const larger = (a: string, b: string) => `(${a} > ${b} || Number.isNaN(${a}) ? ${a} : ${b})`;
const smaller = (a: string, b: string) => `(${a} < ${b} || Number.isNaN(${a}) ? ${a} : ${b})`;

/** A number as source text that reads back as the same double (-0 included). */
function literal(value: unknown): string {
  const number = value as number;
  return `(${Object.is(number, -0) ? '-0' : String(number)})`;
}

/** Every op with an elementwise kernel, by the name it is recorded under. */
export const ELEMENTWISE: Readonly<Record<string, ScalarExpression>> = {
  add: binary((a, b) => `(${a} + ${b})`),
  sub: binary((a, b) => `(${a} - ${b})`),
  mul: binary((a, b) => `(${a} * ${b})`),
  div: binary((a, b) => `(${a} / ${b})`),
  neg: unary((x) => `(-${x})`),
  square: unary((x) => `(${x} * ${x})`),
  sqrt: unary((x) => `Math.sqrt(${x})`),
  abs: unary((x) => `Math.abs(${x})`),
  exp: unary((x) => `Math.exp(${x})`),
  log: unary((x) => `Math.log(${x})`),
  tanh: unary((x) => `fastTanh(${x})`),
  sigmoid: unary((x) => `stableSigmoid(${x})`),
  softplus: unary((x) => `stableSoftplus(${x})`),
  relu: unary((x) => `reluOf(${x})`),
  // d/dx tanh = 1 - y^2 and d/dx relu = [x > 0], times the gradient g (kernels/math.ts).
  tanhBackward: binary((g, y) => `(${g} * (1 - ${y} * ${y}))`),
  reluBackward: binary((g, x) => `(${x} > 0 ? ${g} : 0)`),
  sin: unary((x) => `Math.sin(${x})`),
  cos: unary((x) => `Math.cos(${x})`),
  pow: binary((a, b) => `Math.pow(${a}, ${b})`),
  sign: unary((x) => `Math.sign(${x})`),
  leakyRelu: ([x], slope) => `(${x} > 0 ? ${x} : ${x} * ${literal(slope)})`,
  maximum: binary(larger),
  minimum: binary(smaller),
  // clamp to a lower bound takes the larger of x and the bound, to an upper bound the smaller.
  clamp: ([x, bound], side) => (side === 'min' ? larger(x!, bound!) : smaller(x!, bound!)),
  gt: comparison('>'),
  ge: comparison('>='),
  lt: comparison('<'),
  le: comparison('<='),
  eq: comparison('==='),
  where: ([condition, ifTrue, ifFalse]) => `(${condition} !== 0 ? ${ifTrue} : ${ifFalse})`,
  // A broadcast or a copy reads its one operand; the loop's index does the broadcasting.
  broadcastTo: unary((x) => x),
  clone: unary((x) => x),
};

/** The functions the expressions call, handed to each generated loop. */
export const SCALAR_FUNCTIONS = { fastTanh, stableSigmoid, stableSoftplus, reluOf } as const;

export function isElementwise(op: string): boolean {
  return Object.hasOwn(ELEMENTWISE, op);
}
