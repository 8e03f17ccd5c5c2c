/**
 * A worked example's network taken from a trained TwoLayerNet and a few of its examples (the playground's
 * "explain this step"), in the shape the page's sections read: the same TinyNetwork as the fixed one.
 */
import type { Tensor } from '@tapegrad/autograd';
import { ConfigError, type TwoLayerNet } from '@tapegrad/nn';
import { type Matrix, matrixOfTensor, rowOfTensor } from './matrix.ts';
import { checkLearningRate, type ExplainLoss, MAX_SAMPLES } from './options.ts';
import type { TinyNetwork } from './tiny-network.ts';

const LOSS_OF = { sigmoid: 'bce', softmax: 'crossEntropy', linear: 'mse' } as const satisfies Record<
  string,
  ExplainLoss
>;

/**
 * The network and batch of `net` on the rows of X ([m, inputs], m from 1 to 4) with targets y: class
 * labels [m] for a softmax output, 0/1 [m] or [m, 1] for one sigmoid output, reals for a linear one.
 */
export function givenNetwork(net: TwoLayerNet, X: Tensor, y: Tensor, learningRate: number): TinyNetwork {
  const m = X.shape[0] ?? 0;
  if (X.ndim !== 2 || X.shape[1] !== net.inputs || m < 1 || m > MAX_SAMPLES) {
    throw new ConfigError(
      `workedExampleOf: X must be [m, ${net.inputs}] with m from 1 to ${MAX_SAMPLES} (a page holds a few examples), got [${X.shape.join(', ')}]`,
    );
  }
  if (y.numel() !== (net.output === 'softmax' ? m : m * net.outputs)) {
    throw new ConfigError(
      `workedExampleOf: y must hold the ${m} targets of X's rows, got [${y.shape.join(', ')}]`,
    );
  }
  checkLearningRate(learningRate, 'workedExampleOf');
  const { bias: b1 } = net.layer1;
  const { bias: b2 } = net.layer2;
  if (b1 === null || b2 === null) {
    throw new ConfigError(
      'workedExampleOf: the network has a layer without a bias; the page writes Z = XW + b',
    );
  }
  const loss = LOSS_OF[net.output];
  const targets = Array.from(y.data);
  const labels = loss === 'crossEntropy' ? targets : null;
  const Y: Matrix =
    labels !== null
      ? labels.map((label) => Array.from({ length: net.outputs }, (_, c) => (c === label ? 1 : 0)))
      : targets.map((target) => [target]);
  return {
    settings: { hidden: net.hidden, activation: net.hiddenActivation, loss, samples: m },
    output: net.output,
    outputs: net.outputs,
    X: matrixOfTensor(X),
    Y,
    labels,
    W1: matrixOfTensor(net.layer1.weight),
    b1: rowOfTensor(b1),
    W2: matrixOfTensor(net.layer2.weight),
    b2: rowOfTensor(b2),
    learningRate,
    weightsNote: 'The weights and biases as the network holds them now:',
  };
}
