/**
 * sklearn's `_fit_stochastic`: epochs of mini-batches in order (shuffled first when asked), the epoch loss
 * as the batch losses weighted by their rows, and the stopping rule: a count of epochs that did not improve
 * the training loss (or, with early stopping, the validation accuracy) by `tol`; once the count exceeds
 * nIterNoChange the optimizer stops, or ('adaptive' SGD) divides its rate by 5 and training goes on.
 */
import { DivergenceError } from '../errors.ts';
import { type Matrix, zeroMatrix } from '../manual/matrix.ts';
import { forwardPass, type Network, predictedClassIndices } from './forward.ts';
import type { Backprop } from './manual-backprop.ts';
import type { NumpyRandomState } from './numpy-random-state.ts';
import { SklearnAdam, SklearnSGD, type StochasticOptimizer } from './optimizers.ts';
import type { ResolvedOptions } from './options.ts';

/** What a fit records, as sklearn's fitted attributes. */
export interface TrainingHistory {
  readonly lossCurve: number[];
  readonly nIter: number;
  /** Rows seen (sklearn's `t_`). */
  readonly t: number;
  /** The lowest training loss; null with early stopping (sklearn's None). */
  readonly bestLoss: number | null;
  /** The validation accuracy after each epoch with early stopping, else null. */
  readonly validationScores: number[] | null;
  readonly bestValidationScore: number | null;
}

/** The training rows, their binarized targets, and (with early stopping) the validation rows. */
export interface TrainingData {
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly validation: { readonly X: Matrix; readonly classIndex: readonly number[] } | null;
}

/** What `fitStochastic` tells its caller between epochs (not sklearn's: see MLPClassifier's fit options). */
export interface EpochHooks {
  /** After each epoch, with its 1-based number and loss, the network's weights as they then are. */
  readonly onEpoch?: (epoch: number, loss: number, network: Network) => void;
  /** Once aborted, training ends after the current epoch, as sklearn's does on KeyboardInterrupt. */
  readonly signal?: AbortSignal;
}

/** The rows `indices` of M, in that order. */
export function selectMatrixRows(M: Matrix, indices: readonly number[]): Matrix {
  const rows = zeroMatrix(indices.length, M.cols);
  indices.forEach((row, i) => {
    rows.data.set(M.data.subarray(row * M.cols, (row + 1) * M.cols), i * M.cols);
  });
  return rows;
}

function createOptimizer(options: ResolvedOptions, params: readonly Float64Array[]): StochasticOptimizer {
  return options.solver === 'sgd'
    ? new SklearnSGD(params, {
        learningRateInit: options.learningRateInit,
        schedule: options.learningRate,
        momentum: options.momentum,
        nesterov: options.nesterovsMomentum,
        powerT: options.powerT,
      })
    : new SklearnAdam(params, options);
}

function accuracy(network: Network, X: Matrix, classIndex: readonly number[]): number {
  const predicted = predictedClassIndices(forwardPass(network, X).at(-1)!);
  return predicted.filter((c, i) => c === classIndex[i]).length / classIndex.length;
}

function copyWeights(network: Network): Pick<Network, 'coefs' | 'intercepts'> {
  return {
    coefs: network.coefs.map((W) => ({ rows: W.rows, cols: W.cols, data: W.data.slice() })),
    intercepts: network.intercepts.map((b) => b.slice()),
  };
}

/**
 * Trains `network` in place (its weights end as sklearn's would: the best validation epoch's with early
 * stopping, else the last epoch's) and returns the history.
 */
export function fitStochastic(
  network: Network,
  data: TrainingData,
  options: ResolvedOptions,
  backprop: Backprop,
  random: NumpyRandomState,
  hooks: EpochHooks = {},
): TrainingHistory {
  const { X, Y, validation } = data;
  const n = X.rows;
  const params = [...network.coefs.map((W) => W.data), ...network.intercepts];
  const optimizer = createOptimizer(options, params);
  const batchSize =
    options.batchSize === 'auto' ? Math.min(200, n) : Math.min(Math.max(options.batchSize, 1), n);
  const lossCurve: number[] = [];
  const validationScores: number[] | null = validation ? [] : null;
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestValidationScore = Number.NEGATIVE_INFINITY;
  let bestWeights: ReturnType<typeof copyWeights> | null = null;
  let noImprovementCount = 0;
  let sampleIndex = Array.from({ length: n }, (_, i) => i);
  let t = 0;

  for (let epoch = 0; epoch < options.maxIter; epoch++) {
    if (options.shuffle) {
      // sklearn.utils.shuffle: a permutation of 0..n-1 drawn afresh, applied to the current order.
      const order = sampleIndex;
      sampleIndex = random.permutation(n).map((i) => order[i]!);
    }
    let accumulatedLoss = 0;
    for (let start = 0; start < n; start += batchSize) {
      const rows = sampleIndex.slice(start, start + batchSize);
      const batch = backprop(network, selectMatrixRows(X, rows), selectMatrixRows(Y, rows), options.alpha);
      accumulatedLoss += batch.loss * rows.length;
      optimizer.update(params, [...batch.coefGrads.map((grad) => grad.data), ...batch.interceptGrads]);
    }
    const loss = accumulatedLoss / n;
    if (!Number.isFinite(loss)) {
      throw new DivergenceError(
        `MLPClassifier.fit: the loss of epoch ${epoch + 1} is ${loss}; lower learningRateInit or scale X`,
      );
    }
    t += n;
    lossCurve.push(loss);

    if (validation && validationScores) {
      const score = accuracy(network, validation.X, validation.classIndex);
      validationScores.push(score);
      noImprovementCount = score < bestValidationScore + options.tol ? noImprovementCount + 1 : 0;
      if (score > bestValidationScore) {
        bestValidationScore = score;
        bestWeights = copyWeights(network);
      }
    } else {
      noImprovementCount = loss > bestLoss - options.tol ? noImprovementCount + 1 : 0;
      if (loss < bestLoss) bestLoss = loss;
    }
    optimizer.iterationEnds(t);
    hooks.onEpoch?.(epoch + 1, loss, network);
    if (noImprovementCount > options.nIterNoChange) {
      if (optimizer.triggerStopping()) break;
      noImprovementCount = 0;
    }
    if (hooks.signal?.aborted) break;
  }

  if (bestWeights) {
    // sklearn restores the weights of the best validation epoch.
    bestWeights.coefs.forEach((W, l) => {
      network.coefs[l]!.data.set(W.data);
    });
    bestWeights.intercepts.forEach((b, l) => {
      network.intercepts[l]!.set(b);
    });
  }
  return {
    lossCurve,
    nIter: lossCurve.length,
    t,
    bestLoss: validation ? null : bestLoss,
    validationScores,
    bestValidationScore: validation ? bestValidationScore : null,
  };
}
