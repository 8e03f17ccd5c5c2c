/**
 * The kernels a plan replays for ops that are not elementwise (those are loops, see loop-codegen.ts): each
 * is bound once to its input and output buffers and then runs with no argument and no allocation. Each
 * computes what the op's own kernel computes, in the same order, so a replay equals the eager run bit for bit.
 */
import * as kernels from '../kernels/index.ts';
import { expInto, logInto, sigmoidInto, tanhGradientInto, tanhInto } from '../kernels/vector/vector-math.ts';
import type { Shape } from '../shape/shape.ts';
import { INDEX_KERNELS } from './index-kernels.ts';
import { LAYOUT_KERNELS } from './layout-kernels.ts';
import { STATISTIC_KERNELS } from './statistic-kernels.ts';

/** An op's buffers and shapes, as the trace saw them, and what the op passed for its replay. */
export interface BoundOp {
  readonly op: string;
  readonly inputs: readonly Float64Array[];
  readonly inputShapes: readonly Shape[];
  readonly output: Float64Array;
  readonly outputShape: Shape;
  readonly replay: unknown;
}

export type Run = () => void;

/**
 * The kernel of an op of your own, given to `record` as its `replay` argument: it writes the op's values for
 * `inputs` into `out` (every element), allocating nothing.
 */
export type ReplayKernel = (inputs: readonly Float64Array[], out: Float64Array) => void;

const PLAIN: kernels.MatmulOptions = {};

/** The products recorded under their own names, and which operand each reads transposed. */
export const PRODUCT_LAYOUTS: Readonly<Record<string, kernels.MatmulOptions>> = {
  matmul: PLAIN,
  matmulTransposeA: { transposeA: true },
  matmulTransposeB: { transposeB: true },
};

/** The product `op` (one of PRODUCT_LAYOUTS) bound to the traced shapes. */
export function boundProduct(
  op: string,
  [aShape, bShape]: readonly Shape[],
  outputShape: Shape,
): kernels.BoundMatmul {
  return kernels.boundMatmul(aShape!, bShape!, outputShape.slice(0, -2), PRODUCT_LAYOUTS[op]);
}

function product({ op, inputs: [a, b], inputShapes, output, outputShape }: BoundOp): Run {
  const { run } = boundProduct(op, inputShapes, outputShape);
  return () => run(a!, b!, output);
}

/**
 * Sum (or max, min) of x over `axes` (sorted) into out, in the keepdims layout: kernels/reduce.ts's loops,
 * bound once to the shapes, which take each output position's elements in the order eager's do.
 */
function reduceInto(
  kind: kernels.ReduceKind,
  x: Float64Array,
  shape: Shape,
  axes: readonly number[],
  out: Float64Array,
): Run {
  const reduce = kernels.boundReducer(shape, axes, kind);
  return () => reduce(x, out);
}

const reduction =
  (kind: kernels.ReduceKind) =>
  ({ inputs: [x], inputShapes: [shape], output, replay }: BoundOp): Run =>
    reduceInto(kind, x!, shape!, replay as readonly number[], output);

/** The axes sumToShape sums over to bring `from` to `to` (ops/broadcast.ts). */
export function summedAxes(from: Shape, to: Shape): number[] {
  const leading = from.length - to.length;
  const axes: number[] = [];
  for (let axis = 0; axis < from.length; axis++) {
    if (axis < leading || (to[axis - leading] === 1 && from[axis] !== 1)) axes.push(axis);
  }
  return axes;
}

/**
 * stableShift (ops/reduce.ts): the max over the axes, 0 where it is infinite, so exp(x - shift) cannot
 * overflow and a row of -Infinity stays -Infinity.
 */
function stableShift({ inputs: [x], inputShapes: [shape], output, replay }: BoundOp): Run {
  const max = reduceInto('max', x!, shape!, replay as readonly number[], output);
  return () => {
    max();
    for (let i = 0; i < output.length; i++) if (!Number.isFinite(output[i]!)) output[i] = 0;
  };
}

/** The kernels of the ops that are not loops over elements, by the name each op is recorded under. */
export const REPLAY_KERNELS: Readonly<Record<string, (bound: BoundOp) => Run>> = {
  ...LAYOUT_KERNELS,
  ...INDEX_KERNELS,
  ...STATISTIC_KERNELS,
  stableShift,
  addmm: ({ inputs: [bias, a, b], inputShapes: [biasShape, aShape, bShape], output, outputShape }) => {
    const { run } = kernels.boundMatmul(aShape!, bShape!, [], PLAIN);
    const addBias = kernels.boundAddBroadcast(outputShape, biasShape!);
    return () => {
      run(a!, b!, output);
      addBias(output, bias!);
    };
  },
  matmul: product,
  matmulTransposeA: product,
  matmulTransposeB: product,
  sum: reduction('sum'),
  max: reduction('max'),
  min: reduction('min'),
  sumToShape: ({ inputs: [x], inputShapes: [shape], output, outputShape }) =>
    reduceInto('sum', x!, shape!, summedAxes(shape!, outputShape), output),
};

/**
 * The vectorised kernels (kernels/vector) of single transcendental ops over whole arrays: a plan runs these
 * for an op that is not fused with others and whose operands all have the output's size.
 */
export const VECTOR_KERNELS: Readonly<
  Record<string, (inputs: readonly Float64Array[], out: Float64Array) => void>
> = {
  tanh: ([x], out) => tanhInto(x!, out),
  exp: ([x], out) => expInto(x!, out),
  log: ([x], out) => logInto(x!, out),
  sigmoid: ([x], out) => sigmoidInto(x!, out),
  tanhBackward: ([g, y], out) => tanhGradientInto(g!, y!, out),
};

/** True when every operand of `bound` has as many elements as its output (no broadcasting). */
export function isFullSize(bound: Pick<BoundOp, 'inputs' | 'output'>): boolean {
  return bound.inputs.every((input) => input.length === bound.output.length);
}
