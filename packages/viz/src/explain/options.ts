/**
 * The choices of the worked example, checked: a tiny network is only readable on paper while it stays tiny.
 */
import { ConfigError, HIDDEN_ACTIVATIONS, type HiddenActivation } from '@tapegrad/nn';

/** The losses the worked example walks through; each pairs with its output activation. */
export const EXPLAIN_LOSSES = ['bce', 'crossEntropy', 'mse'] as const;
export type ExplainLoss = (typeof EXPLAIN_LOSSES)[number];

/** The largest hidden layer and batch whose matrices still fit on a page. */
export const MAX_HIDDEN = 4;
export const MAX_SAMPLES = 4;

export interface WorkedExampleOptions {
  /** Hidden units, 1 to 4. Default 2. */
  readonly hidden?: number;
  /** The hidden activation g. Default 'sigmoid'. */
  readonly activation?: HiddenActivation;
  /** 'bce' (one sigmoid output), 'crossEntropy' (two softmax outputs) or 'mse' (one linear output). Default 'bce'. */
  readonly loss?: ExplainLoss;
  /** Examples in the batch, 1 to 4. Default 2. */
  readonly samples?: number;
  /**
   * Draws a new exercise: fresh short-decimal weights, inputs and targets from this integer seed (the same
   * seed, the same page). Default: none, the page's fixed example.
   */
  readonly seed?: number;
  /** eta of the gradient-descent step the page takes, a number > 0. Default 0.1. */
  readonly learningRate?: number;
  /**
   * Where the Markdown finds the drawing of the network (`networkSvg` written to a file), e.g. 'worked.svg'.
   * Default: none, the Markdown describes the network in a table only (the HTML always draws it inline).
   */
  readonly networkImage?: string;
  /**
   * KaTeX's CSS, put inside the HTML page: `katexCss()` from `@tapegrad/viz/node` (its fonts inlined, so the
   * page works offline). Default empty: the page that shows the HTML loads KaTeX's stylesheet itself.
   */
  readonly katexStylesheet?: string;
}

/** The shape of the network and batch: what a page's fixed or drawn numbers are cut to. */
export type WorkedExampleSettings = Required<
  Pick<WorkedExampleOptions, 'hidden' | 'activation' | 'loss' | 'samples'>
>;

function checkCount(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError(`workedExample: ${name} must be an integer from 1 to ${max}, got ${value}`);
  }
}

/**
 * The options with their defaults filled in; a value out of range throws a ConfigError that names the
 * option and its valid values.
 * @example resolveOptions({ loss: 'mse' }); // { hidden: 2, activation: 'sigmoid', loss: 'mse', samples: 2 }
 */
export function resolveOptions(options: WorkedExampleOptions = {}): WorkedExampleSettings {
  const { hidden = 2, activation = 'sigmoid', loss = 'bce', samples = 2 } = options;
  checkCount('hidden', hidden, MAX_HIDDEN);
  checkCount('samples', samples, MAX_SAMPLES);
  if (!HIDDEN_ACTIVATIONS.includes(activation)) {
    throw new ConfigError(
      `workedExample: activation '${activation}' is not one of ${HIDDEN_ACTIVATIONS.join(', ')}`,
    );
  }
  if (!EXPLAIN_LOSSES.includes(loss)) {
    throw new ConfigError(`workedExample: loss '${loss}' is not one of ${EXPLAIN_LOSSES.join(', ')}`);
  }
  return { hidden, activation, loss, samples };
}

/** The seed, when one is given: an integer (any safe integer, negative included). */
export function checkSeed(seed: number | undefined): number | undefined {
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new ConfigError(`workedExample: seed must be an integer, got ${seed}`);
  }
  return seed;
}

/** The learning rate of the page's gradient-descent step: a finite number > 0. */
export function checkLearningRate(learningRate: number, caller: string): number {
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new ConfigError(`${caller}: learningRate must be a finite number > 0, got ${learningRate}`);
  }
  return learningRate;
}
