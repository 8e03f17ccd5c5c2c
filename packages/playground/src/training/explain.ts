/**
 * "Explain this step": viz's worked example of backprop (workedExampleOf) for one training point at the
 * network's current weights, with a note on where the point and the weights come from.
 */
import { ConfigError, type Network, TwoLayerNet } from '@tapegrad/nn';
import { workedExampleOf } from '@tapegrad/viz/explain';
import type { PlaygroundConfig } from '../config.ts';
import type { PlaygroundData } from '../data.ts';

/** A number as a person reads it: 4 significant digits (0.5007, -1.234e-5). */
function readable(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/**
 * The worked example for training point `index` (its standardized row and its class) as a standalone HTML
 * page: the forward pass, the loss, every gradient by hand and by the tape, and one plain gradient-descent
 * step with the run's learning rate. The page's formulas are the two-layer network's without L2, so the
 * note says when the run trains otherwise (another optimizer, an L2 term); an MLP is a ConfigError that says
 * what to pick. The HTML carries no KaTeX stylesheet (Node reads it from disk): the page that shows it adds it.
 * @example explainPage(net, data, config, 12, 7); // training point 7 at epoch 12
 */
export function explainPage(
  net: Network,
  data: PlaygroundData,
  config: PlaygroundConfig,
  epoch: number,
  index: number,
): string {
  const rows = data.train.X.shape[0]!;
  if (!Number.isInteger(index) || index < 0 || index >= rows) {
    throw new ConfigError(`explain: training point ${index} does not exist; pick one from 0 to ${rows - 1}`);
  }
  if (!(net instanceof TwoLayerNet)) {
    throw new ConfigError(
      `explain: the worked example follows the two-layer network of the derivations, and this is ${net.describe()}` +
        `${config.dropout > 0 ? ' with dropout' : ''}; pick one hidden layer and no dropout to see it`,
    );
  }
  const features = data.featureNames;
  const raw = data.rawTrain.X.data.subarray(index * features.length, (index + 1) * features.length);
  const point = features.map((name, j) => `${name} = ${readable(raw[j]!)}`).join(', ');
  const label = data.classes[data.train.y.data[index]!];
  const optimizer = config.optimizer === 'sgd' ? '.' : ` (the run itself trains with ${config.optimizer}).`;
  const l2 = config.l2 > 0 ? ` The page leaves out the run's L2 term (l2 = ${config.l2}).` : '';
  const description =
    `Training point ${index} of the playground run (${point} in the data's units, standardized with the ` +
    `training split's mean and std before the network), class ${label}, at epoch ${epoch}. The step shown is ` +
    `one plain gradient-descent step with the run's learning rate ${config.learningRate}${optimizer}${l2}`;
  const picked = [index];
  return workedExampleOf(net, data.train.X.indexSelect(0, picked), data.train.y.indexSelect(0, picked), {
    learningRate: config.learningRate,
    title: `Backpropagation by hand: training point ${index} at epoch ${epoch}`,
    description,
  }).html;
}
