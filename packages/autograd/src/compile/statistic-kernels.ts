/**
 * Replay kernels of cumsum (and its adjoint, the scan from the right), argmax and argmin, topk's indices and
 * std's square root. Each runs eager's own kernel bound once to the shapes, so a replay equals the eager run
 * bit for bit and allocates nothing. argmax's and topk's indices have no gradient and are not on the tape,
 * but they are computed afresh at each replay from that replay's values, never kept from the trace. norm
 * needs no kernel: its values are the ops it runs on a detached input, traced as they run.
 */
import { boundArgReduce } from '../kernels/reduce.ts';
import { boundCumsum } from '../kernels/scan.ts';
import { boundTopk } from '../kernels/selection.ts';
import type { BoundOp, Run } from './replay-kernels.ts';

/** topk's replay (ops/topk.ts): the axis it picks along, how many, and in which order. */
interface TopkSelection {
  readonly axis: number;
  readonly k: number;
  readonly largest: boolean;
  readonly sorted: boolean;
}

/** The running sum along the replay's axis, from the left (cumsum) or from the right (its adjoint). */
const runningSum =
  (reverse: boolean) =>
  ({ inputs: [x], inputShapes: [shape], output, replay }: BoundOp): Run => {
    // A 0-d tensor is scanned as one axis of size 1, as eager scans it.
    const scan = boundCumsum(shape!.length === 0 ? [1] : shape!, replay as number, reverse);
    return () => scan(x!, output);
  };

/** The index of the extreme along the replay's axis; a null axis is over the flattened tensor. */
const indexOfExtreme =
  (kind: 'max' | 'min') =>
  ({ inputs: [x], inputShapes: [shape], output, replay }: BoundOp): Run => {
    const axis = replay as number | null;
    const pick = axis === null ? boundArgReduce([x!.length], 0, kind) : boundArgReduce(shape!, axis, kind);
    return () => pick(x!, output);
  };

export const STATISTIC_KERNELS: Readonly<Record<string, (bound: BoundOp) => Run>> = {
  cumsum: runningSum(false),
  cumsumFromRight: runningSum(true),
  argmax: indexOfExtreme('max'),
  argmin: indexOfExtreme('min'),
  topk: ({ inputs: [x], inputShapes: [shape], output, replay }) => {
    const { axis, k, largest, sorted } = replay as TopkSelection;
    const pick = boundTopk(shape!, axis, k, largest, sorted);
    return () => pick(x!, output);
  },
  // std = sqrt(var): its input is the variance, traced as the ops var is made of (kernels.sqrt's loop).
  std: ({ inputs: [variance], output }) => {
    return () => {
      for (let i = 0; i < output.length; i++) output[i] = Math.sqrt(variance![i]!);
    };
  },
};
