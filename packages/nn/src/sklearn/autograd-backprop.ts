/**
 * sklearn's batch gradients from tapegrad's tape: the forward pass recorded on tensors, the objective
 *
 *   J = data loss + 0.5 alpha sum_l ||W_l||^2 / m,
 *
 * and one backward pass. The data loss is written from the logits Z_L so that its gradient is exactly
 * sklearn's delta (A_L - Y) / m: mean(softplus(z) - y z) for one logistic output (d/dz = sigmoid(z) - y),
 * -mean(sum_c y_c logSoftmax(z)_c) for softmax (d/dz = softmax(z) - y). The loss reported is sklearn's
 * clipped one (log-loss.ts), from the same probabilities.
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import { type Matrix, tensorOfMatrix, tensorOfVector } from '../manual/matrix.ts';
import { outputActivation } from './forward.ts';
import { clippedLogLoss, l2Term } from './log-loss.ts';
import type { Backprop } from './manual-backprop.ts';
import type { SklearnActivation } from './options.ts';

function activate(name: SklearnActivation, Z: Tensor): Tensor {
  switch (name) {
    case 'identity':
      return Z;
    case 'logistic':
      return Z.sigmoid();
    case 'tanh':
      return Z.tanh();
    case 'relu':
      return Z.relu();
  }
}

function matrixOfTensor(values: Tensor): Matrix {
  return { rows: values.shape[0]!, cols: values.shape[1]!, data: values.data };
}

/** The batch's loss and gradients from one backward pass of the tape. */
export const autogradBackprop: Backprop = (network, X, Y, alpha) => {
  const m = X.rows;
  const W = network.coefs.map((coef) => tensorOfMatrix(coef));
  const b = network.intercepts.map((intercept) => tensorOfVector(intercept));
  for (const parameter of [...W, ...b]) parameter.requiresGrad = true;
  const targets = tensorOfMatrix(Y);
  let A = tensorOfMatrix(X);
  let logits = A;
  W.forEach((weight, l) => {
    logits = A.matmul(weight).add(b[l]!);
    A = l === W.length - 1 ? logits : activate(network.activation, logits);
  });
  const dataLoss =
    network.outActivation === 'logistic'
      ? logits.softplus().sub(targets.mul(logits)).sum().div(m)
      : targets.mul(logits.logSoftmax(1)).sum().neg().div(m);
  const penalty = W.map((weight) => weight.square().sum())
    .reduce((total, term) => total.add(term), tensor(0))
    .mul(0.5 * alpha)
    .div(m);
  dataLoss.add(penalty).backward();

  const probabilities = outputActivation(network.outActivation, matrixOfTensor(logits));
  return {
    loss: clippedLogLoss(probabilities, Y) + l2Term(network.coefs, alpha, m),
    coefGrads: W.map((weight) => matrixOfTensor(weight.grad!)),
    interceptGrads: b.map((bias) => bias.grad!.data),
  };
};
