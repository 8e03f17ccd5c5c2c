/**
 * The hidden activations g and their derivatives g', entry by entry on plain matrices (docs/derivations.md,
 * "The hidden layer").
 */
import type { HiddenActivation } from '../models/network.ts';
import { type Matrix, map } from './matrix.ts';

/** 1 / (1 + e^-z), written so that e^(large) never overflows. */
export function stableSigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** A = g(Z), entry by entry. */
export function activate(name: HiddenActivation, Z: Matrix): Matrix {
  switch (name) {
    case 'sigmoid':
      return map(Z, stableSigmoid);
    case 'tanh':
      return map(Z, Math.tanh);
    case 'relu':
      return map(Z, (z) => Math.max(z, 0));
  }
}

/**
 * g'(Z), entry by entry, written from A = g(Z) where that is the natural form:
 * sigmoid' = A (1 - A), tanh' = 1 - A^2, relu' = 1[Z > 0] (0 at the kink Z = 0, as PyTorch and autograd).
 */
export function activationDerivative(name: HiddenActivation, Z: Matrix, A: Matrix): Matrix {
  switch (name) {
    case 'sigmoid':
      return map(A, (a) => a * (1 - a));
    case 'tanh':
      return map(A, (a) => 1 - a * a);
    case 'relu':
      return map(Z, (z) => (z > 0 ? 1 : 0));
  }
}
