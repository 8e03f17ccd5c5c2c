import { Rng } from '@tapegrad/autograd';
import { ConfigError, MLP, modelFromJson, modelToJson, StateDictError, TwoLayerNet } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';

describe('saving and loading a network as JSON', () => {
  test('a TwoLayerNet survives a JSON round trip bit for bit, config included', () => {
    const net = new TwoLayerNet({
      inputs: 3,
      hidden: 5,
      outputs: 2,
      hiddenActivation: 'relu',
      output: 'softmax',
      rng: new Rng(1),
    });
    const loaded = modelFromJson(JSON.parse(JSON.stringify(modelToJson(net))));
    expect(loaded).toBeInstanceOf(TwoLayerNet);
    expect(loaded.toString()).toEqual(net.toString());
    const X = new Rng(2).randn([4, 3]);
    expect(Array.from(loaded.forward(X).data)).toEqual(Array.from(net.forward(X).data));
  });

  test('an MLP keeps its sizes, activation, output and dropout', () => {
    const mlp = new MLP([2, 4, 4, 3], {
      activation: 'tanh',
      output: 'softmax',
      dropout: 0.25,
      rng: new Rng(3),
    });
    const file = modelToJson(mlp);
    expect(file.config).toEqual({
      kind: 'MLP',
      sizes: [2, 4, 4, 3],
      activation: 'tanh',
      output: 'softmax',
      dropout: 0.25,
    });
    expect(Object.keys(file.parameters)).toEqual(mlp.namedParameters().map(([name]) => name));
    const loaded = modelFromJson(JSON.parse(JSON.stringify(file))) as MLP;
    expect(loaded.dropouts.map((d) => d.p)).toEqual([0.25, 0.25]);
    loaded.namedParameters().forEach(([name, parameter], i) => {
      expect(name).toEqual(mlp.namedParameters()[i]![0]);
      expect(Array.from(parameter.data)).toEqual(Array.from(mlp.namedParameters()[i]![1].data));
    });
  });

  test('a file that is not a model names the source', () => {
    expect(() => modelFromJson({ hello: 1 }, 'runs/x/model.json')).toThrow(ConfigError);
    expect(() => modelFromJson({ hello: 1 }, 'runs/x/model.json')).toThrow(
      /runs\/x\/model.json: not a tapegrad model file/,
    );
  });

  test('parameters that do not fit the config are a StateDictError', () => {
    const file = modelToJson(new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: new Rng(4) }));
    const tampered = { ...file, config: { ...file.config, hidden: 4 } };
    expect(() => modelFromJson(tampered)).toThrow(StateDictError);
  });
});

describe('a corrupt model file is refused, naming the file and the field', () => {
  /** A 2-4-1 TwoLayerNet's file, as plain JSON to break: layer1.weight holds 8 values. */
  const fresh = () =>
    JSON.parse(
      JSON.stringify(modelToJson(new TwoLayerNet({ inputs: 2, hidden: 4, outputs: 1, rng: new Rng(5) }))),
    );
  const load = (file: unknown) => () => modelFromJson(file, 'runs/x/model.json');

  test('a null weight, which Float64Array.from would read as 0', () => {
    const file = fresh();
    file.parameters['layer1.weight'].values[7] = null;
    expect(load(file)).toThrow(StateDictError);
    expect(load(file)).toThrow(
      'runs/x/model.json: parameters["layer1.weight"].values[7] is null; expected a finite number',
    );
  });

  test('a weight that is a string, or not finite', () => {
    const file = fresh();
    file.parameters['layer2.bias'].values[0] = '0.5';
    expect(load(file)).toThrow(
      'parameters["layer2.bias"].values[0] is the string "0.5"; expected a finite number',
    );
    file.parameters['layer2.bias'].values[0] = Number.NaN;
    expect(load(file)).toThrow('parameters["layer2.bias"].values[0] is NaN; expected a finite number');
  });

  test("a wrong count of values for the weight's shape", () => {
    const file = fresh();
    file.parameters['layer1.weight'].values.pop();
    expect(load(file)).toThrow(StateDictError);
    expect(load(file)).toThrow(
      'runs/x/model.json: parameters["layer1.weight"].values holds 7 numbers; expected 8 for shape [2,4]',
    );
  });

  test('a shape that does not fit the architecture, and values that are not a list', () => {
    const file = fresh();
    file.parameters['layer1.weight'].shape = [4, 2];
    expect(load(file)).toThrow('parameters["layer1.weight"].shape is [4,2]; expected [2,4]');
    const other = fresh();
    other.parameters['layer1.bias'].values = 'abc';
    expect(load(other)).toThrow(
      'parameters["layer1.bias"].values is the string "abc"; expected an array of 4 numbers',
    );
  });

  test('a missing field: a size of the architecture, a parameter', () => {
    const file = fresh();
    delete file.config.hidden;
    expect(load(file)).toThrow(ConfigError);
    expect(load(file)).toThrow('runs/x/model.json: config.hidden is missing; expected a whole number >= 1');
    const other = fresh();
    delete other.parameters['layer2.bias'];
    expect(load(other)).toThrow(StateDictError);
    expect(load(other)).toThrow('parameters["layer2.bias"] is missing; expected an object { shape, values }');
  });

  test('a wrong type or name in the architecture, an unknown parameter, another version', () => {
    const file = fresh();
    file.config.inputs = '2';
    expect(load(file)).toThrow('config.inputs is the string "2"; expected a whole number >= 1');
    const activation = fresh();
    activation.config.hiddenActivation = 'swish';
    expect(load(activation)).toThrow(
      'config.hiddenActivation is the string "swish"; expected one of sigmoid, tanh, relu',
    );
    const extra = fresh();
    extra.parameters['layer3.weight'] = { shape: [1], values: [0] };
    expect(load(extra)).toThrow('parameters["layer3.weight"] is not a parameter of TwoLayerNet');
    const version = fresh();
    version.version = 2;
    expect(load(version)).toThrow('runs/x/model.json: version is 2; expected 1');
  });

  test('a softmax output over one unit, whose probability is always 1', () => {
    const file = fresh();
    file.config.output = 'softmax';
    expect(load(file)).toThrow(ConfigError);
    expect(load(file)).toThrow(
      'runs/x/model.json: config.output is softmax over 1 output unit; expected 2 or more',
    );
    const mlp = JSON.parse(
      JSON.stringify(modelToJson(new MLP([2, 3, 1], { output: 'softmax', rng: new Rng(6) }))),
    );
    expect(() => modelFromJson(mlp, 'm.json')).toThrow('m.json: config.output is softmax over 1 output unit');
  });
});
