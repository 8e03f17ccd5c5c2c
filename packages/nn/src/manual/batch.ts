/**
 * The checked inputs of a hand-derived backward pass: X and Y as plain matrices, the loss (which must pair
 * with the output activation, as `objective` requires) and the L2 strength.
 */
import { ArgumentError, type Tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';
import { type LossName, lossFor, type ObjectiveOptions } from '../losses/objective.ts';
import type { OutputActivation } from '../models/network.ts';
import { type Matrix, matrixOf, zeroMatrix } from './matrix.ts';

export interface ManualBatch {
  /** The inputs X [m, inputs]. */
  readonly X: Matrix;
  /** The targets Y [m, outputs]; integer labels become their one-hot rows. */
  readonly Y: Matrix;
  /** The number of examples (rows of X): the m of every 1/m. */
  readonly m: number;
  readonly loss: LossName;
  readonly l2: number;
}

/** The shape of a network as the formulas need it. */
export interface NetworkShape {
  readonly output: OutputActivation;
  readonly inputs: number;
  readonly outputs: number;
}

/**
 * Reads and checks (X, y) for a network; `where` names the caller in errors. y is [m, outputs] for 'bce'
 * and 'mse'; for 'crossEntropy' it is integer labels [m] (or [m, 1]) or one-hot / soft targets
 * [m, outputs] with outputs >= 2.
 */
export function readBatch(
  where: string,
  network: NetworkShape,
  X: Tensor,
  y: Tensor,
  options: ObjectiveOptions,
): ManualBatch {
  const loss = options.loss ?? lossFor(network.output);
  if (loss !== lossFor(network.output)) {
    throw new ConfigError(
      `${where}: loss '${loss}' does not pair with output '${network.output}'; ` +
        `use '${lossFor(network.output)}' (sigmoid + bce, softmax + crossEntropy, linear + mse)`,
    );
  }
  const inputs = matrixOf(X, `${where}: X`);
  if (inputs.rows === 0 || inputs.cols !== network.inputs) {
    throw new ConfigError(
      `${where}: X has shape [${X.shape.join(',')}], but the network takes [m, ${network.inputs}] with m >= 1`,
    );
  }
  const m = inputs.rows;
  // As crossEntropy reads them: y [m] or [m, 1] holds class labels, y [m, C] a distribution per row.
  const labels = y.ndim === 1 || (y.ndim === 2 && y.shape[1] === 1);
  const Y =
    loss === 'crossEntropy' && labels
      ? oneHotLabels(where, y, m, network.outputs)
      : targetMatrix(where, y, m, network.outputs);
  return { X: inputs, Y, m, loss, l2: options.l2 ?? 0 };
}

function targetMatrix(where: string, y: Tensor, m: number, outputs: number): Matrix {
  if (y.ndim !== 2 || y.shape[0] !== m || y.shape[1] !== outputs) {
    throw new ConfigError(
      `${where}: the targets y have shape [${y.shape.join(',')}] but the output is [${m}, ${outputs}]; ` +
        'they must match (reshape the targets, e.g. y.reshape([-1, 1]))',
    );
  }
  return matrixOf(y, `${where}: y`);
}

/** Y[i, c] = 1 where c is the label of row i, else 0. */
function oneHotLabels(where: string, labels: Tensor, m: number, classes: number): Matrix {
  if (labels.numel() !== m) {
    throw new ConfigError(`${where}: ${labels.numel()} labels for ${m} rows of X; give one label per row`);
  }
  const Y = zeroMatrix(m, classes);
  labels.data.forEach((label, row) => {
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ArgumentError(
        `${where}: label ${label} at row ${row} is not a class index in 0..${classes - 1}`,
      );
    }
    Y.data[row * classes + label] = 1;
  });
  return Y;
}
