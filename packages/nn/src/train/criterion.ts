import { noGrad, type Tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';
import { bceWithLogits, binaryCrossEntropy, crossEntropy, l2Penalty, nllLoss } from '../losses/losses.ts';
import { type LossName, lossFor, type Network, objective } from '../losses/objective.ts';
import { MLP } from '../models/mlp.ts';
import { TwoLayerNet } from '../models/two-layer-net.ts';
import { Sigmoid } from '../module/activations.ts';
import type { Module } from '../module/module.ts';
import { Sequential } from '../module/sequential.ts';
import type { TargetKind } from './data-checks.ts';
import { predictClasses } from './metrics.ts';

/**
 * A loss as PyTorch writes one: the model's output (what `forward` returns) and the targets in, one number
 * on the tape out. The library's losses fit as they are.
 * @example const loss: LossFunction = (output, y) => crossEntropy(output, y); // or just crossEntropy
 */
export type LossFunction = (output: Tensor, target: Tensor) => Tensor;

/**
 * Class predictions from a model's output, for accuracy: one class index per row, or 0/1 per output.
 * @example const predict: Predict = (probabilities) => predictClasses(probabilities, 'sigmoid');
 */
export type Predict = (output: Tensor) => Tensor;

/** How `fit` and `evaluate` score a model. */
export interface CriterionOptions {
  /**
   * A loss name ('bce', 'crossEntropy', 'mse') for a TwoLayerNet or MLP, whose default is the loss that pairs
   * with its output activation; or a loss function of the model's output and the targets, for any Module.
   */
  readonly loss?: LossName | LossFunction;
  /** L2 strength: adds (l2 / 2m) * sum ||W||^2 over the parameters named `weight`. Default 0. */
  readonly l2?: number;
  /**
   * Class predictions from the output, for accuracy; null for no accuracy (regression). Default: see
   * `evaluate`.
   */
  readonly predict?: Predict | null;
}

/** The networks with hand-derived formulas, which know their logits and pick their loss by name. */
export function isNetwork(model: Module): model is Network {
  return model instanceof TwoLayerNet || model instanceof MLP;
}

/** A model together with what it is scored on: the cost on a batch, and the classes for accuracy. */
export interface Criterion {
  readonly model: Module;
  /** The loss by name, which the hand-derived formulas need; null for a loss function. */
  readonly lossName: LossName | null;
  readonly l2: number;
  /** y as the loss takes it: a network's 'bce' and 'mse' take [n] labels as [n, 1]; a function gets y as given. */
  targets(y: Tensor): Tensor;
  /** The cost J on a batch (targets as `targets` gives them): the mean loss plus the L2 term, on the tape. */
  cost(X: Tensor, targets: Tensor): Tensor;
  /** The predicted classes and the labels they are scored against, or null when the task is regression. */
  classes(X: Tensor, y: Tensor): { readonly predicted: Tensor; readonly labels: Tensor } | null;
  /** What the loss takes as targets (y as given, before `targets`), for the checks before training. */
  targetKind(X: Tensor): TargetKind;
}

/** What to write for each loss name when the model is not a network, which has no logits to give it. */
const LOSS_FUNCTION_FOR: Record<LossName, string> = {
  bce: 'bceWithLogits (on logits) or binaryCrossEntropy (on probabilities)',
  crossEntropy: 'crossEntropy (on logits)',
  mse: 'mse',
};

/**
 * The criterion of `model` under `options`; `caller` ('fit', 'evaluate') starts the error messages. A network
 * with a loss name is scored as the derivations do (`objective`, on its logits); any other model, or a network
 * with a loss function, as PyTorch's loop: J = loss(model.forward(X), y).
 */
export function criterionFor(caller: string, model: Module, options: CriterionOptions): Criterion {
  const l2 = options.l2 ?? 0;
  if (!(typeof l2 === 'number' && Number.isFinite(l2) && l2 >= 0)) {
    throw new ConfigError(
      `${caller}: l2 ${String(l2)} must be a finite number >= 0 (0, the default, turns it off)`,
    );
  }
  const loss = options.loss ?? (isNetwork(model) ? lossFor(model.output) : undefined);
  const modelName = model.constructor.name;
  if (loss === undefined) {
    throw new ConfigError(
      `${caller}: a ${modelName} needs the loss option: a function (output, target) => scalar tensor, ` +
        'e.g. { loss: crossEntropy } for class labels or { loss: mse } for regression; ' +
        'only TwoLayerNet and MLP pick their loss from their output activation',
    );
  }
  if (typeof loss === 'string') {
    if (!isNetwork(model)) {
      const fix = LOSS_FUNCTION_FOR[loss] ?? 'a function (output, target) => scalar tensor';
      throw new ConfigError(
        `${caller}: loss '${loss}' is a name, which only TwoLayerNet and MLP take (they apply it to their logits); ` +
          `for a ${modelName} pass the loss function: loss: ${fix}`,
      );
    }
    return namedCriterion(model, loss, l2, options.predict);
  }
  const weights = model
    .namedParameters()
    .filter(([name]) => name === 'weight' || name.endsWith('.weight'))
    .map(([, weight]) => weight);
  if (l2 !== 0 && weights.length === 0) {
    throw new ConfigError(
      `${caller}: l2 covers the parameters named 'weight' (as Linear's), and this ${modelName} has none; ` +
        "name its weight tensors 'weight', or leave l2 out and use the optimizer's weight decay " +
        '(e.g. new SGD(model.parameters(), { lr: 0.1, weightDecay: 1e-4 }))',
    );
  }
  const predict = options.predict === undefined ? defaultPredict(model) : options.predict;
  return {
    model,
    lossName: null,
    l2,
    targets: (y) => y,
    cost: (X, targets) => {
      const value = loss(model.forward(X), targets);
      if (value.numel() !== 1) {
        throw new ConfigError(
          `${caller}: the loss function returned shape [${value.shape.join(',')}], not one number; ` +
            "reduce it to a scalar with .mean() (or the loss's reduction: 'mean')",
        );
      }
      if (l2 === 0) return value;
      const rows = X.shape[0]!;
      return value.add(l2Penalty(weights, l2 / rows));
    },
    classes: (X, y) => {
      if (predict === null) return null;
      const output = model.forward(X);
      if (options.predict === undefined) {
        const labels = classLabels(output, y);
        return labels === null ? null : { predicted: predict(output), labels };
      }
      const predicted = predict(output);
      // One class per row against one-hot rows: compare with the rows' argmax.
      const oneHotRows = y.ndim === 2 && y.shape[1]! > 1 && predicted.numel() !== y.numel();
      return { predicted, labels: oneHotRows ? y.argmax(1) : y };
    },
    targetKind: (X) => lossFunctionTargets(model, loss, X),
  };
}

/**
 * What the library's class losses take, given as functions: bceWithLogits and binaryCrossEntropy 0/1 targets,
 * crossEntropy and nllLoss labels below the number of columns of the model's output (from one row, in
 * evaluation mode so that dropout draws nothing). Any other function: real values, unchecked.
 */
function lossFunctionTargets(model: Module, loss: LossFunction, X: Tensor): TargetKind {
  const modelName = model.constructor.name;
  if (loss === bceWithLogits || loss === binaryCrossEntropy) {
    return { kind: 'probabilities', of: `the ${modelName}'s output (loss ${loss.name})` };
  }
  if ((loss !== crossEntropy && loss !== nllLoss) || X.shape[0] === 0) return { kind: 'values' };
  const wasTraining = model.training;
  model.eval();
  const output = noGrad(() => model.forward(X.indexSelect(0, [0])));
  model.train(wasTraining);
  if (output.ndim !== 2) return { kind: 'values' };
  const classes = output.shape[1]!;
  return { kind: 'labels', classes, of: `the ${modelName}'s ${classes} outputs (loss ${loss.name})` };
}

/** A network trained by loss name, as the derivations and the hand-derived formulas have it. */
function namedCriterion(
  model: Network,
  loss: LossName,
  l2: number,
  predict: Predict | null | undefined,
): Criterion {
  const targets = (y: Tensor) => (loss !== 'crossEntropy' && y.ndim === 1 ? y.reshape([-1, 1]) : y);
  return {
    model,
    lossName: loss,
    l2,
    targets,
    cost: (X, y) => objective(model, X, y, { loss, l2 }),
    targetKind: () => {
      const of = `the ${model.constructor.name}'s ${outputsText(model)} (loss '${loss}')`;
      if (loss === 'bce') return { kind: 'probabilities', of };
      if (loss === 'crossEntropy') return { kind: 'labels', classes: outputCount(model), of };
      return { kind: 'values' };
    },
    classes: (X, y) => {
      if (predict === null || (predict === undefined && loss === 'mse')) return null;
      const output = model.forward(X);
      const predicted = predict === undefined ? predictClasses(output, model.output) : predict(output);
      // Accuracy compares with class labels for cross entropy (one-hot or soft rows give their argmax), and
      // with the 0/1 targets themselves for bce (one per output).
      const oneHotRows = loss === 'crossEntropy' && y.ndim === 2 && y.shape[1]! > 1;
      return { predicted, labels: oneHotRows ? y.argmax(1) : y };
    },
  };
}

/** The number of outputs of a network: the columns of its last weight. */
function outputCount(model: Network): number {
  return model instanceof TwoLayerNet ? model.outputs : model.sizes.at(-1)!;
}

/** "sigmoid output", "3 softmax outputs". */
function outputsText(model: Network): string {
  const outputs = outputCount(model);
  return outputs === 1 ? `${model.output} output` : `${outputs} ${model.output} outputs`;
}

/**
 * The classes of a model's output: the argmax of each row for k > 1 outputs (logits or probabilities alike);
 * for one output, 1 above the threshold: 0.5 when the output is a probability (a network with a sigmoid
 * output, or a Sequential ending in Sigmoid), else 0, reading it as a logit (sigmoid(z) > 0.5 exactly when
 * z > 0), as PyTorch models end in a logit for bceWithLogits.
 */
function defaultPredict(model: Module): Predict {
  const probabilities = isNetwork(model)
    ? model.output === 'sigmoid'
    : model instanceof Sequential && model.layers.at(-1) instanceof Sigmoid;
  return (output) =>
    isSingleColumn(output)
      ? predictClasses(output, 'sigmoid', { logits: !probabilities })
      : predictClasses(output, 'softmax');
}

function isSingleColumn(output: Tensor): boolean {
  return output.ndim === 1 || (output.ndim === 2 && output.shape[1] === 1);
}

/**
 * The class labels in y when output and y look like classification, else null (regression):
 * - k > 1 outputs [n, k]: y integer labels in 0..k-1 ([n] or [n, 1]), or rows [n, k] that are each a
 *   distribution (one-hot or soft targets), scored by their argmax;
 * - one output ([n] or [n, 1]): y of one 0 or 1 per row.
 */
function classLabels(output: Tensor, y: Tensor): Tensor | null {
  const rows = output.shape[0]!;
  const values = y.data;
  if (isSingleColumn(output)) {
    return y.numel() === rows && values.every((value) => value === 0 || value === 1) ? y : null;
  }
  if (output.ndim !== 2) return null;
  const classes = output.shape[1]!;
  if (y.numel() === rows) {
    return values.every((value) => Number.isInteger(value) && value >= 0 && value < classes) ? y : null;
  }
  if (y.ndim !== 2 || y.shape[1] !== classes) return null;
  for (let row = 0; row < rows; row++) {
    const distribution = values.subarray(row * classes, (row + 1) * classes);
    const total = distribution.reduce((sum, value) => sum + value, 0);
    if (distribution.some((value) => value < 0) || Math.abs(total - 1) > 1e-9) return null;
  }
  return y.argmax(1);
}
