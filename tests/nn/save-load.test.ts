/**
 * save(obj, path) / load(path) from @tapegrad/nn/node, torch.save / torch.load for a state dict, an
 * optimizer's state or a whole checkpoint: every float64 comes back with the same bits (NaN, +-Infinity and
 * -0 included), a tree of any nesting survives, a Module itself is refused with PyTorch's advice, a file
 * that is not save()'s is refused naming the file and the place, and a write that fails leaves the old
 * file as it was (the write is atomic: a temporary file, fsync, rename).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, Tensor, tensor } from '@tapegrad/autograd';
import { ConfigError, DataError, Linear, Parameter, Sequential, Tanh, TwoLayerNet } from '@tapegrad/nn';
import { load, save } from '@tapegrad/nn/node';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { expectThrows } from '../support/assertions.ts';

/** Set to make the next fsync fail, as a full disk would, midway through an atomic write. */
const faults = vi.hoisted(() => ({ failFsync: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    fsyncSync: (fd: number) => {
      if (faults.failFsync) throw new Error('ENOSPC: no space left on device');
      fs.fsyncSync(fd);
    },
  };
});

const folder = mkdtempSync(join(tmpdir(), 'tapegrad-save-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(folder, `file-${files++}.json`);

/** The bits of every element, so that -0 differs from 0 and each NaN payload from another. */
const bits = (values: Float64Array) => Array.from(new BigUint64Array(values.slice().buffer));

const roundTrip = (value: unknown) => {
  const path = freshPath();
  save(value, path);
  return load(path);
};

describe('save and load', () => {
  it('round-trip every float64 exactly: the shortest round-trip text of each value', () => {
    const values = Float64Array.of(
      0.1 + 0.2,
      1 / 3,
      -2.5e-308,
      5e-324, // the smallest subnormal
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      -1e21,
      123456789.12345679,
      ...new Rng(1).randn([20]).data,
    );
    const loaded = roundTrip(tensor(values, { shape: [4, 7] })) as Tensor;
    expect(loaded).toBeInstanceOf(Tensor);
    expect(loaded.shape).toEqual([4, 7]);
    expect(bits(loaded.data)).toEqual(bits(values));
  });

  it('keep NaN, Infinity, -Infinity and -0, in tensors and as plain numbers', () => {
    const special = Float64Array.of(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1);
    const loaded = roundTrip({
      t: tensor(special),
      numbers: [Number.NaN, Number.NEGATIVE_INFINITY, -0, 0],
    }) as {
      t: Tensor;
      numbers: number[];
    };
    expect(bits(loaded.t.data)).toEqual(bits(special));
    expect(loaded.numbers[0]).toBeNaN();
    expect(loaded.numbers[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(loaded.numbers[2], -0)).toBe(true);
    expect(Object.is(loaded.numbers[3], 0)).toBe(true);
  });

  it("round-trip an optimizer's state dict ({ state, paramGroups }) inside a checkpoint", () => {
    const expAvg = tensor([[0.1, -0.2]]);
    const checkpoint = {
      epoch: 12,
      note: 'after warm-up',
      best: null,
      finished: false,
      skipped: undefined,
      optimizer: {
        state: { 0: { step: 3, expAvg, expAvgSq: tensor([[1e-8, 4e-8]]) }, 1: { step: 3 } },
        paramGroups: [
          { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, params: [0, 1] },
        ],
      },
      // A user's key that looks like the file's own tag is kept as a key.
      $tapegrad: 'mine',
      nested: { $tapegrad: { deeper: [[tensor(2)]] } },
    };
    const loaded = roundTrip(checkpoint) as typeof checkpoint;
    expect(Object.keys(loaded)).toEqual(Object.keys(checkpoint));
    expect(loaded.skipped).toBeUndefined();
    expect('skipped' in loaded).toBe(true);
    expect(loaded.optimizer.paramGroups).toEqual(checkpoint.optimizer.paramGroups);
    expect(loaded.optimizer.state[1]).toEqual({ step: 3 });
    expect(loaded.optimizer.state[0].expAvg.toArray()).toEqual([[0.1, -0.2]]);
    expect(loaded.optimizer.state[0].expAvgSq.toArray()).toEqual([[1e-8, 4e-8]]);
    expect(loaded.$tapegrad).toBe('mine');
    expect(loaded.nested.$tapegrad.deeper[0]![0]!.item()).toBe(2);
    expect([loaded.epoch, loaded.note, loaded.best, loaded.finished]).toEqual([
      12,
      'after warm-up',
      null,
      false,
    ]);
  });

  it("a model's state dict: save(model.stateDict()), then model.loadStateDict(load(path)) gives the same outputs", () => {
    const source = new TwoLayerNet({ inputs: 2, hidden: 5, outputs: 1, rng: new Rng(1) });
    const target = new TwoLayerNet({ inputs: 2, hidden: 5, outputs: 1, rng: new Rng(2) });
    const path = freshPath();
    save(source.stateDict(), path);
    target.loadStateDict(load(path) as Record<string, Tensor>);
    const input = new Rng(3).randn([4, 2]);
    expect(target.forward(input).toArray()).toEqual(source.forward(input).toArray());
  });

  it('keep requiresGrad; a Parameter comes back as a Tensor leaf that requires a gradient', () => {
    const loaded = roundTrip([new Parameter(tensor([1, 2])), tensor([3])]) as Tensor[];
    expect(loaded.map((t) => t.requiresGrad)).toEqual([true, false]);
    expect(loaded[0]!.isLeaf).toBe(true);
  });

  it('write JSON a person can read: a header, and each tensor tagged with its shape and values', () => {
    const path = freshPath();
    save({ w: tensor([[1.5, Number.NaN]]) }, path);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      format: 'tapegrad.save',
      version: 1,
      value: { w: { $tapegrad: 'tensor', shape: [1, 2], values: [1.5, 'NaN'] } },
    });
  });

  it('round-trip a tensor of a million elements (no argument spreading)', () => {
    const values = new Rng(5).randn([1000, 1000]);
    const loaded = roundTrip(values) as Tensor;
    expect(loaded.shape).toEqual([1000, 1000]);
    expect(loaded.data.every((value, i) => Object.is(value, values.data[i]))).toBe(true);
  });
});

describe('save refuses what it cannot write, naming where it is', () => {
  it("a Module: save model.stateDict(), PyTorch's recommended way", () => {
    const model = new Sequential(new Linear(2, 2), new Tanh());
    expectThrows(
      () => save(model, freshPath()),
      ConfigError,
      /^save: argument 'obj' is a Module \(Sequential\); save its parameters, save\(model\.stateDict\(\), path\)/,
      /model\.loadStateDict\(load\(path\)\)/,
    );
    expectThrows(
      () => save({ model }, freshPath()),
      ConfigError,
      /^save: argument 'obj' at \$\.model is a Module/,
    );
  });

  it('functions, Maps, typed arrays, bigints, symbols and cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    for (const [value, message] of [
      [{ f: () => 1 }, /at \$\.f is a function;/],
      [{ list: [1, new Map()] }, /at \$\.list\[1\] is a Map;/],
      [
        { 'odd key': Float64Array.of(1) },
        /at \$\["odd key"\] is a Float64Array \(put typed arrays in a Tensor\)/,
      ],
      [[1n], /at \$\[0\] is bigint 1/],
      [{ s: Symbol('s') }, /at \$\.s is/],
      [cyclic, /at \$\.self\.back contains itself \(a cycle\)/],
    ] as const) {
      expectThrows(() => save(value, freshPath()), ConfigError, /^save: argument 'obj'/, message);
    }
  });

  it('a path that is not a non-empty string', () => {
    for (const path of ['', 5, undefined]) {
      expectThrows(() => save({}, path as never), ConfigError, /^save: argument 'path' must be a file path/);
      expectThrows(() => load(path as never), ConfigError, /^load: argument 'path' must be a file path/);
    }
  });
});

describe('load refuses a file that is not what save wrote, naming the file and the place', () => {
  const written = (text: string) => {
    const path = freshPath();
    writeFileSync(path, text);
    return path;
  };
  const file = (value: unknown) => written(JSON.stringify({ format: 'tapegrad.save', version: 1, value }));

  it('a missing file, text that is not JSON, JSON without the header, another version', () => {
    const missing = join(folder, 'nothing-here.json');
    expectThrows(() => load(missing), DataError, /^load: cannot read .*nothing-here\.json: ENOENT/);
    const notJson = written('not json');
    expectThrows(
      () => load(notJson),
      DataError,
      new RegExp(`^load: ${notJson} is not a file tapegrad's save\\(\\) wrote \\(not JSON`),
    );
    expectThrows(
      () => load(written('{"w": [1, 2]}')),
      DataError,
      /is not a file tapegrad's save\(\) wrote \(no "format": "tapegrad\.save" header\)/,
    );
    expectThrows(
      () => load(written('{"format": "tapegrad.save", "version": 2, "value": 1}')),
      DataError,
      /has format version number 2; this tapegrad reads version 1/,
    );
  });

  it('a bad tensor record, at its JSON path', () => {
    const record = (fields: object) => ({ $tapegrad: 'tensor', shape: [2], values: [1, 2], ...fields });
    for (const [value, message] of [
      [{ w: record({ values: [1] }) }, /at \$\.w$/],
      [{ w: record({ values: [1, 'one'] }) }, /values\[1\] is string 'one'\) at \$\.w$/],
      [{ a: [record({ shape: [-2] })] }, /shape must be an array of sizes.* at \$\.a\[0\]$/],
      [{ w: record({ requiresGrad: 'yes' }) }, /requiresGrad is string 'yes'/],
      [
        { n: { $tapegrad: 'number', value: 'lots' } },
        /a bad number record \(value string 'lots'\) at \$\.n$/,
      ],
      [{ x: { $tapegrad: 'pickle' } }, /an unknown record type string 'pickle' at \$\.x$/],
    ] as const) {
      const path = file(value);
      expectThrows(() => load(path), DataError, new RegExp(`^load: ${path}: `), message);
    }
    expectThrows(
      () => load(file({ w: record({ values: [1] }) })),
      DataError,
      /a bad tensor record \(shape \[2\] needs 2 values/,
    );
  });
});

describe('the write is atomic', () => {
  it('a write that fails midway leaves the old file intact and no temporary file behind', () => {
    const path = join(mkdtempSync(join(folder, 'atomic-')), 'checkpoint.json');
    save({ epoch: 1, w: tensor([1, 2]) }, path);
    faults.failFsync = true;
    try {
      expectThrows(
        () => save({ epoch: 2, w: tensor([3, 4]) }, path),
        DataError,
        /^save: cannot write .*checkpoint\.json: ENOSPC: no space left on device/,
      );
    } finally {
      faults.failFsync = false;
    }
    const loaded = load(path) as { epoch: number; w: Tensor };
    expect(loaded.epoch).toBe(1);
    expect(loaded.w.toArray()).toEqual([1, 2]);
    expect(readdirSync(join(path, '..'))).toEqual(['checkpoint.json']);
  });

  it('a tree save refuses is refused before anything is written', () => {
    const path = freshPath();
    save({ epoch: 1 }, path);
    expectThrows(() => save({ epoch: 2, model: new Linear(1, 1) }, path), ConfigError, /Module/);
    expect(load(path)).toEqual({ epoch: 1 });
  });
});
