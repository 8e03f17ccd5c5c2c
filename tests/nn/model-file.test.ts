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
