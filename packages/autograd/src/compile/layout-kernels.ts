/**
 * Replay kernels of the ops that move values without arithmetic: permute (and transpose), slice and its
 * adjoint, concat (and stack). Each is the op's own strided kernel (kernels/strided.ts, indexing.ts) written
 * into the plan's buffer, with the view the op passed as its replay (the permutation, the slice's offset and
 * strides, the axis).
 */
import * as kernels from '../kernels/index.ts';
import { sizeOf, stridesOf } from '../shape/shape.ts';
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
    return () => {
      kernels.gatherStrided(x!, 0, permuted, outputShape, output);
    };
  },
  slice: ({ inputs: [x], output, replay }) => {
    const { offset, strides, shape } = replay as StridedView;
    return () => {
      kernels.gatherStrided(x!, offset, strides, shape, output);
    };
  },
  // The gradient of a slice: written back at the sliced positions, zeros elsewhere.
  sliceBackward: ({ inputs: [gradient], inputShapes: [gradientShape], output, outputShape, replay }) => {
    const { offset, strides } = replay as StridedView;
    const size = sizeOf(outputShape);
    return () => {
      kernels.scatterStrided(gradient!, gradientShape!, offset, strides, size, output);
    };
  },
  concat: ({ inputs, inputShapes, output, outputShape, replay }) => {
    const axis = replay as number;
    return () => {
      kernels.concat(inputs, inputShapes, axis, outputShape, output);
    };
  },
};
