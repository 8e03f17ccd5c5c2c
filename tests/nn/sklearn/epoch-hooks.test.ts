/**
 * MLPClassifier's two fit options that are not sklearn's: onEpoch (each epoch's loss and weights, as
 * training goes) and signal (stop after the current epoch, keeping what was trained, as sklearn does on
 * Ctrl-C). Neither changes a number of the fit: the losses and weights equal those of fits without them.
 */
import { ConfigError, MLPClassifier, type MLPClassifierEpoch, moons } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectThrows } from '../../support/assertions.ts';

const data = moons({ n: 60, noise: 0.2, seed: 3 });
const X = data.X.toArray() as number[][];
const y = Array.from(data.y.data);
const options = { hiddenLayerSizes: [5], randomState: 0, learningRateInit: 0.01 } as const;

describe('fit onEpoch', () => {
  test("is called once per epoch, in order, with lossCurve's loss; the last call's weights are the fitted ones", () => {
    const epochs: MLPClassifierEpoch[] = [];
    const clf = new MLPClassifier({ ...options, maxIter: 8 }).fit(X, y, {
      onEpoch: (epoch) => epochs.push(epoch),
    });
    expect(epochs.map((epoch) => epoch.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(epochs.map((epoch) => epoch.loss)).toEqual(clf.lossCurve);
    expect(epochs.at(-1)!.coefs).toEqual(clf.coefs);
    expect(epochs.at(-1)!.intercepts).toEqual(clf.intercepts);
  });

  test("each call's weights are a copy of that epoch's: epoch 2's equal a fit of 2 epochs", () => {
    const epochs: MLPClassifierEpoch[] = [];
    new MLPClassifier({ ...options, maxIter: 8 }).fit(X, y, { onEpoch: (epoch) => epochs.push(epoch) });
    const twoEpochs = new MLPClassifier({ ...options, maxIter: 2 }).fit(X, y);
    expect(epochs[1]!.coefs).toEqual(twoEpochs.coefs);
    expect(epochs[1]!.intercepts).toEqual(twoEpochs.intercepts);
    expect(epochs[1]!.coefs).not.toEqual(epochs[7]!.coefs);
  });

  test('a fit that stops by tol calls it for every epoch it ran, the stopping one included', () => {
    const epochs: number[] = [];
    const clf = new MLPClassifier({ ...options, tol: 0.5, nIterNoChange: 2 }).fit(X, y, {
      onEpoch: ({ epoch }) => epochs.push(epoch),
    });
    // Epoch 1 improves on Infinity; no later one by 0.5: the count is 1, 2, 3 after epochs 2, 3, 4, and 3 > 2 stops.
    expect(clf.nIter).toBe(4);
    expect(epochs).toEqual([1, 2, 3, 4]);
  });
});

describe('fit signal', () => {
  test('aborted during epoch 3, training ends after it with the weights and losses of a 3-epoch fit', () => {
    const controller = new AbortController();
    const clf = new MLPClassifier({ ...options, maxIter: 50 }).fit(X, y, {
      signal: controller.signal,
      onEpoch: ({ epoch }) => {
        if (epoch === 3) controller.abort();
      },
    });
    const threeEpochs = new MLPClassifier({ ...options, maxIter: 3 }).fit(X, y);
    expect(clf.nIter).toBe(3);
    expect(clf.lossCurve).toEqual(threeEpochs.lossCurve);
    expect(clf.coefs).toEqual(threeEpochs.coefs);
    expect(clf.predictProba(X)).toEqual(threeEpochs.predictProba(X));
  });

  test('with early stopping, an aborted fit still keeps the best validation epoch, as sklearn does', () => {
    const controller = new AbortController();
    const clf = new MLPClassifier({ ...options, maxIter: 50, earlyStopping: true }).fit(X, y, {
      signal: controller.signal,
      onEpoch: ({ epoch }) => {
        if (epoch === 6) controller.abort();
      },
    });
    const sixEpochs = new MLPClassifier({ ...options, maxIter: 6, earlyStopping: true }).fit(X, y);
    expect(clf.validationScores).toEqual(sixEpochs.validationScores);
    expect(clf.coefs).toEqual(sixEpochs.coefs);
  });
});

describe('fit hooks of the wrong kind are refused, naming them', () => {
  test('onEpoch not a function, signal not an AbortSignal', () => {
    const clf = new MLPClassifier(options);
    expectThrows(
      () => clf.fit(X, y, { onEpoch: 3 as never }),
      ConfigError,
      /MLPClassifier\.fit: argument 'onEpoch' must be a function of the epoch, got 3/,
    );
    expectThrows(
      () => clf.fit(X, y, { signal: { aborted: true } as never }),
      ConfigError,
      /MLPClassifier\.fit: argument 'signal' must be an AbortSignal/,
    );
  });
});
