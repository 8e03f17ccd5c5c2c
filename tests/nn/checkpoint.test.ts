/**
 * The PyTorch checkpoint idiom end to end: `save({ model: model.stateDict(), optimizer: optimizer.stateDict()
 * }, path)`, then in a fresh model and optimizer `load(path)` and both `loadStateDict`s. Training resumed from
 * the file continues exactly as the uninterrupted run, bit for bit (Adam's moments and step counts included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, tensor } from '@tapegrad/autograd';
import { Adam, type LoadableStateDict, mse, type OptimizerStateDict, TwoLayerNet } from '@tapegrad/nn';
import { load, save } from '@tapegrad/nn/node';
import { afterAll, describe, expect, test } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'tapegrad-checkpoint-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const X = tensor([
  [0.5, -1],
  [1.5, 0.25],
  [-0.75, 2],
]);
const y = tensor([[0.2], [0.9], [0.4]]);

function train(model: TwoLayerNet, optimizer: Adam, steps: number): number[] {
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    optimizer.zeroGrad();
    const loss = mse(model.forward(X), y);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}

const build = () => new TwoLayerNet({ inputs: 2, hidden: 4, outputs: 1, output: 'linear', rng: new Rng(3) });

describe('a checkpoint of model and optimizer through save and load', () => {
  test('resuming from the file gives the uninterrupted run bit for bit', () => {
    const reference = build();
    const referenceLosses = train(reference, new Adam(reference.parameters(), { lr: 0.05 }), 8);

    const model = build();
    const optimizer = new Adam(model.parameters(), { lr: 0.05 });
    const firstLosses = train(model, optimizer, 3);
    const path = join(folder, 'checkpoint.json');
    save({ model: model.stateDict(), optimizer: optimizer.stateDict(), epoch: 3 }, path);

    const checkpoint = load(path) as {
      model: LoadableStateDict;
      optimizer: OptimizerStateDict;
      epoch: number;
    };
    const resumed = build();
    resumed.loadStateDict(checkpoint.model);
    const resumedOptimizer = new Adam(resumed.parameters(), { lr: 0.05 });
    resumedOptimizer.loadStateDict(checkpoint.optimizer);
    const laterLosses = train(resumed, resumedOptimizer, 5);

    expect(checkpoint.epoch).toBe(3);
    expect([...firstLosses, ...laterLosses]).toEqual(referenceLosses);
    expect(resumed.stateDict()['layer1.weight']!.toArray()).toEqual(
      reference.stateDict()['layer1.weight']!.toArray(),
    );
  });

  test('without the optimizer state (Adam starting over) the run differs: the state is what carries it', () => {
    const reference = build();
    const referenceLosses = train(reference, new Adam(reference.parameters(), { lr: 0.05 }), 8);
    const model = build();
    train(model, new Adam(model.parameters(), { lr: 0.05 }), 3);
    const restarted = train(model, new Adam(model.parameters(), { lr: 0.05 }), 5);
    expect(restarted).not.toEqual(referenceLosses.slice(3));
  });
});
