/**
 * fit and evaluate on any Module with a loss function, as a PyTorch training loop: a Sequential or a model of
 * one's own, its cost loss(model.forward(X), y), its accuracy read from the shapes of output and targets.
 */
import { Rng, type Tensor, tensor, zeros } from '@tapegrad/autograd';
import {
  Adam,
  bceWithLogits,
  binaryCrossEntropy,
  ConfigError,
  circles,
  crossEntropy,
  Dropout,
  evaluate,
  fit,
  Linear,
  MLP,
  Module,
  moons,
  mse,
  oneHot,
  ReLU,
  Sequential,
  SGD,
  Sigmoid,
  spirals,
  Tanh,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectClose } from '../support/assertions.ts';

const moonData = () => {
  const data = moons({ n: 200, noise: 0.1, rng: new Rng(1) });
  return { X: data.X, y: data.y };
};

/** Copies a network's parameters into a model whose parameters come in the same order, name by name. */
function copyWeights(from: Module, to: Module): void {
  const values = from.namedParameters().map(([, parameter]) => parameter);
  to.loadStateDict(Object.fromEntries(to.namedParameters().map(([name], i) => [name, values[i]!])));
}

/** A logistic model on x and x^2, written on raw tensors: z = x^2 w2 + x weight + bias. */
class QuadraticLogit extends Module {
  readonly weight: Tensor;
  readonly squareWeight: Tensor;
  readonly bias = zeros([1], { requiresGrad: true });

  constructor(rng: Rng) {
    super();
    this.weight = rng.randn([2, 1], { requiresGrad: true });
    this.squareWeight = rng.randn([2, 1], { requiresGrad: true });
  }

  forward(X: Tensor): Tensor {
    return X.square().matmul(this.squareWeight).add(X.matmul(this.weight)).add(this.bias);
  }
}

describe('fit on a Sequential follows the network it equals, loss for loss', () => {
  test('Linear, Tanh, Linear with bceWithLogits = TwoLayerNet by name (Adam, mini-batches, l2, validation)', () => {
    const { X, y } = moonData();
    const validation = moons({ n: 50, noise: 0.1, rng: new Rng(2) });
    const net = new TwoLayerNet({
      inputs: 2,
      hidden: 8,
      outputs: 1,
      hiddenActivation: 'tanh',
      rng: new Rng(3),
    });
    const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
    copyWeights(net, model);
    const common = { epochs: 25, batchSize: 32, l2: 0.01 };
    const byName = fit(
      net,
      { X, y },
      {
        ...common,
        rng: new Rng(4),
        optimizer: new Adam(net.parameters(), { lr: 0.05 }),
        validation,
      },
    );
    // The loss function takes y as given, so the [n] labels become the [n, 1] column the logits have.
    const column = (labels: Tensor) => labels.reshape([-1, 1]);
    const byFunction = fit(
      model,
      { X, y: column(y) },
      {
        ...common,
        rng: new Rng(4),
        optimizer: new Adam(model.parameters(), { lr: 0.05 }),
        loss: (output, target) => bceWithLogits(output, target),
        validation: { X: validation.X, y: column(validation.y) },
      },
    );
    const curve = (records: typeof byName.history) =>
      records.map(({ trainLoss, trainAccuracy, valLoss, valAccuracy }) => [
        trainLoss,
        trainAccuracy,
        valLoss,
        valAccuracy,
      ]);
    expect(curve(byFunction.history)).toEqual(curve(byName.history));
    expect(byName.history.at(-1)!.trainLoss).toBeLessThan(0.3);
  });

  test('Linear, ReLU, Linear with crossEntropy = MLP with a softmax output by name (labels [n], 3 classes)', () => {
    const data = spirals({ n: 30, classes: 3, rng: new Rng(5) });
    const mlp = new MLP([2, 6, 3], { activation: 'relu', output: 'softmax', rng: new Rng(6) });
    const model = new Sequential(new Linear(2, 6), new ReLU(), new Linear(6, 3));
    copyWeights(mlp, model);
    const run = (target: Module, options: { loss?: typeof crossEntropy }) =>
      fit(target, data, {
        epochs: 15,
        batchSize: 16,
        rng: new Rng(7),
        optimizer: new SGD(target.parameters(), { lr: 0.2, momentum: 0.9 }),
        ...options,
      }).history.map((record) => [record.trainLoss, record.trainAccuracy]);
    expect(run(model, { loss: crossEntropy })).toEqual(run(mlp, {}));
  });
});

describe('fit on a Module of your own', () => {
  test('a logistic model on x and x^2 learns the two circles: loss 0.87 -> below 0.025 in 300 epochs, accuracy 1', () => {
    const data = circles({ n: 100, noise: 0.05, factor: 0.5, rng: new Rng(8) });
    const targets = { X: data.X, y: data.y.reshape([-1, 1]) };
    const model = new QuadraticLogit(new Rng(9));
    const before = evaluate(model, targets, { loss: bceWithLogits });
    const result = fit(model, targets, {
      epochs: 300,
      optimizer: new Adam(model.parameters(), { lr: 0.1 }),
      loss: bceWithLogits,
    });
    expect(before.loss).toBeGreaterThan(0.85);
    const last = result.history.at(-1)!;
    expect(last.trainLoss).toBeLessThan(0.025);
    expect(last.trainAccuracy).toEqual(1);
    expect(result.stopReason).toEqual('maxEpochs');
  });

  test('l2 covers the parameters named weight, as the networks: the same cost as l2Penalty on them', () => {
    const { X, y } = moonData();
    const model = new QuadraticLogit(new Rng(10));
    const targets = y.reshape([-1, 1]);
    const withL2 = evaluate(model, { X, y: targets }, { loss: bceWithLogits, l2: 0.5 }).loss;
    const plain = evaluate(model, { X, y: targets }, { loss: bceWithLogits }).loss;
    // (l2 / 2m) * ||weight||^2: squareWeight and bias are left out.
    const squaredNorm = model.weight.data.reduce((total, w) => total + w * w, 0);
    expectClose(withL2 - plain, (0.5 / (2 * 200)) * squaredNorm, { atol: 1e-15, rtol: 1e-12 });
  });

  test('the loss runs in training mode for the steps and in evaluation mode for the records', () => {
    const { X, y } = moonData();
    const model = new Sequential(
      new Linear(2, 16, { rng: new Rng(11) }),
      new ReLU(),
      new Dropout(0.5, { rng: new Rng(12) }),
      new Linear(16, 1, { rng: new Rng(13) }),
    );
    const modes: boolean[] = [];
    const data = { X, y: y.reshape([-1, 1]) };
    const result = fit(model, data, {
      epochs: 2,
      loss: (output, target) => {
        modes.push(model.training);
        return bceWithLogits(output, target);
      },
      validation: data,
      // Eager steps call the loss function at every step; a compiled step calls it only when it traces.
      compile: false,
    });
    // First the starting loss (the reference for divergence) with dropout off; then per epoch: one
    // full-batch step with dropout on, then the training and validation rows with it off.
    expect(modes).toEqual([false, true, false, false, true, false, false]);
    expect(model.training).toBe(true);
    for (const record of result.history) expect(record.valLoss).toEqual(record.trainLoss);
  });

  test('early stopping restores the best weights of a Sequential', () => {
    const { X, y } = moonData();
    const model = new Sequential(new Linear(2, 8, { rng: new Rng(14) }), new Tanh(), new Linear(8, 1));
    const data = { X, y: y.reshape([-1, 1]) };
    const result = fit(model, data, {
      epochs: 200,
      optimizer: new SGD(model.parameters(), { lr: 8 }),
      loss: bceWithLogits,
      validation: data,
      earlyStopping: { patience: 3 },
    });
    expect(result.stopReason).toEqual('earlyStopping');
    const best = Math.min(...result.history.map((record) => record.valLoss!));
    expect(evaluate(model, data, { loss: bceWithLogits }).loss).toEqual(best);
  });
});

describe('accuracy of a general Module, from the shapes of output and targets', () => {
  const { X, y } = moonData();
  const logits = () => new Sequential(new Linear(2, 4, { rng: new Rng(15) }), new Tanh(), new Linear(4, 1));
  const count = (predicted: number[]) => predicted.filter((p, i) => p === y.data[i]).length / 200;

  test('one output with 0/1 targets is read as a logit: class 1 where it is > 0', () => {
    const model = logits();
    const output = Array.from(model.forward(X).data);
    const result = evaluate(model, { X, y: y.reshape([-1, 1]) }, { loss: bceWithLogits });
    expect(result.accuracy).toEqual(count(output.map((z) => (z > 0 ? 1 : 0))));
  });

  test('a Sequential ending in Sigmoid gives probabilities: class 1 where it is > 0.5', () => {
    const model = new Sequential(logits(), new Sigmoid());
    const output = Array.from(model.forward(X).data);
    const result = evaluate(model, { X, y: y.reshape([-1, 1]) }, { loss: binaryCrossEntropy });
    expect(result.accuracy).toEqual(count(output.map((p) => (p > 0.5 ? 1 : 0))));
  });

  test('k outputs with labels [n] or one-hot rows [n, k]: the argmax of each row', () => {
    const model = new Sequential(new Linear(2, 2, { rng: new Rng(16) }));
    const output = model.forward(X).toArray() as number[][];
    const expected = count(output.map(([a, b]) => (b! > a! ? 1 : 0)));
    expect(evaluate(model, { X, y }, { loss: crossEntropy }).accuracy).toEqual(expected);
    expect(evaluate(model, { X, y: oneHot(y, 2) }, { loss: crossEntropy }).accuracy).toEqual(expected);
  });

  test('predict replaces the rule; predict: null turns accuracy off', () => {
    const model = logits();
    const target = { X, y: y.reshape([-1, 1]) };
    const alwaysOne = () => tensor(new Array<number>(200).fill(1));
    expect(evaluate(model, target, { loss: bceWithLogits, predict: alwaysOne }).accuracy).toEqual(0.5);
    expect(evaluate(model, target, { loss: bceWithLogits, predict: null }).accuracy).toBeNull();
    const net = new TwoLayerNet({ inputs: 2, hidden: 4, outputs: 1, rng: new Rng(17) });
    expect(evaluate(net, { X, y }, { predict: null }).accuracy).toBeNull();
  });

  test('a network with a loss function gets its forward output: an MLP with a linear output trains on logits', () => {
    const mlp = new MLP([2, 8, 1], { activation: 'tanh', output: 'linear', rng: new Rng(18) });
    const result = fit(
      mlp,
      { X, y: y.reshape([-1, 1]) },
      {
        epochs: 100,
        optimizer: new Adam(mlp.parameters(), { lr: 0.05 }),
        loss: bceWithLogits,
      },
    );
    const last = result.history.at(-1)!;
    const output = Array.from(mlp.forward(X).data);
    expect(last.trainAccuracy).toEqual(count(output.map((z) => (z > 0 ? 1 : 0))));
    expect(last.trainAccuracy!).toBeGreaterThan(0.85);
  });

  test('a regression Module trained with mse reports null accuracy', () => {
    const rng = new Rng(19);
    const inputs = rng.uniform([64, 1], -2, 2);
    const targets = inputs.tanh().mul(2);
    const model = new Sequential(new Linear(1, 8, { rng }), new Tanh(), new Linear(8, 1, { rng }));
    const result = fit(
      model,
      { X: inputs, y: targets },
      {
        epochs: 200,
        optimizer: new Adam(model.parameters(), { lr: 0.05 }),
        loss: mse,
        validationSplit: 0.25,
        rng: new Rng(20),
      },
    );
    for (const record of result.history) {
      expect(record.trainAccuracy).toBeNull();
      expect(record.valAccuracy).toBeNull();
    }
    expect(result.history.at(-1)!.trainLoss).toBeLessThan(0.01);
  });
});

describe('fit and evaluate on a Module: each mistake is a ConfigError naming the option and the fix', () => {
  const { X, y } = moonData();
  const data = { X, y: y.reshape([-1, 1]) };
  const sequential = () => new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1));
  const throwsConfig = (run: () => unknown, message: string) => {
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  };

  test('a Module that is not a network needs the loss option', () => {
    throwsConfig(
      () => fit(sequential(), data),
      'fit: a Sequential needs the loss option: a function (output, target) => scalar tensor, ' +
        'e.g. { loss: crossEntropy } for class labels or { loss: mse } for regression; ' +
        'only TwoLayerNet and MLP pick their loss from their output activation',
    );
    throwsConfig(() => evaluate(sequential(), data), 'evaluate: a Sequential needs the loss option');
  });

  test('a loss name is for the networks; a Module gets the function to write instead', () => {
    throwsConfig(
      () => fit(sequential(), data, { loss: 'bce' }),
      "fit: loss 'bce' is a name, which only TwoLayerNet and MLP take (they apply it to their logits); " +
        'for a Sequential pass the loss function: loss: bceWithLogits (on logits) or binaryCrossEntropy (on probabilities)',
    );
  });

  test("gradients: 'manual' needs a network, and a loss by name", () => {
    throwsConfig(
      () => fit(sequential(), data, { loss: bceWithLogits, gradients: 'manual' }),
      "fit: gradients: 'manual' uses the hand-derived formulas of TwoLayerNet and MLP, and a Sequential has " +
        "none; leave gradients at 'autograd' (the default)",
    );
    const net = new TwoLayerNet({ inputs: 2, hidden: 4, outputs: 1 });
    throwsConfig(
      () => fit(net, data, { loss: bceWithLogits, gradients: 'manual' }),
      "fit: gradients: 'manual' needs the loss by name ('bce', 'crossEntropy' or 'mse'), the losses the " +
        "formulas are derived for; with a loss function leave gradients at 'autograd' (the default)",
    );
  });

  test("l2 needs parameters named 'weight'; else the optimizer's weight decay", () => {
    class Affine extends Module {
      readonly W = zeros([2, 1], { requiresGrad: true });
      forward(input: Tensor): Tensor {
        return input.matmul(this.W);
      }
    }
    throwsConfig(
      () => fit(new Affine(), data, { loss: bceWithLogits, l2: 0.1 }),
      "fit: l2 covers the parameters named 'weight' (as Linear's), and this Affine has none; name its weight " +
        "tensors 'weight', or leave l2 out and use the optimizer's weight decay " +
        '(e.g. new SGD(model.parameters(), { lr: 0.1, weightDecay: 1e-4 }))',
    );
  });

  test('a loss function must return one number on the tape', () => {
    throwsConfig(
      () =>
        fit(sequential(), data, {
          loss: (output, target) => bceWithLogits(output, target, { reduction: 'none' }),
        }),
      "fit: the loss function returned shape [200,1], not one number; reduce it to a scalar with .mean() (or the loss's reduction: 'mean')",
    );
    throwsConfig(
      () =>
        fit(sequential(), data, { loss: (output, target) => tensor(bceWithLogits(output, target).item()) }),
      "fit: the loss does not depend on the model's parameters (it is off the tape); compute it from the " +
        'output with tensor operations, not from .data or .item()',
    );
  });
});
