/**
 * The indexing methods of Tensor under PyTorch's names: select, narrow, index and at (x[i]), view,
 * maskedFill, maskedSelect, tolist, and the properties T and mT. Joined to Tensor as methods/methods.ts
 * joins the op methods: the signatures through `declare module`, the functions (and getters) on its
 * prototype, non-enumerable, when this module runs. The package's entry loads it through exports/indexing.ts.
 */
import { maskedFill, maskedSelect } from '../ops/mask.ts';
import { at, type IndexArgument, index, narrow, select } from '../ops/select.ts';
import { batchedT, matrixT, view } from '../ops/views.ts';
import type { Axis } from '../shape/axes.ts';
import type { NestedArray } from '../tensor/nested.ts';
import { Tensor, type TensorLike } from '../tensor/tensor.ts';
import { flattenArgs, type ShapeArgs } from './methods.ts';

/** The methods this module adds to every Tensor. */
interface IndexingMethods {
  /** The sub-tensor at `index` along `dim`, that axis removed (x[:, i] for dim 1): `select(this, dim, index)`. */
  select(dim: Axis, index: number): Tensor;
  /** `length` entries of axis `dim` from `start`, checked, not clipped: `narrow(this, dim, start, length)`. */
  narrow(dim: Axis, start: number, length: number): Tensor;
  /** PyTorch's x[i]: a position, a list of positions or booleans, or a 0/1 mask tensor: `index(this, i)`. */
  index(i: IndexArgument): Tensor;
  /** The i-th sub-tensor along axis 0, negative from the end (Array.prototype.at's name): `at(this, i)`. */
  at(i: number): Tensor;
  /**
   * PyTorch's view: `x.view(2, 3)` or `x.view([2, -1])`. tapegrad tensors are always contiguous row-major,
   * so this is reshape, sharing the storage.
   */
  view(...shape: ShapeArgs): Tensor;
  /** This with `value` where `mask` is 1: `maskedFill(this, mask, value)`. */
  maskedFill(mask: Tensor, value: TensorLike): Tensor;
  /** The entries where `mask` is 1, 1-D in row-major order: `maskedSelect(this, mask)`. */
  maskedSelect(mask: Tensor): Tensor;
  /** PyTorch's tolist: the values as nested arrays, a number for a 0-d tensor (the same as toArray). */
  tolist(): NestedArray;
  /**
   * The transpose of a matrix; a 0-d or 1-d tensor as it is. More than 2 axes is an error (PyTorch 2
   * deprecates reversing them): use mT, or permute.
   */
  readonly T: Tensor;
  /** The last two axes swapped (a batch of matrices transposed); needs at least 2 axes. */
  readonly mT: Tensor;
}

declare module '../tensor/tensor.ts' {
  interface Tensor extends IndexingMethods {}
}

const methods: Omit<IndexingMethods, 'T' | 'mT'> & ThisType<Tensor> = {
  select(dim, i) {
    return select(this, dim, i);
  },
  narrow(dim, start, length) {
    return narrow(this, dim, start, length);
  },
  index(i) {
    return index(this, i);
  },
  at(i) {
    return at(this, i);
  },
  view(...shape) {
    return view(this, flattenArgs(shape));
  },
  maskedFill(mask, value) {
    return maskedFill(this, mask, value);
  },
  maskedSelect(mask) {
    return maskedSelect(this, mask);
  },
  tolist() {
    return this.toArray();
  },
};

// As methods/methods.ts does: writable and configurable, not enumerable; T and mT as getters, as a class's
// own `get T()` would be.
const descriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(methods);
for (const descriptor of Object.values(descriptors)) descriptor.enumerable = false;
descriptors.T = {
  get(this: Tensor) {
    return matrixT(this);
  },
  enumerable: false,
  configurable: true,
};
descriptors.mT = {
  get(this: Tensor) {
    return batchedT(this);
  },
  enumerable: false,
  configurable: true,
};
Object.defineProperties(Tensor.prototype, descriptors);
