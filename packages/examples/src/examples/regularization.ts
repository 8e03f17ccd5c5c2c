/**
 * Regularization: a network with far more parameters than there are training points learns the noise in
 * them (overfits), and two cures make it generalise better.
 * - L2 (weight decay): adds (λ / 2m) Σ ||W||^2 to the cost, pulling every weight towards 0, so the
 *   network prefers smooth functions.
 * - Dropout: during training each hidden unit is switched off with probability p, at random, so no unit
 *   can rely on a few others to memorise a point; at test time all units are used.
 *
 * The data: two moons with heavy noise, 60 points to train on and 240 held out to test. Three copies of
 * the same network (same initial weights) are trained the same way, without regularization, with L2 and
 * with dropout.
 *
 * Stated result: both L2 and dropout give a lower test loss than no regularization.
 *
 * It draws the three test-loss curves on one plot: runs/examples/regularization/test-loss.svg and .png.
 */
import { Rng } from '@tapegrad/autograd';
import { Adam, type Dataset, evaluate, fit, MLP, moons, toBinaryTargets, trainTestSplit } from '@tapegrad/nn';
import { nodeDocument } from '@tapegrad/viz/node';
import { curvesSvg } from '@tapegrad/viz/plots';
import { exampleOutDir, writePlots } from '../plot-files.ts';
import type { ExampleOptions } from './options.ts';

/** Loss (binary cross entropy alone, without any L2 term) and accuracy on one data set. */
export interface Scores {
  readonly loss: number;
  readonly accuracy: number;
}

/**
 * The seeds of the data, the split and the initial weights. The result is no fluke of these: over 12 seeds
 * (data k, split 100 + k, weights 7 + k), L2 lowered the test loss every time and dropout 10 times.
 */
const SEEDS = { data: 10, split: 110, net: 17 };

/** The three setups, trained alike apart from these two settings. */
const SETUPS = {
  none: { l2: 0, dropout: 0 },
  l2: { l2: 1, dropout: 0 }, // λ = 1: the cost gains (1 / 120) Σ ||W||^2 with m = 60
  dropout: { l2: 0, dropout: 0.5 }, // half the hidden units off at every step
} as const;

type SetupName = keyof typeof SETUPS;

/** The setups' names in the table and the plot's legend. */
const SETUP_LABELS: Readonly<Record<SetupName, string>> = {
  none: 'no regularization',
  l2: 'L2 (λ = 1)',
  dropout: 'dropout (p = 0.5)',
};

/** Each setup's scores at the end of training, and where the plot of the test losses went. */
export type RegularizationResult = Record<SetupName, { readonly train: Scores; readonly test: Scores }> & {
  readonly outDir: string;
  readonly files: string[];
};

/** A test loss measured during training. */
interface TestLossPoint {
  readonly epoch: number;
  readonly value: number;
}

/** The network's loss (no L2 term: the same measure for every setup) and accuracy, with dropout off. */
function score(net: MLP, data: Dataset): Scores {
  const { loss, accuracy } = evaluate(net, data);
  return { loss, accuracy: accuracy! };
}

/**
 * Trains one setup's network; returns its final scores and its test loss every `every` epochs. The same
 * seed for every setup gives the same initial weights (dropout draws its masks from the Rng afterwards).
 * The test data is only measured, never trained on.
 */
function trainSetup(name: SetupName, train: Dataset, test: Dataset, epochs: number, every: number) {
  const { l2, dropout } = SETUPS[name];
  const net = new MLP([2, 100, 1], {
    activation: 'relu',
    output: 'sigmoid',
    dropout,
    rng: new Rng(SEEDS.net),
  });
  const testCurve: TestLossPoint[] = [];
  fit(
    net,
    { X: train.X, y: toBinaryTargets(train.y) },
    {
      epochs,
      l2,
      optimizer: new Adam(net.parameters(), { lr: 0.01 }),
      onEpoch: (record) => {
        if (record.epoch % every === 0) testCurve.push({ epoch: record.epoch, value: score(net, test).loss });
      },
    },
  );
  return { train: score(net, train), test: score(net, test), testCurve };
}

export function run(options: ExampleOptions = {}): RegularizationResult {
  const write = options.write ?? console.log;
  const small = options.size === 'small';
  const { train, test } = trainTestSplit(moons({ n: 300, noise: 0.35, seed: SEEDS.data }), {
    testFraction: 0.8,
    rng: new Rng(SEEDS.split),
  });
  const epochs = small ? 400 : 1000;
  write(
    `${train.X.shape[0]} training points, ${test.X.shape[0]} test points; MLP 2-100-1 (401 parameters), ${epochs} epochs of Adam`,
  );
  // The test loss is measured every `measured` epochs for the plot; the table shows every `every`.
  const measured = epochs / 100;
  const every = epochs / 5;
  const names = Object.keys(SETUPS) as SetupName[];
  const trained = {
    none: trainSetup('none', train, test, epochs, measured),
    l2: trainSetup('l2', train, test, epochs, measured),
    dropout: trainSetup('dropout', train, test, epochs, measured),
  };

  write(
    '\nthe test loss during training (without regularization it climbs, as the net memorises the noise):',
  );
  write(`  epoch ${names.map((name) => name.padStart(9)).join('')}`);
  trained.none.testCurve.forEach(({ epoch }, i) => {
    if (epoch % every !== 0) return;
    const cells = names.map((name) => trained[name].testCurve[i]!.value.toFixed(3).padStart(9));
    write(`  ${String(epoch).padStart(5)} ${cells.join('')}`);
  });

  write('\nat the end (losses are cross entropy alone, without the L2 term):');
  write('  setup     train loss  train acc  test loss  test acc');
  for (const name of names) {
    const { train: onTrain, test: onTest } = trained[name];
    const cells = [
      onTrain.loss.toFixed(3),
      percent(onTrain.accuracy),
      onTest.loss.toFixed(3),
      percent(onTest.accuracy),
    ];
    write(`  ${name.padEnd(8)}  ${cells.map((cell, i) => cell.padStart([10, 10, 10, 9][i]!)).join(' ')}`);
  }
  // The unregularized net is very sure of every prediction, its wrong ones on test points included, and
  // cross entropy punishes confident mistakes hard: its test loss suffers most, even where its accuracy
  // is close to the others'.
  write('\n(the claim: L2 and dropout each give a lower test loss than no regularization)');

  const svg = curvesSvg(
    names.map((name) => ({ label: SETUP_LABELS[name], points: trained[name].testCurve })),
    {
      metric: 'loss',
      title: 'Test loss during training: no regularization, L2 and dropout',
      subtitle: `MLP 2-100-1 on ${train.X.shape[0]} noisy moons points; cross entropy on the ${test.X.shape[0]} test points`,
    },
    nodeDocument(),
  );
  const outDir = exampleOutDir('regularization', options);
  const files = writePlots(outDir, [{ name: 'test-loss', svg }]);
  write(`\nWrote ${outDir}: ${files.join(', ')}`);
  return {
    none: { train: trained.none.train, test: trained.none.test },
    l2: { train: trained.l2.train, test: trained.l2.test },
    dropout: { train: trained.dropout.train, test: trained.dropout.test },
    outDir,
    files,
  };
}

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}
