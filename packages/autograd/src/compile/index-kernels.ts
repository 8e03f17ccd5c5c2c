/**
 * Replay kernels of the ops that pick by an index: gather, indexSelect and their adjoints (scatterAdd,
 * indexAdd). The index is one more value the kernel reads (the tracer adds it to the op's inputs): a
 * constant for an index given as an array, and for a tensor the values it holds at each replay, so labels
 * passed to the compiled function as an input are the new batch's labels. Being data, it is checked again
 * at every replay, as the op checks it.
 */
import { ArgumentError } from '../errors.ts';
import { boundGather, boundIndexAdd, boundIndexSelect, boundScatterAdd } from '../kernels/indexing.ts';
import { Tensor } from '../tensor/tensor.ts';
import type { BoundOp, Run } from './replay-kernels.ts';

/** gather's and indexSelect's replay: the axis and the index tensor (ops/indexing.ts's IndexReplay). */
interface IndexReplay {
  readonly axis: number;
  readonly index: Tensor;
}

/** True for the replay of an op that reads an index tensor, which the tracer then reads as an input. */
export function isIndexReplay(replay: unknown): replay is IndexReplay {
  return typeof replay === 'object' && replay !== null && (replay as IndexReplay).index instanceof Tensor;
}

/** Every index an integer in [0, limit), or the error the op gives, said of the replay. */
function checkIndex(op: string, index: Float64Array, limit: number, axis: number): void {
  for (let position = 0; position < index.length; position++) {
    const value = index[position]!;
    if (!Number.isInteger(value) || value < 0 || value >= limit) {
      throw new ArgumentError(
        `${op}: index ${value} at position ${position} is out of range for axis ${axis} of size ${limit} ` +
          `in a replay of a compiled function; indices must be integers in 0..${limit - 1}`,
      );
    }
  }
}

// Each kernel is bound to its shapes when the plan is built; a replay checks the index and runs the loop.
export const INDEX_KERNELS: Readonly<Record<string, (bound: BoundOp) => Run>> = {
  gather: ({ inputs: [x, index], inputShapes: [shape, indexShape], output, replay }) => {
    const { axis } = replay as IndexReplay;
    const gatherInto = boundGather(shape!, axis, indexShape!);
    return () => {
      checkIndex('gather', index!, shape![axis]!, axis);
      gatherInto(x!, index!, output);
    };
  },
  scatterAdd: ({ inputs: [gradient, index], inputShapes: [gradientShape], output, outputShape, replay }) => {
    const { axis } = replay as IndexReplay;
    const scatterInto = boundScatterAdd(gradientShape!, axis, outputShape);
    return () => {
      checkIndex('gather', index!, outputShape[axis]!, axis);
      scatterInto(gradient!, index!, output);
    };
  },
  indexSelect: ({ inputs: [x, indices], inputShapes: [shape], output, replay }) => {
    const { axis } = replay as IndexReplay;
    const selectInto = boundIndexSelect(shape!, axis);
    return () => {
      checkIndex('indexSelect', indices!, shape![axis]!, axis);
      selectInto(x!, indices!, output);
    };
  },
  indexAdd: ({ inputs: [gradient, indices], output, outputShape, replay }) => {
    const { axis } = replay as IndexReplay;
    const addInto = boundIndexAdd(outputShape, axis);
    return () => {
      checkIndex('indexSelect', indices!, outputShape[axis]!, axis);
      addInto(gradient!, indices!, output);
    };
  },
};
