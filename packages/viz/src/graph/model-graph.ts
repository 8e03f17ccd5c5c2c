/**
 * The computation graph of a network: one forward pass and its loss, as the tape records them.
 */
import { type Tensor, toDot } from '@tapegrad/autograd';
import { buildNetwork, lossFor, type Network, networkConfig, objective } from '@tapegrad/nn';

export interface ModelGraphOptions {
  /** Show each tensor's values in its node (4 significant digits, long tensors cut short). Default false. */
  readonly values?: boolean;
  /**
   * Show each tensor's gradient, d loss / d tensor, from one backward pass through the graph. The pass runs
   * on a copy of the model, so the model's own parameters keep their `.grad`. Default false.
   */
  readonly gradients?: boolean;
  /** Put the values and gradients in each node's tooltip (hover in the SVG) rather than its label. Default false. */
  readonly hover?: boolean;
}

/** Every tensor `output` was computed from, each asked to keep its gradient through the next backward pass. */
function retainEveryGradient(output: Tensor): void {
  const seen = new Set<Tensor>([output]);
  const stack = [output];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t.gradFn === null) continue;
    t.retainGrad();
    for (const input of t.gradFn.inputs) {
      if (!seen.has(input)) {
        seen.add(input);
        stack.push(input);
      }
    }
  }
}

/** A copy of the network with the same weights, for a backward pass that leaves the original untouched. */
function copyOf(model: Network): Network {
  const copy = buildNetwork(networkConfig(model));
  copy.loadStateDict(model.stateDict());
  return copy;
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
  const gradients = options.gradients ?? false;
  const graphed = gradients ? copyOf(model) : model;
  const wasTraining = model.training;
  graphed.eval();
  try {
    const loss = objective(graphed, X, targets);
    if (gradients) {
      retainEveryGradient(loss);
      loss.backward();
    }
    return toDot(loss, {
      values: options.values ?? false,
      grads: gradients,
      tooltips: options.hover ?? false,
      name: model.describe(),
    });
  } finally {
    model.train(wasTraining);
  }
}
