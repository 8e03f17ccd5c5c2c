/**
 * The class-weighted forms of nllLoss and crossEntropy behind NLLLoss and CrossEntropyLoss's options
 * (weight, ignoreIndex, labelSmoothing), as PyTorch's nll_loss and cross_entropy compute them, composed of
 * differentiable ops (gather, mul, sum) on the log-probabilities. Arguments arrive checked by the modules.
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import { type Reduction, reduce } from './reduction.ts';

/** How the classes count: a weight per class [C], a label to skip, and the label smoothing epsilon. */
export interface ClassWeighting {
  readonly weight: Tensor;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  readonly reduction: Reduction;
}

/**
 * From log-probabilities L [N, C] and labels y [N] (some may be ignoreIndex), with w the class weights and
 * eps the label smoothing, each counted row n (y_n not ignored) costs
 *   (1 - eps) (-w[y_n] L[n, y_n]) + (eps / C) (-sum_c w_c L[n, c]),
 * and an ignored row 0. 'mean' divides the sum by sum_n w[y_n] over the counted rows (PyTorch's weighted
 * mean, which is the plain mean over counted rows when every weight is 1).
 */
export function weightedLabelLoss(
  logProbs: Tensor,
  labels: readonly number[],
  { weight, ignoreIndex, labelSmoothing, reduction }: ClassWeighting,
): Tensor {
  const [rows, classes] = logProbs.shape as [number, number];
  const counted = tensor(labels.map((label) => (label === ignoreIndex ? 0 : 1)));
  // An ignored row picks class 0, then its weight 0 removes it.
  const picks = labels.map((label) => (label === ignoreIndex ? 0 : label));
  const rowWeights = weight.indexSelect(0, picks).mul(counted);
  const picked = logProbs.gather(1, tensor(picks, { shape: [rows, 1] })).reshape([rows]);
  const nllRows = picked.mul(rowWeights).neg();
  const smoothRows = logProbs
    .mul(weight.reshape([1, classes]))
    .sum(-1)
    .neg()
    .mul(counted);
  const rowLosses =
    labelSmoothing === 0
      ? nllRows
      : nllRows.mul(1 - labelSmoothing).add(smoothRows.mul(labelSmoothing / classes));
  if (reduction === 'mean') return rowLosses.sum().div(rowWeights.sum());
  return reduce(rowLosses, reduction);
}

/**
 * Cross entropy against a distribution per row t [N, C]: with t' = (1 - eps) t + eps / C, each row costs
 * -sum_c w_c t'_c L[n, c]; 'mean' divides by N (PyTorch's rule for probability targets, weights or not).
 */
export function weightedSoftCrossEntropy(
  logProbs: Tensor,
  targets: Tensor,
  { weight, labelSmoothing, reduction }: ClassWeighting,
): Tensor {
  const classes = logProbs.shape[1]!;
  const smoothed =
    labelSmoothing === 0 ? targets : targets.mul(1 - labelSmoothing).add(labelSmoothing / classes);
  const rowLosses = logProbs
    .mul(smoothed)
    .mul(weight.reshape([1, classes]))
    .sum(-1)
    .neg();
  return reduce(rowLosses, reduction);
}
