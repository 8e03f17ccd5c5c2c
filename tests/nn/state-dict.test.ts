/**
 * Module.stateDict / loadStateDict as a PyTorch user guesses them: a JSON round trip loads (no silent
 * no-op), `{ shape, values }` records are accepted and anything else is a StateDictError naming the key,
 * `strict: false` reports PyTorch's missingKeys and unexpectedKeys, and `layout: 'torch'` takes and gives
 * PyTorch's names and [out, in] Linear weights (checked against PyTorch 1.13's own state dict and output,
 * tests/fixtures/torch-api/make-modules.py). Nothing is changed by a load that fails.
 */
import { readFileSync } from 'node:fs';
import { GradientError, Rng, tensor } from '@tapegrad/autograd';
import {
  ConfigError,
  Linear,
  MLP,
  Sequential,
  type StateDict,
  StateDictError,
  Tanh,
  type TensorRecord,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';

interface Fixture {
  readonly sequential: {
    readonly stateDict: Record<string, TensorRecord>;
    readonly input: number[][];
    readonly output: number[][];
  };
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/torch-api/modules.json', import.meta.url), 'utf8'),
) as Fixture;

const net = (seed: number) => new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: new Rng(seed) });

/** A state dict's values as plain arrays, to compare with toEqual (exact). */
function plain(state: StateDict): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).map(([name, value]) => [name, value.toArray()]));
}

/** Expects `load` to throw a StateDictError matching `patterns`, leaving the model's values as they were. */
function expectRefusedUnchanged(model: TwoLayerNet, load: () => unknown, ...patterns: RegExp[]): void {
  const before = plain(model.stateDict());
  expectThrows(load, StateDictError, ...patterns);
  expect(plain(model.stateDict())).toEqual(before);
}

describe('a JSON round trip of a state dict', () => {
  it('loads: the same float64 values and the same outputs', () => {
    const source = net(1);
    const target = net(2);
    const json = JSON.stringify(source.stateDict());
    expect(target.loadStateDict(JSON.parse(json))).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(plain(target.stateDict())).toEqual(plain(source.stateDict()));
    const input = new Rng(3).randn([4, 2]);
    expect(target.forward(input).toArray()).toEqual(source.forward(input).toArray());
  });

  it('is { name: { shape, values } }, and the state dict still lists only the parameters', () => {
    const state = net(1).stateDict();
    const parsed = JSON.parse(JSON.stringify(state)) as Record<string, TensorRecord>;
    expect(Object.keys(parsed)).toEqual(['layer1.weight', 'layer1.bias', 'layer2.weight', 'layer2.bias']);
    expect(parsed['layer1.weight']!.shape).toEqual([2, 3]);
    expect(parsed['layer1.weight']!.values).toEqual(Array.from(state['layer1.weight']!.data));
    expect(Object.keys(state)).toEqual(Object.keys(parsed));
  });

  it('records made by hand load too, and give the outputs computed by hand', () => {
    const model = new TwoLayerNet({
      inputs: 2,
      hidden: 2,
      outputs: 1,
      hiddenActivation: 'relu',
      output: 'linear',
    });
    model.loadStateDict({
      'layer1.weight': { shape: [2, 2], values: [1, -1, 2, 0.5] },
      'layer1.bias': { shape: [2], values: [0, -3] },
      'layer2.weight': tensor([[2], [1]]),
      'layer2.bias': { shape: [1], values: [0.25] },
    });
    // x = [1, 2]: Z1 = [1 + 4, -1 + 1 - 3] = [5, -3], A1 = [5, 0], Z2 = 10 + 0 + 0.25.
    expect(model.forward(tensor([[1, 2]])).toArray()).toEqual([[10.25]]);
  });

  it("a record whose values are keyed '0', '1', ... (a Float64Array's JSON) loads", () => {
    const model = new Linear(2, 1, { rng: new Rng(0) });
    model.loadStateDict({
      weight: { shape: [2, 1], data: { 0: 3, 1: 4 } } as never,
      bias: { shape: [1], data: [0.5] } as never,
    });
    expect(model.weight.toArray()).toEqual([[3], [4]]);
    expect(model.bias!.toArray()).toEqual([0.5]);
  });
});

describe("loading counts as an in-place change, as PyTorch's copy_", () => {
  it('a backward through values saved before the load throws instead of using the new ones', () => {
    const layer = new Linear(2, 1, { rng: new Rng(0) });
    const input = tensor([[1, 2]], { requiresGrad: true });
    // matmul saves the weight for the input's gradient.
    const output = layer.forward(input).sum();
    layer.loadStateDict(new Linear(2, 1, { rng: new Rng(1) }).stateDict());
    expectThrows(
      () => output.backward(),
      GradientError,
      /has been modified by an in-place operation: .* is at version 1; expected version 0/,
    );
  });
});

describe('a value that is neither a Tensor nor a { shape, values } record', () => {
  const record = (name: string, value: unknown) => ({ ...net(9).stateDict(), [name]: value }) as never;

  it('is a StateDictError naming the key and what was expected, and nothing is loaded', () => {
    const model = net(0);
    for (const [value, detail] of [
      [5, /got number 5$/],
      ['abc', /got string 'abc'$/],
      [[1, 2], /got \[1, 2\]$/],
      [{ shape: [2, 3] }, /with no values/],
      [{ shape: [2, 3], values: [1, 2] }, /shape \[2,3\] needs 6 values, 'values' has 2/],
      [{ shape: [2, -3], values: [] }, /got an object/],
      [{ shape: [2, 3], values: [1, 2, 3, 4, 5, '6'] }, /values\[5\] is string '6'/],
      [{ shape: [2, 3], values: 7 }, /its 'values' is number 7/],
    ] as const) {
      expectRefusedUnchanged(
        model,
        () => model.loadStateDict(record('layer1.weight', value)),
        /^loadStateDict: state\['layer1\.weight'\] must be a Tensor or a \{ shape, values \} record/,
        detail,
      );
    }
  });

  it('a null among the values (JSON writes NaN as null) says so', () => {
    const model = net(0);
    expectRefusedUnchanged(
      model,
      () => model.loadStateDict(record('layer2.bias', { shape: [1], values: [null] })),
      /values\[0\] is null \(JSON writes NaN and Infinity as null; save\(\) and load\(\) keep them\)/,
    );
  });

  it('a bad value under an unexpected name is refused too, even with strict: false', () => {
    const model = net(0);
    expectRefusedUnchanged(
      model,
      () => model.loadStateDict(record('extra', 'x'), { strict: false }),
      /state\['extra'\]/,
    );
  });

  it('the model itself, a Tensor, an array or null is refused as the state', () => {
    const model = net(0);
    expectThrows(
      () => model.loadStateDict(net(1) as never),
      ConfigError,
      /pass model\.stateDict\(\), not the model/,
    );
    for (const state of [tensor([1]), [], null, 5]) {
      expectThrows(
        () => model.loadStateDict(state as never),
        ConfigError,
        /^loadStateDict: argument 'state'/,
      );
    }
  });
});

describe('strict', () => {
  it('strict: false loads the names that match and returns the missing and unexpected ones', () => {
    const source = net(1).stateDict();
    const model = net(2);
    const before = model.stateDict();
    const result = model.loadStateDict(
      { 'layer1.weight': source['layer1.weight']!, 'layer1.bias': source['layer1.bias']!, extra: tensor(1) },
      { strict: false },
    );
    expect(result).toEqual({ missingKeys: ['layer2.weight', 'layer2.bias'], unexpectedKeys: ['extra'] });
    expect(model.layer1.weight.toArray()).toEqual(source['layer1.weight']!.toArray());
    expect(model.layer1.bias!.toArray()).toEqual(source['layer1.bias']!.toArray());
    expect(model.layer2.weight.toArray()).toEqual(before['layer2.weight']!.toArray());
  });

  it('strict (the default) throws on a missing or unexpected name and suggests strict: false', () => {
    const model = net(0);
    const state = net(1).stateDict();
    delete state['layer2.bias'];
    expectRefusedUnchanged(
      model,
      () => model.loadStateDict(state),
      /^loadStateDict: the state does not fit TwoLayerNet: missing: layer2\.bias\. /,
      /or pass \{ strict: false \} to load the names that match/,
    );
    expect(net(0).loadStateDict(net(1).stateDict(), { strict: true })).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
  });

  it('a shape that differs throws in both modes, as PyTorch', () => {
    const model = net(0);
    for (const strict of [true, false]) {
      expectRefusedUnchanged(
        model,
        () => model.loadStateDict({ ...net(1).stateDict(), 'layer2.bias': tensor([1, 2]) }, { strict }),
        /layer2\.bias: the state has shape \[2\], the model \[1\]/,
      );
    }
  });
});

describe("PyTorch's layout", () => {
  const { stateDict, input, output } = fixture.sequential;
  const model = () => new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2));

  it("loads PyTorch's own state dict ({ layout: 'torch' }) and computes PyTorch's output", () => {
    const tapegrad = model();
    expect(tapegrad.loadStateDict(stateDict, { layout: 'torch' })).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
    // PyTorch's 0.weight is [4, 3] ([out, in]); tapegrad's layers.0.weight is its transpose.
    expect(tapegrad.namedParameters()[0]![1].shape).toEqual([3, 4]);
    expect(tapegrad.namedParameters()[0]![1].data[1]).toBe(stateDict['0.weight']!.values[3]);
    expectAllClose(tapegrad.forward(tensor(input)), output, { atol: 1e-15, rtol: 1e-14 });
  });

  it("stateDict({ layout: 'torch' }) gives PyTorch's names and shapes back, value for value", () => {
    const tapegrad = model();
    tapegrad.loadStateDict(stateDict, { layout: 'torch' });
    const torchState = tapegrad.stateDict({ layout: 'torch' });
    expect(Object.keys(torchState)).toEqual(Object.keys(stateDict));
    for (const [name, record] of Object.entries(stateDict)) {
      expect(torchState[name]!.shape, name).toEqual(record.shape);
      expect(Array.from(torchState[name]!.data), name).toEqual(record.values);
    }
    expect(Object.keys(tapegrad.stateDict())).toEqual([
      'layers.0.weight',
      'layers.0.bias',
      'layers.2.weight',
      'layers.2.bias',
    ]);
  });

  it('a single Linear by hand: weight [[1, 2, 3], [4, 5, 6]] ([out, in]) maps [1, 1, 1] to [6 + b0, 15 + b1]', () => {
    const layer = new Linear(3, 2, { rng: new Rng(0) });
    layer.loadStateDict(
      {
        weight: tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        bias: tensor([0.5, -1]),
      },
      { layout: 'torch' },
    );
    expect(layer.weight.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(layer.forward(tensor([[1, 1, 1]])).toArray()).toEqual([[6.5, 14]]);
  });

  it("PyTorch's [out, in] weight in the default layout is an error that says to pass { layout: 'torch' }", () => {
    const layer = new Linear(3, 2, { rng: new Rng(0) });
    const before = layer.weight.toArray();
    expectThrows(
      () =>
        layer.loadStateDict({
          weight: tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
          bias: tensor([0.5, -1]),
        }),
      StateDictError,
      /weight: the state has shape \[2,3\], the model \[3,2\]: this looks like PyTorch's \[out, in\] layout; pass \{ layout: 'torch' \}/,
    );
    expect(layer.weight.toArray()).toEqual(before);
    // Another wrong shape gets no such hint.
    expectThrows(
      () => layer.loadStateDict({ weight: tensor([[1, 2]]), bias: tensor([0.5, -1]) }),
      StateDictError,
      /weight: the state has shape \[1,2\], the model \[3,2\]\. Build/,
    );
  });

  it('in the torch layout, names are those of the equivalent nn.Sequential; a mismatch says the layout', () => {
    const mlp = new MLP([2, 3, 1], { rng: new Rng(0) });
    expect(Object.keys(mlp.stateDict({ layout: 'torch' }))).toEqual([
      '0.weight',
      '0.bias',
      '2.weight',
      '2.bias',
    ]);
    expectThrows(
      () => mlp.loadStateDict(mlp.stateDict(), { layout: 'torch' }),
      StateDictError,
      /^loadStateDict: the state does not fit MLP in the torch layout: missing: 0\.weight/,
    );
  });
});

describe('options', () => {
  it('a wrong option is a ConfigError naming the function and the option', () => {
    const model = net(0);
    const state = model.stateDict();
    expectThrows(
      () => model.loadStateDict(state, { layout: 'pytorch' } as never),
      ConfigError,
      /^loadStateDict: option 'layout' must be one of 'tapegrad', 'torch'/,
    );
    expectThrows(
      () => model.loadStateDict(state, { strict: 'no' } as never),
      ConfigError,
      /^loadStateDict: option 'strict' must be true or false/,
    );
    expectThrows(
      () => model.loadStateDict(state, { strcit: false } as never),
      ConfigError,
      /^loadStateDict: unknown option 'strcit'/,
    );
    expectThrows(() => model.stateDict({ layout: 1 } as never), ConfigError, /^stateDict: option 'layout'/);
    expectThrows(() => model.stateDict(5 as never), ConfigError, /^stateDict: argument 'options'/);
  });
});

describe('a Tensor stringifies to the record loadStateDict takes', () => {
  it('JSON.stringify of a tensor (alone, or spread into a plain object) keeps its shape and values', () => {
    expect(JSON.stringify(tensor([[1, 2.5]]))).toBe('{"shape":[1,2],"values":[1,2.5]}');
    const model = new Linear(2, 1);
    const copy = new Linear(2, 1);
    copy.loadStateDict(JSON.parse(JSON.stringify({ ...model.stateDict() })));
    expect(copy.weight.toArray()).toEqual(model.weight.toArray());
    expect(copy.bias!.toArray()).toEqual(model.bias!.toArray());
  });
});
