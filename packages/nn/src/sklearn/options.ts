/**
 * MLPClassifier's options: scikit-learn's constructor parameters in camelCase, with its defaults and the
 * ranges its `_parameter_constraints` allow, checked once at the constructor so a wrong value is refused
 * where it was written (naming the option and what is valid).
 */
import {
  booleanOption,
  checkOptions,
  type OptionCheck,
  oneOfOption,
  refuseOption,
} from '../checks/arguments.ts';

export const SKLEARN_ACTIVATIONS = ['identity', 'logistic', 'tanh', 'relu'] as const;
/** The hidden layers' activation, by sklearn's names ('logistic' is the sigmoid). */
export type SklearnActivation = (typeof SKLEARN_ACTIVATIONS)[number];

export const SKLEARN_SOLVERS = ['sgd', 'adam'] as const;
export type SklearnSolver = (typeof SKLEARN_SOLVERS)[number];

export const LEARNING_RATE_SCHEDULES = ['constant', 'invscaling', 'adaptive'] as const;
export type LearningRateSchedule = (typeof LEARNING_RATE_SCHEDULES)[number];

export const GRADIENT_SOURCES = ['autograd', 'manual'] as const;
/** Where the gradients come from: tapegrad's tape, or the hand-derived recurrence of sklearn's `_backprop`. */
export type GradientSource = (typeof GRADIENT_SOURCES)[number];

export interface MLPClassifierOptions {
  /** The width of each hidden layer. Default [100]. */
  readonly hiddenLayerSizes?: readonly number[];
  /** Default 'relu'. */
  readonly activation?: SklearnActivation;
  /** Default 'adam'. ('lbfgs' is not offered.) */
  readonly solver?: SklearnSolver;
  /** L2 strength: the loss gains 0.5 alpha sum(W^2) / batch. Default 1e-4. */
  readonly alpha?: number;
  /** Rows per step; 'auto' = min(200, rows); a number above the rows is clipped to them. Default 'auto'. */
  readonly batchSize?: number | 'auto';
  /** The SGD step size schedule. Default 'constant'. */
  readonly learningRate?: LearningRateSchedule;
  /** Default 1e-3. */
  readonly learningRateInit?: number;
  /** The exponent of 'invscaling': lr = learningRateInit / (t + 1)^powerT, t in samples seen. Default 0.5. */
  readonly powerT?: number;
  /** The most epochs. Default 200. */
  readonly maxIter?: number;
  /** Shuffle the training rows before every epoch. Default true. */
  readonly shuffle?: boolean;
  /**
   * The seed of numpy's RandomState (an integer in [0, 2^32)): the same seed draws the same initial
   * weights, shuffles and validation split as sklearn's `random_state`. Default: a seed drawn from nn's
   * shared generator (see `manualSeed`).
   */
  readonly randomState?: number;
  /** The least improvement of the loss (or validation score) that counts. Default 1e-4. */
  readonly tol?: number;
  /** SGD's momentum, in [0, 1]. Default 0.9. */
  readonly momentum?: number;
  /** Default true. */
  readonly nesterovsMomentum?: boolean;
  /** Stop on the accuracy of a held-out validation split instead of the training loss. Default false. */
  readonly earlyStopping?: boolean;
  /** The share of rows held out with earlyStopping, in (0, 1). Default 0.1. */
  readonly validationFraction?: number;
  /** Adam's decay of the first moment, in [0, 1). Default 0.9. */
  readonly beta1?: number;
  /** Adam's decay of the second moment, in [0, 1). Default 0.999. */
  readonly beta2?: number;
  /** Adam's epsilon, > 0. Default 1e-8. */
  readonly epsilon?: number;
  /** Epochs without improvement by tol before stopping (or, for 'adaptive', dividing lr by 5). Default 10. */
  readonly nIterNoChange?: number;
  /** Not sklearn's: the gradients from tapegrad's tape or from the hand-derived formulas. Default 'autograd'. */
  readonly gradients?: GradientSource;
}

/** Every option with a value: the defaults filled in. */
export type ResolvedOptions = Required<Omit<MLPClassifierOptions, 'randomState'>> & {
  readonly randomState: number | undefined;
};

const DEFAULT_OPTIONS: Omit<ResolvedOptions, 'randomState'> = {
  hiddenLayerSizes: [100],
  activation: 'relu',
  solver: 'adam',
  alpha: 1e-4,
  batchSize: 'auto',
  learningRate: 'constant',
  learningRateInit: 1e-3,
  powerT: 0.5,
  maxIter: 200,
  shuffle: true,
  tol: 1e-4,
  momentum: 0.9,
  nesterovsMomentum: true,
  earlyStopping: false,
  validationFraction: 0.1,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  nIterNoChange: 10,
  gradients: 'autograd',
};

/** A finite number in the range `rule` names. */
const numberIn =
  (rule: string, valid: (value: number) => boolean): OptionCheck =>
  (fn, name, value) =>
    typeof value === 'number' && Number.isFinite(value) && valid(value)
      ? value
      : refuseOption(fn, name, rule, value);

const isCount = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min;

const OPTION_CHECKS: Readonly<Record<keyof MLPClassifierOptions, OptionCheck>> = {
  hiddenLayerSizes: (fn, name, value) =>
    Array.isArray(value) && value.every((size) => isCount(size, 1))
      ? value
      : refuseOption(fn, name, 'an array of layer widths, integers >= 1, such as [100] or [16, 8]', value),
  activation: oneOfOption(SKLEARN_ACTIVATIONS),
  solver: (fn, name, value) =>
    (SKLEARN_SOLVERS as readonly unknown[]).includes(value)
      ? value
      : refuseOption(fn, name, "'sgd' or 'adam' ('lbfgs' is not offered)", value),
  alpha: numberIn('a finite number >= 0', (value) => value >= 0),
  batchSize: (fn, name, value) =>
    value === 'auto' || isCount(value, 1)
      ? value
      : refuseOption(fn, name, "'auto' or an integer >= 1", value),
  learningRate: oneOfOption(LEARNING_RATE_SCHEDULES),
  learningRateInit: numberIn('a finite number > 0', (value) => value > 0),
  powerT: numberIn('a finite number >= 0', (value) => value >= 0),
  maxIter: (fn, name, value) =>
    isCount(value, 1) ? value : refuseOption(fn, name, 'an integer >= 1', value),
  shuffle: booleanOption,
  randomState: (fn, name, value) =>
    isCount(value, 0) && value < 2 ** 32
      ? value
      : refuseOption(fn, name, 'an integer seed in [0, 2^32) (numpy RandomState seeds)', value),
  tol: numberIn('a finite number >= 0', (value) => value >= 0),
  momentum: numberIn('a number in [0, 1]', (value) => value >= 0 && value <= 1),
  nesterovsMomentum: booleanOption,
  earlyStopping: booleanOption,
  validationFraction: numberIn('a number in (0, 1)', (value) => value > 0 && value < 1),
  beta1: numberIn('a number in [0, 1)', (value) => value >= 0 && value < 1),
  beta2: numberIn('a number in [0, 1)', (value) => value >= 0 && value < 1),
  epsilon: numberIn('a finite number > 0', (value) => value > 0),
  nIterNoChange: (fn, name, value) =>
    isCount(value, 1) || value === Number.POSITIVE_INFINITY
      ? value
      : refuseOption(fn, name, 'an integer >= 1 (or Infinity, never stop early)', value),
  gradients: oneOfOption(GRADIENT_SOURCES),
};

/** Checks `options` (unknown keys included) and fills in sklearn's defaults. */
export function resolveOptions(fn: string, options: MLPClassifierOptions | undefined): ResolvedOptions {
  const given = checkOptions(fn, options, OPTION_CHECKS);
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  const resolved = { ...DEFAULT_OPTIONS, randomState: undefined, ...defined } as ResolvedOptions;
  // A copy, so that changing the caller's array later does not change the network.
  return { ...resolved, hiddenLayerSizes: [...resolved.hiddenLayerSizes] };
}
