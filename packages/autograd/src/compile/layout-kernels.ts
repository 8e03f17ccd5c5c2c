/**
 * Replay kernels of the ops that move values without arithmetic: permute (and transpose), slice and its
 * adjoint, concat (and stack). Each is the op's own kernel (kernels/strided.ts, indexing.ts) bound once, when
 * the plan is built, to the view the op passed as its replay (the permutation, the slice's offset and strides,
 * the axis), so that a replay runs the loop into the plan's buffer and allocates nothing.
 */
import { boundConcat } from '../kernels/indexing.ts';
import { boundGatherStrided, boundScatterStrided } from '../kernels/strided.ts';
import { stridesOf } from '../shape/shape.ts';
import type { BoundOp, Run } from './replay-kernels.ts';

/** A strided view as slice records it: where it starts, its strides and its shape. */
interface StridedView {
  readonly offset: number;
  readonly strides: readonly number[];
  readonly shape: readonly number[];
}

export const LAYOUT_KERNELS: Readonly<Record<string, (bound: BoundOp) => Run>> = {
  // Axis i of the result is axis order[i] of x: x read with its strides permuted.
  permute: ({ inputs: [x], inputShapes: [shape], output, outputShape, replay }) => {
    const strides = stridesOf(shape!);
    const permuted = (replay as readonly number[]).map((axis) => strides[axis]!);
    const gatherInto = boundGatherStrided(0, permuted, outputShape);
    return () => gatherInto(x!, output);
  },
  slice: ({ inputs: [x], output, replay }) => {
    const { offset, strides, shape } = replay as StridedView;
    const gatherInto = boundGatherStrided(offset, strides, shape);
    return () => gatherInto(x!, output);
  },
  // The gradient of a slice: written back at the sliced positions, zeros elsewhere.
  sliceBackward: ({ inputs: [gradient], inputShapes: [gradientShape], output, replay }) => {
    const { offset, strides } = replay as StridedView;
    const scatterInto = boundScatterStrided(gradientShape!, offset, strides);
    return () => scatterInto(gradient!, output);
  },
  concat: ({ inputs, inputShapes, output, outputShape, replay }) => {
    const concatInto = boundConcat(inputShapes, replay as number, outputShape);
    return () => concatInto(inputs, output);
  },
};
