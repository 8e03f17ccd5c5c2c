/**
 * The matrices as the page writes them: plain nested arrays, a list of rows, converted from the tensors of
 * nn and autograd. A bias (a vector) is a matrix of one row.
 */
import { type Tensor, tensor } from '@tapegrad/autograd';

export type Matrix = number[][];

/** A 2-D tensor's values as rows. */
export function matrixOfTensor(values: Tensor): Matrix {
  return values.toArray() as Matrix;
}

/** A vector [n] (a bias or its gradient) as a matrix of one row [1, n]. */
export function rowOfTensor(values: Tensor): Matrix {
  return [values.toArray() as number[]];
}

/** A bias written as one row [1, n], as the tensor [n] that a Linear layer holds. */
export function vectorOfRow(row: Matrix): Tensor {
  return tensor(row[0]!);
}

/** A^T[i, j] = A[j, i], to write X^T, A_1^T and W_2^T on the page. */
export function transpose(A: Matrix): Matrix {
  return Array.from({ length: A[0]?.length ?? 0 }, (_, i) => A.map((row) => row[i]!));
}
