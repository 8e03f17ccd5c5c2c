import { tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';
import type { InitName } from '../init/init.ts';
import type { Network } from '../losses/objective.ts';
import { MLP } from '../models/mlp.ts';
import type { HiddenActivation, OutputActivation } from '../models/network.ts';
import { TwoLayerNet } from '../models/two-layer-net.ts';

/** A network's architecture: enough to build it again. */
export type NetworkConfig =
  | {
      readonly kind: 'TwoLayerNet';
      readonly inputs: number;
      readonly hidden: number;
      readonly outputs: number;
      readonly hiddenActivation: HiddenActivation;
      readonly output: OutputActivation;
    }
  | {
      readonly kind: 'MLP';
      readonly sizes: readonly number[];
      readonly activation: HiddenActivation;
      readonly output: OutputActivation;
      readonly dropout: number;
    };

/** A saved network: its architecture and every parameter's shape and values, as plain JSON. */
export interface ModelFile {
  readonly format: 'tapegrad-model';
  readonly version: 1;
  readonly config: NetworkConfig;
  readonly parameters: Record<
    string,
    { readonly shape: readonly number[]; readonly values: readonly number[] }
  >;
}

/** The architecture of a TwoLayerNet or MLP. */
export function networkConfig(net: Network): NetworkConfig {
  if (net instanceof TwoLayerNet) {
    const { inputs, hidden, outputs, hiddenActivation, output } = net;
    return { kind: 'TwoLayerNet', inputs, hidden, outputs, hiddenActivation, output };
  }
  return {
    kind: 'MLP',
    sizes: [...net.sizes],
    activation: net.activation,
    output: net.output,
    dropout: net.dropouts[0]?.p ?? 0,
  };
}

/** Builds an untrained network of this architecture. */
export function buildNetwork(config: NetworkConfig, init: InitName = 'pytorch'): Network {
  if (config.kind === 'TwoLayerNet') return new TwoLayerNet({ ...config, init });
  return new MLP(config.sizes, {
    activation: config.activation,
    output: config.output,
    dropout: config.dropout,
    init,
  });
}

/**
 * A network as JSON-ready data (float64 values survive a JSON round trip exactly).
 * @example writeFileSync('model.json', JSON.stringify(modelToJson(net)));
 */
export function modelToJson(net: Network): ModelFile {
  const parameters: ModelFile['parameters'] = {};
  for (const [name, parameter] of net.namedParameters()) {
    (parameters as Record<string, unknown>)[name] = {
      shape: [...parameter.shape],
      values: Array.from(parameter.data),
    };
  }
  return { format: 'tapegrad-model', version: 1, config: networkConfig(net), parameters };
}

/**
 * Rebuilds a network saved by `modelToJson`; `source` names the file in error messages.
 * @example const net = modelFromJson(JSON.parse(readFileSync('model.json', 'utf8')), 'model.json');
 */
export function modelFromJson(data: unknown, source = 'model'): Network {
  const file = data as Partial<ModelFile> | null;
  if (file?.format !== 'tapegrad-model' || file.version !== 1 || !file.config || !file.parameters) {
    throw new ConfigError(
      `${source}: not a tapegrad model file (expected { format: 'tapegrad-model', version: 1, config, parameters })`,
    );
  }
  const net = buildNetwork(file.config);
  const state = Object.fromEntries(
    Object.entries(file.parameters).map(([name, { shape, values }]) => [
      name,
      tensor(Float64Array.from(values), { shape }),
    ]),
  );
  net.loadStateDict(state);
  return net;
}
