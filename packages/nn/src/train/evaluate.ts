import { noGrad, type Tensor } from '@tapegrad/autograd';
import type { Module } from '../module/module.ts';
import { checkTrainArguments, EVALUATE_OPTIONS } from './arguments.ts';
import { type Criterion, type CriterionOptions, criterionFor } from './criterion.ts';
import { requireFiniteData, requireValidTargets } from './data-checks.ts';
import { accuracy } from './metrics.ts';

/** A model's cost and accuracy on some data. */
export interface Evaluation {
  /** The cost J (the L2 term included when `l2` is given). */
  readonly loss: number;
  /** The fraction classified right; null for regression and when the loss is not finite. */
  readonly accuracy: number | null;
}

/**
 * The cost and accuracy of a model on (X, y), in evaluation mode (dropout off) and off the tape; the model's
 * mode is restored after. Targets as `fit` takes them.
 *
 * A TwoLayerNet or MLP is scored by its loss name (default: the one its output pairs with): accuracy for
 * 'bce' and 'crossEntropy', none for 'mse'. Any other Module needs `loss`, a function of `model.forward(X)`
 * and y, and its accuracy is worked out from the shapes, unless `predict` says otherwise:
 * - k > 1 outputs [n, k] with integer labels in 0..k-1 (or one-hot rows): the argmax of each row;
 * - one output with 0/1 targets: the output is read as a logit (class 1 where it is > 0), or as a probability
 *   (> 0.5) when the model is a Sequential ending in Sigmoid;
 * - anything else is regression: accuracy null.
 * `predict: (output) => classes` replaces the rule; `predict: null` turns accuracy off.
 * X and y are checked first, as `fit` checks them: a NaN or Infinity, or a label outside the model's classes,
 * is a DataError naming it and its row.
 * @example evaluate(net, { X: XTest, y: yTest }).accuracy; // e.g. 0.99
 * @example evaluate(model, { X, y }, { loss: crossEntropy }).accuracy; // a Sequential ending in logits
 */
export function evaluate(
  model: Module,
  data: { readonly X: Tensor; readonly y: Tensor },
  options: CriterionOptions = {},
): Evaluation {
  checkTrainArguments('evaluate', model, data, options, EVALUATE_OPTIONS);
  const criterion = criterionFor('evaluate', model, options);
  requireValidData('evaluate', criterion, data);
  return evaluateWith(criterion, data);
}

/**
 * The checks of data before `fit` trains on it or `evaluate` scores it, one pass each: every value of X and y
 * a finite number, and y what the loss takes (`TargetKind`). `prefix` names the data in messages
 * ('validation ' for fit's validation data).
 */
export function requireValidData(
  caller: string,
  criterion: Criterion,
  data: { readonly X: Tensor; readonly y: Tensor },
  prefix = '',
): void {
  requireFiniteData(caller, `${prefix}X`, data.X);
  requireFiniteData(caller, `${prefix}y`, data.y);
  requireValidTargets(caller, `${prefix}y`, data.y, criterion.targetKind(data.X));
}

/** `evaluate` with the criterion resolved once, as `fit` does every epoch. */
export function evaluateWith(
  criterion: Criterion,
  data: { readonly X: Tensor; readonly y: Tensor },
): Evaluation {
  return offTapeInEvalMode(criterion.model, () => {
    const value = criterion.cost(data.X, criterion.targets(data.y)).item();
    // A model whose loss is NaN or Inf has no meaningful predictions to count.
    const scored = Number.isFinite(value) ? criterion.classes(data.X, data.y) : null;
    return { loss: value, accuracy: scored === null ? null : accuracy(scored.predicted, scored.labels) };
  });
}

/** The cost alone, measured as `evaluateWith` measures it: `fit`'s starting loss. */
export function costWith(criterion: Criterion, data: { readonly X: Tensor; readonly y: Tensor }): number {
  return offTapeInEvalMode(criterion.model, () => criterion.cost(data.X, criterion.targets(data.y)).item());
}

/** Runs `score` off the tape with the model in evaluation mode (dropout off), restoring its mode after. */
function offTapeInEvalMode<T>(model: Module, score: () => T): T {
  return noGrad(() => {
    const wasTraining = model.training;
    model.eval();
    try {
      return score();
    } finally {
      model.train(wasTraining);
    }
  });
}
