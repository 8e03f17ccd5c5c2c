/**
 * fit(..., { compile: true }): each step replays a compiled plan (nn's compileStep), and the training curve
 * and final weights equal the eager run's within 1e-10 over 100 epochs: TwoLayerNet (bce, full batch and
 * shuffled mini-batches whose last, shorter batch traces a second plan), MLP (relu, mse; softmax and
 * crossEntropy on class labels) and a Sequential with
 * Dropout (each replay draws the eager step's fresh mask). What cannot be compiled is refused before any
 * update with a ConfigError naming the option and the reason.
 */
import { gt, Rng, type Tensor, tensor } from '@tapegrad/autograd';
import {
  bceWithLogits,
  ConfigError,
  Dropout,
  type FitOptions,
  type FitResult,
  fit,
  Linear,
  MLP,
  Module,
  type Network,
  Sequential,
  Tanh,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';

const data = new Rng(5);
const X = data.randn([40, 2]);
const labels = gt(data.rand([40, 1]), 0.5);
const values = data.randn([40, 1]);

const TOLERANCE = 1e-10;

function expectSameCurve(compiled: FitResult, eager: FitResult): void {
  expect(compiled.history).toHaveLength(eager.history.length);
  compiled.history.forEach((record, i) => {
    const reference = eager.history[i]!;
    expect(Math.abs(record.trainLoss - reference.trainLoss), `epoch ${record.epoch}`).toBeLessThanOrEqual(
      TOLERANCE * Math.max(1, reference.trainLoss),
    );
    expect(record.trainAccuracy).toBe(reference.trainAccuracy);
  });
}

function expectSameWeights(compiled: Module, eager: Module): void {
  const reference = eager.parameters();
  compiled.parameters().forEach((parameter, p) => {
    parameter.data.forEach((value, i) => {
      const expected = reference[p]!.data[i]!;
      expect(Math.abs(value - expected)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(expected)));
    });
  });
}

/** Trains two copies of a model, eagerly and compiled, with the same options (and seeded generators). */
function trainBoth(make: () => Module, dataset: { X: Tensor; y: Tensor }, options: () => FitOptions) {
  const eagerModel = make();
  const compiledModel = make();
  // compile: false: the eager reference (the default, 'auto', compiles these models).
  const eager = fit(eagerModel, dataset, { ...options(), compile: false });
  const compiled = fit(compiledModel, dataset, { ...options(), compile: true });
  return { eager, compiled, eagerModel, compiledModel };
}

describe('compiled fit trains as eager fit does', () => {
  const twoLayer = () =>
    new TwoLayerNet({ inputs: 2, hidden: 8, outputs: 1, output: 'sigmoid', rng: new Rng(3) }) as Network;

  test('TwoLayerNet, bce, full batch: 100 epochs, curve and weights within 1e-10', () => {
    const run = trainBoth(twoLayer, { X, y: labels }, () => ({ epochs: 100, lr: 0.5 }));
    expectSameCurve(run.compiled, run.eager);
    expectSameWeights(run.compiledModel, run.eagerModel);
    // The curve is a curve: training moved the loss.
    expect(run.eager.history[99]!.trainLoss).toBeLessThan(run.eager.history[0]!.trainLoss - 0.03);
  });

  test('TwoLayerNet, shuffled batches of 16 (the last of 8 traces its own plan): 100 epochs', () => {
    const run = trainBoth(twoLayer, { X, y: labels }, () => ({
      epochs: 100,
      lr: 0.3,
      batchSize: 16,
      rng: new Rng(11),
    }));
    expectSameCurve(run.compiled, run.eager);
    expectSameWeights(run.compiledModel, run.eagerModel);
  });

  test('MLP, relu, mse: 100 epochs', () => {
    const mlp = () => new MLP([2, 6, 5, 1], { activation: 'relu', output: 'linear', rng: new Rng(4) });
    const run = trainBoth(mlp, { X, y: values }, () => ({ epochs: 100, lr: 0.05, loss: 'mse' }));
    expectSameCurve(run.compiled, run.eager);
    expectSameWeights(run.compiledModel, run.eagerModel);
  });

  test('MLP, softmax outputs, crossEntropy on class labels: 100 epochs', () => {
    const classes = tensor(Array.from(data.rand([40]).data, (u) => Math.floor(3 * u)));
    const mlp = () => new MLP([2, 6, 3], { activation: 'tanh', output: 'softmax', rng: new Rng(8) });
    const run = trainBoth(mlp, { X, y: classes }, () => ({ epochs: 100, lr: 0.5 }));
    expectSameCurve(run.compiled, run.eager);
    expectSameWeights(run.compiledModel, run.eagerModel);
  });

  test('a Sequential with Dropout: every replay draws the mask the eager step draws', () => {
    const withDropout = () =>
      new Sequential(
        new Linear(2, 8, { rng: new Rng(2) }),
        new Tanh(),
        new Dropout(0.3, { rng: new Rng(21) }),
        new Linear(8, 1, { rng: new Rng(4) }),
      );
    const run = trainBoth(withDropout, { X, y: labels }, () => ({
      epochs: 100,
      lr: 0.5,
      loss: bceWithLogits,
      predict: null,
    }));
    expectSameCurve(run.compiled, run.eager);
    expectSameWeights(run.compiledModel, run.eagerModel);
  });
});

/** A model whose forward reads a value (a scale from the data): a replay would keep the first call's. */
class ScaledByItsLargestInput extends Module {
  readonly layer = new Linear(2, 1, { rng: new Rng(6) });

  forward(input: Tensor): Tensor {
    return this.layer.forward(input.div(input.abs().max().item()));
  }
}

describe('what cannot be compiled is refused, naming the option and the reason', () => {
  test('a forward that reads a value with item(): ConfigError before any update', () => {
    const model = new ScaledByItsLargestInput();
    const before = model.parameters().map((parameter) => Array.from(parameter.data));
    const run = () =>
      fit(model, { X, y: values }, { loss: (out, y) => out.sub(y).square().mean(), compile: true });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(
      /compile: true cannot compile this ScaledByItsLargestInput's training step.*item\(\)/,
    );
    expect(run).toThrow(
      /Pass compile: 'auto' \(the default\) to train eagerly when the step does not compile/,
    );
    expect(model.parameters().map((parameter) => Array.from(parameter.data))).toEqual(before);
  });

  test("gradients: 'manual' does not use the tape, so it cannot be compiled", () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 4, outputs: 1, output: 'sigmoid', rng: new Rng(3) });
    expect(() => fit(net, { X, y: labels }, { gradients: 'manual', compile: true })).toThrow(
      /compile: true compiles the tape's backward pass, and gradients: 'manual' does not use the tape/,
    );
  });

  test("compile takes a boolean or 'auto'", () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 4, outputs: 1, output: 'sigmoid', rng: new Rng(3) });
    expect(() => fit(net, { X, y: labels }, { compile: 'yes' as unknown as boolean })).toThrow(
      "fit: option 'compile' must be true, false or 'auto', got string 'yes'",
    );
  });
});
