/**
 * The arithmetic of the page on plain nested arrays, one loop per operation, as it is done by hand: no
 * tensors and no tape. A matrix is a list of rows; a bias is a matrix of one row.
 */
export type Matrix = number[][];

/** The number of columns (the length of the first row). */
function columns(A: Matrix): number {
  return A[0]?.length ?? 0;
}

/** (A B)[i, j] = sum_p A[i, p] B[p, j]. */
export function matmul(A: Matrix, B: Matrix): Matrix {
  return A.map((row) =>
    Array.from({ length: columns(B) }, (_, j) => row.reduce((sum, a, p) => sum + a * B[p]![j]!, 0)),
  );
}

/** A^T[i, j] = A[j, i]. */
export function transpose(A: Matrix): Matrix {
  return Array.from({ length: columns(A) }, (_, i) => A.map((row) => row[i]!));
}

/** A + b, the row b added to every row of A. */
export function addRow(A: Matrix, b: Matrix): Matrix {
  return A.map((row) => row.map((a, j) => a + b[0]![j]!));
}

/** f of every entry. */
export function map(A: Matrix, f: (value: number) => number): Matrix {
  return A.map((row) => row.map(f));
}

/** f of the entries of A and B at the same place (both have the same shape). */
export function zip(A: Matrix, B: Matrix, f: (a: number, b: number) => number): Matrix {
  return A.map((row, i) => row.map((a, j) => f(a, B[i]![j]!)));
}

/** The sum of the rows, as a matrix of one row: sum_i A[i, j]. */
export function columnSums(A: Matrix): Matrix {
  return [Array.from({ length: columns(A) }, (_, j) => A.reduce((sum, row) => sum + row[j]!, 0))];
}

/** The largest |A[i, j] - B[i, j]|. */
export function maxAbsDifference(A: Matrix, B: Matrix): number {
  return Math.max(0, ...zip(A, B, (a, b) => Math.abs(a - b)).flat());
}
