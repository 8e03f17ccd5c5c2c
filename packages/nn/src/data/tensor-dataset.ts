/**
 * TensorDataset, as torch.utils.data.TensorDataset: tensors that share their first axis, read one example
 * (a tuple of rows) at a time. A DataLoader batches it with one indexSelect per tensor.
 */
import { Tensor } from '@tapegrad/autograd';
import { refuse } from '../checks/arguments.ts';
import { ConfigError, DataError } from '../errors.ts';

/**
 * PyTorch's map-style Dataset: `length` examples, read by index with `get(i)` for 0 <= i < length.
 * TensorDataset is one; any object of this form can feed a DataLoader.
 */
export interface MapDataset<Item> {
  readonly length: number;
  get(index: number): Item;
}

/**
 * Wraps tensors whose first axes have one length n: example i is the tuple of their i-th rows.
 * @example
 * const data = new TensorDataset(X, y); // X [100, 2], y [100]
 * const [x0, y0] = data.get(0); // x0 [2], y0 a scalar tensor []
 */
export class TensorDataset<T extends readonly Tensor[] = Tensor[]> implements MapDataset<T> {
  readonly tensors: T;

  constructor(...tensors: T) {
    if (tensors.length === 0) {
      throw new ConfigError('TensorDataset: needs at least one tensor, e.g. new TensorDataset(X, y)');
    }
    tensors.forEach((value: unknown, i) => {
      if (!(value instanceof Tensor)) refuse('TensorDataset', `tensors[${i}]`, 'a Tensor', value);
      if (value.ndim === 0) {
        throw new ConfigError(
          `TensorDataset: argument 'tensors[${i}]' is a scalar (shape []); each tensor needs a first axis of examples`,
        );
      }
    });
    const length = tensors[0]!.shape[0]!;
    tensors.forEach((value, i) => {
      if (value.shape[0] !== length) {
        throw new DataError(
          `TensorDataset: argument 'tensors[${i}]' has ${value.shape[0]} rows (shape [${value.shape.join(',')}]) ` +
            `but tensors[0] has ${length} (shape [${tensors[0]!.shape.join(',')}]); every tensor needs the same first-axis length`,
        );
      }
    });
    this.tensors = tensors;
  }

  /** The number of examples: the tensors' common first-axis length. */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** Example `index`: the `index`-th row of each tensor (row i of [n, d] is [d]; of [n] a scalar []). */
  get(index: number): T {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      const range =
        this.length === 0
          ? 'an index of an example, but the dataset is empty'
          : `an integer in 0..${this.length - 1}`;
      refuse('TensorDataset.get', 'index', range, index);
    }
    return this.tensors.map((values) =>
      values.indexSelect(0, [index]).reshape(values.shape.slice(1)),
    ) as unknown as T;
  }

  /** Every example in order, as `for (const [x, y] of data)`. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  /** `TensorDataset(length=100, shapes=[100,2] [100])`. */
  toString(): string {
    return `TensorDataset(length=${this.length}, shapes=${this.tensors.map((t) => `[${t.shape.join(',')}]`).join(' ')})`;
  }
}
