/** The hidden-layer activations the hand-derived formulas cover. */
export type HiddenActivation = 'sigmoid' | 'tanh' | 'relu';

/** The output layer's activation; each pairs with one loss (see `lossFor`). */
export type OutputActivation = 'sigmoid' | 'softmax' | 'linear';

export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = ['sigmoid', 'tanh', 'relu'];
export const OUTPUT_ACTIVATIONS: readonly OutputActivation[] = ['sigmoid', 'softmax', 'linear'];
