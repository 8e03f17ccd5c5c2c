import {
  booleanOption,
  checkFunction,
  checkOptions,
  checkTensorList,
  type OptionCheck,
  refuseOption,
} from '../checks/arguments.ts';
import { GradientError } from '../errors.ts';
import { gradients } from '../functional/gradients.ts';
import type { TensorFunction } from '../functional/transforms.ts';
import { concat } from '../ops/join.ts';
import { reshape } from '../ops/layout.ts';
import { formatShape } from '../shape/shape.ts';
import { noGrad } from '../tape/grad-mode.ts';
import { zerosLike } from '../tensor/create.ts';
import { Rng } from '../tensor/rng.ts';
import type { Tensor } from '../tensor/tensor.ts';

export interface GradcheckOptions {
  /** Step of the central difference. Default 1e-6. */
  readonly eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  readonly atol?: number;
  /** Relative tolerance. Default 1e-3. */
  readonly rtol?: number;
  /** Throw a GradientError carrying the report when a check fails. Default false. */
  readonly throwOnFailure?: boolean;
}

/** The worst disagreement found for one input: where, and the two values. */
export interface Mismatch {
  /** Flat index into the input. */
  readonly inputIndex: number;
  /** Flat index into the output. */
  readonly outputIndex: number;
  readonly analytical: number;
  readonly numerical: number;
}

export interface InputReport {
  /** Position of the input in the argument list. */
  readonly argument: number;
  readonly shape: readonly number[];
  readonly maxAbsError: number;
  /** max |a - n| / |n| over entries with n != 0. */
  readonly maxRelError: number;
  /** The entry that came closest to (or went furthest past) the tolerance; null for an empty Jacobian. */
  readonly worst: Mismatch | null;
  readonly passed: boolean;
}

export interface GradcheckReport {
  readonly passed: boolean;
  readonly inputs: readonly InputReport[];
  /** A table of the reports, one row per input. */
  toString(): string;
}

/** d(out)/d(input) by the tape: one backward pass per output element, each seeded with a one-hot vector. */
function analyticalJacobians(output: Tensor, inputs: readonly Tensor[]): Float64Array[] {
  const jacobians = inputs.map((input) => new Float64Array(output.numel() * input.numel()));
  if (!output.requiresGrad) return jacobians;
  for (let j = 0; j < output.numel(); j++) {
    const seed = zerosLike(output);
    seed.data[j] = 1;
    const rows = gradients(output, inputs, { seed });
    rows.forEach((row, i) => {
      jacobians[i]!.set(row.data, j * inputs[i]!.numel());
    });
  }
  return jacobians;
}

/**
 * d(out)/d(input) by central differences, (f(x + eps) - f(x - eps)) / 2eps, one input element at a time.
 * f runs with recording on, since f may itself take gradients (gradgradcheck).
 */
function numericalJacobian(
  f: TensorFunction,
  inputs: readonly Tensor[],
  which: number,
  eps: number,
): Float64Array {
  const input = inputs[which]!;
  // A copy: the output may share the input's data (reshape, squeeze, unsqueeze do), and the next nudge
  // would otherwise change f(x + eps) after it was read.
  // biome-ignore lint/plugin/no-spread-arguments: the function's own arguments, a few tensors
  const evaluate = () => f(...inputs).data.slice();
  const outputSize = evaluate().length;
  const jacobian = new Float64Array(outputSize * input.numel());
  for (let k = 0; k < input.numel(); k++) {
    const original = input.data[k]!;
    try {
      input.data[k] = original + eps;
      const plus = evaluate();
      input.data[k] = original - eps;
      const minus = evaluate();
      for (let j = 0; j < outputSize; j++)
        jacobian[j * input.numel() + k] = (plus[j]! - minus[j]!) / (2 * eps);
    } finally {
      input.data[k] = original;
    }
  }
  return jacobian;
}

function compare(
  argument: number,
  input: Tensor,
  analytical: Float64Array,
  numerical: Float64Array,
  atol: number,
  rtol: number,
): InputReport {
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: Mismatch | null = null;
  let worstRatio = -1;
  let passed = true;
  for (let e = 0; e < analytical.length; e++) {
    const a = analytical[e]!;
    const n = numerical[e]!;
    const error = Math.abs(a - n);
    // PyTorch's rule; a NaN on either side fails.
    const tolerance = atol + rtol * Math.abs(n);
    const ok = error <= tolerance;
    passed &&= ok;
    // How far toward (below 1) or past (above 1) its tolerance the entry is; NaN is infinitely far past.
    const ratio = Number.isNaN(error) ? Infinity : error === 0 ? 0 : error / tolerance;
    maxAbsError = Math.max(maxAbsError, Number.isNaN(error) ? Infinity : error);
    if (n !== 0) maxRelError = Math.max(maxRelError, Number.isNaN(error) ? Infinity : error / Math.abs(n));
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = {
        inputIndex: e % input.numel(),
        outputIndex: Math.floor(e / input.numel()),
        analytical: a,
        numerical: n,
      };
    }
  }
  return { argument, shape: input.shape, maxAbsError, maxRelError, worst, passed };
}

function formatReport(reports: readonly InputReport[], atol: number, rtol: number): string {
  const header = `gradcheck (pass if |analytical - numerical| <= ${atol} + ${rtol} * |numerical|)`;
  const rows = reports.map((r) => {
    const where = r.worst
      ? `worst at input[${r.worst.inputIndex}] output[${r.worst.outputIndex}]: ` +
        `analytical ${r.worst.analytical}, numerical ${r.worst.numerical}`
      : 'empty';
    return (
      `  input ${r.argument} ${formatShape(r.shape)}: ${r.passed ? 'pass' : 'FAIL'}, ` +
      `max abs error ${r.maxAbsError.toExponential(2)}, max rel error ${r.maxRelError.toExponential(2)}, ${where}`
    );
  });
  return [header, ...rows].join('\n');
}

/**
 * Checks the tape's gradients of f against central finite differences in float64, for every input that
 * requires a gradient, over the whole Jacobian (every output element). The pass rule is PyTorch's:
 * |analytical - numerical| <= atol + rtol * |numerical|. Inputs are perturbed in place and restored.
 * @example gradcheck((x) => x.tanh(), [rng.randn([3], { requiresGrad: true })]).passed // true
 */
export function gradcheck(
  f: TensorFunction,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckReport {
  checkArguments('gradcheck', f, inputs, options, GRADCHECK_OPTIONS);
  return compareJacobians(f, inputs, options);
}

/** A tolerance or step: a finite number, at least 0 (`positive`: above 0). */
const tolerance =
  (positive: boolean): OptionCheck =>
  (fn, name, value) =>
    typeof value === 'number' && Number.isFinite(value) && (positive ? value > 0 : value >= 0)
      ? value
      : refuseOption(fn, name, positive ? 'a finite number > 0' : 'a finite number >= 0', value);

const GRADCHECK_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  eps: tolerance(true),
  atol: tolerance(false),
  rtol: tolerance(false),
  throwOnFailure: booleanOption,
};
const GRADGRADCHECK_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  ...GRADCHECK_OPTIONS,
  seed: (fn, name, value) =>
    Number.isInteger(value) ? value : refuseOption(fn, name, 'an integer seed', value),
};

/** The arguments of gradcheck and gradgradcheck, checked at their boundary. */
function checkArguments(
  op: string,
  f: TensorFunction,
  inputs: readonly Tensor[],
  options: object,
  schema: Readonly<Record<string, OptionCheck>>,
): void {
  checkFunction(op, 'f', f);
  if (checkTensorList(op, 'inputs', inputs).length === 0) {
    throw new GradientError(`${op}: argument 'inputs' is empty; give the tensors f takes`);
  }
  checkOptions(op, options, schema);
}

/** gradcheck's comparison, on checked arguments (gradgradcheck runs it on the first derivatives). */
function compareJacobians(
  f: TensorFunction,
  inputs: readonly Tensor[],
  options: GradcheckOptions,
): GradcheckReport {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = options;
  const checked = inputs
    .map((input, argument) => ({ input, argument }))
    .filter(({ input }) => input.requiresGrad);
  if (checked.length === 0) {
    throw new GradientError(
      "gradcheck: no input requires a gradient; create the tensors of 'inputs' with { requiresGrad: true }",
    );
  }
  // biome-ignore lint/plugin/no-spread-arguments: the function's own arguments, a few tensors
  const output = f(...inputs);
  const analytical = analyticalJacobians(
    output,
    checked.map(({ input }) => input),
  );
  const reports = checked.map(({ input, argument }, i) =>
    compare(argument, input, analytical[i]!, numericalJacobian(f, inputs, argument, eps), atol, rtol),
  );
  const passed = reports.every((r) => r.passed);
  const report: GradcheckReport = {
    passed,
    inputs: reports,
    toString: () => formatReport(reports, atol, rtol),
  };
  if (!passed && options.throwOnFailure) throw new GradientError(report.toString());
  return report;
}

/**
 * Checks second derivatives: gradchecks the function that maps the inputs to their gradients of
 * sum(v * f(inputs)), computed with `createGraph`, for a fixed random v (seeded by `seed`). As PyTorch's
 * gradgradcheck.
 */
export function gradgradcheck(
  f: TensorFunction,
  inputs: readonly Tensor[],
  options: GradcheckOptions & { readonly seed?: number } = {},
): GradcheckReport {
  checkArguments('gradgradcheck', f, inputs, options, GRADGRADCHECK_OPTIONS);
  const rng = new Rng(options.seed ?? 0);
  // biome-ignore lint/plugin/no-spread-arguments: the function's own arguments, a few tensors
  const outputShape = noGrad(() => f(...inputs).shape);
  const v = rng.randn(outputShape);
  const watched = inputs.filter((input) => input.requiresGrad);
  const firstDerivatives = (...args: Tensor[]) => {
    // biome-ignore lint/plugin/no-spread-arguments: the function's own arguments, a few tensors
    const output = f(...args);
    const differentiable = args.filter((arg) => arg.requiresGrad);
    const grads = output.requiresGrad
      ? gradients(output, differentiable, { seed: v, createGraph: true })
      : differentiable.map((arg) => zerosLike(arg));
    return concat(grads.map((g) => reshape(g, [-1])));
  };
  if (watched.length === 0) {
    throw new GradientError(
      "gradgradcheck: no input requires a gradient; create the tensors of 'inputs' with { requiresGrad: true }",
    );
  }
  return compareJacobians(firstDerivatives, inputs, options);
}
