/**
 * The matrices MLPClassifier takes, read and checked at its methods: X as a Tensor or rows of numbers, and
 * the starting weights `fit` may be given.
 */
import { type NestedInput, Tensor, tensor } from '@tapegrad/autograd';
import { refuse } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import type { Matrix } from '../manual/matrix.ts';
import { requireFiniteData } from '../train/data-checks.ts';

/** A matrix given by the user: a 2-D Tensor or rows of numbers. */
export type MatrixInput = Tensor | readonly (readonly number[])[];

/** A Tensor, or nested arrays of numbers made one; anything else is refused with `rule`. */
function tensorOf(fn: string, name: string, value: unknown, rule: string): Tensor {
  if (value instanceof Tensor) return value;
  if (!Array.isArray(value)) return refuse(fn, name, rule, value);
  try {
    return tensor(value as NestedInput);
  } catch {
    return refuse(fn, name, rule, value);
  }
}

/** X as a matrix [rows >= 1, features >= 1] of finite numbers. */
export function readX(fn: string, X: unknown): Matrix {
  const values = tensorOf(fn, 'X', X, 'a 2-D Tensor or an array of rows of numbers, all of one length');
  if (values.ndim !== 2 || values.shape[0] === 0 || values.shape[1] === 0) {
    throw new ConfigError(
      `${fn}: argument 'X' must be 2-D [rows, features] with at least one of each, got shape [${values.shape.join(', ')}]`,
    );
  }
  requireFiniteData(fn, 'X', values);
  return { rows: values.shape[0]!, cols: values.shape[1]!, data: values.data.slice() };
}

/** A given weight matrix [fanIn, fanOut] or bias [fanOut] of exactly `shape`, with finite entries. */
export function readWeights(
  fn: string,
  name: string,
  value: unknown,
  shape: readonly number[],
): Float64Array {
  const expected = `[${shape.join(', ')}]`;
  const values = tensorOf(fn, name, value, `a Tensor or an array of shape ${expected}`);
  if (values.shape.length !== shape.length || values.shape.some((size, i) => size !== shape[i])) {
    throw new ConfigError(
      `${fn}: ${name} must have shape ${expected} for this network, got [${values.shape.join(', ')}]`,
    );
  }
  requireFiniteData(fn, name, values);
  return values.data.slice();
}
