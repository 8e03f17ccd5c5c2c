/**
 * Reading an einsum equation ('ij,jk->ik'): its subscripts per operand and the output's, checked against
 * the operands' shapes. Labels are letters; without '->' the output is every label used exactly once, in
 * alphabetical order (uppercase first), as in PyTorch.
 */
import { ArgumentError, ShapeError } from '../errors.ts';
import { formatShape, type Shape } from '../shape/shape.ts';

/** One letter of an equation; each stands for one axis size. */
export type Label = string;

/** A parsed equation: each operand's labels, the output's, and the size of every label. */
export interface EinsumPlan {
  readonly inputs: readonly (readonly Label[])[];
  readonly output: readonly Label[];
  readonly sizes: ReadonlyMap<Label, number>;
}

const LETTER = /^[A-Za-z]$/;

/** The labels of one term, each checked to be a letter. */
function labelsOf(equation: string, term: string, where: string): Label[] {
  if (term.includes('.')) {
    throw new ArgumentError(
      `einsum: equation '${equation}': the ellipsis '...' in ${where} is not supported; name every axis with a letter`,
    );
  }
  const labels = [...term];
  for (const label of labels) {
    if (!LETTER.test(label)) {
      throw new ArgumentError(
        `einsum: equation '${equation}': '${label}' in ${where} is not a subscript; subscripts are letters a-z and A-Z`,
      );
    }
  }
  return labels;
}

/**
 * Parses `equation` for operands of `shapes`, checking that each term names as many axes as its operand
 * has, that a label has one size wherever it appears, and that the output's labels are inputs' labels,
 * none repeated. Spaces are ignored.
 */
export function parseEquation(equation: string, shapes: readonly Shape[]): EinsumPlan {
  const text = equation.replace(/\s+/g, '');
  const arrow = text.indexOf('->');
  if (arrow !== text.lastIndexOf('->')) {
    throw new ArgumentError(`einsum: equation '${equation}' has more than one '->'`);
  }
  const left = arrow === -1 ? text : text.slice(0, arrow);
  const terms = left.split(',');
  if (terms.length !== shapes.length) {
    throw new ArgumentError(
      `einsum: equation '${equation}' has ${terms.length} operand term${terms.length === 1 ? '' : 's'} ` +
        `but ${shapes.length} operand${shapes.length === 1 ? ' was' : 's were'} given (shapes ` +
        `${shapes.map(formatShape).join(', ')})`,
    );
  }
  const sizes = new Map<Label, number>();
  const seenIn = new Map<Label, number>();
  const inputs = terms.map((term, i) => {
    const labels = labelsOf(equation, term, `operand ${i}'s subscripts`);
    const shape = shapes[i]!;
    if (labels.length !== shape.length) {
      throw new ShapeError(
        `einsum: equation '${equation}': operand ${i} has shape ${formatShape(shape)} (${shape.length} axes) but its ` +
          `subscripts '${term}' name ${labels.length}`,
      );
    }
    labels.forEach((label, axis) => {
      const known = sizes.get(label);
      if (known !== undefined && known !== shape[axis]) {
        const first = seenIn.get(label)!;
        throw new ShapeError(
          `einsum: equation '${equation}': subscript '${label}' has size ${known} in operand ${first} ` +
            `(${formatShape(shapes[first]!)}) but ${shape[axis]} in operand ${i} (${formatShape(shape)}); ` +
            'the axes a subscript names must have one size',
        );
      }
      sizes.set(label, shape[axis]!);
      if (!seenIn.has(label)) seenIn.set(label, i);
    });
    return labels;
  });
  const output =
    arrow === -1 ? implicitOutput(inputs) : labelsOf(equation, text.slice(arrow + 2), 'the output');
  output.forEach((label, position) => {
    if (!sizes.has(label)) {
      throw new ArgumentError(
        `einsum: equation '${equation}': output subscript '${label}' names no operand's axis`,
      );
    }
    if (output.indexOf(label) !== position) {
      throw new ArgumentError(
        `einsum: equation '${equation}': output subscript '${label}' appears more than once`,
      );
    }
  });
  return { inputs, output, sizes };
}

/** PyTorch's output when the equation has no '->': the labels used exactly once, sorted (A-Z before a-z). */
function implicitOutput(inputs: readonly (readonly Label[])[]): Label[] {
  const counts = new Map<Label, number>();
  for (const label of inputs.flat()) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count === 1)
    .map(([label]) => label)
    .sort();
}
