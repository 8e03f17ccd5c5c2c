/**
 * Variance and standard deviation over axes, PyTorch's var and std: the mean squared deviation divided by
 * N - correction (Bessel's correction, 1 by default, gives the unbiased sample variance).
 */
import { booleanOption, checkOptions, checkTensor, refuse, refuseOption } from '../checks/arguments.ts';
import { ArgumentError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { formatShape } from '../shape/shape.ts';
import { record } from '../tape/tape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { div, mul, sub } from './arithmetic.ts';
import { eq, where } from './compare.ts';
import { countOver, type Dims, normalizeDims } from './dims.ts';
import type { UnaryRule } from './elementwise.ts';
import { mean, sum } from './reduce.ts';
import { square } from './unary.ts';

/**
 * var's and std's options, PyTorch's keywords. `correction` (PyTorch 2) is subtracted from the element
 * count N in the divisor; `unbiased` (PyTorch 1) is correction 1 when true, 0 when false; give one of them.
 */
export interface VarOptions {
  /** The divisor is N - correction: 1 (the default) for the sample variance, 0 for the population's. */
  readonly correction?: number;
  /** PyTorch 1's form: true is correction 1, false correction 0. */
  readonly unbiased?: boolean;
  /** Keep each reduced axis with size 1. Default false. */
  readonly keepdim?: boolean;
}

const VAR_OPTIONS = {
  correction: (fn: string, name: string, value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? value
      : refuseOption(fn, name, 'a finite number >= 0', value),
  unbiased: booleanOption,
  keepdim: booleanOption,
};

/** The reduced axes, the divisor N - correction and keepdim, from var's or std's arguments. */
function varianceArguments(op: string, x: Tensor, dim: Dims | VarOptions, options: VarOptions | undefined) {
  checkTensor(op, 'input', x);
  // var(x, { unbiased: false }) reads as PyTorch's torch.var(x, unbiased=False): the options in dim's place.
  const dimIsOptions = typeof dim === 'object' && dim !== null && !Array.isArray(dim);
  if (dimIsOptions && options !== undefined) {
    refuse(op, 'options', 'left out when the options come second (var(x, options))', options);
  }
  const resolved = checkOptions(op, dimIsOptions ? (dim as VarOptions) : options, VAR_OPTIONS) ?? {};
  const axes = normalizeDims(op, dimIsOptions ? undefined : (dim as Dims), x.shape);
  if (resolved.correction !== undefined && resolved.unbiased !== undefined) {
    throw new ArgumentError(
      `${op}: give option 'correction' or 'unbiased', not both (unbiased is correction 1)`,
    );
  }
  const correction = resolved.correction ?? (resolved.unbiased === false ? 0 : 1);
  const count = countOver(x.shape, axes);
  if (count - correction <= 0) {
    // PyTorch returns NaN or Infinity here with a warning; a silent NaN is refused instead.
    throw new ArgumentError(
      `${op}: ${count} element${count === 1 ? '' : 's'} per slice of ${formatShape(x.shape)} over dim ` +
        `[${axes.join(',')}] ${count === 1 ? 'is' : 'are'} too few for correction ${correction}: the divisor ` +
        `N - correction would be ${count - correction}; pass { correction: 0 } for the population ${op}, or more elements`,
    );
  }
  return { axes, divisor: count - correction, keepdim: resolved.keepdim ?? false };
}

/** sum((x - mean)^2) / divisor over `axes`, composed of differentiable ops: d/dx_i = 2 (x_i - mean) / divisor. */
function varianceOf(x: Tensor, axes: number[], divisor: number, keepdim: boolean): Tensor {
  const deviation = sub(x, mean(x, axes, true));
  return div(sum(square(deviation), axes, keepdim), divisor);
}

/**
 * The variance over `dim` (every axis by default), PyTorch's torch.var: sum((x - mean)^2) / (N - correction).
 * Exported as `var` (a reserved word in JavaScript: call it as `tg.var(x)` or `x.var()`, or import it as
 * `variance`). Too few elements for the correction (N - correction <= 0) is an ArgumentError, where PyTorch
 * returns NaN or Infinity.
 * @example variance(tensor([1, 2, 3, 4])).item(); // 1.6666666666666667
 * @example tensor([[1, 2], [3, 5]]).var(1, { correction: 0, keepdim: true }); // [[0.25], [1]]
 */
export function variance(x: Tensor, dim?: Dims | VarOptions, options?: VarOptions): Tensor {
  const { axes, divisor, keepdim } = varianceArguments('var', x, dim, options);
  return varianceOf(x, axes, divisor, keepdim);
}

/**
 * The standard deviation over `dim`, PyTorch's torch.std: the square root of `variance`, with the same
 * arguments. Where the std is 0 (a constant slice) its gradient is 0, as PyTorch 1.13 gives, rather than the
 * 0 * Infinity = NaN of differentiating sqrt at 0.
 * @example std(tensor([2, 4, 4, 4, 5, 5, 7, 9]), { correction: 0 }).item(); // 2
 */
export function std(x: Tensor, dim?: Dims | VarOptions, options?: VarOptions): Tensor {
  const { axes, divisor, keepdim } = varianceArguments('std', x, dim, options);
  const varianceValues = varianceOf(x, axes, divisor, keepdim);
  return record(
    'std',
    kernels.sqrt(varianceValues.data),
    varianceValues.shape,
    [varianceValues],
    stdBackward,
  );
}

/**
 * d/dv sqrt(v) = 1 / (2 sqrt(v)), taken as 0 where sqrt(v) = 0 (PyTorch's std_backward masks it so). The
 * divisor is made 1 there before dividing, so that no 0/0 reaches a second derivative either.
 */
const stdBackward: UnaryRule = (g, out) => {
  const isZero = eq(out, 0);
  return [where(isZero, 0, div(g, mul(where(isZero, 1, out), 2)))];
};
