/**
 * A network as the straight line of ONNX operators that computes its evaluation-mode forward: each Linear,
 * each activation, the output activation. Dropout and Identity compute nothing at inference and leave no
 * step. Each step keeps the module path of its parameters (`layer1`, `layers.0`), so the initializers
 * carry the state dict's names.
 */
import {
  ConfigError,
  Dropout,
  Identity,
  LeakyReLU,
  Linear,
  MLP,
  type Module,
  type OutputActivation,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  TwoLayerNet,
} from '@tapegrad/nn';

/** One operator of the exported graph. */
export type Step =
  | { readonly kind: 'linear'; readonly path: string; readonly layer: Linear }
  | { readonly kind: 'elementwise'; readonly path: string; readonly opType: 'Relu' | 'Tanh' | 'Sigmoid' }
  | { readonly kind: 'leakyRelu'; readonly path: string; readonly negativeSlope: number }
  | { readonly kind: 'softmax'; readonly path: string; readonly axis: number };

const EXPORTABLE =
  'TwoLayerNet, MLP, or a Sequential of Linear, ReLU, Tanh, Sigmoid, LeakyReLU, Softmax, Identity and Dropout';

/** The step of a network's output activation ('linear' adds none). */
function outputStep(output: OutputActivation): Step[] {
  if (output === 'sigmoid') return [{ kind: 'elementwise', path: 'output', opType: 'Sigmoid' }];
  if (output === 'softmax') return [{ kind: 'softmax', path: 'output', axis: -1 }];
  return [];
}

const joined = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

/** The steps of `module`, whose parameters are named under `path` in the model's state dict. */
function stepsOf(module: Module, path: string): Step[] {
  if (module instanceof Linear) return [{ kind: 'linear', path, layer: module }];
  if (module instanceof ReLU) return [{ kind: 'elementwise', path, opType: 'Relu' }];
  if (module instanceof Tanh) return [{ kind: 'elementwise', path, opType: 'Tanh' }];
  if (module instanceof Sigmoid) return [{ kind: 'elementwise', path, opType: 'Sigmoid' }];
  if (module instanceof LeakyReLU) return [{ kind: 'leakyRelu', path, negativeSlope: module.negativeSlope }];
  if (module instanceof Softmax) return [{ kind: 'softmax', path, axis: module.axis }];
  if (module instanceof Identity || module instanceof Dropout) return [];
  if (module instanceof TwoLayerNet || module instanceof MLP) {
    // namedChildren lists them in forward order: layer, activation (, dropout), next layer, ...
    const hidden = module.namedChildren().flatMap(([name, child]) => stepsOf(child, joined(path, name)));
    return [...hidden, ...outputStep(module.output)];
  }
  if (module instanceof Sequential) {
    return module.layers.flatMap((layer, i) => stepsOf(layer, joined(path, `layers.${i}`)));
  }
  throw new ConfigError(
    `exportOnnx: cannot export ${module.constructor.name}${path === '' ? '' : ` (at '${path}')`}; ` +
      `the exportable models are ${EXPORTABLE}`,
  );
}

/** The steps of a whole model, checked to hold at least one Linear (which fixes the number of inputs). */
export function inferenceSteps(model: Module): Step[] {
  const steps = stepsOf(model, '');
  if (!steps.some((step) => step.kind === 'linear')) {
    throw new ConfigError(`exportOnnx: the model has no Linear layer; export ${EXPORTABLE}`);
  }
  return steps;
}
