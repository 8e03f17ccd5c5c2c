/**
 * The computation graph of a network: one forward pass and its loss, as the tape records them.
 */
import { type Tensor, toDot } from '@tapegrad/autograd';
import { lossFor, type Network, objective } from '@tapegrad/nn';

export interface ModelGraphOptions {
  /** Show each tensor's values in its node (4 significant digits, long tensors cut short). Default false. */
  readonly values?: boolean;
}

/**
 * The graph of `objective(model, X, y)` (the model's forward pass on X and the loss that pairs with its
 * output) as Graphviz DOT, from autograd's `toDot`: one node per tensor with its op and shape, parameters
 * as filled boxes, inputs and constants as grey boxes, op results as ellipses. Pass a few rows (say 4):
 * the graph has the same nodes for any number, and the values stay readable.
 *
 * The targets are what `objective` takes; integer labels `[m]` for a single sigmoid or linear output are
 * read as the column `[m, 1]`. The pass runs in evaluation mode (dropout off, as when predicting), and
 * the model is left in the mode it was in.
 * @example
 * const net = new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1 });
 * const { X, y } = xor();
 * const svg = await dotToSvg(modelGraphDot(net, X, y, { values: true }));
 */
export function modelGraphDot(model: Network, X: Tensor, y: Tensor, options: ModelGraphOptions = {}): string {
  const targets = y.ndim === 1 && lossFor(model.output) !== 'crossEntropy' ? y.reshape([-1, 1]) : y;
  const wasTraining = model.training;
  model.eval();
  try {
    const loss = objective(model, X, targets);
    return toDot(loss, { values: options.values ?? false, name: model.describe() });
  } finally {
    model.train(wasTraining);
  }
}
