import { checkFunction, checkString, checkTensorList, refuse } from '../checks/arguments.ts';
import { checkShape, formatShape, type Shape, sizeOf } from '../shape/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { type BackwardRule, record as recordOp } from './tape.ts';

/**
 * `record` for ops of your own: the same function every built-in op ends with, its arguments checked first
 * (the built-in ops call the unchecked one, which runs millions of times). Wraps a kernel's result as the
 * output of `op`; when recording is on and an input requires a gradient, the op goes on the tape with its
 * backward rule, which returns one gradient (or null) per input. `replay`, optional, lets `compile` capture
 * the op: a function writing the op's values for the inputs' arrays into `out` (every element), allocating
 * nothing; without it, a compiled function that runs the op is refused with a CompileError naming it.
 * @example record('cube', x.data.map((v) => v * v * v), x.shape, [x] as const, cubeBackward,
 *   ([x], out) => { for (let i = 0; i < out.length; i++) out[i] = x[i] ** 3; })
 */
export function record<Inputs extends readonly Tensor[]>(
  op: string,
  data: Float64Array,
  shape: Shape,
  inputs: Inputs,
  backward: BackwardRule<Inputs>,
  replay?: (inputs: readonly Float64Array[], out: Float64Array) => void,
): Tensor {
  checkString('record', 'op', op);
  if (!(data instanceof Float64Array)) refuse('record', 'data', 'a Float64Array', data);
  checkShape('record', shape);
  if (data.length !== sizeOf(shape)) {
    refuse(
      'record',
      'shape',
      `a shape of ${data.length} elements for the ${data.length} values`,
      formatShape(shape),
    );
  }
  checkTensorList('record', 'inputs', inputs);
  checkFunction('record', 'backward', backward);
  if (replay !== undefined) checkFunction('record', 'replay', replay);
  // A rule of your own may read any input and the output: all are checked for in-place changes at backward.
  return recordOp(op, data, shape, inputs, backward, 'everything', replay);
}
