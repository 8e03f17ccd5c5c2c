import { Rng, type Tensor, tensor } from '@tapegrad/autograd';
import {
  activationModule,
  ConfigError,
  Dropout,
  type HiddenActivation,
  Identity,
  LeakyReLU,
  Linear,
  MLP,
  Module,
  type OutputActivation,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  type StateDict,
  StateDictError,
  Tanh,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

/** The names of a module's parameters, in the order namedParameters gives them. */
function names(module: Module): string[] {
  return module.namedParameters().map(([name]) => name);
}

/** A state dict as plain nested arrays, to compare values with toEqual. */
function plain(state: StateDict): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).map(([name, value]) => [name, value.toArray()]));
}

/**
 * A user's model: own parameters (scale, offset), a constant that is not a parameter, a Sequential child
 * and an array of child modules.
 */
class TwoHeads extends Module {
  readonly scale: Tensor;
  readonly body: Sequential;
  readonly heads: Linear[];
  readonly constant: Tensor;
  readonly offset: Tensor;

  constructor(rng: Rng) {
    super();
    this.scale = tensor([2], { requiresGrad: true });
    this.body = new Sequential(new Linear(2, 3, { rng }), new Tanh());
    this.heads = [new Linear(3, 1, { rng }), new Linear(3, 1, { rng })];
    this.constant = tensor([1]);
    this.offset = tensor([0.5], { requiresGrad: true });
  }

  forward(input: Tensor): Tensor {
    const hidden = this.body.forward(input.mul(this.scale));
    return this.heads[0]!.forward(hidden).add(this.heads[1]!.forward(hidden)).add(this.offset);
  }
}

/** Two levels of user modules: the inner one's whole subtree comes before its sibling `head`. */
class Outer extends Module {
  readonly inner: TwoHeads;
  readonly dropout: Dropout;
  readonly head: Linear;

  constructor(rng: Rng) {
    super();
    this.inner = new TwoHeads(rng);
    this.dropout = new Dropout(0.5, { rng });
    this.head = new Linear(1, 1, { rng });
  }

  forward(input: Tensor): Tensor {
    return this.head.forward(this.dropout.forward(this.inner.forward(input)));
  }
}

// The tiny 2-2-1 network used for hand-computed forward passes (W stored [in, out]; Z = X W + b).
const W1 = [
  [1, -1],
  [2, 0.5],
];
const b1 = [0.5, -1];
const W2 = [[3], [-2]];
const b2 = [0.25];
const X = [
  [1, 2],
  [-1, 1],
];
// Z1 = X W1 + b1: row 0 [1 + 4 + 0.5, -1 + 1 - 1] = [5.5, -1]; row 1 [-1 + 2 + 0.5, 1 + 0.5 - 1] = [1.5, 0.5].
const Z1 = [
  [5.5, -1],
  [1.5, 0.5],
];

function tinyState(): StateDict {
  return {
    'layer1.weight': tensor(W1),
    'layer1.bias': tensor(b1),
    'layer2.weight': tensor(W2),
    'layer2.bias': tensor(b2),
  };
}

describe('Module.namedParameters', () => {
  it('names TwoLayerNet parameters layer1.weight, layer1.bias, layer2.weight, layer2.bias', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1, rng: new Rng(0) });
    expect(names(net)).toEqual(['layer1.weight', 'layer1.bias', 'layer2.weight', 'layer2.bias']);
    const [w1, bias1, w2, bias2] = net.parameters();
    expect(w1).toBe(net.layer1.weight);
    expect(bias1).toBe(net.layer1.bias);
    expect(w2).toBe(net.layer2.weight);
    expect(bias2).toBe(net.layer2.bias);
  });

  it('names MLP parameters by layer index, layers.0.weight to layers.2.bias, and Dropout adds none', () => {
    const expected = [
      'layers.0.weight',
      'layers.0.bias',
      'layers.1.weight',
      'layers.1.bias',
      'layers.2.weight',
      'layers.2.bias',
    ];
    expect(names(new MLP([2, 3, 4, 1], { rng: new Rng(0) }))).toEqual(expected);
    expect(names(new MLP([2, 3, 4, 1], { dropout: 0.5, rng: new Rng(0) }))).toEqual(expected);
  });

  it('names Sequential parameters by position, skipping the parameter-free activations', () => {
    const rng = new Rng(0);
    const net = new Sequential(new Linear(2, 8, { rng }), new Tanh(), new Linear(8, 1, { rng }));
    expect(names(net)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
  });

  it('in a custom module: own parameters first, then each child depth first, arrays by index', () => {
    const model = new TwoHeads(new Rng(0));
    expect(names(model)).toEqual([
      'scale',
      'offset',
      'body.layers.0.weight',
      'body.layers.0.bias',
      'heads.0.weight',
      'heads.0.bias',
      'heads.1.weight',
      'heads.1.bias',
    ]);
    // The constant (no gradient) is not a parameter; the tensors are the model's own, not copies.
    expect(model.parameters()).not.toContain(model.constant);
    expect(model.parameters()[0]).toBe(model.scale);
    expect(model.parameters()[6]).toBe(model.heads[1]!.weight);
  });

  it("nests: a child module's whole subtree comes before the next sibling", () => {
    expect(names(new Outer(new Rng(0)))).toEqual([
      'inner.scale',
      'inner.offset',
      'inner.body.layers.0.weight',
      'inner.body.layers.0.bias',
      'inner.heads.0.weight',
      'inner.heads.0.bias',
      'inner.heads.1.weight',
      'inner.heads.1.bias',
      'head.weight',
      'head.bias',
    ]);
  });

  it('is stable: the same order on every call and for every model built alike', () => {
    const a = new Outer(new Rng(1));
    const b = new Outer(new Rng(2));
    expect(names(a)).toEqual(names(a));
    expect(names(a)).toEqual(names(b));
    expect(a.parameters().every((parameter, i) => parameter === a.parameters()[i])).toBe(true);
  });

  it('a non-leaf tensor held by a module (a computed value) is not a parameter', () => {
    class Derived extends Module {
      readonly weight = tensor([1, 2], { requiresGrad: true });
      readonly doubled = this.weight.mul(2);
      forward(input: Tensor): Tensor {
        return input.mul(this.doubled);
      }
    }
    expect(names(new Derived())).toEqual(['weight']);
  });
});

describe('Module.numParameters', () => {
  it('counts a 2-16-1 TwoLayerNet as 2*16 + 16 + 16*1 + 1 = 65', () => {
    expect(new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1, rng: new Rng(0) }).numParameters()).toBe(65);
  });

  it('counts MLP [3, 5, 4, 2] as (3*5 + 5) + (5*4 + 4) + (4*2 + 2) = 54', () => {
    expect(new MLP([3, 5, 4, 2], { rng: new Rng(0) }).numParameters()).toBe(54);
  });

  it('counts a custom model: 1 + 1 + (2*3 + 3) + 2 * (3*1 + 1) = 19, and a bias-free Linear(2, 3) as 6', () => {
    expect(new TwoHeads(new Rng(0)).numParameters()).toBe(19);
    expect(new Linear(2, 3, { bias: false, rng: new Rng(0) }).numParameters()).toBe(6);
  });
});

describe('Module.zeroGrad', () => {
  it('forgets the gradient of every parameter, nested ones included', () => {
    const model = new TwoHeads(new Rng(3));
    model
      .forward(tensor([[0.5, -1]]))
      .sum()
      .backward();
    expect(model.parameters().every((parameter) => parameter.grad !== null)).toBe(true);
    model.zeroGrad();
    expect(model.parameters().map((parameter) => parameter.grad)).toEqual(Array(8).fill(null));
  });
});

describe('Module.train and eval', () => {
  /** The training flag of the model and of every module below it. */
  function flags(model: Outer): boolean[] {
    return [
      model.training,
      model.inner.training,
      model.inner.body.training,
      ...model.inner.body.layers.map((layer) => layer.training),
      ...model.inner.heads.map((head) => head.training),
      model.dropout.training,
      model.head.training,
    ];
  }

  it('modules start in training mode; eval() and train() reach every descendant and return the module', () => {
    const model = new Outer(new Rng(0));
    expect(flags(model)).toEqual(Array(9).fill(true));
    expect(model.eval()).toBe(model);
    expect(flags(model)).toEqual(Array(9).fill(false));
    expect(model.train()).toBe(model);
    expect(flags(model)).toEqual(Array(9).fill(true));
    model.train(false);
    expect(flags(model)).toEqual(Array(9).fill(false));
  });

  it("an MLP's eval() turns off its dropout layers: the output equals the same weights without dropout", () => {
    // Dropout draws only when it runs, so both MLPs draw the same weights from the same seed.
    const withDropout = new MLP([2, 8, 8, 1], { dropout: 0.5, rng: new Rng(4) });
    const without = new MLP([2, 8, 8, 1], { rng: new Rng(4) });
    const input = new Rng(5).randn([6, 2]);
    expect(withDropout.forward(input).toArray()).not.toEqual(without.forward(input).toArray());
    withDropout.eval();
    expect(withDropout.dropouts.every((dropout) => !dropout.training)).toBe(true);
    expect(withDropout.forward(input).toArray()).toEqual(without.forward(input).toArray());
  });
});

describe('Module.stateDict', () => {
  it('holds a copy of every parameter by name, in parameter order', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: new Rng(0) });
    const state = net.stateDict();
    expect(Object.keys(state)).toEqual(names(net));
    for (const [name, parameter] of net.namedParameters()) {
      expect(state[name]).not.toBe(parameter);
      expect(state[name]!.shape).toEqual(parameter.shape);
      expect(state[name]!.toArray()).toEqual(parameter.toArray());
    }
  });

  it('is a snapshot: changing the model afterwards does not change it, nor the reverse', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: new Rng(0) });
    const state = net.stateDict();
    const saved = state['layer1.weight']!.data[0]!;
    net.layer1.weight.data[0] = 123;
    expect(state['layer1.weight']!.data[0]).toBe(saved);
    state['layer2.bias']!.data[0] = -7;
    expect(net.layer2.bias!.data[0]).not.toBe(-7);
  });
});

describe('Module.loadStateDict', () => {
  it("round-trips: a model loaded with another's state computes the same outputs", () => {
    const source = new TwoLayerNet({ inputs: 2, hidden: 5, outputs: 2, rng: new Rng(1) });
    const target = new TwoLayerNet({ inputs: 2, hidden: 5, outputs: 2, rng: new Rng(2) });
    const input = new Rng(3).randn([4, 2]);
    expect(target.forward(input).toArray()).not.toEqual(source.forward(input).toArray());
    target.loadStateDict(source.stateDict());
    expect(plain(target.stateDict())).toEqual(plain(source.stateDict()));
    expect(target.forward(input).toArray()).toEqual(source.forward(input).toArray());
  });

  it('copies values into the same parameter tensors (an optimizer holding them sees the new values)', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 2, outputs: 1, rng: new Rng(0) });
    const before = net.parameters();
    const state = tinyState();
    net.loadStateDict(state);
    expect(net.parameters().every((parameter, i) => parameter === before[i])).toBe(true);
    expect(net.layer1.weight.toArray()).toEqual(W1);
    // The model does not alias the dict: editing the dict later leaves the model alone.
    state['layer1.weight']!.data[0] = 99;
    expect(net.layer1.weight.data[0]).toBe(1);
  });

  it('loads a custom nested model', () => {
    const source = new Outer(new Rng(10));
    const target = new Outer(new Rng(11));
    target.loadStateDict(source.stateDict());
    expect(plain(target.stateDict())).toEqual(plain(source.stateDict()));
  });

  function expectUnchangedAfterFailedLoad(state: StateDict, ...patterns: RegExp[]): void {
    const net = new TwoLayerNet({ inputs: 2, hidden: 2, outputs: 1, rng: new Rng(0) });
    const before = plain(net.stateDict());
    expectThrows(() => net.loadStateDict(state), StateDictError, ...patterns);
    expect(plain(net.stateDict())).toEqual(before);
  }

  it('a missing parameter is named, and nothing is loaded', () => {
    const state = tinyState();
    delete state['layer2.bias'];
    expectUnchangedAfterFailedLoad(
      state,
      /^loadStateDict: the state does not fit TwoLayerNet: missing: layer2\.bias\. /,
      /Build the model with the same sizes/,
    );
  });

  it('an unexpected name is named, and nothing is loaded', () => {
    expectUnchangedAfterFailedLoad(
      { ...tinyState(), 'layer3.weight': tensor([[1]]) },
      /unexpected: layer3\.weight/,
    );
  });

  it('a shape mismatch names the parameter and both shapes, and nothing is loaded', () => {
    expectUnchangedAfterFailedLoad(
      { ...tinyState(), 'layer1.weight': tensor([[1, 2, 3]]) },
      /layer1\.weight: the state has shape \[1,3\], the model \[2,2\]/,
    );
  });

  it('lists every problem at once: missing, unexpected and mismatched', () => {
    const state: StateDict = { ...tinyState(), 'layer2.weight': tensor([1, 2]), extra: tensor(0) };
    delete state['layer1.bias'];
    delete state['layer1.weight'];
    expectUnchangedAfterFailedLoad(
      state,
      /missing: layer1\.weight, layer1\.bias; unexpected: extra; layer2\.weight: the state has shape \[2\], the model \[2,1\]\./,
    );
  });

  it("an MLP's state does not fit a TwoLayerNet of the same sizes: the names differ", () => {
    const mlp = new MLP([2, 2, 1], { rng: new Rng(0) });
    expectUnchangedAfterFailedLoad(
      mlp.stateDict(),
      /missing: layer1\.weight, layer1\.bias, layer2\.weight, layer2\.bias/,
      /unexpected: layers\.0\.weight, layers\.0\.bias, layers\.1\.weight, layers\.1\.bias/,
    );
  });
});

describe('Module.toString', () => {
  it('prints a TwoLayerNet and its layers', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1, rng: new Rng(0) });
    expect(net.toString()).toBe(
      [
        'TwoLayerNet(2-16-1, hidden tanh, output sigmoid)',
        '  (layer1): Linear(inFeatures=2, outFeatures=16, bias=true)',
        '  (activation): Tanh()',
        '  (layer2): Linear(inFeatures=16, outFeatures=1, bias=true)',
      ].join('\n'),
    );
  });

  it('prints an MLP in forward order: each layer, its activation, its dropout', () => {
    const mlp = new MLP([2, 3, 4, 1], {
      activation: 'relu',
      output: 'linear',
      dropout: 0.2,
      rng: new Rng(0),
    });
    expect(mlp.toString()).toBe(
      [
        'MLP(2-3-4-1, hidden relu, output linear)',
        '  (layers.0): Linear(inFeatures=2, outFeatures=3, bias=true)',
        '  (activations.0): ReLU()',
        '  (dropouts.0): Dropout(p=0.2)',
        '  (layers.1): Linear(inFeatures=3, outFeatures=4, bias=true)',
        '  (activations.1): ReLU()',
        '  (dropouts.1): Dropout(p=0.2)',
        '  (layers.2): Linear(inFeatures=4, outFeatures=1, bias=true)',
      ].join('\n'),
    );
  });

  it('indents nested modules one level deeper per level, with settings of LeakyReLU and Softmax', () => {
    const rng = new Rng(0);
    expect(new Outer(rng).toString()).toBe(
      [
        'Outer()',
        '  (inner): TwoHeads()',
        '    (body): Sequential()',
        '      (layers.0): Linear(inFeatures=2, outFeatures=3, bias=true)',
        '      (layers.1): Tanh()',
        '    (heads.0): Linear(inFeatures=3, outFeatures=1, bias=true)',
        '    (heads.1): Linear(inFeatures=3, outFeatures=1, bias=true)',
        '  (dropout): Dropout(p=0.5)',
        '  (head): Linear(inFeatures=1, outFeatures=1, bias=true)',
      ].join('\n'),
    );
    expect(
      new Sequential(new Linear(2, 2, { bias: false, rng }), new LeakyReLU(0.2), new Softmax(0)).toString(),
    ).toBe(
      [
        'Sequential()',
        '  (layers.0): Linear(inFeatures=2, outFeatures=2, bias=false)',
        '  (layers.1): LeakyReLU(negativeSlope=0.2)',
        '  (layers.2): Softmax(axis=0)',
      ].join('\n'),
    );
  });
});

describe('Linear', () => {
  /** Linear(2, 3) with W = [[1, 2, 3], [4, 5, 6]] and b = [0.5, -1, 2]. */
  function handLayer(options: { bias?: boolean } = {}): Linear {
    const layer = new Linear(2, 3, { ...options, rng: new Rng(0) });
    layer.weight.data.set([1, 2, 3, 4, 5, 6]);
    layer.bias?.data.set([0.5, -1, 2]);
    return layer;
  }

  it('forward is X W + b: by hand on a 2-row batch', () => {
    // Row [1, 1]: [1+4, 2+5, 3+6] + b = [5.5, 6, 11]; row [2, -1]: [2-4, 4-5, 6-6] + b = [-1.5, -2, 2].
    const Z = handLayer().forward(
      tensor([
        [1, 1],
        [2, -1],
      ]),
    );
    expect(Z.toArray()).toEqual([
      [5.5, 6, 11],
      [-1.5, -2, 2],
    ]);
  });

  it('stores W as [in, out] and b as [out], both parameters; maps [m, in] to [m, out], [in] to [out]', () => {
    const layer = new Linear(4, 3, { rng: new Rng(0) });
    expect(layer.weight.shape).toEqual([4, 3]);
    expect(layer.bias?.shape).toEqual([3]);
    expect(layer.weight.requiresGrad && layer.weight.isLeaf).toBe(true);
    expect(layer.forward(new Rng(1).randn([5, 4])).shape).toEqual([5, 3]);
    expect(layer.forward(new Rng(1).randn([4])).shape).toEqual([3]);
    expect(layer.forward(new Rng(1).randn([2, 5, 4])).shape).toEqual([2, 5, 3]);
  });

  it('without a bias: bias is null, forward is X W, only the weight is a parameter', () => {
    const layer = handLayer({ bias: false });
    expect(layer.bias).toBeNull();
    expect(names(layer)).toEqual(['weight']);
    // [1, 1] W = [5, 7, 9]
    expect(layer.forward(tensor([[1, 1]])).toArray()).toEqual([[5, 7, 9]]);
  });

  it('backward of sum(X W + b): dW[i][j] = sum over rows of X[r][i], db[j] = number of rows', () => {
    const layer = handLayer();
    layer
      .forward(
        tensor([
          [1, 1],
          [2, -1],
          [0.5, 3],
        ]),
      )
      .sum()
      .backward();
    // Column sums of X: 1 + 2 + 0.5 = 3.5 and 1 - 1 + 3 = 3.
    expect(layer.weight.grad?.toArray()).toEqual([
      [3.5, 3.5, 3.5],
      [3, 3, 3],
    ]);
    expect(layer.bias?.grad?.toArray()).toEqual([3, 3, 3]);
  });

  it('an input whose last axis is not inFeatures is a ConfigError naming both', () => {
    expectThrows(
      () => handLayer().forward(tensor([[1, 2, 3]])),
      ConfigError,
      /^Linear\(2 -> 3\): the input has shape \[1,3\], but its last axis must have 2 features$/,
    );
  });

  it('sizes that are not positive integers are ConfigErrors naming the size', () => {
    expectThrows(() => new Linear(0, 3), ConfigError, /inFeatures must be a positive integer, got 0/);
    expectThrows(() => new Linear(2, -1), ConfigError, /outFeatures must be a positive integer, got -1/);
    expectThrows(() => new Linear(2.5, 3), ConfigError, /inFeatures .* got 2\.5/);
    expectThrows(() => new Linear(2, Number.NaN), ConfigError, /outFeatures .* got NaN/);
  });
});

describe('activation modules', () => {
  const input = tensor([
    [-2, -0.5, 0],
    [0.25, 1, 3],
  ]);

  it('Sigmoid, Tanh, ReLU, LeakyReLU, Softmax and Identity compute exactly their ops', () => {
    expect(new Sigmoid().forward(input).toArray()).toEqual(input.sigmoid().toArray());
    expect(new Tanh().forward(input).toArray()).toEqual(input.tanh().toArray());
    expect(new ReLU().forward(input).toArray()).toEqual(input.relu().toArray());
    expect(new LeakyReLU().forward(input).toArray()).toEqual(input.leakyRelu(0.01).toArray());
    expect(new LeakyReLU(0.2).forward(input).toArray()).toEqual(input.leakyRelu(0.2).toArray());
    expect(new Softmax().forward(input).toArray()).toEqual(input.softmax(-1).toArray());
    expect(new Softmax(0).forward(input).toArray()).toEqual(input.softmax(0).toArray());
    expect(new Identity().forward(input)).toBe(input);
  });

  it('by hand: ReLU [-2, 0, 3] -> [0, 0, 3], LeakyReLU(0.2) -> [-0.4, 0, 3], Sigmoid(0) = 0.5', () => {
    expect(new ReLU().forward(tensor([-2, 0, 3])).toArray()).toEqual([0, 0, 3]);
    expectAllClose(new LeakyReLU(0.2).forward(tensor([-2, 0, 3])), [-0.4, 0, 3]);
    expect(new LeakyReLU().negativeSlope).toBe(0.01);
    expect(new Sigmoid().forward(tensor([0])).toArray()).toEqual([0.5]);
  });

  it('activationModule gives the module for each name; none has parameters', () => {
    expect(activationModule('sigmoid')).toBeInstanceOf(Sigmoid);
    expect(activationModule('tanh')).toBeInstanceOf(Tanh);
    expect(activationModule('relu')).toBeInstanceOf(ReLU);
    expect(activationModule('leakyRelu')).toBeInstanceOf(LeakyReLU);
    expect(activationModule('identity')).toBeInstanceOf(Identity);
    expect(new Softmax().numParameters()).toBe(0);
  });
});

describe('Dropout', () => {
  const ones = (n: number) => tensor(new Float64Array(n).fill(1));

  it('is the identity in eval mode and with p = 0 (the same tensor comes back)', () => {
    const input = new Rng(0).randn([4, 5]);
    expect(new Dropout(0.5, { rng: new Rng(1) }).eval().forward(input)).toBe(input);
    expect(new Dropout(0, { rng: new Rng(1) }).forward(input)).toBe(input);
  });

  it('in training mode zeros about p of the elements and scales the rest by exactly 1 / (1 - p)', () => {
    const n = 100_000;
    const p = 0.3;
    const output = new Dropout(p, { rng: new Rng(2) }).forward(ones(n));
    const zeros = output.data.filter((value) => value === 0).length;
    // Each element is dropped with probability p: the fraction has standard deviation sqrt(p(1-p)/n) =
    // 0.00145; 5 standard deviations is 0.0073.
    expectClose(zeros / n, p, { atol: 5 * Math.sqrt((p * (1 - p)) / n), rtol: 0 });
    expect(output.data.every((value) => value === 0 || value === 1 / (1 - p))).toBe(true);
  });

  it('preserves the mean: E[output] = input; on 100,000 ones the mean is 1 within 5 standard deviations', () => {
    const n = 100_000;
    const p = 0.5;
    // Each output is 0 or 1/(1-p) = 2 with equal odds: variance p / (1 - p) = 1, so the mean of n has
    // standard deviation 1/sqrt(n) = 0.0032.
    const mean = new Dropout(p, { rng: new Rng(3) }).forward(ones(n)).mean().item();
    expectClose(mean, 1, { atol: 5 * Math.sqrt(p / (1 - p) / n), rtol: 0 });
  });

  it('a survivor is its input times 1 / (1 - p) to within 2 ulps, and the gradient is the mask', () => {
    const p = 0.25;
    const input = new Rng(4).randn([50], { requiresGrad: true });
    const output = new Dropout(p, { rng: new Rng(5) }).forward(input);
    output.sum().backward();
    let dropped = 0;
    input.data.forEach((value, i) => {
      const kept = output.data[i] !== 0;
      if (!kept) dropped++;
      expectClose(output.data[i]!, kept ? value / (1 - p) : 0, { atol: 0, rtol: 4.5e-16 }, `element ${i}`);
      // d output_i / d input_i = mask_i: 1 / (1 - p) for a survivor, 0 for a dropped element.
      expectClose(input.grad!.data[i]!, kept ? 1 / (1 - p) : 0, { atol: 0, rtol: 4.5e-16 }, `gradient ${i}`);
    });
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(50);
  });

  it('the same seed gives the same mask; another seed another; each call draws a fresh mask', () => {
    const input = ones(200);
    const first = new Dropout(0.5, { rng: new Rng(7) });
    const again = new Dropout(0.5, { rng: new Rng(7) });
    const mask = first.forward(input).toArray();
    expect(again.forward(input).toArray()).toEqual(mask);
    expect(new Dropout(0.5, { rng: new Rng(8) }).forward(input).toArray()).not.toEqual(mask);
    expect(first.forward(input).toArray()).not.toEqual(mask);
  });

  it('p = 1 drops everything in training mode', () => {
    expect(new Dropout(1, { rng: new Rng(0) }).forward(ones(10)).toArray()).toEqual(Array(10).fill(0));
  });

  it('p outside [0, 1] is a ConfigError', () => {
    for (const p of [-0.1, 1.5, Number.NaN]) {
      expectThrows(() => new Dropout(p), ConfigError, new RegExp(`Dropout: p = ${p} must lie in \\[0, 1\\]`));
    }
  });
});

describe('TwoLayerNet', () => {
  it('forward = output(logits) for each output kind', () => {
    const input = new Rng(1).randn([5, 3]);
    const expected: Record<OutputActivation, (Z2: Tensor) => Tensor> = {
      sigmoid: (Z2) => Z2.sigmoid(),
      softmax: (Z2) => Z2.softmax(-1),
      linear: (Z2) => Z2,
    };
    for (const output of ['sigmoid', 'softmax', 'linear'] as const) {
      const net = new TwoLayerNet({ inputs: 3, hidden: 4, outputs: 3, output, rng: new Rng(0) });
      expect(net.output).toBe(output);
      expect(net.forward(input).toArray()).toEqual(expected[output](net.logits(input)).toArray());
    }
  });

  it('logits = layer2(g(layer1(X))) for each hidden activation', () => {
    const input = new Rng(1).randn([5, 3]);
    const g: Record<HiddenActivation, (Z1: Tensor) => Tensor> = {
      sigmoid: (Z1) => Z1.sigmoid(),
      tanh: (Z1) => Z1.tanh(),
      relu: (Z1) => Z1.relu(),
    };
    for (const hiddenActivation of ['sigmoid', 'tanh', 'relu'] as const) {
      const net = new TwoLayerNet({ inputs: 3, hidden: 4, outputs: 2, hiddenActivation, rng: new Rng(0) });
      const Z2 = net.layer2.forward(g[hiddenActivation](net.layer1.forward(input)));
      expect(net.logits(input).toArray()).toEqual(Z2.toArray());
    }
  });

  it('defaults: tanh hidden, sigmoid output; inputs, hidden, outputs read back', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1, rng: new Rng(0) });
    expect([net.hiddenActivation, net.output]).toEqual(['tanh', 'sigmoid']);
    expect([net.inputs, net.hidden, net.outputs]).toEqual([2, 16, 1]);
    expect(net.activation).toBeInstanceOf(Tanh);
  });

  it('by hand, a 2-2-1 relu net with linear output (weights loaded by loadStateDict)', () => {
    const net = new TwoLayerNet({
      inputs: 2,
      hidden: 2,
      outputs: 1,
      hiddenActivation: 'relu',
      output: 'linear',
    });
    net.loadStateDict(tinyState());
    // A1 = relu(Z1) = [[5.5, 0], [1.5, 0.5]]; Z2 = A1 W2 + b2 = [5.5*3 + 0.25, 1.5*3 - 0.5*2 + 0.25].
    expect(net.forward(tensor(X)).toArray()).toEqual([[16.75], [3.75]]);
  });

  it('by hand, the same weights with tanh hidden and sigmoid output (weights written into .data)', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 2, outputs: 1, rng: new Rng(0) });
    net.layer1.weight.data.set(W1.flat());
    net.layer1.bias!.data.set(b1);
    net.layer2.weight.data.set(W2.flat());
    net.layer2.bias!.data.set(b2);
    // A2 = sigmoid(3 tanh(Z1[0]) - 2 tanh(Z1[1]) + 0.25) per row.
    const A2 = Z1.map(([z, w]) => [1 / (1 + Math.exp(-(3 * Math.tanh(z!) - 2 * Math.tanh(w!) + 0.25)))]);
    expectAllClose(net.forward(tensor(X)), A2);
  });

  it('by hand, sigmoid hidden and softmax output over 2 classes', () => {
    const net = new TwoLayerNet({
      inputs: 2,
      hidden: 2,
      outputs: 2,
      hiddenActivation: 'sigmoid',
      output: 'softmax',
    });
    net.loadStateDict({
      ...tinyState(),
      'layer2.weight': tensor([
        [3, -1],
        [-2, 1],
      ]),
      'layer2.bias': tensor([0.25, 0]),
    });
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const A2 = Z1.map(([z, w]) => {
      const a = [sigmoid(z!), sigmoid(w!)] as const;
      const scores = [3 * a[0] - 2 * a[1] + 0.25, -a[0] + a[1]];
      const total = Math.exp(scores[0]!) + Math.exp(scores[1]!);
      return scores.map((s) => Math.exp(s) / total);
    });
    expectAllClose(net.forward(tensor(X)), A2);
  });

  it('a bad configuration is a ConfigError naming the setting and the choices', () => {
    expectThrows(
      () =>
        new TwoLayerNet({
          inputs: 2,
          hidden: 4,
          outputs: 1,
          hiddenActivation: 'softmax' as HiddenActivation,
        }),
      ConfigError,
      /TwoLayerNet: hiddenActivation 'softmax' is not one of sigmoid, tanh, relu/,
    );
    expectThrows(
      () => new TwoLayerNet({ inputs: 2, hidden: 4, outputs: 1, output: 'relu' as OutputActivation }),
      ConfigError,
      /TwoLayerNet: output 'relu' is not one of sigmoid, softmax, linear/,
    );
    expectThrows(() => new TwoLayerNet({ inputs: 2, hidden: 0, outputs: 1 }), ConfigError, /got 0/);
    expectThrows(() => new TwoLayerNet({ inputs: 2, hidden: 4, outputs: 1.5 }), ConfigError, /got 1\.5/);
  });
});

describe('MLP', () => {
  it('by hand, a [2, 2, 2, 1] relu MLP with linear output', () => {
    const mlp = new MLP([2, 2, 2, 1], { activation: 'relu', output: 'linear', rng: new Rng(0) });
    mlp.loadStateDict({
      'layers.0.weight': tensor(W1),
      'layers.0.bias': tensor(b1),
      'layers.1.weight': tensor([
        [1, 2],
        [-1, 1],
      ]),
      'layers.1.bias': tensor([0, -1]),
      'layers.2.weight': tensor([[2], [1]]),
      'layers.2.bias': tensor([0.5]),
    });
    // A1 = relu(Z1) = [[5.5, 0], [1.5, 0.5]].
    // Row 0: A2 = relu([5.5, 11 - 1]) = [5.5, 10]; out = 2*5.5 + 10 + 0.5 = 21.5.
    // Row 1: A2 = relu([1.5 - 0.5, 3 + 0.5 - 1]) = [1, 2.5]; out = 2 + 2.5 + 0.5 = 5.
    expect(mlp.forward(tensor(X)).toArray()).toEqual([[21.5], [5]]);
  });

  it('forward = output(logits) for each output kind; depth counts the weight layers', () => {
    const input = new Rng(1).randn([4, 3]);
    for (const output of ['sigmoid', 'softmax', 'linear'] as const) {
      const mlp = new MLP([3, 5, 5, 2], { activation: 'tanh', output, rng: new Rng(0) });
      const logits = mlp.logits(input);
      const expected =
        output === 'sigmoid' ? logits.sigmoid() : output === 'softmax' ? logits.softmax() : logits;
      expect(mlp.forward(input).toArray()).toEqual(expected.toArray());
      expect(mlp.depth).toBe(3);
    }
  });

  it('with no hidden layer, [3, 2] is one Linear layer: logits = X W + b', () => {
    const mlp = new MLP([3, 2], { rng: new Rng(0) });
    const input = new Rng(1).randn([4, 3]);
    expect(mlp.activations).toEqual([]);
    expect(mlp.logits(input).toArray()).toEqual(mlp.layers[0]!.forward(input).toArray());
  });

  it('defaults: relu hidden, linear output', () => {
    const mlp = new MLP([2, 3, 1], { rng: new Rng(0) });
    expect([mlp.activation, mlp.output]).toEqual(['relu', 'linear']);
  });

  it('a bad configuration is a ConfigError naming the setting', () => {
    expectThrows(
      () => new MLP([3]),
      ConfigError,
      /MLP: sizes \[3\] need at least an input and an output size/,
    );
    expectThrows(
      () => new MLP([2, 1], { activation: 'leakyRelu' as HiddenActivation }),
      ConfigError,
      /MLP: activation 'leakyRelu' is not one of sigmoid, tanh, relu/,
    );
    expectThrows(
      () => new MLP([2, 1], { output: 'tanh' as OutputActivation }),
      ConfigError,
      /MLP: output 'tanh' is not one of sigmoid, softmax, linear/,
    );
    expectThrows(() => new MLP([2, 0, 1]), ConfigError, /got 0/);
    // Dropout is checked even where no layer would use it (no hidden layer) and when negative.
    for (const dropout of [-0.1, 1.5, Number.NaN]) {
      expectThrows(() => new MLP([2, 1], { dropout }), ConfigError, /MLP: dropout .* must lie in \[0, 1\]/);
      expectThrows(() => new MLP([2, 4, 1], { dropout }), ConfigError, /MLP: dropout/);
    }
  });
});

describe('seeded construction', () => {
  it('the same Rng seed gives the same weights, another seed other weights', () => {
    for (const init of [
      'pytorch',
      'xavierUniform',
      'xavierNormal',
      'kaimingUniform',
      'kaimingNormal',
    ] as const) {
      const build = (seed: number) =>
        plain(new TwoLayerNet({ inputs: 3, hidden: 6, outputs: 2, init, rng: new Rng(seed) }).stateDict());
      expect(build(11), init).toEqual(build(11));
      expect(build(11), init).not.toEqual(build(12));
    }
    const mlp = (seed: number) => plain(new MLP([2, 5, 5, 3], { rng: new Rng(seed) }).stateDict());
    expect(mlp(11)).toEqual(mlp(11));
    expect(mlp(11)).not.toEqual(mlp(12));
  });

  it('a TwoLayerNet draws layer1 then layer2 from its Rng, as two Linear layers built in turn', () => {
    const rng = new Rng(21);
    const layer1 = new Linear(2, 16, { rng });
    const layer2 = new Linear(16, 1, { rng });
    const net = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1, rng: new Rng(21) });
    expect(net.layer1.weight.toArray()).toEqual(layer1.weight.toArray());
    expect(net.layer1.bias?.toArray()).toEqual(layer1.bias?.toArray());
    expect(net.layer2.weight.toArray()).toEqual(layer2.weight.toArray());
    expect(net.layer2.bias?.toArray()).toEqual(layer2.bias?.toArray());
  });
});
