import { ArgumentError, describeValue, GradientError, ShapeError } from '../errors.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import { formatShape, type Shape, shapesEqual, sizeOf } from '../shape/shape.ts';
import type { TapeEntry } from '../tape/tape.ts';
import { formatTensor } from './format.ts';
import { fromNested, type NestedArray, type NestedInput, toNested } from './nested.ts';
import { bumpStorageVersion, storageVersion } from './storage-version.ts';

/** Set by Tensor's static block, which alone may write its private fields: see `rebaseHistory`. */
let makeOutputOf: (tensor: Tensor, entry: TapeEntry) => void;

/** A tensor or a plain number, accepted wherever an op takes a second operand. */
export type TensorLike = Tensor | number;

interface TensorInit {
  readonly requiresGrad?: boolean;
  readonly gradFn?: TapeEntry | null;
}

/**
 * An n-dimensional array of float64 values, stored row-major in `data`, that can take part in automatic
 * differentiation. Create one with `tensor()`, `zeros()`, `randn()` and friends rather than the constructor.
 *
 * An op never modifies its inputs: every op returns a new tensor. The in-place ops (`add_`, `zero_`, ...,
 * from `methods/in-place.ts`) and the `data` setter do, and count each change in `version`, so that a
 * backward rule never reads values its op did not see. Every `.grad` has storage of its own.
 *
 * This class is the storage and the tape's bookkeeping only, and imports no op. The op methods (`add`,
 * `matmul`, `sum`, `backward`, ...) are added to it by `methods/methods.ts`, which sits above the ops and
 * which the package's entry imports.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad?.toArray(); // [[2, 4], [6, 8]]
 */
export class Tensor {
  readonly shape: Shape;
  /** Gradient accumulated by `backward()`; only leaves (and `retainGrad()` tensors) keep one. */
  grad: Tensor | null = null;
  /** The tape entry of the op that produced this tensor; null for a leaf. */
  readonly gradFn: TapeEntry | null;
  /** @internal true after `retainGrad()`. */
  retainsGrad = false;
  /** @internal gradient gathered for this tensor during one backward pass. */
  pendingGrad: Tensor | null = null;
  /** @internal true while `pendingGrad` is a sum the backward pass made itself, and may add into. */
  ownsPendingGrad = false;
  /** @internal the backward pass that last visited this tensor. */
  visitPass = 0;
  /** @internal a recorded op took this tensor as an input: an in-place op can no longer rebase its history. */
  usedByTape = false;
  /** @internal a view shares this one's storage: the input and the output of a reshape. */
  sharesStorage = false;
  #data: Float64Array;
  #requiresGrad: boolean;

  constructor(data: Float64Array, shape: Shape, init: TensorInit = NO_INIT) {
    // One branch on the path every op takes; the message is worked out only when it fails.
    if (
      !(data instanceof Float64Array) ||
      !Array.isArray(shape) ||
      typeof init !== 'object' ||
      init === null ||
      Array.isArray(init) ||
      data.length !== sizeOf(shape)
    ) {
      refuseTensorArguments(data, shape, init);
    }
    this.#data = data;
    this.shape = shape;
    this.gradFn = init.gradFn ?? null;
    const requiresGrad = init.requiresGrad;
    if (requiresGrad !== undefined && typeof requiresGrad !== 'boolean') {
      throw new ArgumentError(
        `Tensor: option 'requiresGrad' must be true or false, got ${describeValue(requiresGrad)}`,
      );
    }
    this.#requiresGrad = requiresGrad === true;
  }

  /** The values, row-major: this tensor's storage itself (writing `t.data[i]` changes the tensor). */
  get data(): Float64Array {
    return this.#data;
  }

  /**
   * Replaces the values: `p.data = t` with a Tensor of this shape, a Float64Array of this length, or nested
   * arrays of this shape. PyTorch's `p.data = t` makes p use t's storage; here the values are copied into
   * p's own storage, so that everything that shares it (the optimizer's state, a `reshape`, a `detach()`)
   * keeps seeing p. It counts as an in-place modification (`version` goes up), so a recorded op that saved
   * p's old values refuses to compute a gradient from the new ones. It is not recorded, even on a tensor
   * that requires a gradient: the values change behind the tape, as in PyTorch.
   * @example p.data = tensor([[1, 2], [3, 4]]); // p has shape [2, 2]
   */
  set data(values: Tensor | Float64Array | NestedInput) {
    const storage = this.#data;
    storage.set(valuesFor(this, values));
    bumpStorageVersion(storage);
  }

  /**
   * How many times this tensor's storage has been modified in place (PyTorch's `_version`), counted for
   * every tensor over the same storage: `detach()` and `reshape` results share their source's.
   */
  get version(): number {
    return storageVersion(this.#data);
  }

  /** The number of elements (PyTorch's `numel()`). */
  numel(): number {
    return this.#data.length;
  }

  /**
   * The shape, or with an axis the size along it (negative axes count from the end): PyTorch's `size()`.
   * @example zeros([2, 3]).size(); // [2, 3]; zeros([2, 3]).size(-1); // 3
   */
  size(): Shape;
  size(dim: Axis): number;
  size(dim?: Axis): Shape | number {
    if (dim === undefined) return this.shape;
    return this.shape[normalizeAxis('size', dim, this.shape.length, 'dim')]!;
  }

  /** The number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The number of axes, as PyTorch's `dim()`; the same as `ndim`. */
  dim(): number {
    return this.shape.length;
  }

  /** A leaf is a tensor no recorded op produced: an input or a parameter. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  get requiresGrad(): boolean {
    return this.#requiresGrad;
  }

  /** Only a leaf may be switched; a recorded result requires a gradient because its inputs do. */
  set requiresGrad(flag: boolean) {
    if (typeof flag !== 'boolean') {
      throw new ArgumentError(`requiresGrad: the flag must be true or false, got ${describeValue(flag)}`);
    }
    if (!this.isLeaf) {
      throw new GradientError(
        `requiresGrad can only be set on a leaf tensor; this one came from ${this.gradFn!.op}. Use detach() first`,
      );
    }
    this.#requiresGrad = flag;
  }

  /**
   * The same values, cut from the tape: no gradient flows through the result. Shares `data` and so the
   * version counter: an in-place change to one shows in the other (and, as in PyTorch, is not recorded in
   * the other's history).
   */
  detach(): Tensor {
    return new Tensor(this.#data, this.shape);
  }

  static {
    makeOutputOf = (tensor, entry) => {
      (tensor as { gradFn: TapeEntry | null }).gradFn = entry;
      tensor.#requiresGrad = true;
    };
  }

  /** Keeps this intermediate's gradient in `.grad` after `backward()` (leaves always keep theirs). */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** Forgets the accumulated gradient (PyTorch's `zero_grad` with set_to_none). */
  zeroGrad(): void {
    this.grad = null;
  }

  // Reading values.
  /** The values as nested arrays (a plain number for a 0-d tensor). */
  toArray(): NestedArray {
    if (valueReadHook !== null) valueReadHook(this, 'toArray');
    return toNested(this.data, this.shape);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (valueReadHook !== null) valueReadHook(this, 'item');
    if (this.#data.length !== 1) {
      throw new ShapeError(
        `item: only a one-element tensor has an item; this one has shape ${formatShape(this.shape)}`,
      );
    }
    return this.#data[0]!;
  }

  toString(): string {
    return formatTensor(this);
  }

  /**
   * What `JSON.stringify` writes for a tensor: its shape and its values, row-major, which nn's
   * `loadStateDict` and `tensor(values, { shape })` take back (NaN and Infinity become null, as JSON has no
   * such numbers).
   * @example JSON.stringify(tensor([[1, 2]])); // '{"shape":[1,2],"values":[1,2]}'
   */
  toJSON(): { shape: number[]; values: number[] } {
    return { shape: [...this.shape], values: Array.from(this.data) };
  }
}

/**
 * The values of the `data` setter, checked to fit `target` exactly, or the error saying what would: a Tensor
 * of its shape, a Float64Array of its length, nested arrays of its shape.
 */
function valuesFor(target: Tensor, values: unknown): Float64Array {
  const shape = formatShape(target.shape);
  const fix = `use t.copy_(other) to broadcast, or assign a tensor of shape ${shape}`;
  if (values instanceof Tensor) {
    if (shapesEqual(values.shape, target.shape)) return values.data;
    throw new ShapeError(
      `data: cannot assign a tensor of shape ${formatShape(values.shape)} to a tensor of shape ${shape}; ${fix}`,
    );
  }
  if (values instanceof Float64Array) {
    if (values.length === target.numel()) return values;
    throw new ShapeError(
      `data: cannot assign a Float64Array of length ${values.length} to a tensor of shape ${shape} ` +
        `(${target.numel()} elements); assign exactly ${target.numel()} values`,
    );
  }
  if (typeof values === 'number' || Array.isArray(values)) {
    let parsed: { data: Float64Array; shape: number[] };
    try {
      parsed = fromNested(values as NestedInput);
    } catch (error) {
      throw new ShapeError(`data: ${(error as Error).message.replace(/^tensor: /, '')}`);
    }
    if (shapesEqual(parsed.shape, target.shape)) return parsed.data;
    throw new ShapeError(
      `data: cannot assign values of shape ${formatShape(parsed.shape)} to a tensor of shape ${shape}; ${fix}`,
    );
  }
  throw new ArgumentError(
    `data: must be a Tensor of shape ${shape}, a Float64Array of ${target.numel()} values or nested arrays ` +
      `of shape ${shape}, got ${describeValue(values)}`,
  );
}

/**
 * Makes `tensor` the output of `entry`, requiring a gradient: an in-place op recorded on a tensor
 * ("rebasing" its history, as PyTorch does), whose previous history has moved to another tensor first. Not
 * a method, so that it stays off the public prototype; ops/in-place.ts is its one caller.
 */
export function rebaseHistory(tensor: Tensor, entry: TapeEntry): void {
  makeOutputOf(tensor, entry);
}

/** The default init of the constructor, one object rather than one per tensor. */
const NO_INIT: TensorInit = {};

/** Throws the error for the constructor's arguments that its one check refused. */
function refuseTensorArguments(data: unknown, shape: unknown, init: unknown): never {
  if (!(data instanceof Float64Array)) {
    throw new ArgumentError(`Tensor: argument 'data' must be a Float64Array, got ${describeValue(data)}`);
  }
  if (!Array.isArray(shape)) {
    throw new ArgumentError(
      `Tensor: argument 'shape' must be an array of sizes, got ${describeValue(shape)}`,
    );
  }
  if (typeof init !== 'object' || init === null || Array.isArray(init)) {
    throw new ArgumentError(`Tensor: argument 'init' must be an object, got ${describeValue(init)}`);
  }
  throw new ShapeError(
    `Tensor: ${data.length} values cannot fill shape ${formatShape(shape)} (${sizeOf(shape)})`,
  );
}

/**
 * @internal called by item() and toArray() while compile traces a function (compile/tracer.ts), which
 * refuses them: a value read there would be baked into every replay. Null otherwise: one comparison.
 */
let valueReadHook: ((tensor: Tensor, method: string) => void) | null = null;

/** @internal installs (or with null removes) the hook of item() and toArray(); compile/tracer.ts only. */
export function setValueReadHook(hook: ((tensor: Tensor, method: string) => void) | null): void {
  valueReadHook = hook;
}

/**
 * Forgets the accumulated gradient of every tensor given, e.g. all parameters of a model before the next
 * backward pass.
 * @example zeroGrad([W1, b1, W2, b2]);
 */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  const iterable = typeof tensors === 'object' && tensors !== null && Symbol.iterator in tensors;
  if (!iterable) {
    throw new ArgumentError(
      `zeroGrad: argument 'tensors' must be an array of Tensors, got ${describeValue(tensors)}`,
    );
  }
  for (const t of tensors as Iterable<unknown>) {
    if (!(t instanceof Tensor)) {
      throw new ArgumentError(`zeroGrad: argument 'tensors' must hold Tensors only, got ${describeValue(t)}`);
    }
    t.zeroGrad();
  }
}
