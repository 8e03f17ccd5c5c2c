/**
 * sklearn's initial weights (`_init_coef`): Glorot-uniform, every weight and bias uniform in
 * [-bound, bound) with bound = sqrt(factor / (fanIn + fanOut)), factor 2 for the logistic activation and
 * 6 otherwise. Drawn layer by layer, the weight matrix row by row and then the biases, from numpy's
 * RandomState: the same draws, in the same order, as sklearn's.
 */
import { type Matrix, zeroMatrix } from '../manual/matrix.ts';
import type { NumpyRandomState } from './numpy-random-state.ts';
import type { SklearnActivation } from './options.ts';

export interface InitialWeights {
  readonly coefs: Matrix[];
  readonly intercepts: Float64Array[];
}

/** Weights for layers of `layerUnits` = [features, hidden..., outputs]. */
export function glorotUniform(
  layerUnits: readonly number[],
  activation: SklearnActivation,
  random: NumpyRandomState,
): InitialWeights {
  const factor = activation === 'logistic' ? 2 : 6;
  const coefs: Matrix[] = [];
  const intercepts: Float64Array[] = [];
  for (let l = 0; l + 1 < layerUnits.length; l++) {
    const fanIn = layerUnits[l]!;
    const fanOut = layerUnits[l + 1]!;
    const bound = Math.sqrt(factor / (fanIn + fanOut));
    const W = zeroMatrix(fanIn, fanOut);
    for (let i = 0; i < W.data.length; i++) W.data[i] = random.uniform(-bound, bound);
    const b = new Float64Array(fanOut);
    for (let j = 0; j < fanOut; j++) b[j] = random.uniform(-bound, bound);
    coefs.push(W);
    intercepts.push(b);
  }
  return { coefs, intercepts };
}
