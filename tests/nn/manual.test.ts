/**
 * The hand-derived backprop on networks small enough to compute by hand: every forward and backward
 * quantity worked out in the comments (notation of docs/derivations.md, c = ln 3), then asserted. Also
 * compareGradients' report and table, and the errors for inputs the formulas cannot take.
 */
import { ArgumentError, ShapeError, tensor } from '@tapegrad/autograd';
import {
  ConfigError,
  compareGradients,
  MLP,
  manualGradients,
  manualMlpGradients,
  objective,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

/** c = ln 3: sigmoid(c) = 1 / (1 + 1/3) = 3/4 and tanh(c) = (9 - 1) / (9 + 1) = 4/5, so hand sums stay exact. */
const c = Math.log(3);

/**
 * 2-2-1, sigmoid hidden, sigmoid output + bce, 2 samples. The weights are multiples of c = ln 3 chosen so
 * that every sigmoid lands on 1/4, 1/2 or 3/4 (sigmoid(ln 3) = 1/(1 + 1/3) = 3/4, sigmoid(-ln 3) = 1/4).
 *
 *   X  = [[1, 2], [0, 1]]      W1 = [[4c, -2c], [-2c, c]]   b1 = [c, 0]
 *   Z1 = X W1 + b1: row 0 = [4c - 4c + c, -2c + 2c + 0] = [c, 0]
 *                   row 1 = [-2c + c, c + 0]            = [-c, c]
 *   A1 = sigmoid(Z1) = [[3/4, 1/2], [1/4, 3/4]]
 *   W2 = [[3c], [2c]]   b2 = [-9c/4]
 *   Z2 = A1 W2 + b2: row 0 = 9c/4 + c - 9c/4 = c,  row 1 = 3c/4 + 3c/2 - 9c/4 = 0
 *   A2 = sigmoid(Z2) = [[3/4], [1/2]]     Y = [[1], [0]]
 */
function handNet(): { net: TwoLayerNet; X: ReturnType<typeof tensor>; y: ReturnType<typeof tensor> } {
  const net = new TwoLayerNet({
    inputs: 2,
    hidden: 2,
    outputs: 1,
    hiddenActivation: 'sigmoid',
    output: 'sigmoid',
  });
  net.loadStateDict({
    'layer1.weight': tensor([
      [4 * c, -2 * c],
      [-2 * c, c],
    ]),
    'layer1.bias': tensor([c, 0]),
    'layer2.weight': tensor([[3 * c], [2 * c]]),
    'layer2.bias': tensor([(-9 * c) / 4]),
  });
  const X = tensor([
    [1, 2],
    [0, 1],
  ]);
  const y = tensor([[1], [0]]);
  return { net, X, y };
}

describe('manualGradients on a 2-2-1 sigmoid network computed by hand', () => {
  test('the loss is the mean binary cross entropy: (-ln 3/4 - ln 1/2) / 2 = (3 ln 2 - ln 3) / 2', () => {
    const { net, X, y } = handNet();
    // Row 0: -ln(3/4) = 2 ln 2 - ln 3; row 1: -ln(1 - 1/2) = ln 2; the mean over m k = 2 entries.
    expectClose(manualGradients(net, X, y).loss, (3 * Math.LN2 - c) / 2);
  });

  test('every gradient equals its hand-computed value', () => {
    const { net, X, y } = handNet();
    const { gradients } = manualGradients(net, X, y);
    // dZ2 = (A2 - Y) / k = [[-1/4], [1/2]]  (k = 1)
    // dW2 = A1^T dZ2 / m = [[3/4 (-1/4) + 1/4 (1/2)], [1/2 (-1/4) + 3/4 (1/2)]] / 2
    //     = [[-1/16], [4/16]] / 2 = [[-1/32], [1/8]]
    expectAllClose(gradients['layer2.weight']!, [[-1 / 32], [1 / 8]]);
    // db2 = (-1/4 + 1/2) / 2 = 1/8
    expectAllClose(gradients['layer2.bias']!, [1 / 8]);
    // dA1 = dZ2 W2^T = [[-1/4 * 3c, -1/4 * 2c], [1/2 * 3c, 1/2 * 2c]] = [[-3c/4, -c/2], [3c/2, c]]
    // g'(Z1) = A1 (1 - A1) = [[3/16, 1/4], [3/16, 3/16]]
    // dZ1 = dA1 * g'(Z1) = [[-9c/64, -c/8], [9c/32, 3c/16]]
    // dW1 = X^T dZ1 / m, X^T = [[1, 0], [2, 1]]:
    //   row 0 = dZ1 row 0                       = [-9c/64, -c/8]
    //   row 1 = 2 (dZ1 row 0) + dZ1 row 1       = [-18c/64 + 18c/64, -c/4 + 3c/16] = [0, -c/16]
    //   halved: [[-9c/128, -c/16], [0, -c/32]]
    expectAllClose(gradients['layer1.weight']!, [
      [(-9 * c) / 128, -c / 16],
      [0, -c / 32],
    ]);
    // db1 = column sums of dZ1 / m = [(-9c/64 + 18c/64) / 2, (-8c/64 + 12c/64) / 2] = [9c/128, c/32]
    expectAllClose(gradients['layer1.bias']!, [(9 * c) / 128, c / 32]);
  });

  test('L2 adds (l2/m) W to each weight gradient and (l2/2m) sum ||W||^2 to the loss, biases untouched', () => {
    const { net, X, y } = handNet();
    const plain = manualGradients(net, X, y);
    const { loss, gradients } = manualGradients(net, X, y, { l2: 0.5 });
    // l2/m = 0.5/2 = 1/4. ||W1||^2 = (16 + 4 + 4 + 1) c^2 = 25 c^2, ||W2||^2 = (9 + 4) c^2 = 13 c^2;
    // (l2/2m)(25 + 13) c^2 = (1/8)(38 c^2) = 19 c^2 / 4.
    expectClose(loss, (3 * Math.LN2 - c) / 2 + (19 * c * c) / 4);
    // dW2 = [[-1/32 + 3c/4], [1/8 + 2c/4]]
    expectAllClose(gradients['layer2.weight']!, [[-1 / 32 + (3 * c) / 4], [1 / 8 + c / 2]]);
    // dW1 = [[-9c/128 + c, -c/16 - c/2], [0 - c/2, -c/32 + c/4]]
    expectAllClose(gradients['layer1.weight']!, [
      [(-9 * c) / 128 + c, -c / 16 - c / 2],
      [-c / 2, -c / 32 + c / 4],
    ]);
    expectAllClose(gradients['layer1.bias']!, plain.gradients['layer1.bias']!);
    expectAllClose(gradients['layer2.bias']!, plain.gradients['layer2.bias']!);
  });

  test('the gradients are named and ordered as net.namedParameters(), with the parameter shapes', () => {
    const { net, X, y } = handNet();
    const { gradients } = manualGradients(net, X, y);
    expect(Object.keys(gradients)).toEqual(net.namedParameters().map(([name]) => name));
    for (const [name, parameter] of net.namedParameters())
      expect(gradients[name]!.shape).toEqual(parameter.shape);
  });

  test('the loss is the value of objective(net, X, y, { l2 })', () => {
    const { net, X, y } = handNet();
    expectClose(manualGradients(net, X, y, { l2: 0.5 }).loss, objective(net, X, y, { l2: 0.5 }).item());
  });
});

describe('the factor of dZ2 for each loss, by hand', () => {
  /**
   * 2-1-1, relu hidden, linear output + mse (mean over m k = 2 entries, k = 1): dZ2 = 2 (A2 - Y) / k.
   *   X = [[1, 2], [-3, 1]], W1 = [[1], [1]], b1 = [0]: Z1 = [[3], [-2]], A1 = relu(Z1) = [[3], [0]]
   *   W2 = [[2]], b2 = [-1]: Z2 = A2 = [[5], [-1]];  Y = [[3], [0]]: A2 - Y = [[2], [-1]]
   *   J = (2^2 + 1^2) / 2 = 5/2;  dZ2 = 2 (A2 - Y) = [[4], [-2]]
   *   dW2 = A1^T dZ2 / 2 = (3 * 4 + 0 * -2) / 2 = 6;  db2 = (4 - 2) / 2 = 1
   *   dA1 = dZ2 W2^T = [[8], [-4]];  relu'(Z1) = [[1], [0]];  dZ1 = [[8], [0]]
   *   dW1 = X^T dZ1 / 2 = [[1 * 8], [2 * 8]] / 2 = [[4], [8]];  db1 = 8 / 2 = 4
   */
  test('linear + mse: dZ2 = 2 (A2 - Y) / k, and relu passes the gradient only where Z1 > 0', () => {
    const net = new TwoLayerNet({
      inputs: 2,
      hidden: 1,
      outputs: 1,
      hiddenActivation: 'relu',
      output: 'linear',
    });
    net.loadStateDict({
      'layer1.weight': tensor([[1], [1]]),
      'layer1.bias': tensor([0]),
      'layer2.weight': tensor([[2]]),
      'layer2.bias': tensor([-1]),
    });
    const X = tensor([
      [1, 2],
      [-3, 1],
    ]);
    const { loss, gradients } = manualGradients(net, X, tensor([[3], [0]]));
    expectClose(loss, 5 / 2);
    expectAllClose(gradients['layer2.weight']!, [[6]]);
    expectAllClose(gradients['layer2.bias']!, [1]);
    expectAllClose(gradients['layer1.weight']!, [[4], [8]]);
    expectAllClose(gradients['layer1.bias']!, [4]);
  });

  /**
   * 1-1-3, tanh hidden, softmax output + cross entropy, W2 = 0 so that Z2 = b2 on every row.
   *   X = [[1], [-1]], W1 = [[c]], b1 = [0]: Z1 = [[c], [-c]], A1 = tanh(Z1) = [[4/5], [-4/5]]
   *     (tanh(ln 3) = (9 - 1) / (9 + 1) = 4/5)
   *   b2 = [0, 0, ln 2]: A2 = softmax = [1, 1, 2] / 4 = [1/4, 1/4, 1/2] on both rows
   *   labels [2, 0]: J = (-ln(1/2) - ln(1/4)) / 2 = 3 ln 2 / 2
   *   dZ2 = A2 - Y = [[1/4, 1/4, -1/2], [-3/4, 1/4, 1/2]]   (no 1/k: cross entropy sums over the classes)
   *   db2 = column sums / 2 = [-1/4, 1/4, 0]
   *   dW2 = A1^T dZ2 / 2 = (4/5 row 0 - 4/5 row 1) / 2 = (2/5) [1, 0, -1] = [[2/5, 0, -2/5]]
   *   dA1 = dZ2 W2^T = 0, so dW1 = [[0]] and db1 = [0]
   */
  const softmaxNet = () => {
    const net = new TwoLayerNet({
      inputs: 1,
      hidden: 1,
      outputs: 3,
      hiddenActivation: 'tanh',
      output: 'softmax',
    });
    net.loadStateDict({
      'layer1.weight': tensor([[c]]),
      'layer1.bias': tensor([0]),
      'layer2.weight': tensor([[0, 0, 0]]),
      'layer2.bias': tensor([0, 0, Math.LN2]),
    });
    return net;
  };
  const X = tensor([[1], [-1]]);

  test.each([
    ['integer labels [m]', tensor([2, 0])],
    ['a column of labels [m, 1]', tensor([[2], [0]])],
    [
      'one-hot targets [m, C]',
      tensor([
        [0, 0, 1],
        [1, 0, 0],
      ]),
    ],
  ])('softmax + cross entropy with %s: dZ2 = A2 - Y', (_, targets) => {
    const { loss, gradients } = manualGradients(softmaxNet(), X, targets);
    expectClose(loss, (3 * Math.LN2) / 2);
    expectAllClose(gradients['layer2.bias']!, [-1 / 4, 1 / 4, 0]);
    expectAllClose(gradients['layer2.weight']!, [[2 / 5, 0, -2 / 5]]);
    expectAllClose(gradients['layer1.weight']!, [[0]]);
    expectAllClose(gradients['layer1.bias']!, [0]);
  });

  test('softmax + cross entropy with soft targets: dZ2 = A2 - Y with each row of Y a distribution', () => {
    // Y = [[1/2, 0, 1/2], [1/4, 1/4, 1/2]]: dZ2 = [[-1/4, 1/4, 0], [0, 0, 0]], db2 = [-1/8, 1/8, 0]
    // J = (-(1/2) ln(1/4) - (1/2) ln(1/2) + [-(1/4) ln(1/4) - (1/4) ln(1/4) - (1/2) ln(1/2)]) / 2
    //   = ((ln 2 + ln 2 / 2) + (ln 2 / 2 + ln 2 / 2 + ln 2 / 2)) / 2 = (3/2 + 3/2) ln 2 / 2 = 3 ln 2 / 2
    const soft = tensor([
      [1 / 2, 0, 1 / 2],
      [1 / 4, 1 / 4, 1 / 2],
    ]);
    const { loss, gradients } = manualGradients(softmaxNet(), X, soft);
    expectClose(loss, (3 * Math.LN2) / 2);
    expectAllClose(gradients['layer2.bias']!, [-1 / 8, 1 / 8, 0]);
    // dW2 = A1^T dZ2 / 2 = (4/5) [-1/4, 1/4, 0] / 2 = [[-1/10, 1/10, 0]]
    expectAllClose(gradients['layer2.weight']!, [[-1 / 10, 1 / 10, 0]]);
  });
});

describe('manualMlpGradients', () => {
  test('a depth-2 MLP gives the same numbers as the same two-layer network', () => {
    const { net, X, y } = handNet();
    const mlp = new MLP([2, 2, 1], { activation: 'sigmoid', output: 'sigmoid' });
    const state = net.stateDict();
    mlp.loadStateDict({
      'layers.0.weight': state['layer1.weight']!,
      'layers.0.bias': state['layer1.bias']!,
      'layers.1.weight': state['layer2.weight']!,
      'layers.1.bias': state['layer2.bias']!,
    });
    const { loss, gradients } = manualMlpGradients(mlp, X, y, { l2: 0.5 });
    const expected = manualGradients(net, X, y, { l2: 0.5 });
    expectClose(loss, expected.loss);
    expect(Object.keys(gradients)).toEqual([
      'layers.0.weight',
      'layers.0.bias',
      'layers.1.weight',
      'layers.1.bias',
    ]);
    expectAllClose(gradients['layers.0.weight']!, expected.gradients['layer1.weight']!);
    expectAllClose(gradients['layers.0.bias']!, expected.gradients['layer1.bias']!);
    expectAllClose(gradients['layers.1.weight']!, expected.gradients['layer2.weight']!);
    expectAllClose(gradients['layers.1.bias']!, expected.gradients['layer2.bias']!);
  });

  test('a depth-1 MLP (no hidden layer) is logistic regression: dW = X^T (A - Y) / m', () => {
    // X = [[1, 2], [0, 1]], W = [[0], [0]], b = [0]: Z = 0, A = 1/2; Y = [[1], [0]]: dZ = [[-1/2], [1/2]]
    // dW = X^T dZ / 2 = [[1 * -1/2 + 0], [2 * -1/2 + 1/2]] / 2 = [[-1/4], [-1/4]];  db = 0
    const mlp = new MLP([2, 1], { output: 'sigmoid' });
    mlp.loadStateDict({ 'layers.0.weight': tensor([[0], [0]]), 'layers.0.bias': tensor([0]) });
    const X = tensor([
      [1, 2],
      [0, 1],
    ]);
    const { loss, gradients } = manualMlpGradients(mlp, X, tensor([[1], [0]]));
    expectClose(loss, Math.LN2);
    expectAllClose(gradients['layers.0.weight']!, [[-1 / 4], [-1 / 4]]);
    expectAllClose(gradients['layers.0.bias']!, [0]);
  });

  test('dropout in training mode is refused; in eval mode it is the identity and the gradients are exact', () => {
    const X = tensor([
      [0.5, -1],
      [2, 0.25],
    ]);
    const y = tensor([[1], [0]]);
    const mlp = new MLP([2, 3, 1], { activation: 'tanh', output: 'sigmoid', dropout: 0.5 });
    expectThrows(() => manualMlpGradients(mlp, X, y), ConfigError, /dropout/, /mlp\.eval\(\)/);
    mlp.eval();
    const manual = manualMlpGradients(mlp, X, y);
    objective(mlp, X, y).backward();
    for (const [name, parameter] of mlp.namedParameters()) {
      expectAllClose(manual.gradients[name]!, parameter.grad!, { atol: 1e-15, rtol: 1e-13 });
    }
  });
});

describe('manualGradients refuses inputs the formulas do not cover', () => {
  const net = () => new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 2, output: 'softmax' });
  const X = tensor([
    [1, 2],
    [3, 4],
  ]);

  test('a loss that does not pair with the output activation', () => {
    expectThrows(
      () => manualGradients(net(), X, tensor([0, 1]), { loss: 'mse' }),
      ConfigError,
      /loss 'mse' does not pair with output 'softmax'/,
      /use 'crossEntropy'/,
    );
  });

  test('X with the wrong number of features, or no rows', () => {
    expectThrows(
      () => manualGradients(net(), tensor([[1, 2, 3]]), tensor([0])),
      ConfigError,
      /\[1,3\]/,
      /\[m, 2\]/,
    );
    expectThrows(() => manualGradients(net(), tensor([1, 2]), tensor([0])), ConfigError, /X must be 2-D/);
  });

  test('targets of the wrong shape, and labels that are not class indices', () => {
    expectThrows(() => manualGradients(net(), X, tensor([[0, 1, 0]])), ConfigError, /\[1,3\]/, /\[2, 2\]/);
    expectThrows(() => manualGradients(net(), X, tensor([0])), ConfigError, /1 labels for 2 rows/);
    expectThrows(() => manualGradients(net(), X, tensor([0, 2])), ArgumentError, /label 2 at row 1/);
    expectThrows(() => manualGradients(net(), X, tensor([0, 0.5])), ArgumentError, /label 0.5 at row 1/);
    // bce and mse take [m, outputs] targets, never labels.
    const sigmoidNet = new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, output: 'sigmoid' });
    expectThrows(() => manualGradients(sigmoidNet, X, tensor([0, 1])), ConfigError, /y.reshape/);
  });
});

describe('compareGradients', () => {
  const a = {
    'layer.weight': tensor([
      [1, 2],
      [3, 4],
    ]),
    'layer.bias': tensor([0, 5]),
  };
  const b = {
    'layer.weight': tensor([
      [1, 2.5],
      [3, 4],
    ]),
    'layer.bias': tensor([1e-13, 5]),
  };

  test('reports per parameter the max absolute and relative differences, the worst index and pass', () => {
    const report = compareGradients(a, b);
    expect(report.passed).toBe(false);
    expect(report.rows.map((row) => row.name)).toEqual(['layer.weight', 'layer.bias']);
    const [weight, bias] = report.rows;
    // |2 - 2.5| = 0.5, relative to |b| = 2.5: 0.2, at row 0, column 1; far past 1e-12 + 1e-10 * 2.5.
    expect(weight).toMatchObject({ shape: [2, 2], maxAbsDiff: 0.5, worstIndex: [0, 1], passed: false });
    expectClose(weight!.maxRelDiff, 0.2);
    // |0 - 1e-13| = 1e-13 <= 1e-12 + 1e-10 * 1e-13: passes; relative 1e-13 / 1e-13 = 1.
    expect(bias).toMatchObject({ shape: [2], worstIndex: [0], passed: true });
    expectClose(bias!.maxAbsDiff, 1e-13);
    expectClose(bias!.maxRelDiff, 1);
  });

  test('the tolerances decide: with rtol 0.25 the weight passes, and an atol below 1e-13 fails the bias', () => {
    expect(compareGradients(a, b, { rtol: 0.25 }).passed).toBe(true);
    const strict = compareGradients(a, b, { atol: 1e-14, rtol: 0.25 });
    expect(strict.rows.map((row) => row.passed)).toEqual([true, false]);
  });

  test('the worst index is the entry nearest to its tolerance, not the largest difference', () => {
    // Entry 0 differs by 1e-4 on 1e3: ratio 1e-4 / (1e-12 + 1e-10 * 1e3) = about 1e3. Entry 1 differs by
    // only 1e-8, on 1e-9: ratio 1e-8 / (1e-12 + 1e-19) = about 1e4. Entry 1 is the worse one.
    const report = compareGradients({ w: tensor([1000.0001, 1.1e-8]) }, { w: tensor([1000, 1e-9]) });
    expectClose(report.rows[0]!.maxAbsDiff, 1e-4, { atol: 0, rtol: 1e-9 });
    expect(report.rows[0]!.worstIndex).toEqual([1]);
  });

  test('a NaN fails and counts as infinitely far off', () => {
    const report = compareGradients({ w: tensor([1, Number.NaN]) }, { w: tensor([1, 2]) });
    expect(report.rows[0]).toMatchObject({ maxAbsDiff: Infinity, worstIndex: [1], passed: false });
  });

  test('toString prints an aligned table with the rule, one row per parameter and pass or FAIL', () => {
    expect(compareGradients(a, b).toString()).toBe(
      [
        'gradients compared (pass if |a - b| <= 1.00e-12 + 1.00e-10 * |b|)',
        'parameter     shape  max |a-b|  max rel  worst  pass',
        'layer.weight  [2,2]    5.00e-1  2.00e-1  [0,1]  FAIL',
        'layer.bias    [2]     1.00e-13  1.00e+0  [0]    pass',
      ].join('\n'),
    );
  });

  test('different parameter names or shapes are an error naming them', () => {
    expectThrows(
      () => compareGradients(a, { 'layer.weight': b['layer.weight'], other: b['layer.bias'] }),
      ConfigError,
      /only in the first: layer\.bias/,
      /only in the second: other/,
    );
    expectThrows(
      () => compareGradients(a, { ...b, 'layer.bias': tensor([[0, 5]]) }),
      ShapeError,
      /layer\.bias has shape \[2\] in the first set but \[1,2\] in the second/,
    );
  });
});
