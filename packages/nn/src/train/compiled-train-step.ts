/**
 * fit's compiled training step: the cost, its backward pass and the optimizer's update run as nn's
 * compileStep, traced at the first batch of each shape (the last, shorter batch of an epoch traces a second
 * plan) and replayed after with no tensor allocated. What compile cannot capture (an op with no replay
 * kernel, a value read with item() inside the model's forward) shows at a trace, before that step's update:
 * with `compile: true` it is a ConfigError naming the option, the reason and the fix; with 'auto' the step is
 * undone (gradients and random generators as they were) and fit trains eagerly from there.
 */
import { CompileError, type Tensor, undoDrawsOnError } from '@tapegrad/autograd';
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

/** What compile could not capture, in fit's words: the reason an 'auto' run trains eagerly. */
export type CompileRefusal = (reason: string) => void;

/**
 * Each parameter's gradient as it is now, and the function that puts it back: a failed trace has zeroed
 * the gradients and added part of the backward pass into them.
 */
function keepGradients(parameters: readonly Tensor[]): () => void {
  const kept = parameters.map((parameter) => {
    const grad = parameter.grad;
    return { parameter, grad, values: grad?.data.slice() };
  });
  return () => {
    for (const { parameter, grad, values } of kept) {
      if (grad !== null && values !== undefined) grad.data.set(values);
      parameter.grad = grad;
    }
  };
}

/** A compiled step on a batch: its cost, or null when it did not compile (and changed nothing). */
export type CompiledTrainStep = (X: Tensor, y: Tensor) => number | null;

/**
 * One compiled optimizer step on a batch, returning the batch's cost (as fit's eager step does). With
 * `refused` null (compile: true), a step that cannot compile throws a ConfigError; with a function
 * (compile: 'auto'), it is told why, the step returns null, and nothing has changed: no update, the
 * gradients and every random generator the trace drew from (Dropout's masks) as they were before it.
 */
export function compiledTrainStep(
  criterion: Criterion,
  optimizer: Optimizer,
  refused: CompileRefusal | null,
): CompiledTrainStep {
  const parameters = criterion.model.parameters();
  const step = compileStep(
    parameters,
    (X: Tensor, y: Tensor) => {
      const cost = criterion.cost(X, y);
      requireOnTape(cost);
      return cost;
    },
    optimizer,
  );
  // compile traces once per batch shape (fit keeps the mode and the grad mode fixed): only those calls can fail.
  const tracedShapes = new Set<string>();
  return (X, y) => {
    const shapes = `${X.shape} ${y.shape}`;
    if (tracedShapes.has(shapes)) return step(X, y).item();
    const putBackGradients = keepGradients(parameters);
    try {
      const cost = undoDrawsOnError(() => step(X, y).item());
      tracedShapes.add(shapes);
      return cost;
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      putBackGradients();
      if (refused === null) {
        throw new ConfigError(
          `fit: compile: true cannot compile this ${criterion.model.constructor.name}'s training step (${error.message}). ` +
            "Pass compile: 'auto' (the default) to train eagerly when the step does not compile, or compile: false",
        );
      }
      refused(error.message);
      return null;
    }
  };
}
