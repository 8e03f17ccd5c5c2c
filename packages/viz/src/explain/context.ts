/**
 * What every section of the page reads: the network and the three computations of it, and the notation
 * that depends on the settings.
 */
import type { HiddenActivation } from '@tapegrad/nn';
import type { ByFiniteDifferences } from './by-finite-differences.ts';
import type { ByHand } from './by-hand.ts';
import type { ByTape } from './by-tape.ts';
import { texFactor, texNumber } from './format.ts';
import type { TinyNetwork } from './tiny-network.ts';

export interface Worked {
  readonly network: TinyNetwork;
  readonly hand: ByHand;
  readonly tape: ByTape;
  readonly numerical: ByFiniteDifferences;
}

/** g(z) with the number z substituted, up to its value: \frac{1}{1 + e^{0.35}} for sigmoid(-0.35). */
export function activationAt(activation: HiddenActivation, z: number): string {
  switch (activation) {
    case 'sigmoid':
      return `\\sigma(${texNumber(z)}) = \\frac{1}{1 + e^{${texNumber(-z)}}}`;
    case 'tanh':
      return `\\tanh(${texNumber(z)})`;
    case 'relu':
      return `\\max(${texNumber(z)}, 0)`;
  }
}

/** A sum of products a_1 b_1 + a_2 b_2 + ... with the numbers substituted. */
export function texProducts(pairs: readonly (readonly [number, number])[]): string {
  return pairs.map(([a, b]) => `${texFactor(a)} \\cdot ${texFactor(b)}`).join(' + ');
}

/** A sum of numbers, negatives in parentheses after the first: -0.43 + (-0.1). */
export function texSum(values: readonly number[]): string {
  return values.map((value, i) => (i === 0 ? texNumber(value) : texFactor(value))).join(' + ');
}

/** 1/m as a LaTeX fraction. */
export function texOneOver(m: number): string {
  return `\\frac{1}{${m}}`;
}
