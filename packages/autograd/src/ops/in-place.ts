/**
 * In-place ops, PyTorch's `add_`, `mul_`, `zero_`, `copy_`, ...: each writes its result into the tensor's own
 * storage, counts one modification in the storage's version (tape/versions.ts), and returns the tensor.
 *
 * Each is its out-of-place op applied to the tensor's values, so it gives exactly the out-of-place values
 * and, when recorded, the out-of-place gradients. PyTorch's safety rules hold:
 * - a leaf that requires a gradient may be modified only inside `noGrad` (a manual SGD step);
 * - a tensor whose values a recorded op saved may be modified, but then that op's backward throws;
 * - with recording on and a gradient involved, the op is recorded on the tensor itself ("rebasing" its
 *   history): its old history moves to a fresh tensor that the in-place op takes as its input. The tape links
 *   ops to tensors, not to versions of them, so this is refused where another op already holds the tensor
 *   (an input of a recorded op, or a reshape's view of it), whose gradient would otherwise flow through the
 *   new values.
 */
import { checkNumber, checkOptions, checkTensor, refuse, refuseOption } from '../checks/arguments.ts';
import { GradientError, ShapeError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { broadcastStrides, broadcastsTo } from '../shape/broadcast.ts';
import { formatShape } from '../shape/shape.ts';
import { isGradEnabled } from '../tape/grad-mode.ts';
import { activeObserver, type BackwardRule, record } from '../tape/tape.ts';
import { savedValuesOf, snapshotVersions } from '../tape/versions.ts';
import { toOperand, zerosLike } from '../tensor/create.ts';
import {
  bumpStorageVersion,
  setStorageVersion,
  startTrackingVersions,
  storageVersion,
} from '../tensor/storage-version.ts';
import { rebaseHistory, Tensor, type TensorLike } from '../tensor/tensor.ts';
import { add, div, mul, sub } from './arithmetic.ts';
import { clamp } from './maximum.ts';

/** The options of `add_` and `sub_`: `other` is multiplied by `alpha` first (PyTorch's `alpha`). */
export interface AlphaOptions {
  /** The factor of `other`, default 1: `t.add_(g, { alpha: -0.1 })` is t += -0.1 g. */
  readonly alpha?: number;
}

const ALPHA_OPTIONS = {
  alpha: (fn: string, name: string, value: unknown) =>
    typeof value === 'number' && Number.isFinite(value)
      ? value
      : refuseOption(fn, name, 'a finite number', value),
} as const;

/**
 * The same op out of place: its result from `self` (the tensor's values before the op), with `swap`
 * applied to each other operand (it stands `self` in for the tensor where the tensor is its own operand).
 */
type OutOfPlace = (self: Tensor, swap: (operand: Tensor) => Tensor) => Tensor;

/**
 * Runs the in-place op `op` on `target`, whose arguments are checked already: `operands` are the tensors it
 * reads besides target (each broadcasting to target's shape), `readsSelf` whether its backward rule reads
 * target's values from before the op. `write`, where given, writes the values straight into the storage
 * when nothing is recorded (fill_ and zero_: `p.grad.zero_()` allocates nothing).
 */
function inPlace(
  op: string,
  target: Tensor,
  operands: readonly Tensor[],
  readsSelf: boolean,
  outOfPlace: OutOfPlace,
  write?: (storage: Float64Array) => void,
): Tensor {
  // compile's tracer refuses an in-place write by name: a replay would not redo it.
  if (activeObserver !== null) activeObserver.op(op, [target], target, undefined);
  const recording = isGradEnabled() && (target.requiresGrad || operands.some((t) => t.requiresGrad));
  if (recording && target.isLeaf && target.requiresGrad) {
    throw new GradientError(
      `a leaf tensor that requires grad is being used in an in-place operation (${op}); wrap the update in ` +
        'noGrad(() => ...) or use an out-of-place op',
    );
  }
  startTrackingVersions();
  const storage = target.data;
  if (!recording) {
    if (write) write(storage);
    else storage.set(outOfPlace(target, keep).data);
    bumpStorageVersion(storage);
    return target;
  }
  refuseRebase(op, target);
  // The tensor's history so far moves to `before`, which holds the old values where a rule reads them
  // (a copy, at the version the storage is about to reach: the old history's own rule, if it reads its
  // output, must still see the modification, as PyTorch's does).
  const copies = readsSelf || operands.includes(target);
  const before = new Tensor(copies ? storage.slice() : storage, target.shape, {
    requiresGrad: target.requiresGrad,
    gradFn: target.gradFn,
  });
  if (copies) setStorageVersion(before.data, storageVersion(storage) + 1);
  const result = outOfPlace(before, (operand) => (operand === target ? before : operand));
  storage.set(result.data);
  bumpStorageVersion(storage);
  const entry = result.gradFn!;
  rebaseHistory(target, entry);
  entry.savedVersions = snapshotVersions(savedValuesOf(entry), entry.inputs, storage);
  return target;
}

const keep = (operand: Tensor): Tensor => operand;

/** Throws where recording an in-place op on `target` could give a wrong gradient (see the file comment). */
function refuseRebase(op: string, target: Tensor): void {
  const shape = formatShape(target.shape);
  if (target.usedByTape) {
    throw new GradientError(
      `${op}: the tensor of shape ${shape} has already been used by a recorded op, whose gradient would ` +
        'then flow through the new values; compute out of place (y = y.add(other) rather than y.add_(other)), ' +
        'or clone() the tensor before that op uses it',
    );
  }
  if (target.sharesStorage) {
    throw new GradientError(
      `${op}: the tensor of shape ${shape} shares its storage with a reshape (a view), whose history would ` +
        'not see the change; compute out of place, or clone() the tensor first',
    );
  }
}

/** `other` as a tensor that broadcasts to target's shape, or the error naming both shapes. */
function operandFor(op: string, name: string, target: Tensor, other: unknown): Tensor {
  const operand = toOperand(op, name, other as TensorLike);
  if (!broadcastsTo(operand.shape, target.shape)) {
    throw new ShapeError(
      `${op}: ${name} of shape ${formatShape(operand.shape)} does not broadcast to the tensor's shape ` +
        `${formatShape(target.shape)}; an in-place op keeps the tensor's shape`,
    );
  }
  return operand;
}

/** `alpha` of add_ and sub_ (1 when not given). */
function alphaOf(op: string, options: AlphaOptions | undefined): number {
  return checkOptions(op, options, ALPHA_OPTIONS)?.alpha ?? 1;
}

/**
 * self += alpha * other, other broadcast to self's shape (PyTorch's `Tensor.add_`). Returns self.
 * @example noGrad(() => w.add_(w.grad!, { alpha: -0.1 })); // w -= 0.1 * w.grad
 */
export function add_(self: Tensor, other: TensorLike, options?: AlphaOptions): Tensor {
  checkTensor('add_', 'input', self);
  const operand = operandFor('add_', 'other', self, other);
  const alpha = alphaOf('add_', options);
  return inPlace('add_', self, [operand], false, (before, swap) =>
    add(before, alpha === 1 ? swap(operand) : mul(swap(operand), alpha)),
  );
}

/** self -= alpha * other, other broadcast to self's shape (PyTorch's `Tensor.sub_`). Returns self. */
export function sub_(self: Tensor, other: TensorLike, options?: AlphaOptions): Tensor {
  checkTensor('sub_', 'input', self);
  const operand = operandFor('sub_', 'other', self, other);
  const alpha = alphaOf('sub_', options);
  return inPlace('sub_', self, [operand], false, (before, swap) =>
    sub(before, alpha === 1 ? swap(operand) : mul(swap(operand), alpha)),
  );
}

/** self *= other, other broadcast to self's shape (PyTorch's `Tensor.mul_`). Returns self. */
export function mul_(self: Tensor, other: TensorLike): Tensor {
  checkTensor('mul_', 'input', self);
  const operand = operandFor('mul_', 'other', self, other);
  // d(self other)/d other = self: the old values, when other needs a gradient.
  return inPlace('mul_', self, [operand], operand.requiresGrad, (before, swap) => mul(before, swap(operand)));
}

/** self /= other, other broadcast to self's shape (PyTorch's `Tensor.div_`). Returns self. */
export function div_(self: Tensor, other: TensorLike): Tensor {
  checkTensor('div_', 'input', self);
  const operand = operandFor('div_', 'other', self, other);
  // div's rule reads other and the output, never self.
  return inPlace('div_', self, [operand], false, (before, swap) => div(before, swap(operand)));
}

/**
 * Limits self to [min, max] in place, either bound optional (null or left out), bounds broadcast to self's
 * shape (PyTorch's `clamp_`). Returns self.
 * @example clamp_(probabilities, 1e-7, 1 - 1e-7);
 */
export function clamp_(self: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  checkTensor('clamp_', 'input', self);
  const low = min === undefined || min === null ? null : operandFor('clamp_', 'min', self, min);
  const high = max === undefined || max === null ? null : operandFor('clamp_', 'max', self, max);
  if (low === null && high === null)
    refuse('clamp_', 'min', 'a number or a Tensor when max is not given', min);
  const bounds = [low, high].filter((bound): bound is Tensor => bound !== null);
  // clamp's rule compares self with the bounds.
  return inPlace('clamp_', self, bounds, true, (before, swap) =>
    clamp(before, low && swap(low), high && swap(high)),
  );
}

/**
 * Sets every element of self to `value` (PyTorch's `fill_`; for a tensor value, use `copy_`). Returns self.
 * Recorded, its gradient is 0 for self's old values.
 */
export function fill_(self: Tensor, value: number): Tensor {
  checkTensor('fill_', 'input', self);
  checkNumber('fill_', 'value', value, false);
  return overwrite('fill_', self, value);
}

/** Sets every element of self to 0 (PyTorch's `zero_`): `p.grad.zero_()`. Returns self. */
export function zero_(self: Tensor): Tensor {
  checkTensor('zero_', 'input', self);
  return overwrite('zero_', self, 0);
}

/** Every element `value`, for fill_ and zero_; recorded as 'fill_'. */
function overwrite(op: string, self: Tensor, value: number): Tensor {
  return inPlace(
    op,
    self,
    [],
    false,
    (before) => {
      const values = new Float64Array(before.numel()).fill(value);
      return record('fill_', values, before.shape, [before], overwrittenBackward);
    },
    (storage) => storage.fill(value),
  );
}

/** The old values of an overwritten tensor have no effect on its new ones: gradient 0. */
const overwrittenBackward: BackwardRule<readonly [Tensor]> = (g) => [zerosLike(g)];

/**
 * Copies src's values into self, src broadcast to self's shape (PyTorch's `copy_`). Returns self. Recorded,
 * the gradient goes to src (summed over the broadcast axes) and is 0 for self's old values.
 * @example target.copy_(source.detach()); // a target network's weights
 */
export function copy_(self: Tensor, src: Tensor): Tensor {
  checkTensor('copy_', 'input', self);
  checkTensor('copy_', 'src', src);
  const source = operandFor('copy_', 'src', self, src);
  return inPlace('copy_', self, [source], false, (before, swap) => {
    const from = swap(source);
    const values = kernels.gatherStrided(
      from.data,
      0,
      broadcastStrides(from.shape, before.shape),
      before.shape,
    );
    return record('copy_', values, before.shape, [before, from], copyBackward);
  });
}
const copyBackward: BackwardRule<readonly [Tensor, Tensor]> = (g, _out, [before, src]) => [
  before.requiresGrad ? zerosLike(g) : null,
  src.requiresGrad ? g : null,
];

/**
 * Tells the tape that `tensor`'s values were changed by writing to `tensor.data` directly (as nn's
 * optimizers do): its version goes up, so a recorded op that saved the old values refuses to compute a
 * gradient from the new ones. PyTorch's optimizers use in-place ops, which count this themselves. Returns
 * the tensor.
 * @example for (let i = 0; i < w.numel(); i++) w.data[i] -= lr * w.grad!.data[i]!; bumpVersion(w);
 */
export function bumpVersion(tensor: Tensor): Tensor {
  checkTensor('bumpVersion', 'tensor', tensor);
  // The write it reports happened outside any op: compile's tracer refuses it by name.
  if (activeObserver !== null) activeObserver.op('bumpVersion', [tensor], tensor, undefined);
  bumpStorageVersion(tensor.data);
  return tensor;
}
