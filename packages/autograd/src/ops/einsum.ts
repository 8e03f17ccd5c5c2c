/**
 * torch.einsum for any number of operands, built from ops that already have gradients: a repeated label
 * in one operand takes a diagonal (indexSelect), a label no one else needs is summed out, two operands are
 * multiplied as one batched matmul (or a broadcast mul when nothing is contracted), and the result is
 * permuted into the output's order. Operands are contracted left to right.
 */
import { checkString, refuse } from '../checks/arguments.ts';
import { ArgumentError } from '../errors.ts';
import { sizeOf } from '../shape/shape.ts';
import { arange } from '../tensor/create.ts';
import { Tensor } from '../tensor/tensor.ts';
import { mul } from './arithmetic.ts';
import { type EinsumPlan, type Label, parseEquation } from './einsum-equation.ts';
import { indexSelect } from './indexing.ts';
import { permute, reshape } from './layout.ts';
import { matmul } from './matmul.ts';
import { sum } from './reduce.ts';

/** A tensor whose axes are named by labels, one each. */
interface Labelled {
  readonly tensor: Tensor;
  readonly labels: readonly Label[];
}

/** The tensor with its axes in the order of `labels` (a permutation of its own). */
function arrange({ tensor, labels }: Labelled, order: readonly Label[]): Tensor {
  const dims = order.map((label) => labels.indexOf(label));
  return dims.every((dim, i) => dim === i) ? tensor : permute(tensor, dims);
}

/**
 * The diagonal over the first repeated label, repeatedly, until every label appears once: 'ii' of an
 * [n, n] matrix becomes 'i', its n diagonal elements (flat positions 0, n+1, 2(n+1), ...).
 */
function takeDiagonals(operand: Labelled): Labelled {
  let current = operand;
  for (;;) {
    const { labels } = current;
    const repeated = labels.find((label, axis) => labels.indexOf(label) !== axis);
    if (repeated === undefined) return current;
    const others = labels.filter((label) => label !== repeated);
    const shape = current.tensor.shape;
    const n = shape[labels.indexOf(repeated)]!;
    // The repeated axes (there may be more than two) moved last and merged into one of n^count positions.
    const repeatedAxes = labels.flatMap((label, axis) => (label === repeated ? [axis] : []));
    const otherAxes = labels.flatMap((label, axis) => (label === repeated ? [] : [axis]));
    const order = [...otherAxes, ...repeatedAxes];
    const moved = order.every((axis, i) => axis === i) ? current.tensor : permute(current.tensor, order);
    const count = repeatedAxes.length;
    const merged = reshape(moved, [...otherAxes.map((axis) => shape[axis]!), n ** count]);
    // (j, j, ..., j) sits at j (n^(count-1) + ... + n + 1) = j (n^count - 1) / (n - 1).
    const step = n === 1 ? 0 : (n ** count - 1) / (n - 1);
    const diagonal = indexSelect(merged, -1, mul(arange(n), step));
    current = { tensor: diagonal, labels: [...others, repeated] };
  }
}

/** Sums out the labels of `operand` that are not in `needed`. */
function sumUnneeded(operand: Labelled, needed: ReadonlySet<Label>): Labelled {
  const axes = operand.labels.flatMap((label, axis) => (needed.has(label) ? [] : [axis]));
  if (axes.length === 0) return operand;
  return { tensor: sum(operand.tensor, axes), labels: operand.labels.filter((label) => needed.has(label)) };
}

/**
 * The product of two operands whose labels are each needed later (or in the output): labels in both and
 * in `keep` are batch axes, labels in both but not in `keep` are contracted, the rest are kept from their
 * side. A [batch, left, contracted] by [batch, contracted, right] matmul; with nothing contracted, a
 * broadcast mul of [batch, left, 1] by [batch, 1, right].
 */
function contract(a: Labelled, b: Labelled, keep: ReadonlySet<Label>, sizes: EinsumPlan['sizes']): Labelled {
  const shared = a.labels.filter((label) => b.labels.includes(label));
  const batch = shared.filter((label) => keep.has(label));
  const contracted = shared.filter((label) => !keep.has(label));
  const leftOnly = a.labels.filter((label) => !shared.includes(label));
  const rightOnly = b.labels.filter((label) => !shared.includes(label));
  const size = (labels: readonly Label[]) => sizeOf(labels.map((label) => sizes.get(label)!));
  const [batchSize, m, k, n] = [size(batch), size(leftOnly), size(contracted), size(rightOnly)];
  const left = reshape(arrange(a, [...batch, ...leftOnly, ...contracted]), [batchSize, m, k]);
  const right = reshape(arrange(b, [...batch, ...contracted, ...rightOnly]), [batchSize, k, n]);
  const product =
    contracted.length === 0 ? mul(left, reshape(right, [batchSize, 1, n])) : matmul(left, right);
  const labels = [...batch, ...leftOnly, ...rightOnly];
  return {
    tensor: reshape(
      product,
      labels.map((label) => sizes.get(label)!),
    ),
    labels,
  };
}

/** The operands as a list: given one by one, or as one array (PyTorch accepts both). */
function operandList(operands: readonly (Tensor | readonly Tensor[])[]): readonly Tensor[] {
  const first = operands[0];
  const list = operands.length === 1 && Array.isArray(first) ? first : operands;
  if (list.length === 0) throw new ArgumentError('einsum: needs at least one operand after the equation');
  list.forEach((operand: unknown, i) => {
    if (!(operand instanceof Tensor)) refuse('einsum', `operands[${i}]`, 'a Tensor', operand);
  });
  return list as readonly Tensor[];
}

/**
 * Einstein summation, PyTorch's torch.einsum: each operand's axes are named by the letters of its term in
 * `equation`, products are taken over all of them, and every label not in the output is summed over.
 * 'ij,jk->ik' is matmul, 'bij,bjk->bik' batched matmul, 'i,j->ij' an outer product, 'i,i->' a dot
 * product, 'ii->i' a diagonal, 'ii->' a trace, 'ij->ji' a transpose. Without '->' the output is the labels
 * used once, in alphabetical order. Operands may also come as one array. Sizes must match exactly (no
 * broadcasting of size-1 axes) and '...' is not supported. The gradient comes from the ops it is built of.
 * @example einsum('ij,jk->ik', a, b); // matmul(a, b)
 * @example einsum('ii', eye(3)).item(); // 3
 */
export function einsum(equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor {
  checkString('einsum', 'equation', equation);
  const tensors = operandList(operands);
  const plan = parseEquation(
    equation,
    tensors.map((t) => t.shape),
  );
  const labelled = tensors.map((tensor, i) => takeDiagonals({ tensor, labels: plan.inputs[i]! }));
  // A label survives an operand while the output or another operand still uses it.
  const neededBeyond = (skip: (i: number) => boolean) =>
    new Set([...plan.output, ...labelled.flatMap((operand, i) => (skip(i) ? [] : operand.labels))]);
  let result = sumUnneeded(
    labelled[0]!,
    neededBeyond((i) => i === 0),
  );
  for (let i = 1; i < labelled.length; i++) {
    const next = sumUnneeded(
      labelled[i]!,
      neededBeyond((j) => j === i),
    );
    result = contract(
      result,
      next,
      neededBeyond((j) => j <= i),
      plan.sizes,
    );
  }
  return arrange(result, plan.output);
}
