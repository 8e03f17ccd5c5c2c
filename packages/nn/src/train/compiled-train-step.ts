/**
 * fit's training step with `compile: true`: the cost, its backward pass and the optimizer's update run as
 * nn's compileStep, traced at the first batch of each shape (the last, shorter batch of an epoch traces a
 * second plan) and replayed after with no tensor allocated. What compile cannot capture (an op with no replay
 * kernel, a value read with item() inside the model's forward) is refused at the first step, before any
 * update: a ConfigError naming the option, the reason, and the fix (train eagerly).
 */
import { CompileError, type Tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';
import { compileStep } from '../optim/compile-step.ts';
import type { Optimizer } from '../optim/optimizer.ts';
import type { Criterion } from './criterion.ts';

/** The cost must be on the tape (depend on the parameters through tensor ops) for backward to train. */
export function requireOnTape(cost: Tensor): void {
  if (!cost.requiresGrad) {
    throw new ConfigError(
      "fit: the loss does not depend on the model's parameters (it is off the tape); compute it from the " +
        'output with tensor operations, not from .data or .item()',
    );
  }
}

/** One compiled optimizer step on a batch, returning the batch's cost (as trainStep does eagerly). */
export function compiledTrainStep(
  criterion: Criterion,
  optimizer: Optimizer,
): (X: Tensor, y: Tensor) => number {
  const step = compileStep(
    criterion.model.parameters(),
    (X: Tensor, y: Tensor) => {
      const cost = criterion.cost(X, y);
      requireOnTape(cost);
      return cost;
    },
    optimizer,
  );
  return (X, y) => {
    try {
      return step(X, y).item();
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      throw new ConfigError(
        `fit: compile: true cannot compile this ${criterion.model.constructor.name}'s training step (${error.message}). ` +
          'Leave compile out (the default) to train eagerly',
      );
    }
  };
}
