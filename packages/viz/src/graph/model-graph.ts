/**
 * The computation graph of a network: one forward pass and its loss, as the tape records them, each tensor
 * named as the derivations name it.
 */
import { ArgumentError, describeValue, Tensor, toDot } from '@tapegrad/autograd';
import { buildNetwork, lossFor, MLP, type Network, networkConfig, TwoLayerNet } from '@tapegrad/nn';
import { inputFeatures, namedForwardPass } from './forward-pass.ts';

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
  /**
   * Draw each Linear layer as nn computes a batch: one fused `addmm` (Z = b + X W in one op). False draws
   * it as the math reads, a `matmul` then an `add` of the bias: the same values up to rounding. Default true.
   */
  readonly fused?: boolean;
  /** Add a legend: what the node styles mean and, when shown, what data and grad are. Default true. */
  readonly legend?: boolean;
}

const OPTION_NAMES = ['values', 'gradients', 'hover', 'fused', 'legend'] as const;

/** Refuses a model that is not a network, an X or y that is not a tensor, and unknown or non-boolean options. */
function checkArguments(model: unknown, X: unknown, y: unknown, options: unknown): void {
  if (!(model instanceof TwoLayerNet) && !(model instanceof MLP)) {
    throw new ArgumentError(
      `modelGraphDot: argument 'model' must be a TwoLayerNet or an MLP, got ${describeValue(model)}`,
    );
  }
  for (const [name, value] of [
    ['X', X],
    ['y', y],
  ] as const) {
    if (!(value instanceof Tensor)) {
      throw new ArgumentError(
        `modelGraphDot: argument '${name}' must be a Tensor, got ${describeValue(value)}`,
      );
    }
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(
      `modelGraphDot: argument 'options' must be an object, got ${describeValue(options)}`,
    );
  }
  for (const [name, value] of Object.entries(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(name)) {
      throw new ArgumentError(
        `modelGraphDot: unknown option '${name}'; the options are ${OPTION_NAMES.join(', ')}`,
      );
    }
    if (value !== undefined && typeof value !== 'boolean') {
      throw new ArgumentError(
        `modelGraphDot: option '${name}' must be true or false, got ${describeValue(value)}`,
      );
    }
  }
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
 * output) as Graphviz DOT, from autograd's `toDot`: one node per tensor, parameters as filled boxes, inputs
 * and constants as grey boxes, op results as ellipses and the loss as a filled double ellipse, with a
 * legend. Each node is named as the derivations name it: the parameters by their state-dict names
 * (`layer1.weight`), the inputs `X`, the targets `y`, the layers' `Z1`, `A1`, `Z2`, ..., the count the
 * mean divides by `m (batch size)`, and `loss`; then its op (or, for a leaf, its shape). Pass a few rows
 * (say 4): the graph has the same nodes for any number, and the values stay readable.
 *
 * The targets are what `objective` takes; integer labels `[m]` for a single sigmoid or linear output are
 * read as the column `[m, 1]` (cross entropy reads labels inside its op, so they are no node of the graph).
 * The pass runs in evaluation mode (dropout off, as when predicting), and the model is left in the mode
 * it was in.
 * @example
 * const net = new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1 });
 * const { X, y } = xor();
 * const svg = await dotToSvg(modelGraphDot(net, X, y, { values: true, gradients: true, fused: false }));
 */
export function modelGraphDot(model: Network, X: Tensor, y: Tensor, options: ModelGraphOptions = {}): string {
  checkArguments(model, X, y, options);
  const features = inputFeatures(model);
  if (X.ndim !== 2 || X.shape[1] !== features) {
    throw new ArgumentError(
      `modelGraphDot: X must be [rows, ${features}] for ${model.describe()}, got [${X.shape.join(',')}]`,
    );
  }
  const targets = y.ndim === 1 && lossFor(model.output) !== 'crossEntropy' ? y.reshape([-1, 1]) : y;
  const gradients = options.gradients ?? false;
  const graphed = gradients ? copyOf(model) : model;
  const wasTraining = model.training;
  graphed.eval();
  try {
    const { loss, names } = namedForwardPass(graphed, X, targets, { fused: options.fused ?? true });
    if (gradients) {
      retainEveryGradient(loss);
      loss.backward();
    }
    return toDot(loss, {
      values: options.values ?? false,
      grads: gradients,
      tooltips: options.hover ?? false,
      legend: options.legend ?? true,
      names,
      name: model.describe(),
    });
  } finally {
    model.train(wasTraining);
  }
}
