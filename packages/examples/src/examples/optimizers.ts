/**
 * Optimizers side by side: the same network (same initial weights) trained on the same data for the same
 * number of epochs by three update rules.
 * - SGD: θ = θ - lr g. Each step looks only at the current gradient.
 * - Momentum (SGD with momentum 0.9): b = 0.9 b + g, θ = θ - lr b. The steps build up speed along
 *   directions where the gradient keeps its sign, and damp the zig-zag where it flips.
 * - Adam: divides a running mean of g by the root of a running mean of g^2, so every parameter gets a step
 *   of about lr, whether its gradient is large or tiny.
 *
 * Stated result: after the same number of epochs, momentum and Adam each reach a lower training loss than
 * plain SGD.
 *
 * It draws the three loss curves on one plot: runs/examples/optimizers/loss.svg and loss.png.
 */
import { Rng, type Tensor } from '@tapegrad/autograd';
import { Adam, fit, moons, type Optimizer, SGD, TwoLayerNet, toBinaryTargets } from '@tapegrad/nn';
import { nodeDocument } from '@tapegrad/viz/node';
import { curvesSvg } from '@tapegrad/viz/plots';
import { exampleOutDir, writePlots } from '../plot-files.ts';
import type { ExampleOptions } from './options.ts';

export interface OptimizersResult {
  readonly epochs: number;
  /** The training loss after the last epoch. */
  readonly finalLoss: { readonly sgd: number; readonly momentum: number; readonly adam: number };
  /** The training loss after every epoch. */
  readonly curves: { readonly sgd: number[]; readonly momentum: number[]; readonly adam: number[] };
  /** The folder the plot went to, and its files there. */
  readonly outDir: string;
  readonly files: string[];
}

/** Each contender: a name and how it builds its optimizer for a network's parameters. */
const CONTENDERS = {
  sgd: (parameters: Tensor[]): Optimizer => new SGD(parameters, { lr: 0.1 }),
  momentum: (parameters: Tensor[]): Optimizer => new SGD(parameters, { lr: 0.1, momentum: 0.9 }),
  adam: (parameters: Tensor[]): Optimizer => new Adam(parameters, { lr: 0.01 }),
};

type ContenderName = keyof typeof CONTENDERS;

export function run(options: ExampleOptions = {}): OptimizersResult {
  const write = options.write ?? console.log;
  const small = options.size === 'small';
  // The same comparison with 7 other seeds (data and weights) gave the same order every time.
  const { X, y } = moons({ n: 200, noise: 0.1, seed: 1 });
  const Y = toBinaryTargets(y);
  const epochs = small ? 100 : 300;

  const curve = (name: ContenderName): number[] => {
    // A fresh network from the same seed: the same starting weights for every optimizer.
    const net = new TwoLayerNet({
      inputs: 2,
      hidden: 16,
      outputs: 1,
      hiddenActivation: 'tanh',
      output: 'sigmoid',
      rng: new Rng(11),
    });
    const optimizer = CONTENDERS[name](net.parameters());
    return fit(net, { X, y: Y }, { epochs, optimizer }).history.map((record) => record.trainLoss);
  };
  const curves = { sgd: curve('sgd'), momentum: curve('momentum'), adam: curve('adam') };
  const names = Object.keys(CONTENDERS) as ContenderName[];

  write(`TwoLayerNet 2-16-1 (tanh, sigmoid) on ${X.shape[0]} moons points, full batch: the training loss`);
  write(`epoch ${names.map((name) => name.padStart(10)).join('')}`);
  const every = epochs / 10;
  for (let epoch = every; epoch <= epochs; epoch += every) {
    write(
      `${String(epoch).padStart(5)} ${names.map((name) => curves[name][epoch - 1]!.toFixed(4).padStart(10)).join('')}`,
    );
  }
  const finalLoss = { sgd: curves.sgd.at(-1)!, momentum: curves.momentum.at(-1)!, adam: curves.adam.at(-1)! };
  write(
    `\nafter ${epochs} epochs: ${names.map((name) => `${name} ${finalLoss[name].toFixed(4)}`).join(', ')}`,
  );
  write('(the claim: momentum and Adam each end lower than plain SGD)');

  const svg = curvesSvg(
    names.map((name) => ({
      label: name,
      points: curves[name].map((value, i) => ({ epoch: i + 1, value })),
    })),
    {
      metric: 'loss',
      title: 'Training loss per epoch: SGD, momentum and Adam',
      subtitle: `TwoLayerNet 2-16-1 on ${X.shape[0]} moons points, the same initial weights, full batch`,
    },
    nodeDocument(),
  );
  const outDir = exampleOutDir('optimizers', options);
  const files = writePlots(outDir, [{ name: 'loss', svg }]);
  write(`\nWrote ${outDir}: ${files.join(', ')}`);
  return { epochs, finalLoss, curves, outDir, files };
}
