import { type Shape, sizeOf } from '../shape/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import {
  captureCreationSite,
  checkForward,
  isAnomalyDetectionEnabled,
  isForwardCheckEnabled,
} from './anomaly.ts';
import { isGradEnabled } from './grad-mode.ts';

/**
 * Sends the gradient of an op's output back to its inputs: one gradient per input, in input order, each of
 * that input's shape (or null where an input needs none). Written with differentiable tensor ops, so that
 * `backward({ createGraph: true })` records the backward pass as well.
 */
export type BackwardRule = (gradOutput: Tensor, output: Tensor) => readonly (Tensor | null)[];

let nextPosition = 0;

/**
 * One recorded op. `position` is its place on the tape: ops are numbered in the order they ran, so walking
 * positions from high to low visits every op after all the ops that consumed its output.
 */
export class TapeEntry {
  readonly position = nextPosition++;

  constructor(
    readonly op: string,
    readonly inputs: readonly Tensor[],
    readonly backward: BackwardRule,
    /** The stack where the op ran; captured only in anomaly mode. */
    readonly createdAt: string | null,
  ) {}
}

/**
 * Wraps a kernel's result as the output of `op`. When recording is on and an input requires a gradient, the
 * op goes on the tape with its backward rule and the output requires a gradient too. In anomaly mode the
 * output is checked for NaN and Inf first.
 */
export function record(
  op: string,
  data: Float64Array,
  shape: Shape,
  inputs: readonly Tensor[],
  backward: BackwardRule,
): Tensor {
  const anomalyMode = isAnomalyDetectionEnabled();
  const createdAt = anomalyMode ? captureCreationSite() : null;
  if (createdAt !== null && isForwardCheckEnabled()) checkForward(op, inputs, { shape, data }, createdAt);
  let needsGrad = false;
  if (isGradEnabled()) {
    for (const input of inputs) needsGrad ||= input.requiresGrad;
  }
  const entry = needsGrad ? new TapeEntry(op, inputs, backward, createdAt) : null;
  return new Tensor(data, shape, { requiresGrad: needsGrad, gradFn: entry });
}

/** The output of an op that has no gradient (comparisons, argmax, sign): never recorded. */
export function constantResult(data: Float64Array, shape: Shape): Tensor {
  if (data.length !== sizeOf(shape)) throw new Error(`internal: ${data.length} values for shape [${shape}]`);
  return new Tensor(data, shape);
}
