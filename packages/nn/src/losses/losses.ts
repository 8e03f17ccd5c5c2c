import { ArgumentError, type BackwardRule, describeValue, record, Tensor, tensor } from '@tapegrad/autograd';
import { checkNumber, checkTensor, refuse } from '../checks/arguments.ts';
import { ConfigError, DataError } from '../errors.ts';
import { checkLossArguments, type LossOptions, reduce } from './reduction.ts';

function requireSameShape(op: string, prediction: Tensor, target: Tensor): void {
  if (prediction.shape.join(',') !== target.shape.join(',')) {
    throw new ConfigError(
      `${op}: the prediction has shape [${prediction.shape.join(',')}] but the target [${target.shape.join(',')}]; ` +
        `they must match: reshape the target to [${prediction.shape.join(',')}]`,
    );
  }
}

/** PyTorch's EPSILON in binary_cross_entropy_backward: a C++ float 1e-12, which is 9.999999960041972e-13. */
const BCE_BACKWARD_EPSILON = Math.fround(1e-12);

/**
 * Binary cross entropy of probabilities p against targets y in [0, 1]: -(y log p + (1 - y) log(1 - p)),
 * as PyTorch's `binary_cross_entropy`, value and gradient alike:
 * - each log is clamped at -100, so p = 0 or 1 against the other label costs 100, never Infinity or NaN;
 * - d/dp = (p - y) / max((1 - p) p, 1e-12 as a float32): the true derivative inside (0, 1), and at the edges
 *   +-1.000000004e12 where p is on the wrong side, 0 where p = y;
 * - d/dy = log(1 - p) - log(p) (-logit(p), not clamped: +-Infinity at p = 0 or 1);
 * - a probability outside [0, 1], or NaN, is a DataError (PyTorch: "all elements of input should be between
 *   0 and 1").
 * Prefer `bceWithLogits` on logits: it is exact where p rounds to 0 or 1.
 * @example binaryCrossEntropy(tensor([0.8]), tensor([1])).item(); // -log 0.8 = 0.2231
 */
export function binaryCrossEntropy(
  probabilities: Tensor,
  targets: Tensor,
  options: LossOptions = {},
): Tensor {
  checkLossArguments('binaryCrossEntropy', 'probabilities', probabilities, options);
  checkTensor('binaryCrossEntropy', 'targets', targets);
  requireSameShape('binaryCrossEntropy', probabilities, targets);
  checkProbabilities(probabilities.data, probabilities.shape);
  return reduce(bcePerElement(probabilities, targets), options.reduction);
}

/** Every probability in [0, 1] (NaN is not), or a DataError naming the first that is not. */
function checkProbabilities(p: Float64Array, shape: readonly number[]): void {
  for (let i = 0; i < p.length; i++) {
    if (!(p[i]! >= 0 && p[i]! <= 1)) {
      throw new DataError(
        `binaryCrossEntropy: probabilities must lie in [0, 1], but element ${formatIndex(i, shape)} ` +
          `is ${p[i]}; apply sigmoid to logits first, or better, pass the logits to bceWithLogits`,
      );
    }
  }
}

/** The multi-index of flat index `flat` in a row-major tensor of `shape`, as [1,0]. */
function formatIndex(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index.unshift(rest % shape[axis]!);
    rest = Math.floor(rest / shape[axis]!);
  }
  return `[${index.join(',')}]`;
}

/**
 * (y - 1) max(log(1 - p), -100) - y max(log p, -100) for each element, one op as PyTorch's kernel (the
 * same expression, so p = y = 1 gives its -0). d/dp = (p - y) / max((1 - p) p, eps), d/dy = log(1 - p) - log p.
 */
function bcePerElement(probabilities: Tensor, targets: Tensor): Tensor {
  const losses = new Float64Array(probabilities.numel());
  bceInto([probabilities.data, targets.data], losses);
  const { shape } = probabilities;
  // A replay checks the probabilities of each call, as the eager call does before the op.
  const replay = (inputs: readonly Float64Array[], out: Float64Array) => {
    checkProbabilities(inputs[0]!, shape);
    bceInto(inputs, out);
  };
  return record('binaryCrossEntropy', losses, shape, [probabilities, targets] as const, bceBackward, replay);
}
/** The per-element losses into `out`: the kernel of eager calls and of compiled replays. */
function bceInto([p, y]: readonly Float64Array[], out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const logP = Math.max(Math.log(p![i]!), -100);
    const logNotP = Math.max(Math.log1p(-p![i]!), -100);
    out[i] = (y![i]! - 1) * logNotP - y![i]! * logP;
  }
}
const bceBackward: BackwardRule<readonly [Tensor, Tensor]> = (g, _out, [p, y]) => [
  p.requiresGrad ? g.mul(p.sub(y)).div(p.neg().add(1).mul(p).clamp(BCE_BACKWARD_EPSILON)) : null,
  y.requiresGrad ? g.mul(p.neg().add(1).log().sub(p.log())) : null,
];

/**
 * Binary cross entropy of sigmoid(z) against y, from the logits z: softplus(z) - z y, which equals
 * -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))) and never overflows. Its gradient is sigmoid(z) - y.
 */
export function bceWithLogits(logits: Tensor, targets: Tensor, options: LossOptions = {}): Tensor {
  checkLossArguments('bceWithLogits', 'logits', logits, options);
  checkTensor('bceWithLogits', 'targets', targets);
  requireSameShape('bceWithLogits', logits, targets);
  return reduce(bceWithLogitsPerElement(logits, targets), options.reduction);
}

/**
 * softplus(z) - z y for each element, one op (PyTorch fuses it too): softplus as max(z, 0) + log1p(e^-|z|),
 * which never overflows. d/dz = sigmoid(z) - y, d/dy = -z.
 */
function bceWithLogitsPerElement(logits: Tensor, targets: Tensor): Tensor {
  const losses = new Float64Array(logits.numel());
  bceWithLogitsInto([logits.data, targets.data], losses);
  return record(
    'bceWithLogits',
    losses,
    logits.shape,
    [logits, targets] as const,
    bceWithLogitsBackward,
    bceWithLogitsInto,
  );
}
/** The per-element losses into `out`: the kernel, which `compile` also replays (record's `replay`). */
function bceWithLogitsInto([z, y]: readonly Float64Array[], out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const zi = z![i]!;
    out[i] = Math.max(zi, 0) + Math.log1p(Math.exp(-Math.abs(zi))) - zi * y![i]!;
  }
}
const bceWithLogitsBackward: BackwardRule<readonly [Tensor, Tensor]> = (g, _out, [z, y]) => [
  z.requiresGrad ? g.mul(z.sigmoid().sub(y)) : null,
  y.requiresGrad ? g.mul(z).neg() : null,
];

/**
 * Class labels as a tensor of `rows` values (the caller's own tensor when one is given, so a compiled step
 * reads each call's labels), checked to be one integer in 0..classes-1 per row.
 */
function checkedLabels(
  op: string,
  labels: Tensor | readonly number[],
  rows: number,
  classes: number,
): Tensor {
  const name = op === 'nllLoss' ? 'labels' : 'targets';
  if (!Array.isArray(labels) && !(labels instanceof Tensor)) {
    refuse(op, name, 'a Tensor or an array of class indices', labels);
  }
  const values = Array.isArray(labels) ? (labels as readonly number[]) : Array.from((labels as Tensor).data);
  if (values.length !== rows) {
    throw new ConfigError(
      `${op}: ${values.length} labels for ${rows} rows of logits; give one label per row in ${name}`,
    );
  }
  values.forEach((label, row) => {
    checkLabel(op, label, row, name, classes);
  });
  return Array.isArray(labels) ? tensor(Float64Array.from(values), { shape: [rows] }) : (labels as Tensor);
}

/** One label, an integer in 0..classes-1, or the error naming the op, the row and the argument. */
function checkLabel(op: string, label: unknown, row: number, name: string, classes: number): void {
  if (!Number.isInteger(label) || (label as number) < 0 || (label as number) >= classes) {
    throw new ArgumentError(
      `${op}: label ${typeof label === 'number' ? label : describeValue(label)} at row ${row} of ${name} ` +
        `is not a class index in 0..${classes - 1}`,
    );
  }
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
  checkLossArguments('nllLoss', 'logProbs', logProbs, options);
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
  // The labels as gather's [N, 1] index: a view of a given tensor, which a compiled step reads at each call.
  const index = checkedLabels(op, labels, rows, classes).reshape([rows, 1]);
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
  checkLossArguments('crossEntropy', 'logits', logits, options);
  if (!Array.isArray(targets) && !(targets instanceof Tensor)) {
    refuse('crossEntropy', 'targets', 'a Tensor or an array of class indices', targets);
  }
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
 * The labels are an input of the op (no gradient), so a compiled step replays it with each call's labels.
 */
function labelCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const [rows, classes] = logits.shape as [number, number];
  const losses = new Float64Array(rows);
  const kernel = (inputs: readonly Float64Array[], out: Float64Array) => {
    labelCrossEntropyInto(inputs, out, classes);
  };
  kernel([logits.data, labels.data], losses);
  const backward: BackwardRule<readonly [Tensor, Tensor]> = (g, _out, [x, y]) => [
    x.softmax(-1).sub(oneHot(y, classes)).mul(g.unsqueeze(-1)),
    null,
  ];
  return record('crossEntropy', losses, [rows], [logits, labels] as const, backward, kernel);
}
/** The losses of each row of logits `z` ([rows, classes]) against its label, into `out`. */
function labelCrossEntropyInto(
  [z, labels]: readonly Float64Array[],
  out: Float64Array,
  classes: number,
): void {
  for (let r = 0; r < out.length; r++) {
    const label = labels![r]!;
    // Checked at each compiled replay too: a label out of range would read another row's logit.
    checkLabel('crossEntropy', label, r, 'targets', classes);
    const row = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, z![row + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(z![row + c]! - max);
    // -log softmax(z)_y = -((z_y - m) - log(sum)), the same rounding as logSoftmax then picking y.
    out[r] = -(z![row + label]! - max - Math.log(sum));
  }
}

/** The one-hot rows [rows, classes] of `labels` (checked already): a constant of the backward rule. */
function oneHot(labels: Tensor, classes: number): Tensor {
  const rows = labels.numel();
  const values = new Float64Array(rows * classes);
  oneHotInto([labels.data], values, classes);
  const kernel = (inputs: readonly Float64Array[], out: Float64Array) => {
    oneHotInto(inputs, out, classes);
  };
  return record('oneHot', values, [rows, classes], [labels] as const, () => [null], kernel);
}
function oneHotInto([labels]: readonly Float64Array[], out: Float64Array, classes: number): void {
  out.fill(0);
  for (let r = 0; r < labels!.length; r++) out[r * classes + labels![r]!] = 1;
}

/** Mean squared error, (prediction - target)^2 averaged over every element (PyTorch's MSELoss). */
export function mse(prediction: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkLossArguments('mse', 'prediction', prediction, options);
  checkTensor('mse', 'target', target);
  requireSameShape('mse', prediction, target);
  return reduce(prediction.sub(target).square(), options.reduction);
}

/**
 * The L2 penalty (lambda / 2) * sum of the squared entries of each weight: its gradient adds lambda * W to
 * each weight's. With lambda = l2 / m it is the textbook term (l2 / 2m) sum ||W||^2 (see the derivations).
 */
export function l2Penalty(weights: readonly Tensor[], lambda: number): Tensor {
  if (!Array.isArray(weights)) refuse('l2Penalty', 'weights', 'an array of tensors', weights);
  weights.forEach((weight: unknown, i) => {
    checkTensor('l2Penalty', `weights[${i}]`, weight);
  });
  checkNumber('l2Penalty', 'lambda', lambda, 'a finite number >= 0', (value) => value >= 0);
  if (weights.length === 0) return tensor(0);
  return weights
    .map((weight) => weight.square().sum())
    .reduce((total, term) => total.add(term))
    .mul(lambda / 2);
}
