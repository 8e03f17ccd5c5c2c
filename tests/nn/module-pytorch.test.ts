/**
 * Module features a PyTorch user reaches for: nn.Parameter, children()/modules()/named_modules()/apply(),
 * forward hooks and pre-hooks, nn.Flatten, and Dropout drawing from the global generator at call time
 * (manual_seed before a forward pass reproduces it). Values are computed by hand.
 */
import { readFileSync } from 'node:fs';
import { ones, Rng, type Tensor, tensor, zeros } from '@tapegrad/autograd';
import {
  ConfigError,
  Dropout,
  Flatten,
  Identity,
  initLinear,
  Linear,
  MLP,
  Module,
  manualSeed,
  Parameter,
  ReLU,
  Sequential,
  Tanh,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';

/** A user's module: a Parameter, a frozen Parameter, a plain constant, and a child. */
class Scaled extends Module {
  readonly gain = new Parameter(tensor([2, 3]));
  readonly frozen = new Parameter(tensor([10, 20]), false);
  readonly constant = tensor([1, 1]);
  readonly inner = new Linear(2, 2, { rng: new Rng(0) });

  forward(input: Tensor): Tensor {
    return this.inner.forward(input.mul(this.gain)).add(this.frozen).add(this.constant);
  }
}

describe('Parameter', () => {
  it('is a leaf Tensor that shares the wrapped values (as nn.Parameter) and requires a gradient', () => {
    const values = tensor([1, 2, 3]);
    const parameter = new Parameter(values);
    expect(parameter).toBeInstanceOf(Parameter);
    expect(parameter.isLeaf).toBe(true);
    expect(parameter.requiresGrad).toBe(true);
    expect(parameter.data).toBe(values.data);
    values.data[0] = 7;
    expect(parameter.toArray()).toEqual([7, 2, 3]);
    // Every Tensor method works, and gradients reach it.
    parameter.mul(parameter).sum().backward();
    expect(parameter.grad!.toArray()).toEqual([14, 4, 6]);
  });

  it('shares the version counter too: an in-place change to the wrapped tensor is counted in both', () => {
    const values = tensor([1, 2]);
    const parameter = new Parameter(values);
    values.add_(1);
    expect(parameter.toArray()).toEqual([2, 3]);
    expect(parameter.version).toBe(values.version);
    expect(parameter.version).toBeGreaterThan(0);
  });

  it('wrapping a recorded result gives a leaf, cut from its tape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const parameter = new Parameter(x.mul(3));
    expect(parameter.isLeaf).toBe(true);
    expect(parameter.gradFn).toBeNull();
    expect(parameter.toArray()).toEqual([3, 6]);
  });

  it('is registered by a Module even when frozen; a plain constant is not', () => {
    const model = new Scaled();
    expect(model.namedParameters().map(([name]) => name)).toEqual([
      'gain',
      'frozen',
      'inner.weight',
      'inner.bias',
    ]);
    expect(model.parameters()[1]!.requiresGrad).toBe(false);
    expect(Object.keys(model.stateDict())).toEqual(['gain', 'frozen', 'inner.weight', 'inner.bias']);
  });

  it('a frozen Parameter gets no gradient, the others do', () => {
    const model = new Scaled();
    model
      .forward(ones([1, 2]))
      .sum()
      .backward();
    expect(model.frozen.grad).toBeNull();
    expect(model.gain.grad).not.toBeNull();
  });

  it('prints as PyTorch prints one', () => {
    expect(String(new Parameter(tensor([1, 2])))).toMatch(/^Parameter containing:\ntensor\(\[1, 2\]/);
  });

  it('refuses what is not a Tensor, and a requiresGrad that is not a boolean', () => {
    expectThrows(
      () => new Parameter([1, 2] as never),
      ConfigError,
      /^Parameter: argument 'data' must be a Tensor/,
    );
    expectThrows(
      () => new Parameter(tensor([1]), 1 as never),
      ConfigError,
      /^Parameter: argument 'requiresGrad' must be true or false, got 1/,
    );
  });
});

describe('children, modules, namedModules, apply', () => {
  const model = () =>
    new Sequential(
      new Linear(2, 3, { rng: new Rng(1) }),
      new Tanh(),
      new Sequential(new Linear(3, 3, { rng: new Rng(2) }), new ReLU()),
    );

  it('children() are the direct sub-modules, in order', () => {
    const net = model();
    expect(net.children()).toEqual(net.layers);
    expect(new Linear(2, 2).children()).toEqual([]);
  });

  it('namedModules() is the module itself (named "") and every module below, parents first', () => {
    const net = model();
    const inner = net.layers[2] as Sequential;
    expect(net.namedModules()).toEqual([
      ['', net],
      ['layers.0', net.layers[0]],
      ['layers.1', net.layers[1]],
      ['layers.2', inner],
      ['layers.2.layers.0', inner.layers[0]],
      ['layers.2.layers.1', inner.layers[1]],
    ]);
    expect(net.modules()).toEqual(net.namedModules().map(([, module]) => module));
  });

  it('a module shared by two parents is listed once, as PyTorch', () => {
    const shared = new Linear(2, 2, { rng: new Rng(3) });
    const net = new Sequential(shared, new Tanh(), shared);
    expect(net.namedModules().map(([name]) => name)).toEqual(['', 'layers.0', 'layers.1']);
  });

  it('a TwoLayerNet lists its layers in forward order', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: new Rng(0) });
    expect(net.namedModules().map(([name, module]) => `${name}:${module.constructor.name}`)).toEqual([
      ':TwoLayerNet',
      'layer1:Linear',
      'activation:Tanh',
      'layer2:Linear',
    ]);
  });

  it('apply(fn) visits children before their parent (post-order) and returns the module', () => {
    const net = model();
    const visited: string[] = [];
    const names = new Map(net.namedModules().map(([name, module]) => [module, name]));
    expect(net.apply((module) => visited.push(names.get(module)!))).toBe(net);
    expect(visited).toEqual([
      'layers.0',
      'layers.1',
      'layers.2.layers.0',
      'layers.2.layers.1',
      'layers.2',
      '',
    ]);
  });

  it('apply re-initialises every Linear, the usual use: model.apply(m => { if (m instanceof Linear) ... })', () => {
    const net = model();
    net.apply((module) => {
      if (!(module instanceof Linear)) return;
      const fresh = initLinear(module.inFeatures, module.outFeatures, 'xavierUniform', new Rng(9));
      module.weight.data.set(fresh.weight.data);
      module.bias!.data.fill(0);
    });
    const expected = initLinear(2, 3, 'xavierUniform', new Rng(9)).weight;
    expect((net.layers[0] as Linear).weight.toArray()).toEqual(expected.toArray());
    for (const [name, parameter] of net.namedParameters()) {
      if (name.endsWith('bias')) expect(Array.from(parameter.data)).toEqual([0, 0, 0]);
    }
  });

  it('apply refuses a non-function', () => {
    expectThrows(
      () => model().apply(5 as never),
      ConfigError,
      /^apply: argument 'fn' must be a function, got 5/,
    );
  });
});

describe('forward hooks', () => {
  const net = () =>
    new Sequential(new Linear(2, 2, { rng: new Rng(4) }), new ReLU(), new Linear(2, 1, { rng: new Rng(5) }));
  const input = tensor([
    [1, -2],
    [0.5, 3],
  ]);

  it("hooks on inner layers fire during the outer forward: a learner's record of every activation", () => {
    const model = net();
    const activations: Record<string, Tensor> = {};
    for (const [name, layer] of model.namedModules()) {
      if (name !== '')
        layer.registerForwardHook((_module, _input, output) => {
          activations[name] = output;
        });
    }
    const output = model.forward(input);
    expect(Object.keys(activations)).toEqual(['layers.0', 'layers.1', 'layers.2']);
    const [first, relu] = model.layers as [Linear, ReLU];
    expect(activations['layers.0']!.toArray()).toEqual(first.forward(input).toArray());
    expect(activations['layers.1']!.toArray()).toEqual(relu.forward(first.forward(input)).toArray());
    expect(activations['layers.2']).toBe(output);
  });

  it('the hook sees the module and its input; a returned tensor replaces the output', () => {
    const model = net();
    const relu = model.layers[1]!;
    const seen: [Module, Tensor][] = [];
    relu.registerForwardHook((module, x) => void seen.push([module, x]));
    relu.registerForwardHook((_m, _x, output) => output.mul(0));
    const before = model.layers[2] as Linear;
    const output = model.forward(input);
    expect(seen[0]![0]).toBe(relu);
    expect(seen[0]![1].toArray()).toEqual(model.layers[0]!.forward(input).toArray());
    // The relu output zeroed: the last layer gives its bias on each row.
    expectAllClose(output, [[before.bias!.data[0]!], [before.bias!.data[0]!]], { atol: 0, rtol: 0 });
  });

  it('a pre-hook runs before forward; a returned tensor replaces the input', () => {
    const layer = new Identity();
    const calls: string[] = [];
    layer.registerForwardPreHook(() => void calls.push('pre'));
    layer.registerForwardHook(() => void calls.push('post'));
    layer.registerForwardPreHook((_m, x) => x.add(1));
    expect(layer.forward(tensor([1, 2])).toArray()).toEqual([2, 3]);
    expect(calls).toEqual(['pre', 'post']);
  });

  it('remove() stops the hook; removing the last one leaves the module as it was, with no own forward', () => {
    const layer = new Linear(2, 2, { rng: new Rng(6) });
    const ownBefore = Object.getOwnPropertyNames(layer);
    let calls = 0;
    const first = layer.registerForwardHook(() => void calls++);
    const second = layer.registerForwardHook(() => void calls++);
    expect(Object.keys(layer)).not.toContain('forward'); // never enumerable
    layer.forward(ones([1, 2]));
    expect(calls).toBe(2);
    first.remove();
    first.remove(); // twice: nothing more
    layer.forward(ones([1, 2]));
    expect(calls).toBe(3);
    second.remove();
    layer.forward(ones([1, 2]));
    expect(calls).toBe(3);
    expect(Object.getOwnPropertyNames(layer)).toEqual(ownBefore);
    expect(layer.forward).toBe(Linear.prototype.forward);
    expect(layer.parameters()).toHaveLength(2);
  });

  it('the same function registered twice runs twice, and each handle removes one', () => {
    const layer = new Identity();
    let calls = 0;
    const hook = () => void calls++;
    const a = layer.registerForwardHook(hook);
    layer.registerForwardHook(hook);
    layer.forward(tensor(1));
    expect(calls).toBe(2);
    a.remove();
    layer.forward(tensor(1));
    expect(calls).toBe(3);
  });

  it('gradients flow through a replaced output', () => {
    const layer = new Linear(1, 1, { rng: new Rng(7) });
    layer.registerForwardHook((_m, _x, output) => output.mul(3));
    layer
      .forward(tensor([[2]]))
      .sum()
      .backward();
    expect(layer.weight.grad!.toArray()).toEqual([[6]]);
  });

  it('a hook that returns something other than a Tensor or nothing is an error naming the module', () => {
    const layer = new Tanh();
    layer.registerForwardHook(() => 5 as never);
    expectThrows(
      () => layer.forward(tensor([1])),
      ConfigError,
      /^Tanh\.forward: a forward hook returned number 5/,
    );
    const other = new Tanh();
    other.registerForwardPreHook(() => [1] as never);
    expectThrows(
      () => other.forward(tensor([1])),
      ConfigError,
      /forward pre-hook returned \[1\].*replace the input/,
    );
  });

  it('refuses a hook that is not a function', () => {
    expectThrows(
      () => new Tanh().registerForwardHook(null as never),
      ConfigError,
      /^registerForwardHook: argument 'hook' must be a function, got null/,
    );
    expectThrows(
      () => new Tanh().registerForwardPreHook('f' as never),
      ConfigError,
      /^registerForwardPreHook: argument 'hook' must be a function/,
    );
  });
});

describe('Flatten', () => {
  it("gives PyTorch's nn.Flatten output shapes (tests/fixtures/torch-api/make-modules.py)", () => {
    const { flatten } = JSON.parse(
      readFileSync(new URL('../fixtures/torch-api/modules.json', import.meta.url), 'utf8'),
    ) as { flatten: { shape: number[]; startDim: number; endDim: number; output: number[] }[] };
    expect(flatten).toHaveLength(4);
    for (const { shape, startDim, endDim, output } of flatten) {
      expect(new Flatten(startDim, endDim).forward(zeros(shape)).shape).toEqual(output);
    }
  });

  it('keeps the batch axis by default, as nn.Flatten: [4, 2, 3] -> [4, 6], values in row-major order', () => {
    const input = tensor(
      Float64Array.from({ length: 24 }, (_, i) => i),
      { shape: [4, 2, 3] },
    );
    const output = new Flatten().forward(input);
    expect(output.shape).toEqual([4, 6]);
    expect(Array.from(output.data)).toEqual(Array.from(input.data));
  });

  it('takes startDim and endDim, negative ones from the end', () => {
    expect(new Flatten(0).forward(zeros([2, 3, 4])).shape).toEqual([24]);
    expect(new Flatten(-2).forward(zeros([2, 3, 4])).shape).toEqual([2, 12]);
    expect(new Flatten(0, 1).forward(zeros([2, 3, 4])).shape).toEqual([6, 4]);
    expect(new Flatten(0).forward(tensor(5)).shape).toEqual([1]);
  });

  it('passes gradients back in the input shape', () => {
    const input = tensor([[[1, 2]], [[3, 4]]], { requiresGrad: true });
    new Flatten()
      .forward(input)
      .mul(tensor([[1, 2]]))
      .sum()
      .backward();
    expect(input.grad!.toArray()).toEqual([[[1, 2]], [[1, 2]]]);
  });

  it('feeds images to a Linear inside a Sequential, and prints as PyTorch', () => {
    const net = new Sequential(new Flatten(), new Linear(6, 2, { rng: new Rng(0) }));
    expect(net.forward(zeros([5, 2, 3])).shape).toEqual([5, 2]);
    expect(new Flatten().describe()).toBe('Flatten(startDim=1, endDim=-1)');
  });

  it('an axis out of range or in the wrong order is an error naming Flatten.forward and the shape', () => {
    expectThrows(
      () => new Flatten().forward(zeros([3])),
      ConfigError,
      /^Flatten\.forward: startDim 1 is out of range for the input of shape \[3\]/,
    );
    expectThrows(
      () => new Flatten(2, 1).forward(zeros([3, 4, 5])),
      ConfigError,
      /startDim 2 comes after endDim 1/,
    );
    expectThrows(
      () => new Flatten(1.5),
      ConfigError,
      /^Flatten: argument 'startDim' must be an integer axis, got 1\.5/,
    );
    expectThrows(() => new Flatten(1, '2' as never), ConfigError, /^Flatten: argument 'endDim'/);
  });
});

describe('Dropout and manualSeed', () => {
  /** The mask of p = 0.5 over n ones, from a fresh Rng(seed): 2 where a draw is < 0.5, else 0. */
  const expectedMask = (seed: number, n: number) => {
    const rng = new Rng(seed);
    return Array.from({ length: n }, () => (rng.random() < 0.5 ? 2 : 0));
  };

  it('without an rng, manualSeed before the forward pass reproduces the mask, for a Dropout built earlier', () => {
    const dropout = new Dropout(0.5);
    manualSeed(3);
    const first = Array.from(dropout.forward(ones([12])).data);
    manualSeed(3);
    const again = Array.from(dropout.forward(ones([12])).data);
    expect(first).toEqual(expectedMask(3, 12));
    expect(again).toEqual(first);
    manualSeed(4);
    expect(Array.from(dropout.forward(ones([12])).data)).toEqual(expectedMask(4, 12));
  });

  it('an explicit rng keeps its own stream, whatever manualSeed does', () => {
    const dropout = new Dropout(0.5, { rng: new Rng(8) });
    manualSeed(3);
    const first = Array.from(dropout.forward(ones([12])).data);
    manualSeed(3);
    const second = Array.from(dropout.forward(ones([12])).data);
    const stream = expectedMask(8, 24);
    expect(first).toEqual(stream.slice(0, 12));
    expect(second).toEqual(stream.slice(12));
  });

  it('an MLP built without an rng draws its dropout masks at call time too', () => {
    manualSeed(0);
    const mlp = new MLP([2, 16, 1], { dropout: 0.5 });
    mlp.apply((module) => {
      if (module instanceof Linear) module.weight.data.fill(1);
    });
    const input = ones([3, 2]);
    manualSeed(11);
    const first = mlp.forward(input).toArray();
    manualSeed(11);
    expect(mlp.forward(input).toArray()).toEqual(first);
  });
});
