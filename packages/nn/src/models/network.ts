import { ConfigError } from '../errors.ts';

/** The hidden-layer activations the hand-derived formulas cover. */
export type HiddenActivation = 'sigmoid' | 'tanh' | 'relu';

/** The output layer's activation; each pairs with one loss (see `lossFor`). */
export type OutputActivation = 'sigmoid' | 'softmax' | 'linear';

export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = ['sigmoid', 'tanh', 'relu'];
export const OUTPUT_ACTIVATIONS: readonly OutputActivation[] = ['sigmoid', 'softmax', 'linear'];

/**
 * Checks a network's activation names at its constructor: `hiddenSetting` names the option the hidden
 * activation came from ('hiddenActivation' or 'activation'), so the message points at what to change.
 */
export function checkActivationNames(
  owner: string,
  hiddenSetting: string,
  hidden: HiddenActivation,
  output: OutputActivation,
): void {
  if (!HIDDEN_ACTIVATIONS.includes(hidden)) {
    throw new ConfigError(
      `${owner}: ${hiddenSetting} '${hidden}' is not one of ${HIDDEN_ACTIVATIONS.join(', ')}`,
    );
  }
  if (!OUTPUT_ACTIVATIONS.includes(output)) {
    throw new ConfigError(`${owner}: output '${output}' is not one of ${OUTPUT_ACTIVATIONS.join(', ')}`);
  }
}
