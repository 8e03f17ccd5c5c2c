import { Rng, type Tensor, tensor } from '@tapegrad/autograd';
import {
  Adam,
  binaryCrossEntropy,
  ConfigError,
  DataError,
  DivergenceError,
  type EpochRecord,
  evaluate,
  fit,
  Linear,
  MLP,
  moons,
  mse,
  objective,
  Sequential,
  SGD,
  Sigmoid,
  spirals,
  Tanh,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectClose } from '../support/assertions.ts';

const net = (seed: number, output: 'sigmoid' | 'softmax' | 'linear' = 'sigmoid', outputs = 1) =>
  new TwoLayerNet({ inputs: 2, hidden: 8, outputs, hiddenActivation: 'tanh', output, rng: new Rng(seed) });

const moonData = () => {
  const data = moons({ n: 200, noise: 0.1, rng: new Rng(1) });
  return { X: data.X, y: data.y };
};

describe('fit: one full-batch epoch is one gradient step', () => {
  test('with plain SGD the weights after 1 epoch are W - lr * dJ/dW from the tape', () => {
    const data = moonData();
    const model = net(2);
    const reference = net(2);
    const cost = objective(reference, data.X, data.y.reshape([-1, 1]));
    cost.backward();
    fit(model, data, { epochs: 1, optimizer: new SGD(model.parameters(), { lr: 0.3 }) });
    model.namedParameters().forEach(([name, parameter], i) => {
      const [, start] = reference.namedParameters()[i]!;
      parameter.data.forEach((value, k) => {
        expectClose(
          value,
          start.data[k]! - 0.3 * start.grad!.data[k]!,
          { atol: 1e-15, rtol: 1e-14 },
          `${name}[${k}]`,
        );
      });
    });
  });

  test('the recorded train loss is the cost after the epoch, and trainAccuracy matches the predictions', () => {
    const data = moonData();
    const model = net(3);
    const [record] = fit(model, data, { epochs: 1, lr: 0.1 }).history as [EpochRecord];
    expectClose(record.trainLoss, objective(model, data.X, data.y.reshape([-1, 1])).item(), {
      atol: 0,
      rtol: 1e-15,
    });
    const predicted = Array.from(model.forward(data.X).data, (p) => (p > 0.5 ? 1 : 0));
    const correct = predicted.filter((p, i) => p === data.y.data[i]).length;
    expect(record.trainAccuracy).toEqual(correct / 200);
    expect(record.valLoss).toBeNull();
    expect(record.lr).toEqual(0.1);
    expect(record.seconds).toBeGreaterThanOrEqual(0);
  });
});

describe("fit with gradients: 'manual' follows the same curve as the tape", () => {
  test('TwoLayerNet: loss per epoch equal within 1e-12 relative over 30 epochs', () => {
    const data = moonData();
    const [a, b] = [net(4), net(4)];
    const viaTape = fit(a, data, { epochs: 30, optimizer: new Adam(a.parameters(), { lr: 0.05 }) });
    const viaFormulas = fit(b, data, {
      epochs: 30,
      optimizer: new Adam(b.parameters(), { lr: 0.05 }),
      gradients: 'manual',
    });
    viaTape.history.forEach((record, i) => {
      expectClose(viaFormulas.history[i]!.trainLoss, record.trainLoss, { atol: 1e-15, rtol: 1e-12 });
    });
  });

  test('MLP of depth 3 with softmax and mini-batches: the same curve', () => {
    const data = spirals({ n: 30, classes: 3, rng: new Rng(5) });
    const build = () => new MLP([2, 6, 6, 3], { activation: 'relu', output: 'softmax', rng: new Rng(6) });
    const [a, b] = [build(), build()];
    const options = { epochs: 10, batchSize: 16 };
    const viaTape = fit(a, data, {
      ...options,
      rng: new Rng(7),
      optimizer: new Adam(a.parameters(), { lr: 0.02 }),
    });
    const viaFormulas = fit(b, data, {
      ...options,
      rng: new Rng(7),
      optimizer: new Adam(b.parameters(), { lr: 0.02 }),
      gradients: 'manual',
    });
    viaTape.history.forEach((record, i) => {
      expectClose(viaFormulas.history[i]!.trainLoss, record.trainLoss, { atol: 1e-15, rtol: 1e-12 });
    });
  });
});

describe('fit: batches, shuffling and validation', () => {
  test('the same rng seed gives the same mini-batch run; another seed a different one', () => {
    const data = moonData();
    const run = (seed: number) => {
      const model = net(8);
      return fit(model, data, { epochs: 3, batchSize: 32, lr: 0.2, rng: new Rng(seed) }).history.map(
        (r) => r.trainLoss,
      );
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  test('validation data is evaluated every epoch; validationSplit holds out that fraction of the rows', () => {
    const data = moonData();
    const withData = fit(net(9), data, { epochs: 2, validation: { X: data.X, y: data.y } });
    // Validating on the training rows gives back the training loss.
    for (const record of withData.history) expect(record.valLoss).toEqual(record.trainLoss);
    const seen: number[] = [];
    const split = fit(net(9), data, {
      epochs: 1,
      validationSplit: 0.25,
      rng: new Rng(3),
      onEpoch: (record) => seen.push(record.epoch),
    });
    expect(split.history[0]!.valLoss).not.toBeNull();
    // 25% of 200 rows are held out: accuracies are multiples of 1/150 and 1/50.
    expectClose(split.history[0]!.trainAccuracy! * 150, Math.round(split.history[0]!.trainAccuracy! * 150), {
      atol: 1e-9,
      rtol: 0,
    });
    expectClose(split.history[0]!.valAccuracy! * 50, Math.round(split.history[0]!.valAccuracy! * 50), {
      atol: 1e-9,
      rtol: 0,
    });
    expect(seen).toEqual([1]);
  });

  test('regression (mse) has no accuracy', () => {
    const X = tensor([
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[1], [2], [3]]);
    const [record] = fit(net(10, 'linear'), { X, y }, { epochs: 1 }).history as [EpochRecord];
    expect(record.trainAccuracy).toBeNull();
  });
});

describe('fit: stopping', () => {
  test('stops at the first epoch whose training loss reaches targetLoss', () => {
    const model = net(11);
    const reached = fit(model, moonData(), {
      epochs: 500,
      optimizer: new Adam(model.parameters(), { lr: 0.05 }),
      targetLoss: 0.3,
    });
    expect(reached.stopReason).toEqual('targetLoss');
    const losses = reached.history.map((record) => record.trainLoss);
    expect(losses.at(-1)!).toBeLessThanOrEqual(0.3);
    expect(losses.slice(0, -1).every((loss) => loss > 0.3)).toBe(true);
  });

  test('early stopping waits `patience` epochs without improvement, then restores the best weights', () => {
    const data = moonData();
    const model = net(12);
    // A large learning rate makes the validation loss bounce, so improvement stalls early.
    const result = fit(model, data, {
      epochs: 200,
      optimizer: new SGD(model.parameters(), { lr: 8 }),
      validation: data,
      earlyStopping: { patience: 3 },
    });
    expect(result.stopReason).toEqual('earlyStopping');
    const losses = result.history.map((record) => record.valLoss!);
    const best = Math.min(...losses);
    expect(result.bestEpoch).toEqual(losses.indexOf(best) + 1);
    expect(result.history).toHaveLength(result.bestEpoch + 3);
    // The model now holds the best epoch's weights: its loss is that epoch's.
    expectClose(objective(model, data.X, data.y.reshape([-1, 1])).item(), best, { atol: 0, rtol: 1e-14 });
  });

  test('an aborted signal stops after the current epoch', () => {
    const controller = new AbortController();
    const result = fit(net(13), moonData(), {
      epochs: 50,
      signal: controller.signal,
      onEpoch: (record) => {
        if (record.epoch === 2) controller.abort();
      },
    });
    expect(result.stopReason).toEqual('aborted');
    expect(result.history).toHaveLength(2);
  });

  test('a loss that becomes NaN stops with a DivergenceError naming the epoch and the fix', () => {
    // The cost log(o) of one output o = w x + b, with w = 1, b = 0 and x = 1: log 1 = 0 to start, gradient
    // 1 / o = 1 for w and b, so one step of lr 2 gives w = -1, b = -2, o = -3 and log(-3) = NaN.
    const model = new Sequential(new Linear(1, 1));
    model.loadStateDict({ 'layers.0.weight': tensor([[1]]), 'layers.0.bias': tensor([0]) });
    const logOfOutput = (output: Tensor) => output.log().mean();
    expect(() => fit(model, { X: tensor([[1]]), y: tensor([[0]]) }, { loss: logOfOutput, lr: 2 })).toThrow(
      /^fit: the loss became NaN after epoch 1; the learning rate 2 is probably too large: try a smaller one$/,
    );
  });

  test('a loss that grows a thousandfold in one epoch stops there, long before it is Infinity', () => {
    // Linear regression on large inputs with a learning rate far too large: each step overshoots more; it
    // would reach Infinity only after about 20 epochs.
    const X = tensor([
      [1e3, 1e3],
      [-1e3, 2e3],
    ]);
    const y = tensor([[1e3], [-1e3]]);
    const linear = () => new MLP([2, 1], { output: 'linear', rng: new Rng(14) });
    expect(() => fit(linear(), { X, y }, { epochs: 200, lr: 10 })).toThrow(DivergenceError);
    expect(() => fit(linear(), { X, y }, { epochs: 200, lr: 10 })).toThrow(
      /^fit: the loss rose to 9\.84e\+20 after epoch 1, over 1000 times its starting value 6\.09e\+5 .*learning rate 10 is probably too large: try a smaller one$/,
    );
  });

  test('weights sent beyond 1e150 by a finite batch loss are named before they are evaluated', () => {
    // The first step's loss is finite, but a step of 1e300 sends relu weights to about 1e299 (the next
    // forward pass would overflow to +-Infinity and compute Infinity - Infinity = NaN).
    const X = tensor([
      [1, 2],
      [-1, 0.5],
      [0.3, -2],
      [2, 1],
    ]);
    const model = new MLP([2, 3, 1], { activation: 'relu', output: 'sigmoid', rng: new Rng(15) });
    expect(() => fit(model, { X, y: tensor([1, 0, 1, 0]) }, { epochs: 5, lr: 1e300 })).toThrow(
      /^fit: the weights overflowed in epoch 1: layers\.0\.weight at flat index 0 is -8\.3\d+e\+298 \(above 1e150 in size, products of weights overflow\); the learning rate 1e\+300 is probably too large: try a smaller one$/,
    );
  });

  test('weights or a loss out of range before training are no learning rate to blame', () => {
    const model = new MLP([2, 1], { output: 'linear', rng: new Rng(16) });
    const X = tensor([[1, 2]]);
    model.layers[0]!.weight.data[1] = Number.NaN;
    expect(() => fit(model, { X, y: tensor([[1]]) })).toThrow(
      /^fit: the model's weights are out of range before training: layers\.0\.weight at flat index 1 is NaN; initialise the model again/,
    );
    model.layers[0]!.weight.data[1] = 0;
    // (1e200 - prediction)^2 overflows: Infinity before any step.
    expect(() => fit(model, { X, y: tensor([[1e200]]) })).toThrow(DataError);
    expect(() => fit(model, { X, y: tensor([[1e200]]) })).toThrow(
      /^fit: the loss is Infinity before any training, on the model as it is; no learning rate can fix that: scale X and y/,
    );
  });
});

describe('fit: a loss that explodes while staying finite is divergence too', () => {
  // The rule: after an epoch, a training loss above 1000 times max(starting loss, 1) stops training, the
  // starting loss being the cost before the first step. SGD with lr 10 below lifts the moons loss 27-fold
  // before it converges; a learning rate of 1e6 lifts it 56,000-fold in one epoch (0.643 -> 3.62e4) and then
  // wanders between 1e4 and 1e6 with accuracy stuck near 83%.
  const moons200 = () => moons({ n: 200, noise: 0.1, rng: new Rng(1) });
  const wide = () =>
    new TwoLayerNet({
      inputs: 2,
      hidden: 16,
      outputs: 1,
      hiddenActivation: 'tanh',
      output: 'sigmoid',
      rng: new Rng(2),
    });

  test('SGD with lr 1e6 on moons: a DivergenceError naming the epoch, the loss and the starting loss', () => {
    const model = wide();
    const started = evaluate(model, moons200()).loss;
    expectClose(started, 0.643, { atol: 5e-4, rtol: 0 });
    let epochs = 0;
    expect(() => fit(model, moons200(), { epochs: 300, lr: 1e6, onEpoch: () => epochs++ })).toThrow(
      /^fit: the loss rose to 3\.62e\+4 after epoch 1, over 1000 times its starting value 0\.643 \(the limit is 1000 x max\(starting loss, 1\)\); the learning rate 1000000 is probably too large: try a smaller one$/,
    );
    expect(epochs).toEqual(0);
  });

  test('Adam with lr 1e6 likewise, a DivergenceError', () => {
    const model = wide();
    expect(() =>
      fit(model, moons200(), { epochs: 50, optimizer: new Adam(model.parameters(), { lr: 1e6 }) }),
    ).toThrow(DivergenceError);
  });

  test('a loss that rises 27-fold and comes back (SGD, lr 10) trains on to its end', () => {
    const result = fit(wide(), moons200(), { epochs: 60, lr: 10 });
    const losses = result.history.map((record) => record.trainLoss);
    expect(losses.reduce((highest, loss) => Math.max(highest, loss), 0)).toBeGreaterThan(10);
    expect(result.history).toHaveLength(60);
    expect(losses.at(-1)!).toBeLessThan(0.01);
  });

  test('a model that starts near a loss of 0 may rise to 1000 before it counts; past that it stops', () => {
    // y = 2x, fit already but for w = 2.001: loss 2.5e-6. SGD with lr 0.5 is past the stable step for this
    // quadratic (2 / 6.85), so each epoch multiplies the loss by about 5.9: after 5 epochs it is over 1000
    // times its start yet far below 1000, and training goes on; it passes 1000 in about 13.
    const X = tensor([[1], [2]]);
    const y = tensor([[2], [4]]);
    const model = () => {
      const line = new MLP([1, 1], { output: 'linear', rng: new Rng(3) });
      line.loadStateDict({ 'layers.0.weight': tensor([[2.001]]), 'layers.0.bias': tensor([0]) });
      return line;
    };
    const early = fit(model(), { X, y }, { epochs: 5, lr: 0.5 });
    const lastLoss = early.history.at(-1)!.trainLoss;
    expect(lastLoss).toBeGreaterThan(1000 * 2.5e-6);
    expect(lastLoss).toBeLessThan(1);
    expect(() => fit(model(), { X, y }, { epochs: 40, lr: 0.5 })).toThrow(
      /^fit: the loss rose to \S+ after epoch 1\d, over 1000 times its starting value 2\.50e-6/,
    );
  });

  test('weights above 1e150 with a bounded loss: tanh saturates, the weights overflow, and that is named', () => {
    // mse of tanh(X w + b) against +-1 can never exceed 4, but one step of lr 1e200 sends w to about 1e200.
    const model = new Sequential(new Linear(2, 1, { rng: new Rng(4) }), new Tanh());
    const X = tensor([
      [1, 0.5],
      [-0.5, 1],
    ]);
    expect(() => fit(model, { X, y: tensor([[1], [-1]]) }, { loss: mse, epochs: 5, lr: 1e200 })).toThrow(
      /^fit: the weights overflowed in epoch 1: layers\.0\.(weight|bias) at flat index \d is -?\d\.\d+e\+\d+ \(above 1e150 in size, products of weights overflow\); the learning rate 1e\+200 is probably too large/,
    );
  });

  test('overflowing weights that break a later batch are divergence, not the error they cause', () => {
    // With W = [1e-10, 0], b = 0, row 0, [1e10, 1e10], has z = 1, p = sigmoid(1) = 0.73 against y = 0: the
    // gradient of each weight is 0.73 * 1e10, and a step of lr 1e308 sends both to -Infinity. Row 1, [0, 1],
    // then computes -Infinity * 0 = NaN, whose sigmoid binaryCrossEntropy refuses as a DataError; the cause
    // is the step before it, and fit says so.
    const model = new Sequential(new Linear(2, 1), new Sigmoid());
    model.loadStateDict({ 'layers.0.weight': tensor([[1e-10], [0]]), 'layers.0.bias': tensor([0]) });
    const X = tensor([
      [1e10, 1e10],
      [0, 1],
    ]);
    const y = tensor([[0], [1]]);
    const options = { loss: binaryCrossEntropy, batchSize: 1, shuffle: false, lr: 1e308 };
    expect(() => fit(model, { X, y }, options)).toThrow(
      /^fit: the weights overflowed in epoch 1 \(batch starting at row 1\): layers\.0\.weight at flat index 0 is -?Infinity \(above 1e150/,
    );
  });
});

describe('fit: bad settings are errors at the call', () => {
  const data = moonData();
  test.each([
    [{ epochs: 0 }, /epochs 0 must be a positive integer/],
    [{ batchSize: 2.5 }, /batchSize 2.5 must be a positive integer/],
    [{ validationSplit: 1 }, /validationSplit 1 must lie strictly between 0 and 1/],
  ])('%o', (options, message) => {
    expect(() => fit(net(15), data, options)).toThrow(ConfigError);
    expect(() => fit(net(15), data, options)).toThrow(message);
  });

  test('X and y with different row counts', () => {
    expect(() => fit(net(15), { X: data.X, y: tensor([0, 1]) })).toThrow(/X has 200 rows but y has 2/);
  });
});

describe('evaluate: cost and accuracy off the tape, in evaluation mode', () => {
  test('equals the objective with dropout off, and restores training mode', () => {
    const data = moonData();
    const mlp = new MLP([2, 8, 1], { activation: 'relu', output: 'sigmoid', dropout: 0.5, rng: new Rng(20) });
    const result = evaluate(mlp, data, { l2: 0.5 });
    expect(mlp.training).toBe(true);
    mlp.eval();
    const y = data.y.reshape([-1, 1]);
    expect(result.loss).toEqual(objective(mlp, data.X, y, { l2: 0.5 }).item());
    const predicted = Array.from(mlp.forward(data.X).data, (p) => (p > 0.5 ? 1 : 0));
    expect(result.accuracy).toEqual(predicted.filter((p, i) => p === data.y.data[i]).length / 200);
  });

  test('accuracy is null for a regression network', () => {
    const X = tensor([[0, 1]]);
    expect(evaluate(net(21, 'linear'), { X, y: tensor([[2]]) }).accuracy).toBeNull();
  });
});
