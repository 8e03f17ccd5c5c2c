/**
 * MLPClassifier on a network small enough to train by hand (one step of SGD, Nesterov's momentum and Adam
 * on a 2-2-1 network, every number worked out in the comments), its attributes and predictions, and the
 * errors for input sklearn refuses, each naming the method and the argument or option.
 */
import { tensor } from '@tapegrad/autograd';
import { ConfigError, DataError, MLPClassifier, type MLPClassifierOptions } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../../support/assertions.ts';

/** c = ln 3: sigmoid(c) = 3/4, so the output probabilities stay exact fractions. */
const c = Math.log(3);

/**
 * Two rows, relu hidden layer of 2, one logistic output (two classes):
 *   X = [[1, 2], [0, 1]], y = [1, 0]     W1 = [[1, -1], [0, -1]], b1 = [0, 0]
 *   Z1 = X W1 = [[1, -3], [0, -1]]  ->  A1 = relu(Z1) = [[1, 0], [0, 0]]
 *   W2 = [[c], [5]], b2 = [0]:  Z2 = A1 W2 = [[c], [0]]  ->  A2 = sigmoid(Z2) = [[3/4], [1/2]]
 * With alpha = 0.1 and m = 2:
 *   loss = -(ln 3/4 + ln 1/2) / 2 + 0.5 alpha (1 + 1 + 0 + 1 + c^2 + 25) / m = -(ln 3/4 + ln 1/2) / 2 + 0.025 (28 + c^2)
 *   delta2 = A2 - Y = [[-1/4], [1/2]]
 *   dW2 = (A1^T delta2 + alpha W2) / m = ([[-1/4], [0]] + [[0.1c], [0.5]]) / 2 = [[-1/8 + 0.05c], [0.25]]
 *   db2 = mean(delta2) = 1/8
 *   delta1 = (delta2 W2^T) * relu'(Z1) = [[-c/4, -5/4], [c/2, 5/2]] * [[1, 0], [0, 0]] = [[-c/4, 0], [0, 0]]
 *   dW1 = (X^T delta1 + alpha W1) / m = ([[-c/4, 0], [-c/2, 0]] + [[0.1, -0.1], [0, -0.1]]) / 2
 *       = [[-c/8 + 0.05, -0.05], [-c/4, -0.05]]
 *   db1 = mean(delta1) = [-c/8, 0]
 */
const X = [
  [1, 2],
  [0, 1],
];
const y = [1, 0];
const start = {
  coefs: [
    [
      [1, -1],
      [0, -1],
    ],
    [[c], [5]],
  ],
  intercepts: [[0, 0], [0]],
};
const gradients = {
  coefs: [
    [
      [-c / 8 + 0.05, -0.05],
      [-c / 4, -0.05],
    ],
    [[-1 / 8 + 0.05 * c], [0.25]],
  ],
  intercepts: [[-c / 8, 0], [1 / 8]],
};
const firstLoss = -(Math.log(3 / 4) + Math.log(1 / 2)) / 2 + 0.025 * (28 + c * c);

/** start + step(gradient), entry by entry. */
function stepped(step: (gradient: number) => number) {
  return {
    coefs: start.coefs.map((W, l) =>
      W.map((row, i) => row.map((w, j) => w + step(gradients.coefs[l]![i]![j]!))),
    ),
    intercepts: start.intercepts.map((b, l) =>
      b.map((value, j) => value + step(gradients.intercepts[l]![j]!)),
    ),
  };
}

function oneStep(options: MLPClassifierOptions) {
  return new MLPClassifier({
    hiddenLayerSizes: [2],
    alpha: 0.1,
    batchSize: 2,
    maxIter: 1,
    shuffle: false,
    randomState: 0,
    ...options,
  }).fit(X, y, start);
}

describe.each(['autograd', 'manual'] as const)(
  'one step on a 2-2-1 network by hand, %s gradients',
  (source) => {
    test('plain SGD: W <- W - lr dW, and the epoch loss is the hand-computed one', () => {
      const clf = oneStep({ solver: 'sgd', momentum: 0, learningRateInit: 0.5, gradients: source });
      const want = stepped((g) => -0.5 * g);
      expectAllClose(clf.coefs[0]!, want.coefs[0]!);
      expectAllClose(clf.coefs[1]!, want.coefs[1]!);
      expectAllClose(clf.intercepts[0]!, want.intercepts[0]!);
      expectAllClose(clf.intercepts[1]!, want.intercepts[1]!);
      expectClose(clf.lossCurve[0]!, firstLoss);
      expect(clf.nIter).toBe(1);
    });

    test("Nesterov's first step: v = -lr g, update = momentum v - lr g = -(1 + momentum) lr g", () => {
      const clf = oneStep({ solver: 'sgd', momentum: 0.9, learningRateInit: 0.5, gradients: source });
      const want = stepped((g) => -1.9 * 0.5 * g);
      expectAllClose(clf.coefs[1]!, want.coefs[1]!);
      expectAllClose(clf.intercepts[0]!, want.intercepts[0]!);
    });

    test("Adam's first step: lr sqrt(1 - b2) / (1 - b1) times (1 - b1) g / (sqrt((1 - b2) g^2) + eps)", () => {
      const clf = oneStep({ solver: 'adam', learningRateInit: 0.01, epsilon: 1e-3, gradients: source });
      const lrT = (0.01 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
      const want = stepped((g) => (-lrT * (0.1 * g)) / (Math.sqrt(0.001 * g * g) + 1e-3));
      expectAllClose(clf.coefs[0]!, want.coefs[0]!);
      expectAllClose(clf.coefs[1]!, want.coefs[1]!);
    });
  },
);

describe('attributes and predictions', () => {
  test("sklearn's defaults, and the attributes of a fit without early stopping", () => {
    const clf = new MLPClassifier({ randomState: 1, maxIter: 5 });
    expect(clf.options).toMatchObject({
      hiddenLayerSizes: [100],
      activation: 'relu',
      solver: 'adam',
      alpha: 1e-4,
      batchSize: 'auto',
      learningRateInit: 1e-3,
      tol: 1e-4,
      nIterNoChange: 10,
    });
    clf.fit(X, ['b', 'a']);
    expect(clf.classes).toEqual(['a', 'b']);
    expect(clf.coefs.map((W) => [W.length, W[0]!.length])).toEqual([
      [2, 100],
      [100, 1],
    ]);
    expect(clf.lossCurve).toHaveLength(5);
    expect(clf.bestLoss).toBe(Math.min(...clf.lossCurve));
    expect(clf.validationScores).toBeNull();
    expect(clf.bestValidationScore).toBeNull();
    expect(clf.t).toBe(10);
  });

  test('predictProba gives [1 - p, p] for two classes; predict and score read it at 0.5', () => {
    const clf = oneStep({ solver: 'sgd', momentum: 0, learningRateInit: 0.5 });
    const proba = clf.predictProba(tensor(X));
    proba.forEach((row) => {
      expectClose(row[0]! + row[1]!, 1);
    });
    expect(clf.predict(X)).toEqual(proba.map((row) => (row[1]! > 0.5 ? 1 : 0)));
    expect(clf.score(X, y)).toBe(clf.predict(X).filter((label, i) => label === y[i]).length / 2);
  });
});

describe('errors name the method and the argument', () => {
  const fitted = () => oneStep({ solver: 'sgd' });

  test('X and y of different lengths', () => {
    expectThrows(
      () => new MLPClassifier().fit(X, [1]),
      ConfigError,
      /MLPClassifier\.fit/,
      /2 rows but y has 1/,
    );
  });

  test('a single class', () => {
    expectThrows(() => new MLPClassifier().fit(X, [3, 3]), ConfigError, /'y' has a single class \(3\)/);
  });

  test('labels of mixed kinds', () => {
    expectThrows(
      () => new MLPClassifier().fit(X, [1, 'a']),
      ConfigError,
      /'y'/,
      /all finite numbers or all strings/,
    );
  });

  test('NaN in X', () => {
    expectThrows(
      () =>
        new MLPClassifier().fit(
          [
            [1, Number.NaN],
            [0, 1],
          ],
          y,
        ),
      DataError,
      /MLPClassifier\.fit: X\[0, 1\] is NaN/,
    );
  });

  test('unknown options and values', () => {
    expectThrows(
      () => new MLPClassifier({ learning_rate: 0.1 } as never),
      ConfigError,
      /unknown option 'learning_rate'/,
    );
    expectThrows(
      () => new MLPClassifier({ activation: 'sigmoid' as never }),
      ConfigError,
      /'activation' must be one of 'identity', 'logistic', 'tanh', 'relu'/,
    );
    expectThrows(
      () => new MLPClassifier({ solver: 'lbfgs' as never }),
      ConfigError,
      /'solver'/,
      /'lbfgs' is not offered/,
    );
    expectThrows(
      () => new MLPClassifier({ momentum: 1.5 }),
      ConfigError,
      /'momentum' must be a number in \[0, 1\], got 1\.5/,
    );
    expectThrows(() => new MLPClassifier({ hiddenLayerSizes: [4, 0] }), ConfigError, /'hiddenLayerSizes'/);
    expectThrows(
      () => new MLPClassifier({ batchSize: 0 }),
      ConfigError,
      /'batchSize' must be 'auto' or an integer >= 1/,
    );
    expectThrows(() => new MLPClassifier({ randomState: -1 }), ConfigError, /'randomState'/);
  });

  test('starting weights of the wrong shapes, or only half of them', () => {
    const clf = new MLPClassifier({ hiddenLayerSizes: [2] });
    expectThrows(
      () => clf.fit(X, y, { coefs: [start.coefs[1]!, start.coefs[0]!], intercepts: start.intercepts }),
      ConfigError,
      /MLPClassifier\.fit: coefs\[0\] must have shape \[2, 2\] for this network, got \[2, 1\]/,
    );
    expectThrows(
      () => clf.fit(X, y, { coefs: start.coefs }),
      ConfigError,
      /'coefs' and 'intercepts' must be given together/,
    );
    expectThrows(
      () => clf.fit(X, y, { coefs: start.coefs, intercepts: [[0, 0, 0], [0]] }),
      ConfigError,
      /intercepts\[0\] must have shape \[2\]/,
    );
  });

  test('predict before fit, and with the wrong number of features', () => {
    expectThrows(
      () => new MLPClassifier().predict(X),
      ConfigError,
      /MLPClassifier\.predict: the classifier is not fitted yet; call fit/,
    );
    expectThrows(
      () => new MLPClassifier().coefs,
      ConfigError,
      /MLPClassifier\.coefs: the classifier is not fitted/,
    );
    expectThrows(
      () => fitted().score([[1, 2, 3]], [1]),
      ConfigError,
      /MLPClassifier\.score: X has 3 features/,
    );
    expectThrows(
      () => fitted().predictProba([[1, 2, 3]]),
      ConfigError,
      /predictProba: X has 3 features, but the classifier was fitted on 2/,
    );
  });

  test('early stopping on too few rows to hold out a stratified share', () => {
    expectThrows(
      () => new MLPClassifier({ earlyStopping: true }).fit(X, y),
      ConfigError,
      /earlyStopping cannot hold out a stratified validation share/,
    );
  });
});
