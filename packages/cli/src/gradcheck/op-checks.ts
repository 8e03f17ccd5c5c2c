/**
 * The ops `tapegrad gradcheck` checks: for each, the function of its inputs and how to draw inputs of a
 * given shape where the op is smooth (positive numbers for log and sqrt, values away from 0 for the kink
 * of abs and relu), so finite differences are a fair reference.
 */
import {
  concat,
  type Rng,
  type Shape,
  stack,
  type Tensor,
  type TensorFunction,
  tensor,
  where,
} from '@tapegrad/autograd';

/** How one input of an op is drawn. */
type InputKind =
  /** N(0, 1). */
  | 'normal'
  /** Uniform in [0.5, 2): inside the domain of log, sqrt and pow. */
  | 'positive'
  /** N(0, 1) pushed at least 0.1 away from 0, where abs, relu and sign bend. */
  | 'awayFromZero'
  /** N(0, 1) with the last two axes swapped: the right operand of matmul. */
  | 'transposed';

export interface OpCheck {
  readonly name: string;
  /** The op as it is applied, e.g. 'x.sum(-1)'. */
  readonly expression: string;
  readonly inputs: readonly InputKind[];
  readonly f: TensorFunction;
}

const op = (name: string, expression: string, inputs: readonly InputKind[], f: TensorFunction): OpCheck => ({
  name,
  expression,
  inputs,
  f,
});

/** Every op the command can check, by name. */
export const OP_CHECKS: readonly OpCheck[] = [
  op('add', 'a.add(b)', ['normal', 'normal'], (a, b) => a!.add(b!)),
  op('sub', 'a.sub(b)', ['normal', 'normal'], (a, b) => a!.sub(b!)),
  op('mul', 'a.mul(b)', ['normal', 'normal'], (a, b) => a!.mul(b!)),
  op('div', 'a.div(b)', ['normal', 'positive'], (a, b) => a!.div(b!)),
  op('pow', 'a.pow(b)', ['positive', 'normal'], (a, b) => a!.pow(b!)),
  op('neg', 'x.neg()', ['normal'], (x) => x!.neg()),
  op('exp', 'x.exp()', ['normal'], (x) => x!.exp()),
  op('log', 'x.log()', ['positive'], (x) => x!.log()),
  op('sqrt', 'x.sqrt()', ['positive'], (x) => x!.sqrt()),
  op('square', 'x.square()', ['normal'], (x) => x!.square()),
  op('abs', 'x.abs()', ['awayFromZero'], (x) => x!.abs()),
  op('tanh', 'x.tanh()', ['normal'], (x) => x!.tanh()),
  op('sigmoid', 'x.sigmoid()', ['normal'], (x) => x!.sigmoid()),
  op('relu', 'x.relu()', ['awayFromZero'], (x) => x!.relu()),
  op('leakyRelu', 'x.leakyRelu(0.1)', ['awayFromZero'], (x) => x!.leakyRelu(0.1)),
  op('softplus', 'x.softplus()', ['normal'], (x) => x!.softplus()),
  op('clamp', 'x.clamp(-0.5, 0.5)', ['normal'], (x) => x!.clamp(-0.5, 0.5)),
  op('maximum', 'a.maximum(b)', ['normal', 'normal'], (a, b) => a!.maximum(b!)),
  op('minimum', 'a.minimum(b)', ['normal', 'normal'], (a, b) => a!.minimum(b!)),
  op('where', 'where(a.gt(0), a, b)', ['awayFromZero', 'normal'], (a, b) => where(a!.gt(0), a!, b!)),
  op('matmul', 'a.matmul(b)', ['normal', 'transposed'], (a, b) => a!.matmul(b!)),
  op('sum', 'x.sum(-1)', ['normal'], (x) => x!.sum(-1)),
  op('mean', 'x.mean(-1)', ['normal'], (x) => x!.mean(-1)),
  op('max', 'x.max(-1)', ['normal'], (x) => x!.max(-1)),
  op('min', 'x.min(-1)', ['normal'], (x) => x!.min(-1)),
  op('logsumexp', 'x.logsumexp(-1)', ['normal'], (x) => x!.logsumexp(-1)),
  op('softmax', 'x.softmax(-1)', ['normal'], (x) => x!.softmax(-1)),
  op('logSoftmax', 'x.logSoftmax(-1)', ['normal'], (x) => x!.logSoftmax(-1)),
  op('reshape', 'x.reshape(-1)', ['normal'], (x) => x!.reshape(-1)),
  op('transpose', 'x.transpose(0, -1)', ['normal'], (x) => x!.transpose(0, -1)),
  op('permute', 'x.permute(reversed axes)', ['normal'], (x) =>
    x!.permute(x!.shape.map((_, axis) => x!.ndim - 1 - axis)),
  ),
  op('unsqueeze', 'x.unsqueeze(0)', ['normal'], (x) => x!.unsqueeze(0)),
  op('broadcastTo', 'x.broadcastTo([2, ...shape])', ['normal'], (x) => x!.broadcastTo([2, ...x!.shape])),
  op('slice', 'x.slice([first half of axis 0])', ['normal'], (x) =>
    x!.slice([{ start: 0, stop: Math.ceil(x!.shape[0]! / 2) }]),
  ),
  op('indexSelect', 'x.indexSelect(0, [last, 0, last])', ['normal'], (x) =>
    x!.indexSelect(0, [x!.shape[0]! - 1, 0, x!.shape[0]! - 1]),
  ),
  op('gather', 'x.gather(-1, reversed index)', ['normal'], (x) => {
    const last = x!.shape.at(-1)!;
    const index = tensor(
      Array.from({ length: x!.numel() }, (_, flat) => last - 1 - (flat % last)),
      { shape: x!.shape },
    );
    return x!.gather(-1, index);
  }),
  op('concat', 'concat([a, b], 0)', ['normal', 'normal'], (a, b) => concat([a!, b!], 0)),
  op('stack', 'stack([a, b], 0)', ['normal', 'normal'], (a, b) => stack([a!, b!], 0)),
];

export const OP_NAMES: readonly string[] = OP_CHECKS.map((check) => check.name);

/** The right operand of a matmul with a left operand of `shape`: [n] for [n], else the last two axes swapped. */
function transposedShape(shape: Shape): Shape {
  if (shape.length < 2) return shape;
  return [...shape.slice(0, -2), shape.at(-1)!, shape.at(-2)!];
}

/** How each kind of input is drawn, requiring a gradient. */
const DRAW: Readonly<Record<InputKind, (shape: Shape, rng: Rng) => Tensor>> = {
  normal: (shape, rng) => rng.randn(shape, { requiresGrad: true }),
  positive: (shape, rng) => rng.uniform(shape, 0.5, 2, { requiresGrad: true }),
  transposed: (shape, rng) => rng.randn(transposedShape(shape), { requiresGrad: true }),
  awayFromZero: (shape, rng) => {
    const values = rng.randn(shape).data.map((value) => value + Math.sign(value) * 0.1);
    return tensor(values, { shape, requiresGrad: true });
  },
};

/**
 * The inputs of `check` for `shape`, drawn from `rng`, each requiring a gradient.
 * @example opInputs(OP_CHECKS[0]!, [3, 4], new Rng(0)); // two [3, 4] tensors
 */
export function opInputs(check: OpCheck, shape: Shape, rng: Rng): Tensor[] {
  return check.inputs.map((kind) => DRAW[kind](shape, rng));
}
