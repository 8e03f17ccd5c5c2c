import { ArgumentError, type BackwardRule, record, type Tensor, tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';
import { type LossOptions, reduce } from './reduction.ts';

function requireSameShape(op: string, prediction: Tensor, target: Tensor): void {
  if (prediction.shape.join(',') !== target.shape.join(',')) {
    throw new ConfigError(
      `${op}: the prediction has shape [${prediction.shape.join(',')}] but the target [${target.shape.join(',')}]; ` +
        `they must match: reshape the target to [${prediction.shape.join(',')}]`,
    );
  }
}

/**
 * Binary cross entropy of probabilities p against targets y in [0, 1]:
 * -(y log p + (1 - y) log(1 - p)). Each log is clamped at -100, as PyTorch does, so p = 0 or 1 gives a
 * large finite loss, never Infinity or NaN. Prefer `bceWithLogits` on logits: it is exact.
 */
export function binaryCrossEntropy(
  probabilities: Tensor,
  targets: Tensor,
  options: LossOptions = {},
): Tensor {
  requireSameShape('binaryCrossEntropy', probabilities, targets);
  // The log is taken of max(p, MIN_VALUE): log(0) = -Infinity would be clamped to -100 all the same, but its
  // backward would divide 0 by 0 and give a NaN gradient at p = 0 or 1.
  const logP = probabilities.clamp(Number.MIN_VALUE).log().clamp(-100);
  const logNotP = probabilities.neg().add(1).clamp(Number.MIN_VALUE).log().clamp(-100);
  const losses = targets.mul(logP).add(targets.neg().add(1).mul(logNotP)).neg();
  return reduce(losses, options.reduction);
}

/**
 * Binary cross entropy of sigmoid(z) against y, from the logits z: softplus(z) - z y, which equals
 * -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))) and never overflows. Its gradient is sigmoid(z) - y.
 */
export function bceWithLogits(logits: Tensor, targets: Tensor, options: LossOptions = {}): Tensor {
  requireSameShape('bceWithLogits', logits, targets);
  return reduce(bceWithLogitsPerElement(logits, targets), options.reduction);
}

/**
 * softplus(z) - z y for each element, one op (PyTorch fuses it too): softplus as max(z, 0) + log1p(e^-|z|),
 * which never overflows. d/dz = sigmoid(z) - y, d/dy = -z.
 */
function bceWithLogitsPerElement(logits: Tensor, targets: Tensor): Tensor {
  const z = logits.data;
  const y = targets.data;
  const losses = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const zi = z[i]!;
    losses[i] = Math.max(zi, 0) + Math.log1p(Math.exp(-Math.abs(zi))) - zi * y[i]!;
  }
  return record('bceWithLogits', losses, logits.shape, [logits, targets] as const, bceWithLogitsBackward);
}
const bceWithLogitsBackward: BackwardRule<readonly [Tensor, Tensor]> = (g, _out, [z, y]) => [
  z.requiresGrad ? g.mul(z.sigmoid().sub(y)) : null,
  y.requiresGrad ? g.mul(z).neg() : null,
];

/** Class labels as numbers, checked to be one integer in 0..classes-1 per row. */
function checkedLabels(
  op: string,
  labels: Tensor | readonly number[],
  rows: number,
  classes: number,
): readonly number[] {
  const values = Array.isArray(labels) ? (labels as readonly number[]) : Array.from((labels as Tensor).data);
  if (values.length !== rows) {
    throw new ConfigError(
      `${op}: ${values.length} labels for ${rows} rows of logits; give one label per row`,
    );
  }
  values.forEach((label, row) => {
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ArgumentError(
        `${op}: label ${label} at row ${row} is not a class index in 0..${classes - 1}`,
      );
    }
  });
  return values;
}

/**
 * Negative log likelihood: -logProbs[n, y_n] for each row n, from log-probabilities [N, C] and integer
 * labels [N].
 */
export function nllLoss(
  logProbs: Tensor,
  labels: Tensor | readonly number[],
  options: LossOptions = {},
): Tensor {
  if (logProbs.ndim !== 2) {
    throw new ConfigError(`nllLoss: log-probabilities must be [N, C], got [${logProbs.shape.join(',')}]`);
  }
  return pickedNegativeLogs('nllLoss', logProbs, labels, options);
}

/** -logProbs[n, y_n] per row, reduced; `op` names the caller in errors about the labels. */
function pickedNegativeLogs(
  op: string,
  logProbs: Tensor,
  labels: Tensor | readonly number[],
  options: LossOptions,
): Tensor {
  const [rows, classes] = logProbs.shape as [number, number];
  const index = tensor(Float64Array.from(checkedLabels(op, labels, rows, classes)), { shape: [rows, 1] });
  const picked = logProbs.gather(1, index).reshape([rows]);
  return reduce(picked.neg(), options.reduction);
}

/**
 * Cross entropy of softmax(logits) [N, C] against integer labels [N] (or [N, 1]), or against one-hot or soft targets
 * [N, C] (each row a distribution): -sum_c t_c log softmax(z)_c, through logSoftmax so it is stable.
 * Its gradient with respect to the logits is softmax(z) - t (per row, before the mean).
 */
export function crossEntropy(
  logits: Tensor,
  targets: Tensor | readonly number[],
  options: LossOptions = {},
): Tensor {
  if (logits.ndim !== 2) {
    throw new ConfigError(`crossEntropy: logits must be [N, C], got [${logits.shape.join(',')}]`);
  }
  // A [N, C] target is a distribution per row; [N] or [N, 1] holds class labels.
  const isDistribution =
    !Array.isArray(targets) && (targets as Tensor).ndim === 2 && (targets as Tensor).shape[1] !== 1;
  if (isDistribution) {
    const soft = targets as Tensor;
    requireSameShape('crossEntropy', logits, soft);
    return reduce(soft.mul(logits.logSoftmax(-1)).sum(-1).neg(), options.reduction);
  }
  const [rows, classes] = logits.shape as [number, number];
  const labels = checkedLabels('crossEntropy', targets, rows, classes);
  return reduce(labelCrossEntropy(logits, labels), options.reduction);
}

/**
 * logsumexp(z_r) - z_r[y_r] for each row r, one op (PyTorch fuses it too): the row's maximum m is taken out
 * first, logsumexp(z) = m + log(sum(exp(z - m))), so no exp overflows. d/dz_r = softmax(z_r) - onehot(y_r).
 */
function labelCrossEntropy(logits: Tensor, labels: readonly number[]): Tensor {
  const [rows, classes] = logits.shape as [number, number];
  const z = logits.data;
  const losses = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, z[row + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(z[row + c]! - max);
    // -log softmax(z)_y = -((z_y - m) - log(sum)), the same rounding as logSoftmax then picking y.
    losses[r] = -(z[row + labels[r]!]! - max - Math.log(sum));
  }
  const backward: BackwardRule<readonly [Tensor]> = (g, _out, [x]) => {
    const oneHot = new Float64Array(rows * classes);
    labels.forEach((label, r) => {
      oneHot[r * classes + label] = 1;
    });
    return [
      x
        .softmax(-1)
        .sub(tensor(oneHot, { shape: [rows, classes] }))
        .mul(g.unsqueeze(-1)),
    ];
  };
  return record('crossEntropy', losses, [rows], [logits] as const, backward);
}

/** Mean squared error, (prediction - target)^2 averaged over every element (PyTorch's MSELoss). */
export function mse(prediction: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  requireSameShape('mse', prediction, target);
  return reduce(prediction.sub(target).square(), options.reduction);
}

/**
 * The L2 penalty (lambda / 2) * sum of the squared entries of each weight: its gradient adds lambda * W to
 * each weight's. With lambda = l2 / m it is the textbook term (l2 / 2m) sum ||W||^2 (see the derivations).
 */
export function l2Penalty(weights: readonly Tensor[], lambda: number): Tensor {
  if (weights.length === 0) return tensor(0);
  return weights
    .map((weight) => weight.square().sum())
    .reduce((total, term) => total.add(term))
    .mul(lambda / 2);
}
