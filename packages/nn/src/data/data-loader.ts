/**
 * DataLoader, as torch.utils.data.DataLoader: iterates a dataset in mini-batches, optionally in a fresh
 * random order each epoch. A TensorDataset or a { X, y } Dataset is batched with one indexSelect per tensor;
 * any other map-style dataset (length and get(i)) has its examples stacked.
 */
import { type Rng, stack, Tensor, tensor } from '@tapegrad/autograd';
import { booleanOption, checkOptions, integerOption, refuse, rngOption, shown } from '../checks/arguments.ts';
import { ConfigError, DataError } from '../errors.ts';
import { defaultRng } from '../init/random.ts';
import type { Dataset } from './dataset.ts';
import { type MapDataset, TensorDataset } from './tensor-dataset.ts';

export interface DataLoaderOptions {
  /** Examples per batch (PyTorch's batch_size); default 1. */
  readonly batchSize?: number;
  /** A fresh random order every epoch (every `for ... of`); default false. */
  readonly shuffle?: boolean;
  /** Drop the last batch when it has fewer than batchSize examples (PyTorch's drop_last); default false. */
  readonly dropLast?: boolean;
  /** The shuffling's own generator; without it, nn's global one (manualSeed) at the start of each epoch. */
  readonly generator?: Rng;
}

/**
 * A batch of examples: tensors stacked on a new first axis, numbers gathered into a 1-D tensor, tuples
 * component by component (PyTorch's default_collate).
 */
export type Collated<Item> = Item extends Tensor | number
  ? Tensor
  : { -readonly [K in keyof Item]: Collated<Item[K]> };

/** How a loader reads its dataset: the number of examples, and one batch from their indices. */
interface BatchSource<Batch> {
  readonly length: () => number;
  readonly batch: (indices: Float64Array) => Batch;
}

const OPTIONS = {
  batchSize: integerOption(1),
  shuffle: booleanOption,
  dropLast: booleanOption,
  generator: rngOption,
};

/**
 * Mini-batches of a dataset, as PyTorch's DataLoader: `for (const [xb, yb] of loader)` gives tensors of
 * batchSize rows each (the last one smaller unless dropLast). With shuffle, each epoch draws a new
 * permutation from `generator`, or from nn's global generator at the start of the epoch, so that
 * `manualSeed(s)` before the loop reproduces it.
 * @example
 * const loader = new DataLoader(new TensorDataset(X, y), { batchSize: 32, shuffle: true });
 * for (const [xb, yb] of loader) { ... } // xb [32, features], yb [32]
 */
export class DataLoader<Item = [Tensor, Tensor]> {
  readonly dataset: MapDataset<Item> | Dataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly #generator: Rng | undefined;
  readonly #source: BatchSource<Collated<Item>>;

  constructor(dataset: MapDataset<Item> | Dataset, options: DataLoaderOptions = {}) {
    const checked = checkOptions('DataLoader', options, OPTIONS);
    this.#source = sourceOf(dataset) as BatchSource<Collated<Item>>;
    this.dataset = dataset;
    this.batchSize = checked.batchSize ?? 1;
    this.shuffle = checked.shuffle ?? false;
    this.dropLast = checked.dropLast ?? false;
    this.#generator = checked.generator;
  }

  /** The number of batches per epoch: ceil(n / batchSize), or floor with dropLast (PyTorch's len). */
  get length(): number {
    const rows = this.#source.length();
    return this.dropLast ? Math.floor(rows / this.batchSize) : Math.ceil(rows / this.batchSize);
  }

  /** One epoch of batches. */
  *[Symbol.iterator](): IterableIterator<Collated<Item>> {
    const rows = this.#source.length();
    const order = this.shuffle
      ? Float64Array.from((this.#generator ?? defaultRng()).permutation(rows))
      : Float64Array.from({ length: rows }, (_, i) => i);
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const start = b * this.batchSize;
      yield this.#source.batch(order.subarray(start, Math.min(start + this.batchSize, rows)));
    }
  }
}

/** How to read batches from each accepted form of dataset. */
function sourceOf(dataset: unknown): BatchSource<unknown> {
  if (dataset instanceof TensorDataset) return tensorSource(dataset.tensors);
  if (typeof dataset !== 'object' || dataset === null)
    refuse('DataLoader', 'dataset', DATASET_FORMS, dataset);
  const { X, y, get, length } = dataset as Partial<Dataset & MapDataset<unknown>>;
  if (typeof get === 'function') {
    if (!Number.isInteger(length) || (length as number) < 0) {
      refuse('DataLoader', 'dataset.length', 'an integer >= 0 (the number of examples)', length);
    }
    return mapSource(dataset as MapDataset<unknown>);
  }
  if (X instanceof Tensor && y instanceof Tensor) {
    if (X.ndim === 0 || y.ndim === 0 || X.shape[0] !== y.shape[0]) {
      throw new DataError(
        `DataLoader: argument 'dataset' has X of shape [${X.shape.join(',')}] and y of shape [${y.shape.join(',')}]; ` +
          'they need the same number of rows (first axis)',
      );
    }
    return tensorSource([X, y]);
  }
  return refuse('DataLoader', 'dataset', DATASET_FORMS, dataset);
}

const DATASET_FORMS = 'a TensorDataset, a dataset { X, y } of tensors, or an object with length and get(i)';

/** Tensors sharing their first axis: a batch is one indexSelect of each. */
function tensorSource(tensors: readonly Tensor[]): BatchSource<Tensor[]> {
  return {
    length: () => tensors[0]!.shape[0]!,
    batch: (indices) => {
      const picks = tensor(indices);
      return tensors.map((values) => values.indexSelect(0, picks));
    },
  };
}

/** A map-style dataset: its examples read one by one, then collated. */
function mapSource(dataset: MapDataset<unknown>): BatchSource<unknown> {
  return {
    length: () => dataset.length,
    batch: (indices) =>
      collate(
        Array.from(indices, (index) => dataset.get(index)),
        indices,
        'example',
      ),
  };
}

/**
 * PyTorch's default_collate on the examples `items` (read at `indices`): tensors of one shape are stacked,
 * numbers become a 1-D tensor, arrays are collated position by position. `path` names the part in errors.
 */
function collate(items: readonly unknown[], indices: Float64Array, path: string): unknown {
  const first = items[0];
  const mismatch = (i: number, rule: string): never => {
    throw new DataError(
      `DataLoader: ${path} of dataset.get(${indices[i]}) ${rule}, unlike that of dataset.get(${indices[0]}); ` +
        'every example must have the same structure and shapes',
    );
  };
  if (first instanceof Tensor) {
    items.forEach((item, i) => {
      if (!(item instanceof Tensor)) mismatch(i, `is ${shown(item)}, not a Tensor`);
      else if (item.shape.join(',') !== first.shape.join(',')) {
        mismatch(i, `has shape [${item.shape.join(',')}], not [${first.shape.join(',')}]`);
      }
    });
    return stack(items as Tensor[]);
  }
  if (typeof first === 'number') {
    items.forEach((item, i) => {
      if (typeof item !== 'number') mismatch(i, `is ${shown(item)}, not a number`);
    });
    return tensor(Float64Array.from(items as number[]));
  }
  if (Array.isArray(first)) {
    items.forEach((item, i) => {
      if (!Array.isArray(item) || item.length !== first.length) mismatch(i, `is ${shown(item)}`);
    });
    return first.map((_, part) =>
      collate(
        items.map((item) => (item as unknown[])[part]),
        indices,
        `${path}[${part}]`,
      ),
    );
  }
  throw new ConfigError(
    `DataLoader: dataset.get(${indices[0]}) returned ${shown(first)} as its ${path}; ` +
      'a map-style dataset must return Tensors, numbers, or arrays of them',
  );
}
