/**
 * @tapegrad/nn: modules, the two-layer network and MLPs, losses, optimizers and training on
 * @tapegrad/autograd, and the hand-derived backprop formulas for the same networks.
 */
export { ConfigError, DataError, DivergenceError, StateDictError } from './errors.ts';
export {
  INIT_NAMES,
  type InitName,
  initLinear,
  kaimingNormal,
  kaimingUniform,
  pytorchDefault,
  xavierNormal,
  xavierUniform,
} from './init/init.ts';
export { defaultRng, manualSeed } from './init/random.ts';
export { bceWithLogits, binaryCrossEntropy, crossEntropy, l2Penalty, mse, nllLoss } from './losses/losses.ts';
export {
  type LossName,
  lossFor,
  type Network,
  type ObjectiveOptions,
  objective,
  weightsOf,
} from './losses/objective.ts';
export type { LossOptions, Reduction } from './losses/reduction.ts';
export { MLP, type MLPOptions } from './models/mlp.ts';
export {
  HIDDEN_ACTIVATIONS,
  type HiddenActivation,
  OUTPUT_ACTIVATIONS,
  type OutputActivation,
} from './models/network.ts';
export { TwoLayerNet, type TwoLayerNetOptions } from './models/two-layer-net.ts';
export {
  ACTIVATION_NAMES,
  type ActivationName,
  activationModule,
  Identity,
  LeakyReLU,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
} from './module/activations.ts';
export { Dropout } from './module/dropout.ts';
export { Linear, type LinearOptions } from './module/linear.ts';
export { Module, type StateDict } from './module/module.ts';
export { Sequential } from './module/sequential.ts';
export { Optimizer } from './optim/optimizer.ts';
