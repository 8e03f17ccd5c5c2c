/**
 * Small tensor builders shared by the test files.
 */
import { arange, type NestedInput, type Tensor, tensor } from '@tapegrad/autograd';

/** A leaf holding `values` that requires a gradient, so backward fills its `.grad`. */
export function leaf(values: NestedInput): Tensor {
  return tensor(values, { requiresGrad: true });
}

/**
 * 0, 1, ..., n-1 in row-major order in `shape` (n its element count): every entry distinct and equal to
 * its flat index, e.g. counting([2, 3, 4]) holds x[i][j][k] = 12i + 4j + k. A leaf, requiring a gradient
 * when asked.
 */
export function counting(shape: readonly number[], requiresGrad = false): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(arange(n).data, { shape, requiresGrad });
}
