/**
 * The proof panel's numbers: at the current weights, the gradient of the cost J on the whole training split
 * three ways — nn's hand-derived formulas (docs/derivations.md), the tape, and optionally central finite
 * differences — compared parameter by parameter.
 *
 * Dropout multiplies by a random mask the formulas do not model, so every gradient here is taken in
 * evaluation mode, dropout off: the gradient of the cost the network is scored on. (Training steps with
 * dropout on follow the tape's gradient of the masked network.)
 */
import { noGrad, type Tensor } from '@tapegrad/autograd';
import {
  autogradGradients,
  finiteDifferences,
  manualGradients,
  manualMlpGradients,
  type Network,
  objective,
  TwoLayerNet,
} from '@tapegrad/nn';
import type { ProofRow } from '../snapshot.ts';
import { inEvalMode } from './network.ts';

/** The cost J and its gradient by parameter name, from the tape. */
export interface TapeGradients {
  readonly loss: number;
  readonly gradients: Record<string, Tensor>;
}

/** max_i |a_i - b_i|. */
function largestDifference(a: Float64Array, b: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!));
  return largest;
}

/** max_i |a_i|. */
function largestMagnitude(a: Float64Array): number {
  let largest = 0;
  for (const value of a) largest = Math.max(largest, Math.abs(value));
  return largest;
}

/**
 * The tape's gradient of J = mean loss + (l2 / 2m) sum ||W||^2 on (X, y), dropout off.
 * @example tapeGradients(net, X, targetsFor(net, y), 0).gradients['layer1.weight'];
 */
export function tapeGradients(net: Network, X: Tensor, y: Tensor, l2: number): TapeGradients {
  return inEvalMode(net, () => autogradGradients(net, X, y, { l2 }));
}

/**
 * One row per parameter: max |hand-derived - tape|, max |finite differences - tape| when `withFiniteDifferences`
 * (central differences with nn's default step 1e-6: about 2 cost evaluations per weight), and max |tape| for
 * scale; `tape` is the tape's gradient at these weights (from `tapeGradients`). A TwoLayerNet takes nn's
 * `manualGradients`, an MLP `manualMlpGradients`.
 * @example proofRows(net, X, y, 0, tapeGradients(net, X, y, 0), false)[0]!.manualVsTape; // about 1e-17
 */
export function proofRows(
  net: Network,
  X: Tensor,
  y: Tensor,
  l2: number,
  tape: TapeGradients,
  withFiniteDifferences: boolean,
): ProofRow[] {
  return inEvalMode(net, () => {
    const manual =
      net instanceof TwoLayerNet ? manualGradients(net, X, y, { l2 }) : manualMlpGradients(net, X, y, { l2 });
    const named = net.namedParameters();
    const numerical = withFiniteDifferences
      ? finiteDifferences(() => noGrad(() => objective(net, X, y, { l2 }).item()), named)
      : undefined;
    return named.map(([name, parameter]) => {
      const byTape = tape.gradients[name]!.data;
      const finite = numerical?.[name];
      return {
        name,
        shape: [...parameter.shape],
        manualVsTape: largestDifference(manual.gradients[name]!.data, byTape),
        ...(finite === undefined ? {} : { finiteVsTape: largestDifference(finite.data, byTape) }),
        largest: largestMagnitude(byTape),
      };
    });
  });
}
