/**
 * The PyTorch round trip, proven against PyTorch itself (tests/fixtures/torch/make-fixtures.py, run with
 * Debian's python3-torch): tapegrad loads a network PyTorch trained and predicts its probabilities, and
 * one SGD step from weights tapegrad exported lands where PyTorch's step did, within 1e-12.
 */
import { readFileSync } from 'node:fs';
import { Rng, tensor } from '@tapegrad/autograd';
import {
  binaryCrossEntropy,
  loadSafetensorsInto,
  manualGradients,
  readSafetensors,
  SGD,
  safetensorsBytes,
  TwoLayerNet,
} from '@tapegrad/nn';
import { loadSafetensors } from '@tapegrad/nn/node';
import { describe, expect, test } from 'vitest';

const fixture = (name: string) => new URL(`../fixtures/torch/${name}`, import.meta.url).pathname;
const readJson = <T>(name: string): T => JSON.parse(readFileSync(fixture(name), 'utf8')) as T;

/** nn.Sequential(Linear(2, 16), Tanh(), Linear(16, 1), Sigmoid()) as tapegrad builds it. */
const network = (seed: number) =>
  new TwoLayerNet({
    inputs: 2,
    hidden: 16,
    outputs: 1,
    hiddenActivation: 'tanh',
    output: 'sigmoid',
    rng: new Rng(seed),
  });

/** Every value of `actual` within `tolerance` of `expected`, with the worst difference in the message. */
function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  what: string,
) {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst, `${what}: largest difference ${worst}`).toBeLessThanOrEqual(tolerance);
}

describe("PyTorch's trained network in tapegrad", () => {
  const trained = readJson<{ inputs: number[][]; probabilities: number[]; finalLoss: number }>(
    'trained.json',
  );

  test('loads with layout torch (names 0.*, 2.*; weights [out, in]) and predicts the same probabilities within 1e-12', () => {
    const net = network(1);
    const report = loadSafetensors(net, fixture('trained.safetensors'), {
      layout: 'torch',
      dtype: 'float64',
    });
    expect(report.metadata).toEqual({ format: 'pt' });
    const probabilities = net.forward(tensor(trained.inputs));
    expect(probabilities.shape).toEqual([trained.inputs.length, 1]);
    expectClose(probabilities.data, trained.probabilities, 1e-12, 'probabilities');
    // PyTorch's training did something: the rows are not all near one half.
    expect(Math.max(...trained.probabilities) - Math.min(...trained.probabilities)).toBeGreaterThan(0.5);
  });

  test("the file's weights are PyTorch's shapes: 0.weight [16, 2], 2.weight [1, 16]", () => {
    const { tensors } = readSafetensors(readFileSync(fixture('trained.safetensors')));
    expect(Object.fromEntries(Object.entries(tensors).map(([name, value]) => [name, value.shape]))).toEqual({
      '0.weight': [16, 2],
      '0.bias': [16],
      '2.weight': [1, 16],
      '2.bias': [1],
    });
  });
});

describe('one SGD step from weights tapegrad exported, in PyTorch and in tapegrad', () => {
  const step = readJson<{ learningRate: number; loss: number; inputs: number[][]; targets: number[] }>(
    'sgd-step.json',
  );
  const X = tensor(step.inputs);
  const y = tensor(step.targets.map((target) => [target]));

  /** PyTorch's weights after its step, loaded into a tapegrad network. */
  const pytorchAfter = () => {
    const net = network(2);
    loadSafetensors(net, fixture('sgd-step.safetensors'), { layout: 'torch' });
    return net;
  };
  const start = () => {
    const net = network(3);
    loadSafetensors(net, fixture('start.safetensors'), { layout: 'torch' });
    return net;
  };

  test('start.safetensors is what export-start.ts writes today (the fixture is not stale)', () => {
    expect(readFileSync(fixture('start.safetensors'))).toEqual(
      Buffer.from(safetensorsBytes(network(2026), { layout: 'torch' })),
    );
  });

  test("the autograd step (BCE on the probabilities, as torch.nn.BCELoss) equals PyTorch's within 1e-12", () => {
    const net = start();
    const optimizer = new SGD(net.parameters(), { lr: step.learningRate });
    const loss = binaryCrossEntropy(net.forward(X), y);
    expect(Math.abs(loss.item() - step.loss)).toBeLessThanOrEqual(1e-12);
    loss.backward();
    optimizer.step();
    const expected = pytorchAfter();
    for (const [name, parameter] of net.namedParameters()) {
      expectClose(parameter.data, expected.stateDict()[name]!.data, 1e-12, name);
    }
    // The step moved the weights: a test of the step, not of the starting point.
    expect(Math.abs(expected.layer2.bias!.item() - start().layer2.bias!.item())).toBeGreaterThan(1e-3);
  });

  test("the hand-derived gradients' step equals PyTorch's within 1e-12 too", () => {
    const net = start();
    const { loss, gradients } = manualGradients(net, X, y);
    expect(Math.abs(loss - step.loss)).toBeLessThanOrEqual(1e-12);
    const expected = pytorchAfter().stateDict();
    for (const [name, parameter] of net.namedParameters()) {
      const gradient = gradients[name]!.data;
      const stepped = parameter.data.map((value, i) => value - step.learningRate * gradient[i]!);
      expectClose(stepped, expected[name]!.data, 1e-12, name);
    }
  });

  test('the loaded bytes are the exported ones: tapegrad -> PyTorch -> tapegrad changes nothing but the step', () => {
    const exported = network(2026);
    const loaded = network(5);
    loadSafetensorsInto(loaded, readFileSync(fixture('start.safetensors')), { layout: 'torch' });
    expect(loaded.parameters().map((p) => Array.from(p.data))).toEqual(
      exported.parameters().map((p) => Array.from(p.data)),
    );
  });
});
