/**
 * fit's default, compile: 'auto': a model that compiles trains compiled (the same bits as compile: true,
 * within 1e-10 of eager); one that does not is told once why and trains eagerly, with the same bits as
 * compile: false, Dropout's masks and the gradients of parameters outside the optimizer included, since a
 * failed trace's draws and gradient writes (one that fails in the backward pass has stored some) are undone; gradients: 'manual' trains eagerly without a word.
 */
import { gt, manualSeed, Rng, type Tensor } from '@tapegrad/autograd';
import {
  Dropout,
  type FitOptions,
  type FitResult,
  fit,
  Linear,
  MLP,
  Module,
  Sequential,
  SGD,
  Tanh,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';

const data = new Rng(5);
const X = data.randn([40, 2]);
const labels = gt(data.rand([40, 1]), 0.5);
const values = data.randn([40, 1]);

const weightsOf = (model: Module) => model.parameters().map((parameter) => Array.from(parameter.data));
const lossesOf = (result: FitResult) => result.history.map((record) => record.trainLoss);

/** Trains a fresh model with each set of options; the global generator reseeded before each run. */
function trainEach(make: () => Module, dataset: { X: Tensor; y: Tensor }, runs: FitOptions[]) {
  return runs.map((options) => {
    manualSeed(7);
    const model = make();
    const warnings: string[] = [];
    const result = fit(model, dataset, { ...options, onWarning: (message) => warnings.push(message) });
    return { model, result, warnings };
  });
}

describe("compile: 'auto' (the default) compiles what compiles", () => {
  const twoLayer = () =>
    new TwoLayerNet({ inputs: 2, hidden: 8, outputs: 1, output: 'sigmoid', rng: new Rng(3) });
  const mlp = () => new MLP([2, 6, 5, 1], { activation: 'tanh', output: 'linear', rng: new Rng(4) });

  test.each([
    ['TwoLayerNet, bce, full batch', twoLayer, labels, { epochs: 100, lr: 0.5 }],
    [
      'MLP, tanh, mse, shuffled batches of 16',
      mlp,
      values,
      { epochs: 100, lr: 0.05, batchSize: 16, rng: new Rng(11) },
    ],
  ] as const)('%s: the bits of compile: true, within 1e-10 of eager', (_name, make, y, options) => {
    const [auto, compiled, eager] = trainEach(make, { X, y }, [
      { ...options, rng: new Rng(11) },
      { ...options, rng: new Rng(11), compile: true },
      { ...options, rng: new Rng(11), compile: false },
    ]);
    expect(auto!.result.compiled).toBe(true);
    expect(eager!.result.compiled).toBe(false);
    expect(auto!.warnings).toEqual([]);
    expect(lossesOf(auto!.result)).toEqual(lossesOf(compiled!.result));
    expect(weightsOf(auto!.model)).toEqual(weightsOf(compiled!.model));
    // Compiled, not eager: the vectorised tanh rounds some last bits differently over 100 epochs...
    expect(weightsOf(auto!.model)).not.toEqual(weightsOf(eager!.model));
    // ... and no more than that.
    weightsOf(auto!.model).forEach((weights, p) => {
      weights.forEach((value, i) => {
        const expected = weightsOf(eager!.model)[p]![i]!;
        expect(Math.abs(value - expected)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(expected)));
      });
    });
  });
});

/** A layer whose forward reads a value with item() (a scale from the data): compile cannot capture it. */
class ScaledByItsLargestInput extends Module {
  forward(input: Tensor): Tensor {
    return input.div(input.abs().max().item());
  }
}

describe("compile: 'auto' trains eagerly what does not compile, as compile: false does", () => {
  // Dropout draws its mask before the item() that stops the trace: the eager retry must draw the same one.
  const withDropout = (dropoutRng?: Rng) => () =>
    new Sequential(
      new Linear(2, 8, { rng: new Rng(2) }),
      new Tanh(),
      new Dropout(0.3, dropoutRng === undefined ? {} : { rng: dropoutRng }),
      new ScaledByItsLargestInput(),
      new Linear(8, 1, { rng: new Rng(4) }),
    );
  const mse = (output: Tensor, target: Tensor) => output.sub(target).square().mean();

  test.each([
    ['Dropout on the global generator, full batch', withDropout(), {}],
    ['Dropout on its own Rng, full batch', () => withDropout(new Rng(21))(), {}],
    ['Dropout on the global generator, shuffled batches of 16', withDropout(), { batchSize: 16 }],
  ] as const)('%s: the same bits, one warning', (_name, make, batching) => {
    const options: FitOptions = { epochs: 30, lr: 0.1, loss: mse, ...batching };
    const [auto, eager] = trainEach(make, { X, y: values }, [
      { ...options, rng: new Rng(11) },
      { ...options, rng: new Rng(11), compile: false },
    ]);
    expect(auto!.result.compiled).toBe(false);
    expect(lossesOf(auto!.result)).toEqual(lossesOf(eager!.result));
    expect(weightsOf(auto!.model)).toEqual(weightsOf(eager!.model));
    expect(auto!.warnings).toHaveLength(1);
    expect(auto!.warnings[0]).toMatch(
      /^fit: compile 'auto' trains eagerly: this Sequential's training step does not compile \(compile: item\(\) reads a value while tracing/,
    );
    expect(auto!.warnings[0]).toMatch(/Pass compile: false to choose eager steps and silence this$/);
    expect(eager!.warnings).toEqual([]);
    // Training happened: the loss moved.
    expect(auto!.result.history.at(-1)!.trainLoss).toBeLessThan(auto!.result.history[0]!.trainLoss);
  });

  test("a trace that fails in the backward pass is undone: a parameter outside the optimizer keeps eager's .grad", () => {
    const run = (compile: FitOptions['compile']) => {
      const first = new Linear(2, 8, { rng: new Rng(2) });
      const last = new Linear(8, 1, { rng: new Rng(4) });
      // A monitor of the first layer's gradient size, read with item(): the walk stores the last layer's
      // gradients before it reaches the first layer's, so the failed trace has written some.
      const norms: number[] = [];
      first.weight.registerHook((gradient) => {
        norms.push(gradient.square().sum().sqrt().item());
      });
      // Only the first layer trains; the last layer's gradients add up over the steps, as PyTorch's do.
      const optimizer = new SGD(first.parameters(), { lr: 0.1 });
      const warnings: string[] = [];
      const model = new Sequential(first, new Tanh(), last);
      const result = fit(
        model,
        { X, y: values },
        { epochs: 3, loss: mse, optimizer, compile, onWarning: (message) => warnings.push(message) },
      );
      return {
        result,
        warnings,
        norms,
        lastGrad: Array.from(last.weight.grad!.data),
        weights: weightsOf(model),
      };
    };
    const auto = run('auto');
    const eager = run(false);
    expect(auto.lastGrad).toEqual(eager.lastGrad);
    expect(auto.weights).toEqual(eager.weights);
    expect(auto.norms).toEqual(eager.norms);
    expect(auto.norms).toHaveLength(3);
    expect(auto.result.compiled).toBe(false);
    expect(auto.warnings).toHaveLength(1);
    expect(auto.warnings[0]).toMatch(/does not compile \(compile: item\(\) reads a value while tracing/);
  });

  test('compile: true still refuses it, with the reason and the way out', () => {
    expect(() => fit(withDropout()(), { X, y: values }, { loss: mse, compile: true })).toThrow(
      /compile: true cannot compile this Sequential's training step.*item\(\).*Pass compile: 'auto' \(the default\)/,
    );
  });
});

test("gradients: 'manual' trains eagerly under 'auto', without a warning: the formulas do not use the tape", () => {
  const net = () => new TwoLayerNet({ inputs: 2, hidden: 8, outputs: 1, output: 'sigmoid', rng: new Rng(3) });
  const [auto, eager] = trainEach(net, { X, y: labels }, [
    { epochs: 20, lr: 0.5, gradients: 'manual' },
    { epochs: 20, lr: 0.5, gradients: 'manual', compile: false },
  ]);
  expect(auto!.result.compiled).toBe(false);
  expect(auto!.warnings).toEqual([]);
  expect(weightsOf(auto!.model)).toEqual(weightsOf(eager!.model));
});
