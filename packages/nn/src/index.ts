/**
 * @tapegrad/nn: modules, the two-layer network and MLPs, losses, optimizers and training on
 * @tapegrad/autograd, and the hand-derived backprop formulas for the same networks.
 */

export { type CsvOptions, type CsvTextOptions, parseCsv } from './data/csv/parse.ts';
export { type Dataset, makeDataset, numExamples, selectRows } from './data/dataset.ts';
export { type IdxArray, type IdxExpectation, readIdx } from './data/idx/parse.ts';
export { classCounts, type Labels, oneHot, toBinaryTargets } from './data/labels.ts';
export { type SplitOptions, trainTestSplit } from './data/split.ts';
export { fitStandardizer, type Standardizer, standardizerFromStats } from './data/standardize.ts';
export { type BlobsOptions, blobs } from './data/synthetic/blobs.ts';
export { type CirclesOptions, circles } from './data/synthetic/circles.ts';
export { type LinearlySeparableOptions, linearlySeparable } from './data/synthetic/linearly-separable.ts';
export { moons } from './data/synthetic/moons.ts';
export type { GeneratorOptions } from './data/synthetic/options.ts';
export { type SpiralsOptions, spirals } from './data/synthetic/spirals.ts';
export { xor } from './data/synthetic/xor.ts';
export { ConfigError, DataError, DivergenceError, StateDictError } from './errors.ts';
export * from './exports/data.ts';
export * from './exports/losses.ts';
export * from './exports/modules.ts';
export * from './exports/optim.ts';
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
export {
  buildNetwork,
  type ModelFile,
  modelFromJson,
  modelToJson,
  type NetworkConfig,
  networkConfig,
} from './io/model-file.ts';
export {
  readSafetensors,
  type SafetensorsContents,
  type SafetensorsDtype,
} from './io/safetensors-format.ts';
export {
  loadSafetensorsInto,
  type SafetensorsDtypeName,
  type SafetensorsLayout,
  type SafetensorsLoadOptions,
  type SafetensorsLoadReport,
  type SafetensorsWriteOptions,
  safetensorsBytes,
} from './io/safetensors-module.ts';
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
export {
  type CompareOptions,
  compareGradients,
  type GradientComparison,
  type GradientComparisonReport,
} from './manual/compare.ts';
export { finiteDifferences } from './manual/finite-differences.ts';
export { manualMlpGradients } from './manual/mlp.ts';
export {
  type ManualBackprop,
  type ManualGradients,
  manualBackprop,
  manualGradients,
  type TwoLayerBackward,
  type TwoLayerForward,
} from './manual/two-layer.ts';
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
export { Adam, type AdamOptions } from './optim/adam.ts';
export { AdamW } from './optim/adamw.ts';
export {
  createOptimizer,
  OPTIMIZER_NAMES,
  type OptimizerName,
  type OptimizerOptions,
} from './optim/create-optimizer.ts';
export { Optimizer } from './optim/optimizer.ts';
export { RMSProp, type RMSPropOptions } from './optim/rmsprop.ts';
export { CosineAnnealingLR, ExponentialLR, LRScheduler, StepLR } from './optim/schedules.ts';
export { SGD, type SGDOptions } from './optim/sgd.ts';
export {
  type LabelsInput,
  MLPClassifier,
  type MLPClassifierEpoch,
  type MLPClassifierFitOptions,
} from './sklearn/classifier.ts';
export type { OutputActivation as SklearnOutputActivation } from './sklearn/forward.ts';
export type { MatrixInput } from './sklearn/inputs.ts';
export type { ClassLabel } from './sklearn/labels.ts';
export type {
  GradientSource,
  LearningRateSchedule,
  MLPClassifierOptions,
  SklearnActivation,
  SklearnSolver,
} from './sklearn/options.ts';
export { autogradGradients } from './train/autograd-gradients.ts';
export type { CriterionOptions, LossFunction, Predict } from './train/criterion.ts';
export { type Evaluation, evaluate } from './train/evaluate.ts';
export {
  type EarlyStopping,
  type EpochRecord,
  type FitOptions,
  type FitResult,
  fit,
  type LabeledData,
  type StopReason,
} from './train/fit.ts';
export {
  accuracy,
  type ClassificationReport,
  type ClassScores,
  classificationReport,
  classProbabilities,
  classScores,
  confusionMatrix,
  precisionRecallF1,
  predictClasses,
} from './train/metrics.ts';
