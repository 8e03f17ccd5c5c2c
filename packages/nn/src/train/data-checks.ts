import type { Tensor } from '@tapegrad/autograd';
import { DataError } from '../errors.ts';

/**
 * What a loss takes as targets, for the checks before training:
 * - 'probabilities': binary cross entropy, each target 0 or 1 (or a probability between, a soft target);
 * - 'labels': cross entropy, class labels [n] (or [n, 1]) that are integers 0..classes-1 (rows [n, classes]
 *   are distributions, not labels, and are not checked here);
 * - 'values': anything real (mse, or a loss function of one's own).
 * `of` names what the targets are scored against in messages: "the MLP's 3 softmax outputs (loss 'crossEntropy')".
 */
export type TargetKind =
  | { readonly kind: 'probabilities'; readonly of: string }
  | { readonly kind: 'labels'; readonly classes: number; readonly of: string }
  | { readonly kind: 'values' };

/** Where flat index `flat` of a tensor of `shape` lies: the row, and the column of a 2-d tensor. */
function position(
  flat: number,
  shape: readonly number[],
): { readonly row: number; readonly column: number | null } {
  const rowSize = shape.slice(1).reduce((size, dim) => size * dim, 1);
  const row = Math.floor(flat / rowSize);
  return { row, column: shape.length === 2 ? flat % rowSize : null };
}

/** The index of flat index `flat` in a tensor of `shape`, as "2, 1". */
function indexText(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index.push(rest % shape[axis]!);
    rest = Math.floor(rest / shape[axis]!);
  }
  return index.reverse().join(', ');
}

/**
 * Refuses a tensor of data holding NaN or +-Infinity, naming the first such value by its index, row and
 * column: one pass, stopping at the first. `name` is 'X', 'y', 'validation X', ...
 */
export function requireFiniteData(caller: string, name: string, data: Tensor): void {
  const values = data.data;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]!)) continue;
    const { row, column } = position(i, data.shape);
    const where = column === null ? `row ${row}` : `row ${row}, column ${column}`;
    throw new DataError(
      `${caller}: ${name}[${indexText(i, data.shape)}] is ${values[i]} (${where}, counting from 0); ` +
        `X and y must hold finite numbers: drop that row or fill in the value`,
    );
  }
}

/**
 * Refuses targets the loss cannot score, before any training: for 'probabilities' a value outside [0, 1],
 * for 'labels' one that is not an integer in 0..classes-1; naming the label, its row and the valid classes.
 * One pass over y, stopping at the first.
 */
export function requireValidTargets(caller: string, name: string, y: Tensor, targets: TargetKind): void {
  if (targets.kind === 'values') return;
  const rows = y.shape[0] ?? 1;
  const values = y.data;
  if (targets.kind === 'labels') {
    // Rows of class probabilities (one-hot or soft) have no labels to check.
    if (values.length !== rows) return;
    const last = targets.classes - 1;
    for (let row = 0; row < values.length; row++) {
      const label = values[row]!;
      if (Number.isInteger(label) && label >= 0 && label <= last) continue;
      throw new DataError(
        `${caller}: label ${label} in row ${row} (counting from 0) of ${name} is not a class of ${targets.of}: ` +
          `the classes are the integers 0..${last}; map your labels to them`,
      );
    }
    return;
  }
  for (let i = 0; i < values.length; i++) {
    const target = values[i]!;
    if (target >= 0 && target <= 1) continue;
    const { row, column } = position(i, y.shape);
    const where = column === null || y.shape[1] === 1 ? `row ${row}` : `row ${row}, column ${column}`;
    throw new DataError(
      `${caller}: label ${target} in ${where} (counting from 0) of ${name} is not a class of ${targets.of}: ` +
        'its targets are 0 and 1 (or a probability between them); map your labels to 0 and 1',
    );
  }
}
