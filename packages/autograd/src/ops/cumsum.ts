/**
 * Cumulative sums along an axis, PyTorch's torch.cumsum. The adjoint of a running sum from the left is a
 * running sum from the right (each x_j feeds every out_i with i >= j), and the other way round, so the two
 * scans are each other's backward rule and differentiate to any order.
 */
import { checkTensor } from '../checks/arguments.ts';
import * as kernels from '../kernels/index.ts';
import { type Axis, normalizeAxis } from '../shape/axes.ts';
import { record } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';

/**
 * out_i = x_0 + ... + x_i along `dim` (required, as in PyTorch; a 0-d tensor takes dim 0 or -1 and is
 * returned as is). The gradient is the reversed cumsum of the output's gradient: dx_j = g_j + ... + g_last.
 * @example cumsum(tensor([1, 2, 3]), 0).toArray(); // [1, 3, 6]
 */
export function cumsum(x: Tensor, dim: Axis): Tensor {
  checkTensor('cumsum', 'input', x);
  // PyTorch lets a 0-d tensor be scanned as if it had one axis of size 1.
  const axis = normalizeAxis('cumsum', dim, Math.max(x.ndim, 1), 'dim');
  return runningSum(x, axis, false);
}

/** The scan along `axis`, from the left (cumsum) or from the right (its adjoint). */
function runningSum(x: Tensor, axis: number, fromRight: boolean): Tensor {
  const shape = x.ndim === 0 ? [1] : x.shape;
  const data = kernels.cumsum(x.data, shape, axis, fromRight);
  // compile replays the scan along the same axis (compile/statistic-kernels.ts).
  return record(
    fromRight ? 'cumsumFromRight' : 'cumsum',
    data,
    x.shape,
    [x],
    (g) => [runningSum(g, axis, !fromRight)],
    undefined,
    axis,
  );
}
