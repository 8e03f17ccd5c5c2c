import {
  anyNumber,
  booleanOption,
  checkInstance,
  checkOptions,
  functionOption,
  type OptionCheck,
  refuseOption,
  rngOption,
} from '../checks/arguments.ts';
import { checkDataset } from '../data/dataset.ts';
import { Module } from '../module/module.ts';
import { Optimizer } from '../optim/optimizer.ts';

/** A loss: a name the networks know, or a function (output, target) => scalar tensor. */
const lossOption: OptionCheck = (fn, name, value) =>
  typeof value === 'function' || value === 'bce' || value === 'crossEntropy' || value === 'mse'
    ? value
    : refuseOption(
        fn,
        name,
        "a function (output, target) => scalar tensor, or 'bce', 'crossEntropy' or 'mse'",
        value,
      );

/** An object with the given methods (a scheduler's step, a signal's aborted flag is read as is). */
const objectOption =
  (rule: string, method?: string): OptionCheck =>
  (fn, name, value) =>
    typeof value === 'object' &&
    value !== null &&
    (method === undefined || typeof (value as Record<string, unknown>)[method] === 'function')
      ? value
      : refuseOption(fn, name, rule, value);

/** The options of `evaluate` (and the scoring part of `fit`'s); l2's range is checked by criterionFor. */
export const EVALUATE_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  loss: lossOption,
  l2: anyNumber,
  predict: (fn, name, value) =>
    value === null || typeof value === 'function'
      ? value
      : refuseOption(fn, name, 'a function or null', value),
};

/** The options of `fit`: their kinds here, their ranges where fit reads them. */
export const FIT_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  ...EVALUATE_OPTIONS,
  epochs: anyNumber,
  batchSize: anyNumber,
  shuffle: booleanOption,
  rng: rngOption,
  optimizer: (fn, name, value) =>
    value instanceof Optimizer
      ? value
      : refuseOption(fn, name, 'an Optimizer, e.g. new Adam(model.parameters())', value),
  lr: (fn, name, value) =>
    typeof value === 'number' && value > 0 && Number.isFinite(value)
      ? value
      : refuseOption(fn, name, 'a positive finite number', value),
  scheduler: objectOption('a schedule with a step() method', 'step'),
  validation: (fn, name, value) => checkDataset(fn, value, name),
  validationSplit: anyNumber,
  targetLoss: (fn, name, value) =>
    typeof value === 'number' && !Number.isNaN(value) ? value : refuseOption(fn, name, 'a number', value),
  earlyStopping: objectOption('an object { patience, minDelta, restoreBest }'),
  // Its value is checked by fit, whose message lists the two ways.
  gradients: (fn, name, value) =>
    value === null ? refuseOption(fn, name, "'autograd' or 'manual'", value) : value,
  compile: (fn, name, value) =>
    typeof value === 'boolean' || value === 'auto'
      ? value
      : refuseOption(fn, name, "true, false or 'auto'", value),
  onEpoch: functionOption,
  onWarning: functionOption,
  signal: objectOption('an AbortSignal'),
};

/**
 * The arguments of `fit` and `evaluate` (`caller`), checked at their boundary: a Module, a dataset { X, y }
 * of tensors, and an options object of known keys with values of the right kind.
 */
export function checkTrainArguments(
  caller: string,
  model: unknown,
  data: unknown,
  options: unknown,
  schema: Readonly<Record<string, OptionCheck>>,
): void {
  checkInstance(caller, 'model', model, Module, 'a Module (a network, a Sequential, a layer)');
  checkDataset(caller, data, 'data');
  checkOptions(caller, options as object, schema);
}
