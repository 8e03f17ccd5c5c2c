/**
 * The networks tests/onnx exports, built from fixed seeds so that every run (and the kept onnx checker
 * verdict in fixtures/checked.json) sees the same weights, and the raw rows they are run on: three
 * features on very different scales, so that a standardizer left out or applied twice shows.
 */
import { Rng, randn, type Tensor, tensor } from '@tapegrad/autograd';
import {
  Dropout,
  fitStandardizer,
  LeakyReLU,
  Linear,
  MLP,
  type Module,
  Sequential,
  Softmax,
  type Standardizer,
  TwoLayerNet,
} from '@tapegrad/nn';
import { exportOnnx } from '@tapegrad/onnx';

/** A model to export, the class names it is exported with, and how its rows are drawn. */
export interface ExportCase {
  readonly name: string;
  readonly model: Module;
  readonly classNames: readonly string[];
}

/** 9 raw rows: feature j is N(0, 1) scaled by 10^j and shifted, as unstandardized data often is. */
export function rawRows(): Tensor {
  const noise = randn([9, 3], new Rng(7));
  const scales = [1, 10, 100];
  const shifts = [0.5, -20, 300];
  return tensor(
    Array.from({ length: 9 }, (_, i) =>
      scales.map((scale, j) => noise.data[i * 3 + j]! * scale + shifts[j]!),
    ),
  );
}

/** The training standardizer of those rows. */
export function rowStandardizer(): Standardizer {
  return fitStandardizer(rawRows());
}

/** Every exported architecture: the hidden activations, the sigmoid and softmax outputs, and a Sequential. */
export function exportCases(): ExportCase[] {
  const rng = (seed: number) => new Rng(seed);
  return [
    {
      name: 'two-layer-tanh-sigmoid',
      model: new TwoLayerNet({ inputs: 3, hidden: 8, outputs: 1, hiddenActivation: 'tanh', rng: rng(1) }),
      classNames: ['no', 'yes'],
    },
    {
      name: 'mlp-relu-softmax',
      model: new MLP([3, 10, 6, 4], { activation: 'relu', output: 'softmax', rng: rng(2) }),
      classNames: ['a', 'b', 'c', 'd'],
    },
    {
      name: 'mlp-sigmoid-softmax',
      model: new MLP([3, 6, 3], { activation: 'sigmoid', output: 'softmax', rng: rng(3) }),
      classNames: ['setosa', 'versicolor', 'virginica'],
    },
    {
      name: 'mlp-tanh-sigmoid',
      model: new MLP([3, 5, 5, 2], {
        activation: 'tanh',
        output: 'sigmoid',
        dropout: 0.5,
        rng: rng(4),
      }).eval(),
      classNames: ['label 1', 'label 2'],
    },
    {
      name: 'sequential-leaky-relu-softmax',
      model: new Sequential(
        new Linear(3, 4, { rng: rng(5) }),
        new LeakyReLU(0.2),
        new Dropout(0.3, { rng: rng(6) }),
        new Linear(4, 2, { rng: rng(7) }),
        new Softmax(),
      ).eval(),
      classNames: ['left', 'right'],
    },
  ];
}

/** The files fixtures/check-with-onnx.ts had Debian's onnx checker accept: each case in each dtype. */
export function checkedExports(): { file: string; bytes: Uint8Array }[] {
  const standardizer = rowStandardizer();
  return exportCases().flatMap(({ name, model, classNames }) =>
    (['float64', 'float32'] as const).map((dtype) => ({
      file: `${name}-${dtype}.onnx`,
      bytes: exportOnnx(model, { dtype, standardizer, classNames }),
    })),
  );
}
