import { type Tensor, tensor } from '@tapegrad/autograd';
import { refuse } from '../checks/arguments.ts';
import { ConfigError, StateDictError } from '../errors.ts';
import { checkInitName, type InitName } from '../init/init.ts';
import { checkNetwork, type Network } from '../losses/objective.ts';
import { MLP } from '../models/mlp.ts';
import {
  HIDDEN_ACTIVATIONS,
  type HiddenActivation,
  OUTPUT_ACTIVATIONS,
  type OutputActivation,
} from '../models/network.ts';
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
  checkNetwork('networkConfig', net);
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
  if (
    typeof config !== 'object' ||
    config === null ||
    (config.kind !== 'TwoLayerNet' && config.kind !== 'MLP')
  ) {
    refuse(
      'buildNetwork',
      'config',
      "a network config { kind: 'TwoLayerNet' | 'MLP', ... } (see networkConfig)",
      config,
    );
  }
  checkInitName('buildNetwork', init);
  if (config.kind === 'TwoLayerNet') {
    const { inputs, hidden, outputs, hiddenActivation, output } = config;
    return new TwoLayerNet({ inputs, hidden, outputs, hiddenActivation, output, init });
  }
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
  checkNetwork('modelToJson', net);
  const parameters: ModelFile['parameters'] = {};
  for (const [name, parameter] of net.namedParameters()) {
    (parameters as Record<string, unknown>)[name] = {
      shape: [...parameter.shape],
      values: Array.from(parameter.data),
    };
  }
  return { format: 'tapegrad-model', version: 1, config: networkConfig(net), parameters };
}

/** A JSON value as an error message names it: 'null', 'a string', 'an array', 'missing', '7', ... */
function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length <= 8 ? JSON.stringify(value) : `an array of ${value.length}`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1;

/**
 * Checks a model file's fields one by one, so that a corrupt file is refused with the file, the field and
 * what was expected, instead of loading as something else (a null weight read as 0, say).
 */
class ModelFileReader {
  constructor(private readonly source: string) {}

  /** `source: field is VALUE; expected WHAT`, as the error class given. */
  fail(ErrorClass: new (message: string) => Error, field: string, value: unknown, expected: string): Error {
    const problem = value === undefined ? 'is missing' : `is ${shown(value)}`;
    return new ErrorClass(`${this.source}: ${field} ${problem}; expected ${expected}`);
  }

  count(record: Record<string, unknown>, field: string, path: string): number {
    const value = record[field];
    if (!isCount(value)) throw this.fail(ConfigError, path, value, 'a whole number >= 1');
    return value;
  }

  oneOf<T extends string>(
    record: Record<string, unknown>,
    field: string,
    path: string,
    names: readonly T[],
  ): T {
    const value = record[field];
    if (!names.includes(value as T)) throw this.fail(ConfigError, path, value, `one of ${names.join(', ')}`);
    return value as T;
  }

  config(value: unknown): NetworkConfig {
    if (!isRecord(value)) throw this.fail(ConfigError, 'config', value, 'an object with the architecture');
    const kind = this.oneOf(value, 'kind', 'config.kind', ['TwoLayerNet', 'MLP'] as const);
    const output = this.oneOf(value, 'output', 'config.output', OUTPUT_ACTIVATIONS);
    let config: NetworkConfig;
    if (kind === 'TwoLayerNet') {
      config = {
        kind,
        inputs: this.count(value, 'inputs', 'config.inputs'),
        hidden: this.count(value, 'hidden', 'config.hidden'),
        outputs: this.count(value, 'outputs', 'config.outputs'),
        hiddenActivation: this.oneOf(
          value,
          'hiddenActivation',
          'config.hiddenActivation',
          HIDDEN_ACTIVATIONS,
        ),
        output,
      };
    } else {
      const sizes = value.sizes;
      if (!Array.isArray(sizes) || sizes.length < 2) {
        throw this.fail(ConfigError, 'config.sizes', sizes, 'an array of at least 2 layer sizes');
      }
      for (const [i, size] of sizes.entries()) {
        if (!isCount(size)) throw this.fail(ConfigError, `config.sizes[${i}]`, size, 'a whole number >= 1');
      }
      const dropout = value.dropout;
      if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
        throw this.fail(ConfigError, 'config.dropout', dropout, 'a number in [0, 1]');
      }
      config = {
        kind,
        sizes: sizes as number[],
        activation: this.oneOf(value, 'activation', 'config.activation', HIDDEN_ACTIVATIONS),
        output,
        dropout,
      };
    }
    const outputs = config.kind === 'TwoLayerNet' ? config.outputs : config.sizes.at(-1)!;
    if (output === 'softmax' && outputs < 2) {
      throw new ConfigError(
        `${this.source}: config.output is softmax over ${outputs} output unit; expected 2 or more units ` +
          '(softmax over one unit is always 1; one class probability takes a sigmoid output)',
      );
    }
    return config;
  }

  /** Every parameter the architecture has, with exactly its shape and a finite number for each entry. */
  parameters(value: unknown, net: Network): Record<string, Tensor> {
    if (!isRecord(value))
      throw this.fail(StateDictError, 'parameters', value, 'an object of parameters by name');
    const named = net.namedParameters();
    const expectedNames = new Set(named.map(([name]) => name));
    const unexpected = Object.keys(value).find((name) => !expectedNames.has(name));
    if (unexpected !== undefined) {
      throw new StateDictError(
        `${this.source}: parameters["${unexpected}"] is not a parameter of ${net.describe()}; expected only ` +
          [...expectedNames].join(', '),
      );
    }
    const state: Record<string, Tensor> = {};
    for (const [name, parameter] of named) {
      const field = `parameters["${name}"]`;
      const entry = value[name];
      if (!isRecord(entry)) throw this.fail(StateDictError, field, entry, 'an object { shape, values }');
      const shape = entry.shape;
      const expectedShape = `[${parameter.shape.join(',')}]`;
      if (
        !Array.isArray(shape) ||
        `[${shape.join(',')}]` !== expectedShape ||
        shape.some((size) => !isCount(size))
      ) {
        throw this.fail(
          StateDictError,
          `${field}.shape`,
          shape,
          `${expectedShape}, the shape in ${net.describe()}`,
        );
      }
      const values = entry.values;
      if (!Array.isArray(values)) {
        throw this.fail(
          StateDictError,
          `${field}.values`,
          values,
          `an array of ${parameter.numel()} numbers`,
        );
      }
      if (values.length !== parameter.numel()) {
        throw new StateDictError(
          `${this.source}: ${field}.values holds ${values.length} numbers; expected ${parameter.numel()} ` +
            `for shape ${expectedShape}`,
        );
      }
      const data = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const number = values[i];
        if (typeof number !== 'number' || !Number.isFinite(number)) {
          throw this.fail(StateDictError, `${field}.values[${i}]`, number, 'a finite number');
        }
        data[i] = number;
      }
      state[name] = tensor(data, { shape: parameter.shape });
    }
    return state;
  }
}

/**
 * Rebuilds a network saved by `modelToJson`; `source` names the file in error messages. A corrupt file is
 * refused, naming the field: a ConfigError for the architecture, a StateDictError for the parameters.
 * @example const net = modelFromJson(JSON.parse(readFileSync('model.json', 'utf8')), 'model.json');
 * // a null weight: "model.json: parameters["layer1.weight"].values[7] is null; expected a finite number"
 */
export function modelFromJson(data: unknown, source = 'model'): Network {
  if (!isRecord(data) || data.format !== 'tapegrad-model') {
    throw new ConfigError(
      `${source}: not a tapegrad model file (expected { format: 'tapegrad-model', version: 1, config, parameters })`,
    );
  }
  const reader = new ModelFileReader(source);
  if (data.version !== 1)
    throw reader.fail(ConfigError, 'version', data.version, '1, the version this tapegrad reads');
  const net = buildNetwork(reader.config(data.config));
  net.loadStateDict(reader.parameters(data.parameters, net));
  return net;
}
