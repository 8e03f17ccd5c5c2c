/**
 * Backprop for an MLP of any depth by the recurrence of docs/derivations.md ("Any depth"), on plain
 * matrices. Layer l = 1..L of the derivations is `mlp.layers[l - 1]` (named `layers.{l-1}`); A[0] = X.
 */
import type { Tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';
import type { ObjectiveOptions } from '../losses/objective.ts';
import { MLP } from '../models/mlp.ts';
import { activate, activationDerivative } from './activations.ts';
import { checkPassArguments } from './arguments.ts';
import { readBatch } from './batch.ts';
import {
  addRowVector,
  addScaled,
  columnSums,
  type Matrix,
  matmul,
  matmulTransposeA,
  matmulTransposeB,
  matrixOf,
  scale,
  scaleVector,
  squaredNorm,
  tensorOfMatrix,
  tensorOfVector,
  zip,
} from './matrix.ts';
import { outputLayer } from './output-layer.ts';
import type { ManualGradients } from './two-layer.ts';

/**
 * The gradients of `objective(mlp, X, y, { loss, l2 })` for every layer of an MLP, by hand: the forward
 * pass Z_l = A_{l-1} W_l + b_l, A_l = g(Z_l), then backward from dZ_L (as for the two-layer network)
 * through dW_l = A_{l-1}^T dZ_l / m + (l2/m) W_l, db_l = sum of dZ_l / m, dZ_{l-1} = (dZ_l W_l^T) * g'(Z_{l-1}).
 *
 * Dropout in training mode multiplies by a random mask that the formulas cannot see, so an MLP with
 * dropout > 0 in training mode is refused (ConfigError). In evaluation mode (`mlp.eval()`) dropout is the
 * identity and the gradients are exact.
 * @example
 * const mlp = new MLP([2, 8, 8, 3], { activation: 'relu', output: 'softmax' });
 * const { gradients } = manualMlpGradients(mlp, X, labels);
 * Object.keys(gradients); // ['layers.0.weight', 'layers.0.bias', ..., 'layers.2.bias']
 */
export function manualMlpGradients(
  mlp: MLP,
  X: Tensor,
  y: Tensor,
  options: ObjectiveOptions = {},
): ManualGradients {
  checkPassArguments('manualMlpGradients', mlp, MLP, X, y, options, 'mlp');
  if (mlp.dropouts.some((dropout) => dropout.training && dropout.p > 0)) {
    throw new ConfigError(
      'manualMlpGradients: the MLP has active dropout, whose random mask the hand-derived formulas do not ' +
        'model; build it with dropout 0, call mlp.eval() first, or use autograd gradients',
    );
  }
  const L = mlp.depth;
  const batch = readBatch(
    'manualMlpGradients',
    { output: mlp.output, inputs: mlp.sizes[0]!, outputs: mlp.sizes[L]! },
    X,
    y,
    options,
  );
  const { m, l2 } = batch;
  const W: Matrix[] = [];
  const b: Float64Array[] = [];
  mlp.layers.forEach((layer, index) => {
    W[index + 1] = matrixOf(layer.weight, `layers.${index}.weight`);
    // MLP always builds its layers with a bias.
    b[index + 1] = layer.bias!.data;
  });

  // Forward pass: Z_l = A_{l-1} W_l + b_l for l = 1..L, A_l = g(Z_l) for the hidden layers l < L.
  const A: Matrix[] = [batch.X];
  const Z: Matrix[] = [];
  for (let l = 1; l <= L; l++) {
    Z[l] = addRowVector(matmul(A[l - 1]!, W[l]!), b[l]!);
    if (l < L) A[l] = activate(mlp.activation, Z[l]!);
  }
  const output = outputLayer(batch.loss, Z[L]!, batch.Y);
  let penalty = 0;
  for (let l = 1; l <= L; l++) penalty += squaredNorm(W[l]!);
  // J = mean loss + (l2 / 2m) sum_l ||W_l||^2
  const loss = output.loss + (l2 / (2 * m)) * penalty;

  // Backward pass, from dZ_L (A_L - Y up to the loss's factor) down to layer 1.
  const dW: Matrix[] = [];
  const db: Float64Array[] = [];
  let dZ = output.dZ; // dZ_l, [m, sizes[l]]
  for (let l = L; l >= 1; l--) {
    dW[l] = addScaled(scale(matmulTransposeA(A[l - 1]!, dZ), 1 / m), l2 / m, W[l]!); // dW_l = A_{l-1}^T dZ_l / m + (l2/m) W_l
    db[l] = scaleVector(columnSums(dZ), 1 / m); // db_l = sum over rows of dZ_l / m
    if (l > 1) {
      const dA = matmulTransposeB(dZ, W[l]!); // dA_{l-1} = dZ_l W_l^T
      const gPrime = activationDerivative(mlp.activation, Z[l - 1]!, A[l - 1]!); // g'(Z_{l-1})
      dZ = zip(dA, gPrime, (d, slope) => d * slope); // dZ_{l-1} = dA_{l-1} * g'(Z_{l-1})
    }
  }

  const gradients: Record<string, Tensor> = {};
  for (let l = 1; l <= L; l++) {
    gradients[`layers.${l - 1}.weight`] = tensorOfMatrix(dW[l]!);
    gradients[`layers.${l - 1}.bias`] = tensorOfVector(db[l]!);
  }
  return { loss, gradients };
}
