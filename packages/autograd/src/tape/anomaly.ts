import { checkBoolean, checkFunction } from '../checks/arguments.ts';
import { AnomalyError } from '../errors.ts';
import { formatShape } from '../shape/shape.ts';

/** The part of a tensor that anomaly checks read: its shape and values. */
interface Checked {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

let anomalyMode = false;
/** True while a backward rule runs: its ops are checked together, as `op backward`, not one by one. */
let insideBackwardRule = false;

export function isAnomalyDetectionEnabled(): boolean {
  return anomalyMode;
}

/** Whether a recorded op checks its forward result: in anomaly mode, except inside a backward rule. */
export function isForwardCheckEnabled(): boolean {
  return anomalyMode && !insideBackwardRule;
}

/**
 * Runs one op's backward rule. A NaN or Inf made on the way (1/(2 sqrt(0)) in sqrt's rule, or a log(0) that
 * a where() masks out again) is reported by `checkBackward` on the rule's result, naming the op's backward.
 */
export function runBackwardRule<T>(rule: () => T): T {
  const previous = insideBackwardRule;
  insideBackwardRule = true;
  try {
    return rule();
  } finally {
    insideBackwardRule = previous;
  }
}

/** Turns anomaly detection on or off for everything that follows (see `detectAnomaly`). */
export function setDetectAnomaly(enabled: boolean): void {
  anomalyMode = checkBoolean('setDetectAnomaly', 'enabled', enabled);
}

/**
 * Runs `fn` in anomaly mode: every op checks its forward result for NaN, and every backward rule its
 * gradients for NaN or Inf, and throws an AnomalyError at the first, naming the op, its input shapes and the
 * stack where the op was created. Slow (each op records a stack trace): for debugging only.
 *
 * An infinity in a forward pass is often meant: a -Infinity mask added before softmax, log(0) of a
 * probability that is exactly 0. PyTorch's anomaly mode does not flag those either (it checks for NaN); a
 * NaN that such an infinity goes on to make (-Infinity * 0, Infinity - Infinity) is caught at that op. A
 * gradient is checked for infinities too, stricter than PyTorch: one infinite gradient turns a weight into
 * Infinity, then NaN, at the next step.
 * @example detectAnomaly(() => loss(model, x, y).backward());
 */
export function detectAnomaly<T>(fn: () => T): T {
  checkFunction('detectAnomaly', 'fn', fn);
  const previous = anomalyMode;
  anomalyMode = true;
  try {
    return fn();
  } finally {
    anomalyMode = previous;
  }
}

function firstNonFinite(data: Float64Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return i;
  return -1;
}

function firstNaN(data: Float64Array): number {
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i]!)) return i;
  return -1;
}

/** What the inputs of an op that made a NaN held: a NaN already, an infinity (Infinity - Infinity), or neither. */
function describeInputValues(inputs: readonly Checked[]): string {
  if (inputs.some((input) => firstNaN(input.data) >= 0)) return 'which already held NaN';
  if (inputs.some((input) => firstNonFinite(input.data) >= 0)) return 'holding Infinity or -Infinity';
  return 'all finite';
}

/** The stack of the caller that created an op, without the engine's own frames. */
export function captureCreationSite(): string {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  const userFrames = lines.filter((line) => !/[\\/]autograd[\\/]src[\\/]/.test(line));
  return (userFrames.length > 0 ? userFrames : lines).join('\n');
}

function describeInputs(inputs: readonly Checked[]): string {
  return inputs.map((input) => formatShape(input.shape)).join(', ');
}

/** A forward result holding NaN is an anomaly; an infinity is not (see `detectAnomaly`). */
export function checkForward(
  op: string,
  inputs: readonly Checked[],
  output: Checked,
  createdAt: string,
): void {
  const bad = firstNaN(output.data);
  if (bad < 0) return;
  throw new AnomalyError(
    `${op}: forward produced NaN at flat index ${bad} of its output ${formatShape(output.shape)} ` +
      `(inputs ${describeInputs(inputs)}, ${describeInputValues(inputs)}).\n` +
      `The op was created at:\n${createdAt}`,
  );
}

export function checkBackward(
  op: string,
  inputs: readonly Checked[],
  gradients: readonly (Checked | null)[],
  createdAt: string | null,
): void {
  gradients.forEach((gradient, inputIndex) => {
    if (gradient === null) return;
    const bad = firstNonFinite(gradient.data);
    if (bad < 0) return;
    throw new AnomalyError(
      `${op} backward: the gradient for input ${inputIndex} (of inputs ${describeInputs(inputs)}) holds ` +
        `${gradient.data[bad]} at flat index ${bad}.\n` +
        `The op was created at:\n${createdAt ?? '(unknown: the op was recorded outside detectAnomaly)'}`,
    );
  });
}
