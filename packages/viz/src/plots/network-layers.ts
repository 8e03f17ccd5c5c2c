/**
 * A network's weight layers in order, input side first, each with the name of its parameters and the
 * activation that follows it: what the report's architecture and weights sections and the hidden-unit plot
 * read off a TwoLayerNet or an MLP.
 */
import { type Linear, type Module, type Network, TwoLayerNet } from '@tapegrad/nn';

export interface NetworkLayer {
  /** The prefix of its parameters' names: 'layer1' (layer1.weight), 'layers.0' (layers.0.weight). */
  readonly name: string;
  readonly linear: Linear;
  /** The activation after it: the hidden one (tanh, relu, sigmoid), or the output's for the last layer. */
  readonly activation: string;
  /** The hidden activation's module; undefined for the output layer. */
  readonly activationModule: Module | undefined;
}

/**
 * The weight layers of a TwoLayerNet or an MLP, input side first.
 * @example networkLayers(new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1 })).map((layer) => layer.name); // ['layer1', 'layer2']
 */
export function networkLayers(model: Network): NetworkLayer[] {
  if (model instanceof TwoLayerNet) {
    return [
      {
        name: 'layer1',
        linear: model.layer1,
        activation: model.hiddenActivation,
        activationModule: model.activation,
      },
      { name: 'layer2', linear: model.layer2, activation: model.output, activationModule: undefined },
    ];
  }
  return model.layers.map((linear, l) => {
    const hidden = l < model.layers.length - 1;
    return {
      name: `layers.${l}`,
      linear,
      activation: hidden ? model.activation : model.output,
      activationModule: hidden ? model.activations[l] : undefined,
    };
  });
}

/**
 * The layer sizes and activations in one line, e.g. '2 -> 16 tanh -> 1 sigmoid'.
 * @example architectureLine(new MLP([2, 8, 8, 3], { activation: 'relu', output: 'softmax' })); // '2 -> 8 relu -> 8 relu -> 3 softmax'
 */
export function architectureLine(model: Network): string {
  const layers = networkLayers(model);
  return [
    String(layers[0]!.linear.inFeatures),
    ...layers.map((layer) => `${layer.linear.outFeatures} ${layer.activation}`),
  ].join(' -> ');
}
