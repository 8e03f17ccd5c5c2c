/**
 * Class labels as sklearn's LabelBinarizer reads them: the classes sorted (numbers by value, strings by
 * their text), each label's class index, and the targets the network fits: one column, 1 for the second
 * class, with two classes; one-hot rows with more.
 */
import { ConfigError } from '../errors.ts';
import { type Matrix, zeroMatrix } from '../manual/matrix.ts';

/** A class label: a number or a string, as sklearn's y. */
export type ClassLabel = number | string;

export interface EncodedLabels {
  readonly classes: ClassLabel[];
  readonly classIndex: number[];
}

/** The sorted classes of `y` and each row's index among them; y must hold one kind of label, two classes or more. */
export function encodeLabels(fn: string, y: readonly unknown[]): EncodedLabels {
  const kinds = new Set(y.map((label) => typeof label));
  const numbers = kinds.size === 1 && kinds.has('number');
  const strings = kinds.size === 1 && kinds.has('string');
  if (!(numbers || strings) || (numbers && !y.every((label) => Number.isFinite(label)))) {
    throw new ConfigError(
      `${fn}: argument 'y' must hold class labels, all finite numbers or all strings, got kinds ${[...kinds].join(', ')}` +
        (numbers ? ' with a value that is not finite' : ''),
    );
  }
  const classes = [...new Set(y as ClassLabel[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classes.length < 2) {
    throw new ConfigError(
      `${fn}: argument 'y' has a single class (${JSON.stringify(classes[0])}); a classifier needs at least 2`,
    );
  }
  const position = new Map(classes.map((label, i) => [label, i]));
  return { classes, classIndex: y.map((label) => position.get(label as ClassLabel)!) };
}

/** The targets Y: [m, 1] (1 for class 1) for two classes, one-hot [m, classes] for more. */
export function binarizedTargets(classIndex: readonly number[], classes: number): Matrix {
  const columns = classes === 2 ? 1 : classes;
  const Y = zeroMatrix(classIndex.length, columns);
  classIndex.forEach((c, i) => {
    if (columns === 1) Y.data[i] = c;
    else Y.data[i * columns + c] = 1;
  });
  return Y;
}
