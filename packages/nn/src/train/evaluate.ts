import { noGrad, type Tensor } from '@tapegrad/autograd';
import {
  type LossName,
  lossFor,
  type Network,
  type ObjectiveOptions,
  objective,
} from '../losses/objective.ts';
import { accuracy, predictClasses } from './metrics.ts';

/** Targets in the form the loss takes: [n] labels become [n, 1] for bce and mse on a single output. */
export function targetsFor(loss: LossName, y: Tensor): Tensor {
  return loss !== 'crossEntropy' && y.ndim === 1 ? y.reshape([-1, 1]) : y;
}

/**
 * What accuracy compares predictions with: for cross entropy, class labels [n] (one-hot or soft rows give
 * their argmax); for bce, the 0/1 targets themselves (one per output).
 */
function labelsOf(loss: LossName, y: Tensor): Tensor {
  return loss === 'crossEntropy' && y.ndim === 2 && y.shape[1]! > 1 ? y.argmax(1) : y;
}

/** A model's cost and accuracy on some data. */
export interface Evaluation {
  /** The cost J (the L2 term included when `l2` is given). */
  readonly loss: number;
  /** The fraction classified right; null for regression (mse) and when the loss is not finite. */
  readonly accuracy: number | null;
}

/**
 * The cost and accuracy of a network on (X, y), in evaluation mode (dropout off) and off the tape; the
 * model's mode is restored after. Targets as `fit` takes them: labels [n] or [n, 1], one-hot rows, or real
 * values for mse.
 * @example evaluate(net, { X: XTest, y: yTest }).accuracy; // e.g. 0.99
 */
export function evaluate(
  model: Network,
  data: { readonly X: Tensor; readonly y: Tensor },
  options: ObjectiveOptions = {},
): Evaluation {
  const loss = options.loss ?? lossFor(model.output);
  return noGrad(() => {
    const wasTraining = model.training;
    model.eval();
    try {
      const value = objective(model, data.X, targetsFor(loss, data.y), { loss, l2: options.l2 ?? 0 }).item();
      // A model whose loss is NaN or Inf has no meaningful predictions to count.
      const classify = loss !== 'mse' && Number.isFinite(value);
      const predicted = classify ? predictClasses(model.forward(data.X), model.output) : null;
      return {
        loss: value,
        accuracy: predicted === null ? null : accuracy(predicted, labelsOf(loss, data.y)),
      };
    } finally {
      model.train(wasTraining);
    }
  });
}
