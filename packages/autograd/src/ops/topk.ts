/** The k largest (or smallest) values along an axis and their positions, PyTorch's torch.topk. */
import {
  booleanOption,
  checkInteger,
  checkOptions,
  checkTensor,
  refuse,
  refuseOption,
} from '../checks/arguments.ts';
import * as kernels from '../kernels/index.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import { constantResult } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { gather } from './indexing.ts';
import { reshape } from './layout.ts';

/** topk's options, PyTorch's keywords. */
export interface TopkOptions {
  /** The axis to pick along; the last by default. */
  readonly dim?: Axis;
  /** The largest values (the default) or the smallest. */
  readonly largest?: boolean;
  /** Best first (the default); false returns the picked values in the order they stand in x. */
  readonly sorted?: boolean;
}

/** topk's result: the picked values (with a gradient) and their indices along dim (float, no gradient). */
export interface TopkResult {
  readonly values: Tensor;
  readonly indices: Tensor;
}

const TOPK_OPTIONS = {
  dim: (fn: string, name: string, value: unknown) =>
    Number.isInteger(value) ? value : refuseOption(fn, name, 'an integer axis', value),
  largest: booleanOption,
  sorted: booleanOption,
};

/**
 * The k largest values of x along `dim` (the last by default) and their indices, as `{ values, indices }`.
 * The third argument is the dim or an options object `{ dim, largest, sorted }`. The indices are a float
 * tensor of integer values, as argmax's are. NaN counts as the largest value, as in PyTorch; among equal
 * values the lower index comes first (PyTorch leaves that order unspecified). The gradient of `values`
 * goes to the picked elements of x (it is a gather).
 * @example topk(tensor([1, 5, 3, 4]), 2).values.toArray(); // [5, 4]; indices [1, 3]
 */
export function topk(x: Tensor, k: number, dimOrOptions?: Axis | TopkOptions): TopkResult {
  checkTensor('topk', 'input', x);
  if (dimOrOptions === null || Array.isArray(dimOrOptions)) {
    refuse('topk', 'dim', 'an axis or an options object { dim, largest, sorted }', dimOrOptions);
  }
  const options =
    typeof dimOrOptions === 'object'
      ? (checkOptions('topk', dimOrOptions, TOPK_OPTIONS) ?? {})
      : { dim: dimOrOptions };
  // A 0-d tensor is picked from as if it had one axis of size 1 (dim 0 or -1), as in PyTorch.
  const source = x.ndim === 0 ? reshape(x, [1]) : x;
  const axis = normalizeAxis('topk', options.dim ?? -1, source.ndim, 'dim');
  checkInteger('topk', 'k', k, 0, source.shape[axis]);
  const selection = { axis, k, largest: options.largest ?? true, sorted: options.sorted ?? true };
  const picked = kernels.topkIndices(source.data, source.shape, axis, k, selection.largest, selection.sorted);
  // compile picks again at each replay, with the same selection (compile/statistic-kernels.ts).
  const indices = constantResult(
    picked,
    source.shape.map((size, d) => (d === axis ? k : size)),
    'topk',
    [source],
    selection,
  );
  const values = gather(source, axis, indices);
  if (x.ndim === 0 && k === 1) return { values: reshape(values, []), indices: reshape(indices, []) };
  return { values, indices };
}
