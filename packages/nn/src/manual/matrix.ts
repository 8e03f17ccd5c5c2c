/**
 * Plain matrix algebra on Float64Array for the hand-derived backprop: no tape, no broadcasting, no strides,
 * just the loops of the formulas. A matrix is row-major: entry (i, j) of an [rows, cols] matrix sits at
 * data[i * cols + j].
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import { ConfigError } from '../errors.ts';

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A zero matrix of shape [rows, cols]. */
export function zeroMatrix(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** A copy of a 2-D tensor's values as a matrix; `what` names it in the error for any other rank. */
export function matrixOf(values: Tensor, what: string): Matrix {
  if (values.ndim !== 2) {
    throw new ConfigError(`${what} must be 2-D [rows, cols], got shape [${values.shape.join(',')}]`);
  }
  return { rows: values.shape[0]!, cols: values.shape[1]!, data: values.data.slice() };
}

/** The matrix as a tensor of shape [rows, cols] (its values copied). */
export function tensorOfMatrix(matrix: Matrix): Tensor {
  return tensor(matrix.data, { shape: [matrix.rows, matrix.cols] });
}

/** A vector (a bias or its gradient) as a tensor of shape [length]. */
export function tensorOfVector(vector: Float64Array): Tensor {
  return tensor(vector, { shape: [vector.length] });
}

function requireShapes(op: string, condition: boolean, a: Matrix, b: Matrix): void {
  if (!condition) {
    throw new ConfigError(`${op}: shapes [${a.rows},${a.cols}] and [${b.rows},${b.cols}] do not fit`);
  }
}

/** A B: (A B)[i, j] = sum_k A[i, k] B[k, j]. */
export function matmul(A: Matrix, B: Matrix): Matrix {
  requireShapes('matmul', A.cols === B.rows, A, B);
  const product = zeroMatrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let k = 0; k < A.cols; k++) {
      const a = A.data[i * A.cols + k]!;
      for (let j = 0; j < B.cols; j++) product.data[i * B.cols + j]! += a * B.data[k * B.cols + j]!;
    }
  }
  return product;
}

/** A^T B without forming A^T: (A^T B)[i, j] = sum_k A[k, i] B[k, j]. */
export function matmulTransposeA(A: Matrix, B: Matrix): Matrix {
  requireShapes('matmulTransposeA', A.rows === B.rows, A, B);
  const product = zeroMatrix(A.cols, B.cols);
  for (let k = 0; k < A.rows; k++) {
    for (let i = 0; i < A.cols; i++) {
      const a = A.data[k * A.cols + i]!;
      for (let j = 0; j < B.cols; j++) product.data[i * B.cols + j]! += a * B.data[k * B.cols + j]!;
    }
  }
  return product;
}

/** A B^T without forming B^T: (A B^T)[i, j] = sum_k A[i, k] B[j, k]. */
export function matmulTransposeB(A: Matrix, B: Matrix): Matrix {
  requireShapes('matmulTransposeB', A.cols === B.cols, A, B);
  const product = zeroMatrix(A.rows, B.rows);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.rows; j++) {
      let total = 0;
      for (let k = 0; k < A.cols; k++) total += A.data[i * A.cols + k]! * B.data[j * B.cols + k]!;
      product.data[i * B.rows + j] = total;
    }
  }
  return product;
}

/** A + b with the row vector b added to every row (Z = X W + b). */
export function addRowVector(A: Matrix, b: Float64Array): Matrix {
  if (b.length !== A.cols) {
    throw new ConfigError(`addRowVector: a vector of ${b.length} for a matrix of ${A.cols} columns`);
  }
  const sum = zeroMatrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) sum.data[i * A.cols + j] = A.data[i * A.cols + j]! + b[j]!;
  }
  return sum;
}

/** sum_i A[i, j] for each column j: a vector of length cols. */
export function columnSums(A: Matrix): Float64Array {
  const sums = new Float64Array(A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) sums[j]! += A.data[i * A.cols + j]!;
  }
  return sums;
}

/** f applied to each entry. */
export function map(A: Matrix, f: (value: number) => number): Matrix {
  const result = zeroMatrix(A.rows, A.cols);
  for (let i = 0; i < A.data.length; i++) result.data[i] = f(A.data[i]!);
  return result;
}

/** f applied to the entries of A and B at the same position (elementwise); the shapes must be equal. */
export function zip(A: Matrix, B: Matrix, f: (a: number, b: number) => number): Matrix {
  requireShapes('zip', A.rows === B.rows && A.cols === B.cols, A, B);
  const result = zeroMatrix(A.rows, A.cols);
  for (let i = 0; i < A.data.length; i++) result.data[i] = f(A.data[i]!, B.data[i]!);
  return result;
}

/** c A, every entry times c. */
export function scale(A: Matrix, c: number): Matrix {
  return map(A, (value) => c * value);
}

/** c v, every entry times c. */
export function scaleVector(v: Float64Array, c: number): Float64Array {
  return v.map((value) => c * value);
}

/** A + c B (the L2 term: dW + (l2/m) W). */
export function addScaled(A: Matrix, c: number, B: Matrix): Matrix {
  return zip(A, B, (a, b) => a + c * b);
}

/** sum of the squares of every entry: ||A||^2, the squared Frobenius norm. */
export function squaredNorm(A: Matrix): number {
  let total = 0;
  for (const value of A.data) total += value * value;
  return total;
}
