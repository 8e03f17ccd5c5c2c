/**
 * The elementwise ops a plan can fuse, each as the scalar expression its kernel computes for one element:
 * `add` is `a + b`, `tanhBackward` is `g * (1 - y * y)`. The expressions are the kernels' own formulas, the
 * same float operations in the same order, so a fused loop gives the unfused ops' results bit for bit.
 * Functions the expressions call (fastTanh, stableSigmoid) are passed to the generated loop by these names.
 */
import { reluOf, stableSigmoid, stableSoftplus } from '../kernels/math.ts';
import { fastTanh } from '../kernels/tanh.ts';

/** An op's expression for one element, from the expressions of its operands' elements. */
export type ScalarExpression = (operands: readonly string[]) => string;

const unary =
  (form: (x: string) => string): ScalarExpression =>
  ([x]) =>
    form(x!);
const binary =
  (form: (a: string, b: string) => string): ScalarExpression =>
  ([a, b]) =>
    form(a!, b!);

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
  // A broadcast or a copy reads its one operand; the loop's index does the broadcasting.
  broadcastTo: unary((x) => x),
  clone: unary((x) => x),
};

/** The functions the expressions call, handed to each generated loop. */
export const SCALAR_FUNCTIONS = { fastTanh, stableSigmoid, stableSoftplus, reluOf } as const;

export function isElementwise(op: string): boolean {
  return Object.hasOwn(ELEMENTWISE, op);
}
