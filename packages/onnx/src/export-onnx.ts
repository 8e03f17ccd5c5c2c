/**
 * exportOnnx: a tapegrad network as an ONNX model (a serialized ModelProto) that any ONNX runtime runs:
 *
 *   features [batch, inputs] -> Sub(mean) -> Div(std) -> Gemm(W1, b1) -> Tanh -> ... -> Sigmoid -> probabilities
 *
 * Gemm computes Z = X W + b with W stored [in, out] as tapegrad stores it, so the weights are written as
 * they are, never transposed. The batch dimension is symbolic ('batch'): one file takes any number of rows.
 */
import { ConfigError, type Linear, type Module } from '@tapegrad/nn';
import type { onnx as Onnx } from 'onnx-proto';
import { ELEMENT_TYPES, type OnnxDtype } from './dtype.ts';
import { initializer } from './initializer.ts';
import { checkedOptions, type ExportOnnxOptions } from './options.ts';
import { onnx } from './proto.ts';
import { inferenceSteps, type Step } from './steps.ts';
import { PRODUCER_VERSION } from './version.ts';

/** IR version 8 (onnx 1.10 to 1.13): what onnx 1.12's checker and onnxruntime both accept with opset 17. */
const IR_VERSION = 8;

/** The graph's input: the raw feature rows. */
export const INPUT_NAME = 'features';

/** A [batch, width] tensor of `dtype`, its first dimension symbolic. */
function batchOf(name: string, width: number, dtype: OnnxDtype): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[dtype],
        shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] },
      },
    },
  };
}

/** One step's node and the initializers it reads. */
interface StepGraph {
  readonly node: Onnx.INodeProto;
  readonly initializers: Onnx.ITensorProto[];
}

/** The node of one step, reading the value `input` and writing the value `output`. */
function stepGraph(step: Step, input: string, output: string, dtype: OnnxDtype): StepGraph {
  const name = step.path;
  switch (step.kind) {
    case 'linear':
      return linearGraph(step.layer, name, input, output, dtype);
    case 'elementwise':
      return { node: { name, opType: step.opType, input: [input], output: [output] }, initializers: [] };
    case 'leakyRelu': {
      // PRelu, not LeakyRelu: LeakyRelu's alpha is a float32 attribute; PRelu's slope is a tensor of dtype.
      const slopeName = `${name}.negativeSlope`;
      return {
        node: { name, opType: 'PRelu', input: [input, slopeName], output: [output] },
        initializers: [initializer(slopeName, [], [step.negativeSlope], dtype)],
      };
    }
    case 'softmax': {
      const axis = { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: step.axis };
      return {
        node: { name, opType: 'Softmax', input: [input], output: [output], attribute: [axis] },
        initializers: [],
      };
    }
  }
}

/** Z = X W + b as one Gemm (MatMul without a bias), W [in, out] and b [out] as initializers. */
function linearGraph(
  layer: Linear,
  name: string,
  input: string,
  output: string,
  dtype: OnnxDtype,
): StepGraph {
  const weightName = name === '' ? 'weight' : `${name}.weight`;
  const initializers = [initializer(weightName, layer.weight.shape, layer.weight.data, dtype)];
  if (layer.bias === null) {
    return { node: { name, opType: 'MatMul', input: [input, weightName], output: [output] }, initializers };
  }
  const biasName = name === '' ? 'bias' : `${name}.bias`;
  initializers.push(initializer(biasName, layer.bias.shape, layer.bias.data, dtype));
  return {
    node: { name, opType: 'Gemm', input: [input, weightName, biasName], output: [output] },
    initializers,
  };
}

/** The linear layers' widths: the model's number of inputs and of output units. */
function widths(steps: readonly Step[]): { inputs: number; outputs: number } {
  const linears = steps.flatMap((step) => (step.kind === 'linear' ? [step.layer] : []));
  return { inputs: linears[0]!.inFeatures, outputs: linears[linears.length - 1]!.outFeatures };
}

/**
 * The model as ONNX: a serialized ModelProto (IR version 8) to write to a `.onnx` file. Its input is
 * `features` [batch, inputs], the raw rows when a standardizer is given; its output is `probabilities`
 * [batch, outputs] when the model ends in a sigmoid or softmax (`outputs` otherwise, e.g. a regression).
 * The graph is the evaluation-mode forward: Dropout is left out.
 * @example
 * const bytes = exportOnnx(net, { dtype: 'float32', standardizer: fitStandardizer(train.X), classNames: ['0', '1'] });
 * await writeFile('moons.onnx', bytes);
 */
export function exportOnnx(model: Module, options: ExportOnnxOptions = {}): Uint8Array {
  if (typeof model !== 'object' || model === null || typeof model.namedChildren !== 'function') {
    throw new ConfigError('exportOnnx: model must be a tapegrad Module (TwoLayerNet, MLP or Sequential)');
  }
  const steps = inferenceSteps(model);
  const { inputs, outputs } = widths(steps);
  const last = steps[steps.length - 1]!;
  const endsInProbabilities =
    last.kind === 'softmax' || (last.kind === 'elementwise' && last.opType === 'Sigmoid');
  const singleSigmoid = outputs === 1 && last.kind === 'elementwise' && last.opType === 'Sigmoid';
  const { dtype, opset, standardizer, classNames } = checkedOptions(
    options,
    inputs,
    singleSigmoid ? 2 : outputs,
  );
  const outputName = endsInProbabilities ? 'probabilities' : 'outputs';

  const nodes: Onnx.INodeProto[] = [];
  const initializers: Onnx.ITensorProto[] = [];
  let current = INPUT_NAME;
  if (standardizer) {
    initializers.push(
      initializer('standardizer.mean', [inputs], standardizer.mean, dtype),
      initializer('standardizer.std', [inputs], standardizer.std, dtype),
    );
    nodes.push(
      {
        name: 'standardizer.sub',
        opType: 'Sub',
        input: [current, 'standardizer.mean'],
        output: ['centered'],
      },
      {
        name: 'standardizer.div',
        opType: 'Div',
        input: ['centered', 'standardizer.std'],
        output: ['standardized'],
      },
    );
    current = 'standardized';
  }
  steps.forEach((step, s) => {
    const output = s === steps.length - 1 ? outputName : step.path;
    const graph = stepGraph(step, current, output, dtype);
    nodes.push(graph.node);
    for (const constant of graph.initializers) initializers.push(constant);
    current = output;
  });

  const proto = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'tapegrad',
    producerVersion: PRODUCER_VERSION,
    docString: model.describe(),
    graph: {
      name: 'tapegrad',
      node: nodes,
      initializer: initializers,
      input: [batchOf(INPUT_NAME, inputs, dtype)],
      output: [batchOf(outputName, outputs, dtype)],
    },
    metadataProps: classNames ? [{ key: 'class_names', value: JSON.stringify(classNames) }] : [],
  });
  return onnx.ModelProto.encode(proto).finish();
}
