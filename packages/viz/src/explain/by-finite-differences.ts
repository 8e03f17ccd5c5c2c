/**
 * The third column: every gradient by central differences, (J(theta + eps) - J(theta - eps)) / (2 eps)
 * entry by entry, with nn's `finiteDifferences` on nn's `objective`. It knows nothing of backprop, so it
 * checks the hand-derived formulas and the tape from outside. dZ2, dA1 and dZ1 are found by nudging the
 * network's own intermediate tensors (the forward pass starts there), times m as on the rest of the page.
 */
import { noGrad, type Tensor, tensor } from '@tapegrad/autograd';
import { finiteDifferences, objective, TwoLayerNet } from '@tapegrad/nn';
import type { ForwardPass, Gradients } from './by-hand.ts';
import { type Matrix, matrixOfTensor, rowOfTensor } from './matrix.ts';
import type { TinyNetwork } from './tiny-network.ts';
import { batchOf, loadParameters, netOptions } from './two-layer-net.ts';

/** The step of the central differences (a power of ten, as the page writes it). */
export const FINITE_DIFFERENCE_EPS = 1e-6;

/**
 * How closely finite differences agree with the exact gradient: |exact - numerical| <= atol + rtol |numerical|
 * (powers of ten, as the page writes them).
 * A central difference is off by about eps^2 |J'''| from the curve and 1e-16 |J| / eps from rounding, so
 * about 1e-10 here; the bound leaves room (it is the one `tapegrad compare` uses).
 */
export const FINITE_DIFFERENCE_TOLERANCE = { atol: 1e-8, rtol: 1e-6 } as const;

/** A power of ten in LaTeX, 1e-6 as 10^{-6}: how the page writes eps and the tolerance. */
export function texPowerOfTen(x: number): string {
  return `10^{${Math.round(Math.log10(x))}}`;
}

/** The tolerance as the page states it, in LaTeX: $10^{-8} + 10^{-6} \, |\text{finite difference}|$. */
export function toleranceText(): string {
  const { atol, rtol } = FINITE_DIFFERENCE_TOLERANCE;
  return `$${texPowerOfTen(atol)} + ${texPowerOfTen(rtol)} \\, |\\text{finite difference}|$`;
}

/** Whether a gradient entry by hand agrees with its finite difference within the stated tolerance. */
export function agreesWithFiniteDifference(exact: number, numerical: number): boolean {
  const { atol, rtol } = FINITE_DIFFERENCE_TOLERANCE;
  return Math.abs(exact - numerical) <= atol + rtol * Math.abs(numerical);
}

/** Every gradient of the page, by central differences of the cost. */
export type ByFiniteDifferences = Gradients;

type Intermediate = 'Z1' | 'A1' | 'Z2';

/** A TwoLayerNet whose forward pass can start from a given Z1, A1 or Z2, so that J can be nudged there. */
class TwoLayerNetFromIntermediate extends TwoLayerNet {
  start: { at: Intermediate; value: Tensor } | null = null;

  override logits(input: Tensor): Tensor {
    const from = (at: Intermediate) => (this.start?.at === at ? this.start.value : null);
    const Z1 = from('Z1') ?? this.layer1.forward(input);
    const A1 = from('A1') ?? this.activation.forward(Z1);
    return from('Z2') ?? this.layer2.forward(A1);
  }
}

/** Every gradient of the page by central differences, at the network's parameters and forward pass. */
export function byFiniteDifferences(network: TinyNetwork, forward: ForwardPass): ByFiniteDifferences {
  const net = new TwoLayerNetFromIntermediate(netOptions(network));
  loadParameters(net, network);
  const { X, y } = batchOf(network);
  const m = network.X.length;
  const cost = () => noGrad(() => objective(net, X, y).item());
  const slopes = finiteDifferences(cost, net.namedParameters(), FINITE_DIFFERENCE_EPS);
  /** m dJ/d(at), nudging the intermediate tensor itself. */
  const atIntermediate = (at: Intermediate): Matrix => {
    net.start = { at, value: tensor(forward[at]) };
    const slope = finiteDifferences(cost, [[at, net.start.value]], FINITE_DIFFERENCE_EPS)[at]!;
    net.start = null;
    return matrixOfTensor(slope.mul(m));
  };
  return {
    dZ2: atIntermediate('Z2'),
    dA1: atIntermediate('A1'),
    dZ1: atIntermediate('Z1'),
    dW2: matrixOfTensor(slopes['layer2.weight']!),
    db2: rowOfTensor(slopes['layer2.bias']!),
    dW1: matrixOfTensor(slopes['layer1.weight']!),
    db1: rowOfTensor(slopes['layer1.bias']!),
  };
}
