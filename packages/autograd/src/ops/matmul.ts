import { checkTensor } from '../checks/arguments.ts';
import { ShapeError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { broadcastShapes } from '../shape/broadcast.ts';
import { formatShape } from '../shape/shape.ts';
import { type BackwardRule, record } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { squeeze, unsqueeze } from './layout.ts';

type ProductRule = BackwardRule<readonly [Tensor, Tensor]>;

// Three products, A B, A Bᵀ and Aᵀ B, close under differentiation: the gradients of each are products of
// the others. So no backward rule ever copies out a transpose, and every rule is itself differentiable
// (with createGraph, the backward pass records products again). The walk sums each gradient back over the
// batch axes its operand was broadcast along.

/** C = A B. dA = G Bᵀ, dB = Aᵀ G. */
const matmulBackward: ProductRule = (g, _out, [a, b]) => [
  a.requiresGrad ? matmulTransposeB(g, b) : null,
  b.requiresGrad ? matmulTransposeA(a, g) : null,
];

/** C = A Bᵀ. dA = G B, dB = Gᵀ A. */
const matmulTransposeBBackward: ProductRule = (g, _out, [a, b]) => [
  a.requiresGrad ? batchedMatmul(g, b) : null,
  b.requiresGrad ? matmulTransposeA(g, a) : null,
];

/** C = Aᵀ B. dA = B Gᵀ, dB = A G. */
const matmulTransposeABackward: ProductRule = (g, _out, [a, b]) => [
  a.requiresGrad ? matmulTransposeB(b, g) : null,
  b.requiresGrad ? batchedMatmul(a, g) : null,
];

const plain: kernels.MatmulOptions = {};
const transposedB: kernels.MatmulOptions = { transposeB: true };
const transposedA: kernels.MatmulOptions = { transposeA: true };

/**
 * The batched product `op(A) op(B)` of operands of 2 or more axes, op transposing the last two axes where
 * `layout` says so; batch axes broadcast.
 */
function product(
  op: string,
  a: Tensor,
  b: Tensor,
  layout: kernels.MatmulOptions,
  backward: ProductRule,
): Tensor {
  checkTensor(op, 'input', a);
  checkTensor(op, 'other', b);
  const shapes = () => `${formatShape(a.shape)} by ${formatShape(b.shape)}`;
  const innerA = a.shape[a.ndim - (layout.transposeA ? 2 : 1)];
  const innerB = b.shape[b.ndim - (layout.transposeB ? 1 : 2)];
  if (a.ndim < 2 || b.ndim < 2 || innerA !== innerB) {
    throw new ShapeError(
      `${op}: cannot multiply ${shapes()}: needs 2 or more axes each and equal inner dimensions ` +
        `(${innerA} and ${innerB})`,
    );
  }
  const batch =
    a.ndim === 2 && b.ndim === 2
      ? []
      : broadcastShapes(`${op} ${shapes()}`, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const rows = a.shape[a.ndim - (layout.transposeA ? 1 : 2)]!;
  const columns = b.shape[b.ndim - (layout.transposeB ? 2 : 1)]!;
  const data = kernels.matmul(a.data, a.shape, b.data, b.shape, batch, layout);
  return record(op, data, [...batch, rows, columns], [a, b] as const, backward);
}

/** C = A B for operands of 2 or more axes. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  return product('matmul', a, b, plain, matmulBackward);
}

/**
 * C = A Bᵀ with A `[..., m, k]` and B `[..., n, k]`, without copying out Bᵀ; batch axes broadcast.
 * @example matmulTransposeB(zeros([2, 3]), zeros([4, 3])).shape // [2, 4]
 */
export function matmulTransposeB(a: Tensor, b: Tensor): Tensor {
  return product('matmulTransposeB', a, b, transposedB, matmulTransposeBBackward);
}

/**
 * C = Aᵀ B with A `[..., k, m]` and B `[..., k, n]`, without copying out Aᵀ; batch axes broadcast.
 * @example matmulTransposeA(zeros([3, 2]), zeros([3, 4])).shape // [2, 4]
 */
export function matmulTransposeA(a: Tensor, b: Tensor): Tensor {
  return product('matmulTransposeA', a, b, transposedA, matmulTransposeABackward);
}

/**
 * Matrix product with PyTorch's rules: 1-D by 1-D is a dot product (0-d); 2-D by 2-D the matrix product; a
 * 1-D first operand is a row vector and a 1-D second operand a column vector, the added axis removed after;
 * beyond 2-D the leading axes are batch axes and broadcast.
 * @example matmul(zeros([10, 2, 3]), zeros([3, 4])).shape // [10, 2, 4]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor('matmul', 'input', a);
  checkTensor('matmul', 'other', b);
  const shapes = () => `${formatShape(a.shape)} by ${formatShape(b.shape)}`;
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      `matmul: cannot multiply ${shapes()}: both operands need at least 1 axis; use mul for a scalar`,
    );
  }
  const inner = a.shape[a.ndim - 1]!;
  const rows = b.shape[Math.max(0, b.ndim - 2)]!;
  if (inner !== rows) {
    throw new ShapeError(`matmul: cannot multiply ${shapes()}: inner dimensions ${inner} and ${rows} differ`);
  }
  const left = a.ndim === 1 ? unsqueeze(a, 0) : a;
  const right = b.ndim === 1 ? unsqueeze(b, 1) : b;
  let result = batchedMatmul(left, right);
  if (b.ndim === 1) result = squeeze(result, -1);
  if (a.ndim === 1) result = squeeze(result, b.ndim === 1 ? -1 : -2);
  return result;
}

/** input + A B. d input = G (the walk sums it to the bias's shape), dA = G Bᵀ, dB = Aᵀ G. */
const addmmBackward: BackwardRule<readonly [Tensor, Tensor, Tensor]> = (g, _out, [input, a, b]) => [
  input.requiresGrad ? g : null,
  a.requiresGrad ? matmulTransposeB(g, b) : null,
  b.requiresGrad ? matmulTransposeA(a, g) : null,
];

/**
 * `input + mat1 mat2` as one op, PyTorch's `torch.addmm`: a linear layer's `X W + b`, where input (the bias)
 * broadcasts to the `[m, n]` product. One op instead of matmul then add: the bias is added in the product's
 * own array, and the backward pass sums G once for the bias instead of passing it through an add.
 * @example addmm(ones([3]), ones([2, 4]), ones([4, 3])).shape // [2, 3]
 */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor): Tensor {
  checkTensor('addmm', 'input', input);
  checkTensor('addmm', 'mat1', mat1);
  checkTensor('addmm', 'mat2', mat2);
  const shapes = () =>
    `${formatShape(input.shape)} + ${formatShape(mat1.shape)} by ${formatShape(mat2.shape)}`;
  if (mat1.ndim !== 2 || mat2.ndim !== 2 || mat1.shape[1] !== mat2.shape[0]) {
    throw new ShapeError(
      `addmm: cannot compute ${shapes()}: mat1 and mat2 must be matrices with equal inner dimensions ` +
        `(use matmul and add for batched operands)`,
    );
  }
  const productShape = [mat1.shape[0]!, mat2.shape[1]!];
  const broadcast = broadcastShapes(`addmm ${shapes()}`, input.shape, productShape);
  if (broadcast.length !== 2 || broadcast[0] !== productShape[0] || broadcast[1] !== productShape[1]) {
    throw new ShapeError(
      `addmm: cannot compute ${shapes()}: input ${formatShape(input.shape)} does not broadcast to the ` +
        `product's shape ${formatShape(productShape)}`,
    );
  }
  const data = kernels.matmul(mat1.data, mat1.shape, mat2.data, mat2.shape, []);
  kernels.addBroadcastInto(data, productShape, input.data, input.shape);
  return record('addmm', data, productShape, [input, mat1, mat2] as const, addmmBackward);
}
