/**
 * Random straight-line programs of smooth ops, for the program and second-order properties. A program is
 * plain data: a list of steps, each naming an op and (as free naturals, taken modulo the number of values
 * so far) which earlier values it reads. Any value may be read again and again, so gradients fan out and
 * must add up. Every value carries a bound on its magnitude, worked out from the ops alone; a step whose
 * result could pass BOUND is replaced by tanh of its first operand, so no run overflows or grows steep
 * enough to spoil a finite difference, and the program is the same at x and at x +- eps.
 */
import { fc } from '@fast-check/vitest';
import type { Tensor } from '@tapegrad/autograd';

export const programOps = [
  'add',
  'sub',
  'mul',
  'neg',
  'tanh',
  'sigmoid',
  'exp',
  'expOfTanh',
  'square',
  'softplus',
  'divByOnePlusSquare',
  'logOfOnePlusSquare',
  'sqrtOfOnePlusSquare',
  'powOfOnePlusSquare',
  'powWithTensorExponent',
  'matmul',
  'sumBroadcastBack',
  'centre',
  'scaleByMean',
] as const;

export type ProgramOp = (typeof programOps)[number];

/** The ops that need at least one axis (square matrices for matmul). */
export const axisOps: readonly ProgramOp[] = ['matmul', 'sumBroadcastBack', 'centre', 'scaleByMean'];

/** One step: `a` and `b` pick operands among the values so far; `choice` picks an axis or an exponent. */
export interface Step {
  readonly op: ProgramOp;
  readonly a: number;
  readonly b: number;
  readonly choice: number;
}

/** No value of a program exceeds this in magnitude. */
export const BOUND = 8;

/** Number exponents for powOfOnePlusSquare. */
const exponents = [-1.5, -0.5, 0.5, 2, 3] as const;

interface OpRule {
  readonly arity: 1 | 2;
  /** A bound on |result| given bounds on |x| and |y|, `size` the length of the chosen axis. */
  readonly bound: (x: number, y: number, size: number, p: number) => number;
  readonly apply: (x: Tensor, y: Tensor, axis: number, p: number) => Tensor;
  /** The step as a formula, for the failure message. */
  readonly show: (x: string, y: string, axis: number, p: number) => string;
}

const onePlusSquare = (x: Tensor) => x.square().add(1);

const rules: Record<ProgramOp, OpRule> = {
  add: { arity: 2, bound: (x, y) => x + y, apply: (x, y) => x.add(y), show: (x, y) => `${x} + ${y}` },
  sub: { arity: 2, bound: (x, y) => x + y, apply: (x, y) => x.sub(y), show: (x, y) => `${x} - ${y}` },
  mul: { arity: 2, bound: (x, y) => x * y, apply: (x, y) => x.mul(y), show: (x, y) => `${x} * ${y}` },
  neg: { arity: 1, bound: (x) => x, apply: (x) => x.neg(), show: (x) => `-${x}` },
  tanh: { arity: 1, bound: () => 1, apply: (x) => x.tanh(), show: (x) => `tanh(${x})` },
  sigmoid: { arity: 1, bound: () => 1, apply: (x) => x.sigmoid(), show: (x) => `sigmoid(${x})` },
  exp: { arity: 1, bound: (x) => Math.exp(x), apply: (x) => x.exp(), show: (x) => `exp(${x})` },
  expOfTanh: { arity: 1, bound: () => Math.E, apply: (x) => x.tanh().exp(), show: (x) => `exp(tanh(${x}))` },
  square: { arity: 1, bound: (x) => x * x, apply: (x) => x.square(), show: (x) => `square(${x})` },
  // softplus(x) <= max(x, 0) + log 2.
  softplus: {
    arity: 1,
    bound: (x) => x + Math.LN2,
    apply: (x) => x.softplus(),
    show: (x) => `softplus(${x})`,
  },
  divByOnePlusSquare: {
    arity: 2,
    bound: (x) => x,
    apply: (x, y) => x.div(onePlusSquare(y)),
    show: (x, y) => `${x} / (1 + ${y}^2)`,
  },
  logOfOnePlusSquare: {
    arity: 1,
    bound: (x) => Math.log1p(x * x),
    apply: (x) => onePlusSquare(x).log(),
    show: (x) => `log(1 + ${x}^2)`,
  },
  sqrtOfOnePlusSquare: {
    arity: 1,
    bound: (x) => Math.sqrt(1 + x * x),
    apply: (x) => onePlusSquare(x).sqrt(),
    show: (x) => `sqrt(1 + ${x}^2)`,
  },
  powOfOnePlusSquare: {
    arity: 1,
    bound: (x, _y, _size, p) => (p > 0 ? (1 + x * x) ** p : 1),
    apply: (x, _y, _axis, p) => onePlusSquare(x).pow(p),
    show: (x, _y, _axis, p) => `(1 + ${x}^2)^${p}`,
  },
  // Base >= 1 and exponent in (-1, 1).
  powWithTensorExponent: {
    arity: 2,
    bound: (x) => 1 + x * x,
    apply: (x, y) => onePlusSquare(x).pow(y.tanh()),
    show: (x, y) => `(1 + ${x}^2)^tanh(${y})`,
  },
  // Square matrices: each entry is a sum of `size` products.
  matmul: {
    arity: 2,
    bound: (x, y, size) => size * x * y,
    apply: (x, y) => x.matmul(y),
    show: (x, y) => `${x} @ ${y}`,
  },
  sumBroadcastBack: {
    arity: 1,
    bound: (x, _y, size) => size * x,
    apply: (x, _y, axis) => x.sum(axis, true).broadcastTo(x.shape),
    show: (x, _y, axis) => `broadcast(sum(${x}, ${axis}, keepdims))`,
  },
  centre: {
    arity: 1,
    bound: (x) => 2 * x,
    apply: (x, _y, axis) => x.sub(x.mean(axis, true)),
    show: (x, _y, axis) => `${x} - mean(${x}, ${axis}, keepdims)`,
  },
  scaleByMean: {
    arity: 2,
    bound: (x, y) => x * y,
    apply: (x, y, axis) => x.mul(y.mean(axis, true)),
    show: (x, y, axis) => `${x} * mean(${y}, ${axis}, keepdims)`,
  },
};

export interface ProgramRun {
  /** Every value in order: the inputs first, then one per step. */
  readonly values: readonly Tensor[];
  /** One line per step, e.g. `v3 = v0 * v2`. */
  readonly listing: readonly string[];
}

/**
 * Runs `steps` on `inputs` (each bounded by `inputBound` in magnitude). All inputs have one shape, and
 * every op keeps it.
 */
export function runProgram(
  inputs: readonly Tensor[],
  steps: readonly Step[],
  inputBound: number,
): ProgramRun {
  const values = [...inputs];
  const bounds = inputs.map(() => inputBound);
  const listing: string[] = [];
  for (const { op, a, b, choice } of steps) {
    const i = a % values.length;
    const j = b % values.length;
    const x = values[i]!;
    const ndim = x.ndim;
    const axis = ndim === 0 ? 0 : choice % ndim;
    const size = ndim === 0 ? 1 : x.shape[axis]!;
    const p = exponents[choice % exponents.length]!;
    const rule = rules[op];
    let bound = rule.bound(bounds[i]!, bounds[j]!, size, p);
    const name = `v${values.length}`;
    const operands = [`v${i}`, `v${j}`] as const;
    if (bound <= BOUND) {
      values.push(rule.apply(x, values[j]!, axis, p));
      listing.push(`${name} = ${rule.show(operands[0], operands[1], axis, p)}`);
    } else {
      bound = 1;
      values.push(x.tanh());
      listing.push(`${name} = tanh(${operands[0]})  (${op} could pass ${BOUND})`);
    }
    bounds.push(bound);
  }
  return { values, listing };
}

/** 2 to 20 steps (or as asked) drawn from `ops`, every length equally likely. */
export function stepsArb(
  ops: readonly ProgramOp[],
  { minLength = 2, maxLength = 20 } = {},
): fc.Arbitrary<Step[]> {
  const step = fc.record({ op: fc.constantFrom(...ops), a: fc.nat(), b: fc.nat(), choice: fc.nat() });
  return fc.array(step, { minLength, maxLength, size: 'max' });
}
