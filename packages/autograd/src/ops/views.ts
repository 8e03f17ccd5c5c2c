/**
 * PyTorch's names for reshaping and transposing: view, and the properties T and mT. tapegrad tensors are
 * always contiguous and row-major, so every view is a reshape or a transpose: view shares x's storage as
 * reshape does, and the transposes copy (permute's gather). Their gradients are reshape's and permute's.
 */
import { ShapeError } from '../errors.ts';
import { formatShape, type Shape } from '../shape/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { reshapeAs, transpose } from './layout.ts';

/**
 * PyTorch's Tensor.view: the same values in a new shape, one size may be -1. tapegrad tensors are always
 * contiguous row-major, so a view is always possible and is reshape: the result shares x's storage (no
 * copy), and PyTorch's "view size is not compatible with input tensor's size and stride" cannot happen.
 */
export function view(x: Tensor, shape: Shape): Tensor {
  return reshapeAs('view', x, shape);
}

/**
 * Tensor.T: the transpose of a matrix. A 0-d or 1-d tensor is returned as it is (nothing to swap, as in
 * NumPy). PyTorch 2 still reverses every axis of a tensor with more than 2, with a warning that this is
 * deprecated and will become an error; tapegrad gives that error now, since a silently reversed batch is a
 * wrong result: use mT for batches of matrices, or permute to reverse the axes.
 */
export function matrixT(x: Tensor): Tensor {
  if (x.ndim <= 1) return x;
  if (x.ndim > 2) {
    const reversed = Array.from({ length: x.ndim }, (_, i) => x.ndim - 1 - i).join(', ');
    throw new ShapeError(
      `T: a ${x.ndim}-d tensor ${formatShape(x.shape)} has no single transpose (PyTorch 2 deprecates x.T beyond 2-d); ` +
        `use x.mT to transpose the last two axes, or x.permute(${reversed}) to reverse them all`,
    );
  }
  return transpose(x, 0, 1);
}

/** Tensor.mT: the last two axes swapped, a batch of matrices transposed; a tensor with fewer axes is an error. */
export function batchedT(x: Tensor): Tensor {
  if (x.ndim < 2) {
    throw new ShapeError(
      `mT: a ${x.ndim}-d tensor ${formatShape(x.shape)} is not a matrix or a batch of matrices; mT needs at least 2 axes`,
    );
  }
  return transpose(x, -2, -1);
}
