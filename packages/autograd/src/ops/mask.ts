/**
 * Masks: a 0/1 tensor (what tapegrad's comparisons return) choosing entries. maskedFill replaces them
 * (a where, so the gradient goes to x where the mask is 0 and to a tensor value where it is 1); maskedSelect
 * and x.index(mask) gather them in row-major order (an indexSelect of the flattened tensor, whose rule
 * scatters the gradient back).
 */
import { checkTensor, refuse } from '../checks/arguments.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { broadcastShapes } from '../shape/broadcast.ts';
import { formatShape, shapesEqual, sizeOf } from '../shape/shape.ts';
import { constantResult } from '../tape/tape.ts';
import { Tensor, type TensorLike } from '../tensor/tensor.ts';
import { broadcastTo } from './broadcast.ts';
import { where } from './compare.ts';
import { indexSelect } from './indexing.ts';
import { reshape } from './layout.ts';

/** `mask`, checked to be a Tensor holding only 0 and 1 (NaN refused too: it is neither). */
function checkMask(op: string, mask: unknown, hint = ''): Tensor {
  checkTensor(op, 'mask', mask);
  const checked = mask as Tensor;
  const position = kernels.firstNonBinary(checked.data);
  if (position >= 0) {
    throw new ArgumentError(
      `${op}: argument 'mask' must hold only 0 and 1, got ${checked.data[position]} at flat position ` +
        `${position} of its shape ${formatShape(checked.shape)}; make a mask with a comparison such as x.gt(0)${hint}`,
    );
  }
  return checked;
}

/**
 * The sub-tensors of x where `mask` is 1, `mask` covering x's leading axes (all of them: a 1-D result of
 * entries, as PyTorch's x[mask]). x is viewed as rows of the mask's size, and those rows are picked by
 * indexSelect, whose gradient adds each row's gradient back at its position.
 */
function selectRows(op: string, x: Tensor, mask: Tensor): Tensor {
  // The positions, and so the result's shape, depend on the mask's values: an op compile cannot replay.
  const positions = kernels.maskPositions(mask.data);
  const picks = constantResult(positions, [positions.length], op, [mask]);
  const rowShape = x.shape.slice(mask.ndim);
  const rows = mask.ndim === 1 ? x : reshape(x, [sizeOf(mask.shape), ...rowShape]);
  return indexSelect(rows, 0, picks);
}

/**
 * x[mask] as PyTorch reads it: `mask` (0/1) has the shape of x's first k axes, and the result stacks the
 * sub-tensors where it is 1 along a new first axis; a mask of x's whole shape gives the entries, 1-D.
 * `op` names the caller (index) in errors.
 */
export function maskIndex(op: string, x: Tensor, mask: Tensor): Tensor {
  const checked = checkMask(
    op,
    mask,
    ' (a tensor index is a mask: pass integer positions as an array, x.index([0, 2]))',
  );
  const fits = checked.ndim >= 1 && shapesEqual(checked.shape, x.shape.slice(0, checked.ndim));
  if (!fits) {
    throw new ShapeError(
      `${op}: mask of shape ${formatShape(checked.shape)} does not match input ${formatShape(x.shape)}; ` +
        "a mask index must have the input's shape or its leading sizes (for broadcasting use maskedSelect)",
    );
  }
  return selectRows(op, x, checked);
}

/**
 * The entries of x where `mask` is 1, as a 1-D tensor in row-major order (torch.masked_select). x and mask
 * broadcast together first, as in PyTorch. Gradient: each entry's gradient added back at its position (and
 * summed over the copies a broadcast made).
 * @example maskedSelect(tensor([[1, -2], [3, -4]]), tensor([[1, 0], [0, 1]])).toArray(); // [1, -4]
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkTensor('maskedSelect', 'input', x);
  const checked = checkMask('maskedSelect', mask);
  const shape = broadcastShapes('maskedSelect', x.shape, checked.shape);
  const spread = (t: Tensor): Tensor => (shapesEqual(t.shape, shape) ? t : broadcastTo(t, shape));
  const flat = (t: Tensor): Tensor => (t.ndim === 1 ? t : reshape(t, [sizeOf(shape)]));
  return selectRows('maskedSelect', flat(spread(x)), flat(spread(checked)));
}

/**
 * x with `value` where `mask` is 1 (torch.masked_fill); x and mask broadcast together, as in PyTorch's
 * out-of-place masked_fill. `value` is a number (NaN and -Infinity included: -Infinity before a softmax
 * is the usual attention mask) or a 0-d tensor. It is where(mask, value, x), so the gradient flows to x where
 * the mask is 0, and to a tensor value summed over the positions where it is 1.
 * @example maskedFill(tensor([1, -2, 3]), tensor([0, 1, 0]), 0).toArray(); // [1, 0, 3]
 */
export function maskedFill(x: Tensor, mask: Tensor, value: TensorLike): Tensor {
  checkTensor('maskedFill', 'input', x);
  const checked = checkMask('maskedFill', mask);
  if (typeof value !== 'number' && !(value instanceof Tensor && value.ndim === 0)) {
    refuse('maskedFill', 'value', 'a number or a 0-d Tensor', value);
  }
  broadcastShapes('maskedFill', x.shape, checked.shape);
  return where(checked, value, x);
}
