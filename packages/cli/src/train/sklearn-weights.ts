/**
 * MLPClassifier's weights in an nn network of the same sizes, so that a run trained with scikit-learn's
 * algorithm is an ordinary TwoLayerNet or MLP: model.json, evaluate, predict, serve and graph read it
 * unchanged.
 */
import { tensor } from '@tapegrad/autograd';
import type { Network } from '@tapegrad/nn';

/**
 * Copies `coefs` and `intercepts` (MLPClassifier's, one per layer) into `model`'s parameters: layer l's
 * weight takes coefs[l], [fanIn, fanOut] as Linear's weight is, and its bias intercepts[l]. Both compute
 * A_l = g(A_{l-1} W_l + b_l) with a sigmoid output for two classes (sklearn's 'logistic') and softmax for
 * more, so the network's probabilities are the classifier's.
 * @example loadSklearnWeights(net, clf.coefs, clf.intercepts); net.forward(X); // clf.predictProba(X)'s last column
 */
export function loadSklearnWeights(
  model: Network,
  coefs: readonly (readonly (readonly number[])[])[],
  intercepts: readonly (readonly number[])[],
): void {
  // The parameters come layer by layer, each layer's weight before its bias.
  const state = Object.fromEntries(
    model
      .namedParameters()
      .map(([name], i) => [name, tensor(i % 2 === 0 ? coefs[i / 2]! : intercepts[(i - 1) / 2]!)]),
  );
  model.loadStateDict(state);
}
