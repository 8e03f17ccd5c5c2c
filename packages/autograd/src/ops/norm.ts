/**
 * Vector norms over axes, PyTorch's torch.norm: (sum |x|^p)^(1/p) for p > 0, max |x| for Infinity, min |x|
 * for -Infinity, and 'fro' (the Frobenius norm, the 2-norm of the elements). One recorded op, whose backward
 * rule follows PyTorch's (norm_backward), so that the gradient at a zero norm is 0, not 0/0.
 */
import { checkBoolean, checkTensor, describeValue } from '../checks/arguments.ts';
import { ArgumentError } from '../errors.ts';
import { reducedShape } from '../shape/axes.ts';
import { record } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { div, mul } from './arithmetic.ts';
import { eq, where } from './compare.ts';
import { countOver, type Dims, normalizeDims } from './dims.ts';
import { reshape } from './layout.ts';
import { pow } from './pow.ts';
import { max, min, sum } from './reduce.ts';
import { abs, sign, sqrt, square } from './unary.ts';

/** The order of a norm: a positive number, Infinity, -Infinity, or 'fro' (the 2-norm). */
export type NormOrder = number | 'fro';

/** p checked: 'fro' becomes 2. */
function checkOrder(p: unknown): number {
  if (p === 'fro') return 2;
  if (typeof p === 'number' && (p > 0 || p === -Infinity)) return p;
  throw new ArgumentError(
    `norm: argument 'p' must be a number > 0, Infinity, -Infinity or 'fro', got ${describeValue(p)}` +
      (p === 'nuc' ? ' (the nuclear norm is not supported)' : ''),
  );
}

/** The norm's values, from ops on a detached x (nothing recorded), in the keepdim shape. */
function normValues(x: Tensor, p: number, axes: number[]): Tensor {
  const magnitude = abs(x.detach());
  if (p === Infinity) return max(magnitude, axes, true);
  if (p === -Infinity) return min(magnitude, axes, true);
  if (p === 1) return sum(magnitude, axes, true);
  if (p === 2) return sqrt(sum(square(magnitude), axes, true));
  return pow(sum(pow(magnitude, p), axes, true), 1 / p);
}

/** `numerator / denominator`, 0 where the denominator is 0 (a zero norm), with no 0/0 left on the tape. */
function divideOrZero(numerator: Tensor, denominator: Tensor): Tensor {
  const isZero = eq(denominator, 0);
  return where(isZero, 0, div(numerator, where(isZero, 1, denominator)));
}

/**
 * The gradient of the norm n (kept shape, as g) with respect to x, PyTorch's norm_backward:
 * p = 1: sign(x) g; p = 2: x g / n; p = ±Infinity: sign(x) g, split evenly among the elements whose |x| is
 * n; otherwise sign(x) |x|^(p-1) g / n^(p-1). Each is 0 where n = 0 (the subgradient PyTorch picks).
 */
function normGradient(g: Tensor, n: Tensor, x: Tensor, p: number, axes: number[]): Tensor {
  if (p === 1) return mul(sign(x), g);
  if (p === 2) return mul(x, divideOrZero(g, n));
  const magnitude = abs(x);
  if (!Number.isFinite(p)) {
    const isExtreme = eq(magnitude, n);
    return mul(sign(x), div(mul(g, isExtreme), sum(isExtreme, axes, true)));
  }
  // |x|^(p-1) with |x| = 0 mapped to 0 (for p < 1 the power is Infinity there).
  const isZero = eq(magnitude, 0);
  const scaled = mul(sign(x), where(isZero, 0, pow(where(isZero, 1, magnitude), p - 1)));
  return mul(scaled, divideOrZero(g, pow(n, p - 1)));
}

/**
 * The p-norm of x over `dim` (every axis by default), PyTorch's torch.norm (a vector norm over the
 * elements of each slice, also for 2 axes: 'fro' of a matrix is its 2-norm). An empty slice has norm 0, for
 * every p, as in PyTorch.
 * @example norm(tensor([3, 4])).item(); // 5
 * @example tensor([[1, -2], [3, 0]]).norm(1, 1).toArray(); // [3, 3]
 */
export function norm(x: Tensor, p: NormOrder = 2, dim?: Dims, keepdim = false): Tensor {
  checkTensor('norm', 'input', x);
  const order = checkOrder(p);
  const axes = normalizeDims('norm', dim, x.shape);
  checkBoolean('norm', 'keepdim', keepdim);
  // An empty slice has norm 0 for every p, as PyTorch 1.13 gives (for ±Infinity too): a sum of nothing.
  const kept = countOver(x.shape, axes) === 0 ? sum(x.detach(), axes, true) : normValues(x, order, axes);
  const keptShape = kept.shape;
  // The values are ops' (run on the detached x), so compile's tracer has traced them: this op adds the rule.
  return record('norm', kept.data, reducedShape(x.shape, axes, keepdim), [x], (g, out) => [
    normGradient(reshape(g, keptShape), reshape(out, keptShape), x, order, axes),
  ]);
}
