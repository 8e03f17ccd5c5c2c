/**
 * The main job: the two-layer network of the derivations, trained on two moons.
 *
 * 2 inputs -> 16 tanh hidden units -> 1 sigmoid output, binary cross entropy, on 1000 points of two-moons
 * data (noise 0.15) split 80/20 with the class proportions kept. Before training, the gradients of the
 * hand-derived formulas are compared with the tape's, parameter by parameter.
 */
import { Rng } from '@tapegrad/autograd';
import {
  Adam,
  autogradGradients,
  compareGradients,
  type Dataset,
  type EpochRecord,
  fit,
  fitStandardizer,
  type GradientComparisonReport,
  manualGradients,
  moons,
  type Standardizer,
  TwoLayerNet,
  toBinaryTargets,
  trainTestSplit,
} from '@tapegrad/nn';
import { writeRun } from '../run-folder.ts';

export interface MoonsOptions {
  readonly points?: number;
  readonly noise?: number;
  readonly hidden?: number;
  readonly epochs?: number;
  readonly lr?: number;
  readonly seed?: number;
  /** Where to write the run; none is written when null. Default 'runs/main'. */
  readonly outDir?: string | null;
  /** Print every this many epochs (and the last). Default 25. */
  readonly reportEvery?: number;
  readonly write?: (line: string) => void;
}

export interface MoonsResult {
  readonly model: TwoLayerNet;
  /** The split, in original units (before standardizing). */
  readonly train: Dataset;
  readonly test: Dataset;
  readonly standardizer: Standardizer;
  readonly gradientCheck: GradientComparisonReport;
  readonly history: readonly EpochRecord[];
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly seconds: number;
  readonly files: readonly string[];
}

const percent = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;

export function trainMoons(options: MoonsOptions = {}): MoonsResult {
  const {
    points = 1000,
    noise = 0.15,
    hidden = 16,
    epochs = 300,
    lr = 0.05,
    seed = 42,
    outDir = 'runs/main',
    reportEvery = 25,
    write = console.log,
  } = options;
  const started = performance.now();
  const rng = new Rng(seed);

  write(`Two moons: ${points} points, noise ${noise}, stratified 80/20 split (seed ${seed})`);
  const data = moons({ n: points, noise, rng });
  const { train, test } = trainTestSplit(data, { testFraction: 0.2, rng });
  // Standardize with the training set's statistics only.
  const standardizer = fitStandardizer(train.X);
  const X = standardizer.transform(train.X);
  const XTest = standardizer.transform(test.X);
  const y = toBinaryTargets(train.y);
  write(`  train ${train.X.shape[0]} rows, test ${test.X.shape[0]} rows`);

  const net = new TwoLayerNet({
    inputs: 2,
    hidden,
    outputs: 1,
    hiddenActivation: 'tanh',
    output: 'sigmoid',
    rng,
  });
  write(`\n${net.toString()}\n  ${net.numParameters()} parameters`);

  write('\nGradients at the first step: the hand-derived formulas against the tape');
  const gradientCheck = compareGradients(
    manualGradients(net, X, y).gradients,
    autogradGradients(net, X, y).gradients,
  );
  write(gradientCheck.toString());

  write(`\nTraining: Adam, lr ${lr}, full batch, ${epochs} epochs`);
  const optimizer = new Adam(net.parameters(), { lr });
  const result = fit(
    net,
    { X, y: train.y },
    {
      epochs,
      optimizer,
      validation: { X: XTest, y: test.y },
      onEpoch: (record) => {
        if (record.epoch % reportEvery === 0 || record.epoch === 1 || record.epoch === epochs) {
          write(
            `  epoch ${String(record.epoch).padStart(4)}  loss ${record.trainLoss.toFixed(4)}  ` +
              `train ${percent(record.trainAccuracy!)}  test loss ${record.valLoss!.toFixed(4)}  ` +
              `test ${percent(record.valAccuracy!)}`,
          );
        }
      },
    },
  );
  const last = result.history.at(-1)!;
  const seconds = (performance.now() - started) / 1000;
  write(
    `\nTrain accuracy ${percent(last.trainAccuracy!)}, test accuracy ${percent(last.valAccuracy!)} in ${seconds.toFixed(2)} s`,
  );

  const config = {
    task: 'two moons, binary classification',
    dataset: { name: 'moons', points, noise, seed, testFraction: 0.2, stratified: true },
    standardizer: { mean: Array.from(standardizer.mean.data), std: Array.from(standardizer.std.data) },
    optimizer: { name: 'adam', lr },
    epochs,
    loss: 'bce',
    stopReason: result.stopReason,
    trainAccuracy: last.trainAccuracy,
    testAccuracy: last.valAccuracy,
  };
  const files = outDir === null ? [] : writeRun(outDir, { model: net, config, history: result.history });
  if (files.length > 0) write(`Wrote ${files.join(', ')}`);
  return {
    model: net,
    train,
    test,
    standardizer,
    gradientCheck,
    history: result.history,
    trainAccuracy: last.trainAccuracy!,
    testAccuracy: last.valAccuracy!,
    seconds,
    files,
  };
}
