import { type Shape, sizeOf } from '../shape/shape.ts';
import { isTrackingVersions } from '../tensor/storage-version.ts';
import { Tensor } from '../tensor/tensor.ts';
import {
  captureCreationSite,
  checkForward,
  isAnomalyDetectionEnabled,
  isForwardCheckEnabled,
} from './anomaly.ts';
import { isGradEnabled } from './grad-mode.ts';
import { type SavedValues, savedValuesOf, snapshotVersions } from './versions.ts';

/**
 * Sends the gradient of an op's output back to its inputs: one gradient per input, in input order (or null
 * where an input needs none). A gradient may have the input's shape or the shape of the output the input was
 * broadcast to: the reverse walk sums it back over the broadcast axes, so no rule has to. It is handed the
 * op's inputs, so a rule that needs nothing else can be one constant function rather than a closure made,
 * and kept on the tape, at every call. Written with differentiable tensor ops, so that
 * `backward({ createGraph: true })` records the backward pass as well.
 */
export type BackwardRule<Inputs extends readonly Tensor[] = readonly Tensor[]> = (
  gradOutput: Tensor,
  output: Tensor,
  inputs: Inputs,
) => readonly (Tensor | null)[];

let nextPosition = 0;

/**
 * @internal What compile's tracer (compile/tracer.ts) is told while a trace runs: every op `record` and
 * `constantResult` wrap, and what the reverse walk does beyond ops. Null whenever no trace is active, so
 * that eager code pays one comparison per op for the hook.
 */
export interface OpObserver {
  /** `output` was computed by `op` from `inputs`; `replay` is what the op gave to re-run it (or undefined). */
  op(op: string, inputs: readonly Tensor[], output: Tensor, replay: unknown): void;
  /** A backward pass starts; the tracer refuses what it cannot replay (createGraph, the functional API). */
  backwardPass(createGraph: boolean, functional: boolean): void;
  /** The walk hands `gradient` to `tensor.grad` (a leaf, or a retainGrad intermediate). */
  storeGrad(tensor: Tensor, gradient: Tensor): void;
}
/** @internal the active tracer, or null. */
export let activeObserver: OpObserver | null = null;

/** @internal installs (or with null removes) the tracer that sees every op; compile/tracer.ts only. */
export function setOpObserver(observer: OpObserver | null): void {
  activeObserver = observer;
}

/**
 * One recorded op. `position` is its place on the tape: ops are numbered in the order they ran, so walking
 * positions from high to low visits every op after all the ops that consumed its output.
 */
export class TapeEntry {
  readonly position = nextPosition++;
  /**
   * @internal the versions of the values the backward rule reads, when the op ran, as [index, version]
   * pairs (tape/versions.ts); null while no in-place op has run, when no version can have changed.
   */
  savedVersions?: number[] | null = null;
  /** @internal what the rule reads; undefined for a built-in op, whose declaration tape/versions.ts keeps. */
  readonly saved?: SavedValues | undefined;

  constructor(
    readonly op: string,
    readonly inputs: readonly Tensor[],
    readonly backward: BackwardRule,
    /** The stack where the op ran; captured only in anomaly mode. */
    readonly createdAt: string | null,
    saved?: SavedValues,
  ) {
    this.saved = saved;
  }
}

/**
 * Wraps a kernel's result as the output of `op`. When recording is on and an input requires a gradient, the
 * op goes on the tape with its backward rule and the output requires a gradient too. In anomaly mode the
 * output is checked for NaN first. `saved` says what the rule reads (custom ops: everything); a built-in op
 * leaves it out and is looked up in tape/versions.ts. `replay` is what compile's tracer needs to re-run the op
 * into a buffer of its own (see compile/replay-kernels.ts): the parameters its output shape does not tell
 * (a reduction's axes), or for an op of your own the kernel itself; ops that need none leave it out.
 */
export function record<Inputs extends readonly Tensor[]>(
  op: string,
  data: Float64Array,
  shape: Shape,
  inputs: Inputs,
  backward: BackwardRule<Inputs>,
  saved?: SavedValues,
  replay?: unknown,
): Tensor {
  const anomalyMode = isAnomalyDetectionEnabled();
  const createdAt = anomalyMode ? captureCreationSite() : null;
  if (createdAt !== null && isForwardCheckEnabled()) checkForward(op, inputs, { shape, data }, createdAt);
  let needsGrad = false;
  if (isGradEnabled()) {
    for (const input of inputs) needsGrad ||= input.requiresGrad;
  }
  // The entry hands the rule these same inputs, so it may rely on their number and order.
  let entry: TapeEntry | null = null;
  if (needsGrad) {
    entry = new TapeEntry(op, inputs, backward as BackwardRule, createdAt, saved);
    for (const input of inputs) input.usedByTape = true;
    if (isTrackingVersions()) entry.savedVersions = snapshotVersions(savedValuesOf(entry), inputs, data);
  }
  const output = new Tensor(data, shape, { requiresGrad: needsGrad, gradFn: entry });
  // A reshape's output is a view of its input's storage: an in-place op on either changes both.
  const first = inputs[0];
  if (first !== undefined && first.data === data) {
    first.sharesStorage = true;
    output.sharesStorage = true;
  }
  if (activeObserver !== null) activeObserver.op(op, inputs, output, replay);
  return output;
}

/**
 * The output of an op that has no gradient (comparisons, argmax, sign): never recorded. `op`, `inputs` and
 * `replay` (as record's) let compile's tracer replay it, or name it when it cannot.
 */
export function constantResult(
  data: Float64Array,
  shape: Shape,
  op?: string,
  inputs?: readonly Tensor[],
  replay?: unknown,
): Tensor {
  if (data.length !== sizeOf(shape)) throw new Error(`internal: ${data.length} values for shape [${shape}]`);
  const output = new Tensor(data, shape);
  if (activeObserver !== null)
    activeObserver.op(op ?? 'an op without a gradient', inputs ?? [], output, replay);
  return output;
}
