/**
 * What fit and evaluate refuse before any training, by name: values that are not finite numbers in X or y
 * (the first, by row and column), labels outside the model's classes (the label, its row, the valid classes),
 * and the options l2 and gradients outside their ranges. Rows and columns count from 0, as tensor indices do.
 */
import { Rng, tensor } from '@tapegrad/autograd';
import {
  bceWithLogits,
  binaryCrossEntropy,
  ConfigError,
  crossEntropy,
  DataError,
  evaluate,
  fit,
  Linear,
  MLP,
  moons,
  mse,
  nllLoss,
  Sequential,
  Sigmoid,
  Tanh,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectThrows } from '../support/assertions.ts';

const sigmoidNet = () =>
  new TwoLayerNet({
    inputs: 2,
    hidden: 4,
    outputs: 1,
    hiddenActivation: 'tanh',
    output: 'sigmoid',
    rng: new Rng(1),
  });
const softmaxNet = () => new MLP([2, 4, 3], { activation: 'relu', output: 'softmax', rng: new Rng(2) });
const X = tensor([
  [0.5, 1],
  [-1, 2],
  [0, -0.5],
  [1.5, 0.25],
]);

describe('a value in X or y that is not a finite number is bad data, named by row and column', () => {
  test('NaN in X: a DataError naming X[2, 1] before any training (not a learning rate to blame)', () => {
    const bad = tensor([
      [0.5, 1],
      [-1, 2],
      [0, Number.NaN],
      [Number.NaN, 0.25],
    ]);
    let epochs = 0;
    expectThrows(
      () => fit(sigmoidNet(), { X: bad, y: tensor([0, 1, 0, 1]) }, { onEpoch: () => epochs++ }),
      DataError,
      /^fit: X\[2, 1\] is NaN \(row 2, column 1, counting from 0\); X and y must hold finite numbers/,
    );
    expect(epochs).toEqual(0);
    expect(() => evaluate(sigmoidNet(), { X: bad, y: tensor([0, 1, 0, 1]) })).toThrow(
      /^evaluate: X\[2, 1\] is NaN/,
    );
  });

  test('Infinity in y, -Infinity in validation X: each named with its tensor', () => {
    expectThrows(
      () => fit(sigmoidNet(), { X, y: tensor([0, 1, Infinity, 1]) }),
      DataError,
      /^fit: y\[2\] is Infinity \(row 2, counting from 0\)/,
    );
    const validation = { X: tensor([[0, -Infinity]]), y: tensor([1]) };
    expectThrows(
      () => fit(sigmoidNet(), { X, y: tensor([0, 1, 0, 1]) }, { validation }),
      DataError,
      /^fit: validation X\[0, 1\] is -Infinity/,
    );
  });

  test('X of more than two axes: the row and the index within it', () => {
    const images = tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, Number.NaN],
      ],
    ]);
    const model = new Sequential(new Linear(2, 1));
    expectThrows(
      () => evaluate(model, { X: images, y: tensor([0, 1]) }, { loss: mse }),
      DataError,
      /^evaluate: X\[1, 1, 1\] is NaN \(row 1, counting from 0\)/,
    );
  });
});

describe("labels outside the model's classes are refused before training: the label, its row, the valid ones", () => {
  test('a sigmoid output (bce) takes 0 and 1 (or a probability between): 2 and 5 are refused', () => {
    for (const [label, row] of [
      [2, 1],
      [5, 3],
      [-1, 0],
    ] as const) {
      const y = tensor([0, 1, 0, 1]);
      y.data[row] = label;
      expectThrows(
        () => fit(sigmoidNet(), { X, y }),
        DataError,
        new RegExp(
          `^fit: label ${label} in row ${row} \\(counting from 0\\) of y is not a class of the TwoLayerNet's sigmoid ` +
            "output \\(loss 'bce'\\): its targets are 0 and 1 \\(or a probability between them\\)",
        ),
      );
    }
    // Soft targets in [0, 1] are fine, as PyTorch's BCE takes them (accuracy, which needs 0/1, is off).
    expect(() =>
      fit(sigmoidNet(), { X, y: tensor([0, 0.25, 1, 0.5]) }, { epochs: 1, predict: null }),
    ).not.toThrow();
  });

  test('softmax with 3 outputs takes the integers 0..2: 3, -1 and 1.5 are refused', () => {
    for (const [label, row] of [
      [3, 2],
      [-1, 0],
      [1.5, 1],
    ] as const) {
      const y = tensor([0, 1, 2, 1]);
      y.data[row] = label;
      expectThrows(
        () => fit(softmaxNet(), { X, y }),
        DataError,
        new RegExp(
          `^fit: label ${label} in row ${row} \\(counting from 0\\) of y is not a class of the MLP's 3 softmax outputs ` +
            "\\(loss 'crossEntropy'\\): the classes are the integers 0\\.\\.2",
        ),
      );
      expect(() => evaluate(softmaxNet(), { X, y })).toThrow(/^evaluate: label/);
    }
    // One-hot rows [n, 3] are distributions, not labels: fine.
    const oneHot = tensor([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    expect(() => fit(softmaxNet(), { X, y: oneHot }, { epochs: 1 })).not.toThrow();
  });

  test('a labels [n, 1] column is checked the same, its row named', () => {
    expectThrows(
      () => fit(softmaxNet(), { X, y: tensor([[0], [1], [2], [7]]) }),
      DataError,
      /^fit: label 7 in row 3 /,
    );
  });

  test('a Module with crossEntropy or nllLoss: the classes are the columns of its output', () => {
    const model = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 3));
    // Rows are the data's rows, not a shuffled batch's: the check runs before batching.
    for (const loss of [crossEntropy, nllLoss]) {
      expectThrows(
        () => fit(model, { X, y: tensor([0, 1, 2, 3]) }, { loss, batchSize: 2 }),
        DataError,
        /^fit: label 3 in row 3 \(counting from 0\) of y is not a class of the Sequential's 3 outputs \(loss (crossEntropy|nllLoss)\): the classes are the integers 0\.\.2/,
      );
    }
  });

  test('a Module with bceWithLogits or binaryCrossEntropy takes targets in [0, 1]', () => {
    const logits = new Sequential(new Linear(2, 1));
    expectThrows(
      () => fit(logits, { X, y: tensor([[0], [1], [2], [1]]) }, { loss: bceWithLogits }),
      DataError,
      /^fit: label 2 in row 2 \(counting from 0\) of y is not a class of the Sequential's output \(loss bceWithLogits\): its targets are 0 and 1/,
    );
    const probabilities = new Sequential(new Linear(2, 1), new Sigmoid());
    expectThrows(
      () => evaluate(probabilities, { X, y: tensor([[0], [1], [0], [5]]) }, { loss: binaryCrossEntropy }),
      DataError,
      /^evaluate: label 5 in row 3 /,
    );
  });

  test('a loss function of your own has no classes to check: mse on any real targets', () => {
    const model = new Sequential(new Linear(2, 1));
    expect(() =>
      fit(model, { X, y: tensor([[2], [5], [-3], [0.5]]) }, { loss: mse, epochs: 1 }),
    ).not.toThrow();
  });

  test('the checks are single passes: 1,000,000 rows are checked in well under a second', () => {
    const rows = 1_000_000;
    const big = moons({ n: rows, noise: 0.1, rng: new Rng(3) });
    big.y.data[rows - 1] = 2;
    const started = performance.now();
    expect(() => evaluate(sigmoidNet(), big)).toThrow(new RegExp(`label 2 in row ${rows - 1} `));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('options outside their ranges are ConfigErrors naming the option and the valid values', () => {
  const data = { X, y: tensor([0, 1, 0, 1]) };
  test.each([
    [-1, /^fit: l2 -1 must be a finite number >= 0 \(0, the default, turns it off\)/],
    [Number.NaN, /^fit: l2 NaN must be a finite number >= 0/],
    [Infinity, /^fit: l2 Infinity must be a finite number >= 0/],
  ])('fit l2 %s', (l2, message) => {
    expectThrows(() => fit(sigmoidNet(), data, { l2 }), ConfigError, message);
    expectThrows(() => evaluate(sigmoidNet(), data, { l2 }), ConfigError, /^evaluate: l2 /);
  });

  test("gradients: 'foo' is not 'autograd' or 'manual'", () => {
    expectThrows(
      () => fit(sigmoidNet(), data, { gradients: 'foo' as 'manual' }),
      ConfigError,
      /^fit: gradients 'foo' is not one of 'autograd' \(the default\) or 'manual'/,
    );
  });
});
