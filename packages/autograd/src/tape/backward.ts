import { booleanOption, checkTensor } from '../checks/arguments.ts';
import { GradientError, ShapeError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { add } from '../ops/arithmetic.ts';
import { sumToShape } from '../ops/broadcast.ts';
import { clone } from '../ops/layout.ts';
import { broadcastsTo } from '../shape/broadcast.ts';
import { formatShape, shapesEqual } from '../shape/shape.ts';
import { onesLike } from '../tensor/create.ts';
import { Tensor } from '../tensor/tensor.ts';
import { checkBackward, isAnomalyDetectionEnabled, runBackwardRule } from './anomaly.ts';
import { enableGrad, noGrad } from './grad-mode.ts';
import { hasGradHooks, runGradHooks } from './hooks.ts';
import { activeObserver, type TapeEntry } from './tape.ts';
import { checkEntryVersions } from './versions.ts';

export interface BackwardOptions {
  /** Record the backward pass itself, so the gradients can be differentiated again. Default false. */
  readonly createGraph?: boolean;
}

/** The options of backward(), for `checkOptions`. */
export const BACKWARD_OPTIONS = { createGraph: booleanOption } as const;

let passNumber = 0;

/**
 * A rule's gradient for input `index`, summed to that input's shape. For an input that was broadcast (a
 * leading axis added, a size-1 axis stretched) a rule may return the gradient in the output's shape; the sum
 * back over those axes happens here, once for every op and custom rule, as PyTorch's engine does (`sum_to`
 * in `validate_outputs`). With createGraph the sum is a recorded op, so it is differentiated too. When the
 * shapes already match it costs one comparison.
 */
function toInputShape(op: string, index: number, gradient: Tensor, input: Tensor): Tensor {
  if (shapesEqual(gradient.shape, input.shape)) return gradient;
  if (!broadcastsTo(input.shape, gradient.shape)) {
    throw new GradientError(
      `backward of '${op}': the gradient for input ${index} has shape ${formatShape(gradient.shape)}, which ` +
        `does not sum to the input's shape ${formatShape(input.shape)}; a backward rule returns, for each ` +
        "input, a gradient of the input's shape or of a shape the input broadcasts to (the output's)",
    );
  }
  return sumToShape(gradient, input.shape);
}

/**
 * Runs a recorded op's backward rule, and sums each gradient for an input that requires one to that input's
 * shape. The rest are left as the rule gave them (anomaly mode still checks their values).
 */
function inputGradients(entry: TapeEntry, gradOutput: Tensor, output: Tensor): (Tensor | null)[] {
  const inputs = entry.inputs;
  // Refuses, before the rule reads them, values that an in-place op changed after the op ran.
  checkEntryVersions(entry, output);
  return entry.backward(gradOutput, output, inputs).map((gradient, i) => {
    const input = inputs[i];
    return input?.requiresGrad && gradient ? toInputShape(entry.op, i, gradient, input) : (gradient ?? null);
  });
}

/**
 * Every recorded tensor that a gradient can reach from `roots`, in reverse tape order (latest op first).
 * An explicit stack, never recursion, so a chain of any length works.
 */
function reachableInReverseTapeOrder(roots: readonly Tensor[]): Tensor[] {
  const pass = ++passNumber;
  const found: Tensor[] = [];
  const stack: Tensor[] = [];
  for (const root of roots) {
    if (root.gradFn !== null && root.visitPass !== pass) {
      root.visitPass = pass;
      stack.push(root);
    }
  }
  while (stack.length > 0) {
    const tensor = stack.pop()!;
    found.push(tensor);
    for (const input of tensor.gradFn!.inputs) {
      if (input.gradFn !== null && input.requiresGrad && input.visitPass !== pass) {
        input.visitPass = pass;
        stack.push(input);
      }
    }
  }
  return found.sort((a, b) => b.gradFn!.position - a.gradFn!.position);
}

/**
 * The reverse pass. Seeds the roots, then walks the tape from the latest op to the earliest: each op's
 * output has by then received the gradient of every op that used it (fan-out adds up), and its backward
 * rule passes that on to its inputs.
 *
 * With `targets`, returns the gradient reaching each target (null where none does) and leaves every
 * `.grad` untouched (the functional API). Without, adds each leaf's gradient into its `.grad` (and each
 * `retainGrad()` intermediate's) and returns null.
 */
export function runBackward(
  roots: readonly Tensor[],
  seeds: readonly Tensor[],
  options: BackwardOptions,
  targets: readonly Tensor[] | null,
): (Tensor | null)[] | null {
  const createGraph = options.createGraph ?? false;
  // While compile traces, the walk's own work must be visible to it: sums are recorded adds, stores go to it.
  const tracer = activeObserver;
  if (tracer !== null) tracer.backwardPass(createGraph, targets !== null);
  const checkAnomalies = isAnomalyDetectionEnabled();
  // Gradient hooks (registerHook) see each tensor's gradient once it is complete, before it is stored or
  // passed on, and may replace it. With none registered anywhere, the walk does nothing more.
  const runHooks = hasGradHooks();
  const ordered = reachableInReverseTapeOrder(roots);
  const leavesReached: Tensor[] = [];
  const results: (Tensor | null)[] | null = targets ? targets.map(() => null) : null;

  // Fan-out: the gradients reaching one tensor add up. With createGraph (or while compile traces) the sum is
  // a recorded add, the same additions in the same order. Without,
  // the second gradient starts a sum in a fresh buffer that only this pass can see, and later ones are
  // added into it in place: no rule or user holds that buffer until the tensor's own turn comes.
  const deliver = (tensor: Tensor, gradient: Tensor): void => {
    const pending = tensor.pendingGrad;
    if (pending === null) {
      tensor.pendingGrad = gradient;
      if (tensor.gradFn === null) leavesReached.push(tensor);
    } else if (createGraph || tracer !== null) {
      tensor.pendingGrad = add(pending, gradient);
    } else if (tensor.ownsPendingGrad) {
      kernels.addInto(pending.data, gradient.data);
    } else {
      const sum = new Tensor(pending.data.slice(), pending.shape);
      kernels.addInto(sum.data, gradient.data);
      tensor.pendingGrad = sum;
      tensor.ownsPendingGrad = true;
    }
  };
  // Each gradient handed out (a .grad, a result) gets storage of its own, so that an in-place op on one
  // (p.grad.zero_()) changes no other: a rule may pass one gradient to several inputs (add gives g to both)
  // or share its storage (reshape), and the seed is the caller's. The first holder of a storage keeps it;
  // later ones get a copy (a recorded clone with createGraph).
  const handedOut = new Set<Float64Array>();
  for (const seed of seeds) handedOut.add(seed.data);
  const own = (gradient: Tensor): Tensor => {
    if (!handedOut.has(gradient.data)) {
      handedOut.add(gradient.data);
      return gradient;
    }
    return createGraph ? clone(gradient) : new Tensor(gradient.data.slice(), gradient.shape);
  };
  const finish = (tensor: Tensor, gradient: Tensor): void => {
    if (targets !== null) {
      const index = targets.indexOf(tensor);
      if (index >= 0) results![index] = own(gradient);
    } else if (tracer !== null && (tensor.gradFn === null || tensor.retainsGrad)) {
      tracer.storeGrad(tensor, gradient);
    } else if (tensor.gradFn === null || tensor.retainsGrad) {
      const stored = createGraph || !gradient.requiresGrad ? gradient : gradient.detach();
      tensor.grad = tensor.grad === null ? own(stored) : add(tensor.grad, stored);
    }
  };

  const pass = (): void => {
    for (let i = 0; i < roots.length; i++) deliver(roots[i]!, seeds[i]!);
    for (const tensor of ordered) {
      let gradOutput = tensor.pendingGrad;
      if (gradOutput === null) continue;
      if (runHooks) gradOutput = runGradHooks(tensor, gradOutput);
      finish(tensor, gradOutput);
      const entry = tensor.gradFn!;
      let gradients: readonly (Tensor | null)[];
      if (checkAnomalies) {
        gradients = runBackwardRule(() => inputGradients(entry, gradOutput, tensor));
        checkBackward(entry.op, entry.inputs, gradients, entry.createdAt);
      } else {
        gradients = inputGradients(entry, gradOutput, tensor);
      }
      // Its gradient has been passed on; dropping it now lets the collector take it during the pass.
      forgetPending(tensor);
      const inputs = entry.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i]!;
        const gradient = gradients[i];
        if (input.requiresGrad && gradient) deliver(input, gradient);
      }
    }
    for (const leaf of leavesReached) {
      finish(leaf, runHooks ? runGradHooks(leaf, leaf.pendingGrad!) : leaf.pendingGrad!);
    }
  };

  try {
    if (createGraph) enableGrad(pass);
    else noGrad(pass);
  } finally {
    // Pending gradients live on the tensors only for the length of one pass, even one that threw.
    for (const tensor of ordered) forgetPending(tensor);
    for (const leaf of leavesReached) forgetPending(leaf);
  }
  return results;
}

function forgetPending(tensor: Tensor): void {
  tensor.pendingGrad = null;
  tensor.ownsPendingGrad = false;
}

/** Checks that a backward pass can start at `root`, and returns its seed (see `checkSeed`). */
export function seedFor(op: string, root: Tensor, seed: Tensor | undefined): Tensor {
  checkTensor(op, 'output', root);
  if (!root.requiresGrad) {
    throw new GradientError(
      `${op}: the tensor of shape ${formatShape(root.shape)} does not require a gradient: no input of it ` +
        'was created with { requiresGrad: true }, or it was computed inside noGrad() or from detach()',
    );
  }
  return checkSeed(op, root, seed);
}

/** The seed of a backward pass: 1 for a one-element output, else the given seed, which must match its shape. */
export function checkSeed(op: string, root: Tensor, seed: Tensor | undefined): Tensor {
  checkTensor(op, 'output', root);
  if (seed === undefined) {
    if (root.numel() !== 1) {
      throw new GradientError(
        `${op}: a gradient can be taken only of a scalar output, but this one has shape ${formatShape(root.shape)}; ` +
          'reduce it first (e.g. .sum() or .mean()) or pass a seed of the same shape',
      );
    }
    return onesLike(root);
  }
  checkTensor(op, 'seed', seed);
  if (!shapesEqual(seed.shape, root.shape)) {
    throw new ShapeError(
      `${op}: the seed has shape ${formatShape(seed.shape)} but the output has shape ${formatShape(root.shape)}; ` +
        'pass a seed of the same shape',
    );
  }
  return seed;
}
