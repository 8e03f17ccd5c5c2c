import { Tensor, tensor } from '@tapegrad/autograd';
import { checkArray, checkFunction, checkNumber, refuse } from '../checks/arguments.ts';

/**
 * Central differences of the cost with respect to every parameter entry: nudge one entry by +ε and -ε
 * (in place), evaluate J both times, put the entry back. The error is about ε^2 (the truncation) plus
 * 1e-16 / ε (the rounding of J), both near 1e-10 for ε = 1e-6. The third way to a gradient, beside the
 * hand-derived formulas and the tape; `gradcheck` in @tapegrad/autograd does the same for any function.
 * @example
 * const cost = () => noGrad(() => objective(net, X, y).item());
 * const numerical = finiteDifferences(cost, net.namedParameters()); // { 'layer1.weight': Tensor, ... }
 */
export function finiteDifferences(
  cost: () => number,
  named: [string, Tensor][],
  eps = 1e-6,
): Record<string, Tensor> {
  checkFunction('finiteDifferences', 'cost', cost);
  checkArray(
    'finiteDifferences',
    'named',
    named,
    'an array of [name, tensor] pairs, e.g. net.namedParameters()',
  );
  named.forEach((pair: unknown, i) => {
    const [name, parameter] = Array.isArray(pair) ? pair : [];
    if (typeof name !== 'string' || !(parameter instanceof Tensor)) {
      refuse('finiteDifferences', `named[${i}]`, 'a [name, tensor] pair', pair);
    }
  });
  checkNumber('finiteDifferences', 'eps', eps, 'a finite number > 0', (value) => value > 0);
  const result: Record<string, Tensor> = {};
  for (const [name, parameter] of named) {
    const slopes = new Float64Array(parameter.numel());
    for (let i = 0; i < parameter.numel(); i++) {
      const original = parameter.data[i]!;
      parameter.data[i] = original + eps;
      const above = cost();
      parameter.data[i] = original - eps;
      const below = cost();
      parameter.data[i] = original;
      slopes[i] = (above - below) / (2 * eps);
    }
    result[name] = tensor(slopes, { shape: parameter.shape });
  }
  return result;
}
