import { ShapeError } from '../errors.ts';
import type { Shape } from '../shape/shape.ts';

/** A number or arbitrarily nested arrays of numbers, as `tensor()` takes and `toArray()` returns. */
export type NestedArray = number | NestedArray[];

/** Input for `tensor()`: like NestedArray, but readonly arrays are welcome. */
export type NestedInput = number | readonly NestedInput[];

function formatPath(path: readonly number[]): string {
  return path.map((i) => `[${i}]`).join('');
}

/**
 * Reads nested arrays into row-major values and a shape. The shape comes from the first element at each
 * depth; any row that differs (ragged) or any non-number is rejected with its index path, e.g.
 * `tensor: ragged nested array: values[1] has 2 elements but values[0] has 3`.
 */
export function fromNested(values: NestedInput): { data: Float64Array; shape: number[] } {
  const shape: number[] = [];
  let probe: NestedInput = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = (probe as readonly NestedInput[])[0]!;
  }
  const flat: number[] = [];
  // Recursion goes only as deep as the number of dimensions.
  const walk = (node: NestedInput, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') {
        const what = Array.isArray(node) ? 'an array' : typeof node;
        throw new ShapeError(
          `tensor: ragged nested array: values${formatPath(path)} is ${what} where a number was expected (depth ${depth})`,
        );
      }
      flat.push(node);
      return;
    }
    if (!Array.isArray(node)) {
      throw new ShapeError(
        `tensor: ragged nested array: values${formatPath(path)} is ${typeof node} where an array of ` +
          `${shape[depth]} elements was expected`,
      );
    }
    if (node.length !== shape[depth]) {
      const sibling = [...path.slice(0, -1), 0];
      throw new ShapeError(
        `tensor: ragged nested array: values${formatPath(path)} has ${node.length} elements but ` +
          `values${formatPath(path.length === 0 ? [] : sibling)} has ${shape[depth]}`,
      );
    }
    node.forEach((child: NestedInput, i: number) => {
      walk(child, depth + 1, [...path, i]);
    });
  };
  walk(values, 0, []);
  return { data: Float64Array.from(flat), shape };
}

/** Row-major values back into nested arrays; a 0-d tensor gives a plain number. */
export function toNested(data: Float64Array, shape: Shape): NestedArray {
  if (shape.length === 0) return data[0]!;
  const build = (offset: number, depth: number): NestedArray[] => {
    const length = shape[depth]!;
    const stride = shape.slice(depth + 1).reduce((a, b) => a * b, 1);
    const out: NestedArray[] = [];
    for (let i = 0; i < length; i++) {
      out.push(depth === shape.length - 1 ? data[offset + i]! : build(offset + i * stride, depth + 1));
    }
    return out;
  };
  return build(0, 0);
}
