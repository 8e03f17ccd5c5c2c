import { ArgumentError, describeValue, ShapeError } from '../errors.ts';
import { checkShape, formatShape, type Shape, shapesEqual } from './shape.ts';

/** Throws `fn: argument 'name' must be <rule>, got <value>` (checks/ sits above this layer). */
function refuse(fn: string, name: string, rule: string, value: unknown): never {
  throw new ArgumentError(`${fn}: argument '${name}' must be ${rule}, got ${describeValue(value)}`);
}

/**
 * The shape NumPy and PyTorch broadcasting gives: align shapes on the right; each pair of sizes must be
 * equal or one of them 1. Throws a ShapeError naming the op, both shapes and the first axis that clashes.
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  if (typeof op !== 'string') refuse('broadcastShapes', 'op', 'the name of the op, for messages', op);
  for (const shape of shapes) checkShape(op, shape, 'shapes');
  const ndim = shapes.reduce((most, shape) => Math.max(most, shape.length), Number.NEGATIVE_INFINITY);
  const out = new Array<number>(ndim).fill(1);
  for (const shape of shapes) {
    const offset = ndim - shape.length;
    for (let axis = 0; axis < shape.length; axis++) {
      const dim = shape[axis]!;
      const current = out[offset + axis]!;
      if (dim === current || dim === 1) continue;
      if (current === 1) {
        out[offset + axis] = dim;
        continue;
      }
      throw new ShapeError(
        `${op}: cannot broadcast shapes ${shapes.map(formatShape).join(' and ')}: ` +
          `sizes ${current} and ${dim} at axis ${offset + axis - ndim} differ and neither is 1`,
      );
    }
  }
  return out;
}

/**
 * `broadcastShapes` of two shapes, returning one of them (not a copy) when it already is the result: equal
 * shapes, or a 0-d operand. Shapes are never modified, so a result may share its input's.
 */
export function broadcastPair(op: string, a: Shape, b: Shape): Shape {
  if (b.length === 0 || shapesEqual(a, b)) return a;
  if (a.length === 0) return b;
  return broadcastShapes(op, a, b);
}

/**
 * Strides for reading an input of `shape` as if it had `outShape`: 0 on every broadcast axis, so the same
 * element is read again. `shape` must broadcast to `outShape`.
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const strides = new Array<number>(outShape.length).fill(0);
  const offset = outShape.length - shape.length;
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const dim = shape[axis]!;
    strides[offset + axis] = dim === 1 ? 0 : stride;
    stride *= dim;
  }
  return strides;
}

/**
 * Whether `shape` broadcasts to `target` unchanged: aligned on the right, each size of `shape` is the size of
 * `target` or 1, and `target` has at least as many axes. Then a gradient of `target` sums back to `shape`.
 */
export function broadcastsTo(shape: Shape, target: Shape): boolean {
  const leading = target.length - shape.length;
  if (leading < 0) return false;
  for (let axis = 0; axis < shape.length; axis++) {
    const dim = shape[axis]!;
    if (dim !== 1 && dim !== target[leading + axis]) return false;
  }
  return true;
}
