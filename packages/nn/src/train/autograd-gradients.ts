import { gradients, type Tensor } from '@tapegrad/autograd';
import {
  checkObjectiveArguments,
  type Network,
  type ObjectiveOptions,
  objective,
} from '../losses/objective.ts';

/**
 * The cost of a network on (X, y) and its gradient for every parameter by dotted name, from the tape: the
 * counterpart of `manualGradients`, for comparing the two. Leaves every `.grad` untouched.
 * @example compareGradients(manualGradients(net, X, y).gradients, autogradGradients(net, X, y).gradients)
 */
export function autogradGradients(
  net: Network,
  X: Tensor,
  y: Tensor,
  options: ObjectiveOptions = {},
): { loss: number; gradients: Record<string, Tensor> } {
  checkObjectiveArguments('autogradGradients', net, X, y, options);
  const named = net.namedParameters();
  const cost = objective(net, X, y, options);
  const grads = gradients(
    cost,
    named.map(([, parameter]) => parameter),
  );
  return { loss: cost.item(), gradients: Object.fromEntries(named.map(([name], i) => [name, grads[i]!])) };
}
