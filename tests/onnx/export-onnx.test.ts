/**
 * What exportOnnx writes, read back with onnx-proto's decoder: the ModelProto's header fields, the graph's
 * input, output, operators and initializers (their bytes hand-checked), the metadata, and the errors of
 * each option and of a model it cannot export.
 */
import { readFileSync } from 'node:fs';
import { type Tensor, tensor } from '@tapegrad/autograd';
import { Linear, MLP, Module, ReLU, Sequential, Sigmoid, TwoLayerNet } from '@tapegrad/nn';
import { exportOnnx, PRODUCER_VERSION } from '@tapegrad/onnx';
import onnxProto from 'onnx-proto';
import { describe, expect, test } from 'vitest';
import { exportCases, rowStandardizer } from './models.ts';

const { onnx } = onnxProto;

/** The fields of a ModelProto these tests read, as plain data. */
interface ValueInfo {
  readonly name: string;
  readonly type: {
    readonly tensorType: {
      readonly elemType: number;
      readonly shape: { readonly dim: { readonly dimParam?: string; readonly dimValue?: number }[] };
    };
  };
}
interface DecodedModel {
  readonly irVersion: number;
  readonly opsetImport: { readonly domain: string; readonly version: number }[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString: string;
  readonly metadataProps: { readonly key: string; readonly value: string }[];
  readonly graph: {
    readonly node: {
      readonly name: string;
      readonly opType: string;
      readonly input: string[];
      readonly output: string[];
      readonly attribute: { readonly name: string; readonly i: number }[];
    }[];
    readonly initializer: {
      readonly name: string;
      readonly dims: number[];
      readonly dataType: number;
      readonly rawData: number[];
      readonly doubleData: number[];
    }[];
    readonly input: ValueInfo[];
    readonly output: ValueInfo[];
  };
}

/** The bytes decoded, int64 fields as numbers and bytes as arrays of numbers. */
const decode = (bytes: Uint8Array) =>
  onnx.ModelProto.toObject(onnx.ModelProto.decode(bytes), {
    longs: Number,
    bytes: Array,
    defaults: true,
    arrays: true,
  }) as DecodedModel;

/** A Linear(2, 1) with W = [[1.5], [-2]] and b = [0.25]: numbers whose bytes are easy to write by hand. */
function handLinear(options: { bias?: boolean } = {}): Linear {
  const layer = new Linear(2, 1, options);
  layer.weight.data.set([1.5, -2]);
  layer.bias?.data.set([0.25]);
  return layer;
}

describe('the ModelProto', () => {
  const [twoLayer] = exportCases();
  const model = decode(
    exportOnnx(twoLayer!.model, { standardizer: rowStandardizer(), classNames: ['no', 'yes'] }),
  );

  test('IR version 8, opset 17 of the default domain, tapegrad as the producer', () => {
    expect(model.irVersion).toBe(8);
    expect(model.opsetImport.map(({ domain, version }) => [domain, version])).toEqual([['', 17]]);
    expect(model.producerName).toBe('tapegrad');
    expect(model.producerVersion).toBe(PRODUCER_VERSION);
    expect(model.docString).toBe('TwoLayerNet(3-8-1, hidden tanh, output sigmoid)');
  });

  test('the producer version is the package version', () => {
    const packageJson = JSON.parse(
      readFileSync(new URL('../../packages/onnx/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(PRODUCER_VERSION).toBe(packageJson.version);
  });

  test('input features [batch, 3] and output probabilities [batch, 1], float64 (DOUBLE = 11)', () => {
    const shapeOf = (value: ValueInfo) =>
      value.type.tensorType.shape.dim.map((dim) => dim.dimParam || dim.dimValue);
    expect(model.graph.input.map((value) => value.name)).toEqual(['features']);
    expect(shapeOf(model.graph.input[0]!)).toEqual(['batch', 3]);
    expect(model.graph.output.map((value) => value.name)).toEqual(['probabilities']);
    expect(shapeOf(model.graph.output[0]!)).toEqual(['batch', 1]);
    expect(model.graph.input[0]!.type.tensorType.elemType).toBe(11);
  });

  test('the standardizer first, then Gemm, Tanh, Gemm, Sigmoid, chained value to value', () => {
    const nodes = model.graph.node;
    expect(nodes.map((node) => node.opType)).toEqual(['Sub', 'Div', 'Gemm', 'Tanh', 'Gemm', 'Sigmoid']);
    expect(nodes.map((node) => [...node.input])).toEqual([
      ['features', 'standardizer.mean'],
      ['centered', 'standardizer.std'],
      ['standardized', 'layer1.weight', 'layer1.bias'],
      ['layer1'],
      ['activation', 'layer2.weight', 'layer2.bias'],
      ['layer2'],
    ]);
    expect(nodes[nodes.length - 1]!.output).toEqual(['probabilities']);
  });

  test('initializers named as the state dict, shaped [in, out] as tapegrad stores W', () => {
    expect(model.graph.initializer.map(({ name, dims }) => [name, dims])).toEqual([
      ['standardizer.mean', [3]],
      ['standardizer.std', [3]],
      ['layer1.weight', [3, 8]],
      ['layer1.bias', [8]],
      ['layer2.weight', [8, 1]],
      ['layer2.bias', [1]],
    ]);
  });

  test('the class names in metadata_props, as a JSON array', () => {
    expect(model.metadataProps.map(({ key, value }) => [key, value])).toEqual([
      ['class_names', '["no","yes"]'],
    ]);
  });
});

describe('raw_data', () => {
  test('float64: each weight as its 8 IEEE 754 bytes, little-endian (1.5 = 0x3FF8..., -2 = 0xC000...)', () => {
    const [weight, bias] = decode(exportOnnx(handLinear())).graph.initializer;
    expect(weight!.dataType).toBe(11);
    expect([...weight!.rawData]).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0xc0]);
    expect([...bias!.rawData]).toEqual([0, 0, 0, 0, 0, 0, 0xd0, 0x3f]); // 0.25 = 0x3FD0...
    expect(weight!.doubleData).toEqual([]);
  });

  test('float32 (FLOAT = 1): 4 bytes each (1.5 = 0x3FC00000, -2 = 0xC0000000)', () => {
    const [weight] = decode(exportOnnx(handLinear(), { dtype: 'float32' })).graph.initializer;
    expect(weight!.dataType).toBe(1);
    expect([...weight!.rawData]).toEqual([0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0]);
  });
});

describe('graphs of other models', () => {
  test('a Sequential: Dropout left out, LeakyReLU as PRelu with its slope, Softmax on axis -1', () => {
    const sequential = exportCases().find((entry) => entry.name.startsWith('sequential'))!;
    const graph = decode(exportOnnx(sequential.model)).graph;
    expect(graph.node.map((node) => node.opType)).toEqual(['Gemm', 'PRelu', 'Gemm', 'Softmax']);
    expect(graph.node[1]!.input).toEqual(['layers.0', 'layers.1.negativeSlope']);
    const slope = graph.initializer.find((entry) => entry.name === 'layers.1.negativeSlope')!;
    expect(new DataView(Uint8Array.from(slope.rawData).buffer).getFloat64(0, true)).toBe(0.2);
    expect(graph.node[3]!.attribute.map(({ name, i }) => [name, i])).toEqual([['axis', -1]]);
  });

  test('an MLP names its layers layers.0, layers.1 and a linear output outputs, not probabilities', () => {
    const graph = decode(exportOnnx(new MLP([2, 3, 1], { activation: 'relu' }))).graph;
    expect(graph.node.map((node) => [node.opType, node.name])).toEqual([
      ['Gemm', 'layers.0'],
      ['Relu', 'activations.0'],
      ['Gemm', 'layers.1'],
    ]);
    expect(graph.output.map((value) => value.name)).toEqual(['outputs']);
  });

  test('a Linear without a bias is a MatMul', () => {
    const graph = decode(exportOnnx(new Sequential(handLinear({ bias: false }), new Sigmoid()))).graph;
    expect(graph.node.map((node) => [node.opType, [...node.input]])).toEqual([
      ['MatMul', ['features', 'layers.0.weight']],
      ['Sigmoid', ['layers.0']],
    ]);
  });

  test('opset 13 is written as asked', () => {
    expect(decode(exportOnnx(handLinear(), { opset: 13 })).opsetImport[0]!.version).toBe(13);
  });
});

describe('refused, naming the option or the module', () => {
  const net = new TwoLayerNet({ inputs: 3, hidden: 4, outputs: 1 });

  test.each([
    [{ dtype: 'float16' }, "exportOnnx: option 'dtype' must be one of float64, float32, got 'float16'"],
    [{ opset: 18 }, "exportOnnx: option 'opset' must be an integer from 13 to 17, got 18"],
    [{ opset: 12 }, "exportOnnx: option 'opset' must be an integer from 13 to 17, got 12"],
    [
      { classNames: ['yes'] },
      `exportOnnx: option 'classNames' must be an array of 2 strings (one per class of the model), got ["yes"]`,
    ],
    [
      { layout: 'torch' },
      "exportOnnx: unknown option 'layout'; the options are dtype, opset, standardizer, classNames",
    ],
  ])('%j', (options, message) => {
    expect(() => exportOnnx(net, options as never)).toThrow(message);
  });

  test('a standardizer of another width than the model inputs', () => {
    const standardizer = { mean: tensor([0, 0]), std: tensor([1, 1]) };
    expect(() => exportOnnx(net, { standardizer })).toThrow(
      "exportOnnx: option 'standardizer' must be { mean, std }, two Tensors of 3 numbers (the model's inputs), each std > 0, got a mean of 2 and a std of 2",
    );
  });

  test('a module it cannot export, named with where it sits', () => {
    class Square extends Module {
      forward(input: Tensor): Tensor {
        return input.mul(input);
      }
    }
    expect(() => exportOnnx(new Sequential(new Linear(2, 2), new Square()))).toThrow(
      "exportOnnx: cannot export Square (at 'layers.1'); the exportable models are TwoLayerNet, MLP, or a Sequential of Linear",
    );
    expect(() => exportOnnx(new Sequential(new ReLU()))).toThrow('exportOnnx: the model has no Linear layer');
    expect(() => exportOnnx({} as never)).toThrow('exportOnnx: model must be a tapegrad Module');
  });
});
