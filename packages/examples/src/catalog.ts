/**
 * The examples `pnpm example NAME` runs, each with a one-line description.
 */
import * as compareGradients from './examples/compare-gradients.ts';
import * as customModel from './examples/custom-model.ts';
import * as deepMlp from './examples/deep-mlp.ts';
import * as mnist from './examples/mnist.ts';
import * as optimizers from './examples/optimizers.ts';
import type { ExampleOptions } from './examples/options.ts';
import * as regularization from './examples/regularization.ts';
import * as spirals from './examples/spirals.ts';
import * as xor from './examples/xor.ts';

export interface Example {
  readonly name: string;
  readonly description: string;
  readonly run: (options?: ExampleOptions) => unknown;
}

export const EXAMPLES: readonly Example[] = [
  { name: 'xor', description: 'a 2-2-1 sigmoid network learns XOR exactly', run: xor.run },
  {
    name: 'spirals',
    description: 'three spiral arms, softmax output, at least 95% training accuracy',
    run: spirals.run,
  },
  {
    name: 'custom-model',
    description: 'a model written straight on autograd tensors, trained with Adam',
    run: customModel.run,
  },
  {
    name: 'compare-gradients',
    description: 'manual backprop vs autograd vs finite differences on a tiny network',
    run: compareGradients.run,
  },
  {
    name: 'deep-mlp',
    description: 'an MLP of depth 4 on the spirals, and why ReLU suits depth',
    run: deepMlp.run,
  },
  {
    name: 'regularization',
    description: 'L2 and dropout lower the test loss of an overfitting network',
    run: regularization.run,
  },
  {
    name: 'optimizers',
    description: 'SGD, momentum and Adam side by side on the same task',
    run: optimizers.run,
  },
  {
    name: 'mnist',
    description: 'handwritten digits: a 784-128-10 network reaches 97.5% test accuracy',
    run: mnist.run,
  },
];

/** The list of examples as the runner prints it: one per line, name and description. */
export function exampleList(): string {
  const width = EXAMPLES.reduce((widest, example) => Math.max(widest, example.name.length), 0);
  return EXAMPLES.map((example) => `  ${example.name.padEnd(width)}  ${example.description}`).join('\n');
}
