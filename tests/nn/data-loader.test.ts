/**
 * TensorDataset and DataLoader, as PyTorch's torch.utils.data: batch contents and order worked out by hand
 * for a 10-row set, seeded shuffling (fresh each epoch, reproduced by manualSeed or an explicit Rng), every
 * row once per epoch, a million rows, map-style datasets, and errors that name the option.
 */
import { Rng, type Tensor, tensor, zeros } from '@tapegrad/autograd';
import {
  ConfigError,
  DataError,
  DataLoader,
  type MapDataset,
  makeDataset,
  manualSeed,
  TensorDataset,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectThrows } from '../support/assertions.ts';

/** Ten examples: row i of X is [i, 10 + i] and y[i] = i, so each batch shows which rows it holds. */
const tenRows = () =>
  new TensorDataset(
    tensor(Array.from({ length: 10 }, (_, i) => [i, 10 + i])),
    tensor(Array.from({ length: 10 }, (_, i) => i)),
  );

/** The y values of every batch of one epoch. */
const epoch = (loader: Iterable<[Tensor, Tensor]>) => [...loader].map(([, yb]) => Array.from(yb.data));

describe('TensorDataset', () => {
  it('get(i) is the tuple of i-th rows: a [2] row of X and a scalar of y; length is the row count', () => {
    const data = tenRows();
    expect(data.length).toBe(10);
    const [x3, y3] = data.get(3);
    expect(x3.shape).toEqual([2]);
    expect(Array.from(x3.data)).toEqual([3, 13]);
    expect(y3.shape).toEqual([]);
    expect(y3.item()).toBe(3);
  });

  it('iterates its examples in order', () => {
    const ys = [...tenRows()].map(([, y]) => y.item());
    expect(ys).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses tensors of different first-axis lengths, naming the index and both lengths', () => {
    expectThrows(
      () => new TensorDataset(zeros([4, 2]), zeros([4]), zeros([3, 1])),
      DataError,
      /TensorDataset/,
      /'tensors\[2\]' has 3 rows \(shape \[3,1\]\)/,
      /tensors\[0\] has 4/,
    );
  });

  it('refuses no tensors, a scalar and a non-tensor, naming the argument', () => {
    expectThrows(() => new TensorDataset(), ConfigError, /TensorDataset: needs at least one tensor/);
    expectThrows(() => new TensorDataset(zeros([2]), tensor(1)), ConfigError, /'tensors\[1\]' is a scalar/);
    expectThrows(
      () => new TensorDataset(zeros([2]), [1, 2] as unknown as Tensor),
      ConfigError,
      /TensorDataset: argument 'tensors\[1\]' must be a Tensor/,
    );
  });

  it('get refuses an index outside 0..n-1 (negative too, as PyTorch), naming the range', () => {
    const data = tenRows();
    expectThrows(
      () => data.get(10),
      ConfigError,
      /TensorDataset.get: argument 'index' must be an integer in 0..9, got 10/,
    );
    expectThrows(() => data.get(-1), ConfigError, /in 0..9, got -1/);
    expectThrows(() => data.get(1.5), ConfigError, /got 1.5/);
  });
});

describe('DataLoader batches in order', () => {
  it('batchSize 3 over 10 rows: [0,1,2] [3,4,5] [6,7,8] and the partial batch [9]; length 4', () => {
    const loader = new DataLoader(tenRows(), { batchSize: 3 });
    expect(loader.length).toBe(4);
    const batches = [...loader];
    expect(batches.map(([xb]) => xb.shape)).toEqual([
      [3, 2],
      [3, 2],
      [3, 2],
      [1, 2],
    ]);
    expect(batches.map(([, yb]) => yb.shape)).toEqual([[3], [3], [3], [1]]);
    expect(Array.from(batches[1]![0].data)).toEqual([3, 13, 4, 14, 5, 15]);
    expect(epoch(loader)).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
  });

  it('dropLast drops the partial batch: 3 batches, length floor(10 / 3)', () => {
    const loader = new DataLoader(tenRows(), { batchSize: 3, dropLast: true });
    expect(loader.length).toBe(3);
    expect(epoch(loader)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
  });

  it('the default batchSize is 1, and a batch as large as the data is one batch', () => {
    expect(new DataLoader(tenRows()).length).toBe(10);
    expect(epoch(new DataLoader(tenRows(), { batchSize: 10 }))).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(epoch(new DataLoader(tenRows(), { batchSize: 25 }))).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(new DataLoader(tenRows(), { batchSize: 25, dropLast: true }).length).toBe(0);
    expect([...new DataLoader(tenRows(), { batchSize: 25, dropLast: true })]).toEqual([]);
  });

  it("takes nn's { X, y } Dataset as it is", () => {
    const data = makeDataset(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [0, 1, 0],
    );
    const batches = [...new DataLoader(data, { batchSize: 2 })];
    expect(batches.map(([xb]) => Array.from(xb.data))).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
    expect(batches.map(([, yb]) => Array.from(yb.data))).toEqual([[0, 1], [0]]);
  });

  it('stacks the examples of a map-style dataset (length and get), numbers into a 1-D tensor', () => {
    const squares: MapDataset<[Tensor, number]> = {
      length: 5,
      get: (i) => [tensor([i, i * i]), 2 * i],
    };
    const batches = [...new DataLoader(squares, { batchSize: 2 })];
    expect(batches).toHaveLength(3);
    const [features, targets] = batches[1]!;
    expect(features.shape).toEqual([2, 2]);
    expect(Array.from(features.data)).toEqual([2, 4, 3, 9]);
    expect(Array.from(targets.data)).toEqual([4, 6]);
    expect(batches[2]![0].shape).toEqual([1, 2]);
  });

  it('a batch is a gradient-carrying gather of the dataset tensors: backward reaches the picked rows', () => {
    const X = tensor([[1], [2], [3]], { requiresGrad: true });
    const [firstBatch] = [...new DataLoader(new TensorDataset(X), { batchSize: 2 })];
    firstBatch![0].sum().backward();
    expect(Array.from(X.grad!.data)).toEqual([1, 1, 0]);
  });
});

describe('DataLoader shuffling', () => {
  const sorted = (batches: number[][]) => batches.flat().sort((a, b) => a - b);

  it('an explicit generator orders the epoch by its permutation, and its own stream continues each epoch', () => {
    const loader = new DataLoader(tenRows(), { batchSize: 4, shuffle: true, generator: new Rng(3) });
    const reference = new Rng(3);
    const first = reference.permutation(10);
    const second = reference.permutation(10);
    expect(epoch(loader)).toEqual([first.slice(0, 4), first.slice(4, 8), first.slice(8)]);
    expect(epoch(loader).flat()).toEqual(second);
    expect(second).not.toEqual(first);
  });

  it('every row appears exactly once per epoch, and X stays aligned with y', () => {
    const loader = new DataLoader(tenRows(), { batchSize: 3, shuffle: true, generator: new Rng(11) });
    for (let e = 0; e < 3; e++) {
      const batches = [...loader];
      expect(sorted(batches.map(([, yb]) => Array.from(yb.data)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const [xb, yb] of batches) {
        yb.data.forEach((y, i) => {
          expect([xb.data[2 * i], xb.data[2 * i + 1]]).toEqual([y, 10 + y]);
        });
      }
    }
  });

  it('without a generator, manualSeed before the loop reproduces it, even for a loader built earlier', () => {
    const loader = new DataLoader(tenRows(), { batchSize: 3, shuffle: true });
    manualSeed(42);
    const run1 = [epoch(loader), epoch(loader)];
    manualSeed(42);
    const run2 = [epoch(loader), epoch(loader)];
    expect(run2).toEqual(run1);
    expect(run1[1]).not.toEqual(run1[0]);
    expect(run1[0]!.flat()).toEqual(new Rng(42).permutation(10));
    manualSeed(43);
    expect(epoch(loader)).not.toEqual(run1[0]);
  });

  it('a loader with its own generator ignores manualSeed', () => {
    const make = () => new DataLoader(tenRows(), { batchSize: 5, shuffle: true, generator: new Rng(8) });
    manualSeed(1);
    const a = epoch(make());
    manualSeed(2);
    expect(epoch(make())).toEqual(a);
  });
});

describe('DataLoader at scale', () => {
  it('a 1,000,000-row dataset iterates, shuffled, each row once (no argument spreading)', () => {
    const n = 1_000_000;
    const X = tensor(
      Float64Array.from({ length: n }, (_, i) => 2 * i),
      { shape: [n, 1] },
    );
    const y = tensor(Float64Array.from({ length: n }, (_, i) => i));
    const loader = new DataLoader(new TensorDataset(X, y), {
      batchSize: 65_536,
      shuffle: true,
      generator: new Rng(0),
    });
    expect(loader.length).toBe(16);
    const seen = new Uint8Array(n);
    let batches = 0;
    for (const [xb, yb] of loader) {
      batches++;
      yb.data.forEach((row, i) => {
        seen[row]! += 1;
        if (xb.data[i] !== 2 * row) throw new Error(`row ${row}: X ${xb.data[i]} is not aligned with y`);
      });
    }
    expect(batches).toBe(16);
    expect(seen.every((count) => count === 1)).toBe(true);
    const [onlyBatch] = [...new DataLoader(new TensorDataset(y), { batchSize: n })];
    expect(onlyBatch![0].shape).toEqual([n]);
  });
});

describe('DataLoader errors', () => {
  const data = tenRows();
  it.each([
    [{ batchSize: 0 }, /DataLoader: option 'batchSize' must be an integer >= 1, got 0/],
    [{ batchSize: 2.5 }, /option 'batchSize' must be an integer >= 1, got 2.5/],
    [{ batchSize: '3' }, /option 'batchSize'/],
    [{ shuffle: 'yes' }, /DataLoader: option 'shuffle' must be true or false/],
    [{ dropLast: 1 }, /DataLoader: option 'dropLast' must be true or false, got 1/],
    [{ generator: 5 }, /DataLoader: option 'generator' must be an Rng/],
    [
      { batch_size: 3 },
      /DataLoader: unknown option 'batch_size'; the options are batchSize, shuffle, dropLast, generator/,
    ],
  ])('options %o', (options, message) => {
    expectThrows(() => new DataLoader(data, options as never), ConfigError, message);
  });

  it('a dataset that is none of the accepted forms', () => {
    for (const bad of [5, null, {}, [1, 2], { X: zeros([2]) }]) {
      expectThrows(
        () => new DataLoader(bad as never),
        ConfigError,
        /DataLoader: argument 'dataset' must be a TensorDataset, a dataset \{ X, y \} of tensors, or an object with length and get\(i\)/,
      );
    }
    expectThrows(
      () => new DataLoader({ length: -1, get: () => tensor(1) }),
      ConfigError,
      /argument 'dataset.length' must be an integer >= 0/,
    );
  });

  it('a { X, y } dataset whose row counts differ, with both shapes', () => {
    expectThrows(
      () => new DataLoader({ X: zeros([3, 2]), y: zeros([2]) }),
      DataError,
      /DataLoader: argument 'dataset' has X of shape \[3,2\] and y of shape \[2\]/,
    );
  });

  it('map-style examples of different shapes, naming both examples', () => {
    const ragged = { length: 3, get: (i: number) => zeros([i === 2 ? 3 : 2]) };
    const loader = new DataLoader(ragged, { batchSize: 3 });
    expectThrows(
      () => [...loader],
      DataError,
      /DataLoader: example of dataset.get\(2\) has shape \[3\], not \[2\], unlike that of dataset.get\(0\)/,
    );
    const strings = new DataLoader({ length: 1, get: () => 'a' });
    expectThrows(
      () => [...strings],
      ConfigError,
      /DataLoader: dataset.get\(0\) returned string 'a' as its example; a map-style dataset must return Tensors, numbers, or arrays of them/,
    );
  });
});
