/**
 * A side-by-side check of two sets of gradients (manual against autograd, say), parameter by parameter.
 */
import { ShapeError, Tensor } from '@tapegrad/autograd';
import { checkOptions, nonNegativeOption, refuse } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';

export interface CompareOptions {
  /** Absolute tolerance. Default 1e-12. */
  readonly atol?: number;
  /** Relative tolerance, relative to the second (reference) set. Default 1e-10. */
  readonly rtol?: number;
}

/** The comparison of one parameter's gradients. */
export interface GradientComparison {
  readonly name: string;
  readonly shape: readonly number[];
  /** max |a - b| over the entries (Infinity where a difference is NaN). */
  readonly maxAbsDiff: number;
  /** max |a - b| / |b| over the entries with b != 0 (Infinity where a difference is NaN). */
  readonly maxRelDiff: number;
  /**
   * The index (one number per axis) of the entry nearest to its tolerance, or furthest past it:
   * the largest |a - b| / (atol + rtol |b|). Null for a parameter with no entries.
   */
  readonly worstIndex: readonly number[] | null;
  /** Every entry within |a - b| <= atol + rtol |b|. */
  readonly passed: boolean;
}

export interface GradientComparisonReport {
  /** Every parameter passed. */
  readonly passed: boolean;
  /** One row per parameter, in the order of the first set. */
  readonly rows: readonly GradientComparison[];
  readonly atol: number;
  readonly rtol: number;
  /** An aligned table: parameter, shape, max |a-b|, max rel, worst index, pass or FAIL. */
  toString(): string;
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** The multi-index of flat (row-major) position `flat` in `shape`. */
function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis]!;
    flat = Math.floor(flat / shape[axis]!);
  }
  return index;
}

function compareOne(name: string, a: Tensor, b: Tensor, atol: number, rtol: number): GradientComparison {
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  let worstFlat = -1;
  let worstRatio = -1;
  let passed = true;
  for (let e = 0; e < a.numel(); e++) {
    const reference = b.data[e]!;
    const diff = Math.abs(a.data[e]! - reference);
    // A NaN on either side fails and counts as infinitely far off.
    const distance = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
    const tolerance = atol + rtol * Math.abs(reference);
    passed &&= diff <= tolerance;
    maxAbsDiff = Math.max(maxAbsDiff, distance);
    if (reference !== 0) maxRelDiff = Math.max(maxRelDiff, distance / Math.abs(reference));
    const ratio = distance === 0 ? 0 : distance / tolerance;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worstFlat = e;
    }
  }
  const worstIndex = worstFlat < 0 ? null : unravel(worstFlat, a.shape);
  return { name, shape: a.shape, maxAbsDiff, maxRelDiff, worstIndex, passed };
}

function formatTable(rows: readonly GradientComparison[], atol: number, rtol: number): string {
  const header = ['parameter', 'shape', 'max |a-b|', 'max rel', 'worst', 'pass'];
  const cells = rows.map((row) => [
    row.name,
    formatShape(row.shape),
    row.maxAbsDiff.toExponential(2),
    row.maxRelDiff.toExponential(2),
    row.worstIndex === null ? '-' : formatShape(row.worstIndex),
    row.passed ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((title, column) =>
    cells.reduce((widest, line) => Math.max(widest, line[column]!.length), title.length),
  );
  // Text columns (name, shape, index) align left, numbers right.
  const numeric = [false, false, true, true, false, false];
  const formatLine = (line: readonly string[]) =>
    line
      .map((cell, column) =>
        numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  // One exponential format for tolerances and differences alike (never 1e-8 beside 0.000001).
  const rule = `gradients compared (pass if |a - b| <= ${atol.toExponential(2)} + ${rtol.toExponential(2)} * |b|)`;
  return [rule, formatLine(header), ...cells.map(formatLine)].join('\n');
}

/**
 * Compares two sets of gradients by parameter name, e.g. manual against autograd: for each parameter the
 * largest absolute and relative differences, the worst entry and whether every entry passes
 * |a - b| <= atol + rtol |b| (b is the reference). Both sets must hold the same names with the same shapes.
 * @example
 * const manual = manualGradients(net, X, y).gradients;
 * objective(net, X, y).backward();
 * const autograd = Object.fromEntries(net.namedParameters().map(([name, p]) => [name, p.grad!]));
 * const report = compareGradients(manual, autograd);
 * report.passed; // true
 * console.log(report.toString());
 * // gradients compared (pass if |a - b| <= 1.00e-12 + 1.00e-10 * |b|)
 * // parameter      shape  max |a-b|  max rel  worst  pass
 * // layer1.weight  [2,4]    0.00e+0  0.00e+0  [0,0]  pass
 * // layer1.bias    [4]      0.00e+0  0.00e+0  [0]    pass
 * // ...
 */
export function compareGradients(
  a: Readonly<Record<string, Tensor>>,
  b: Readonly<Record<string, Tensor>>,
  options: CompareOptions = {},
): GradientComparisonReport {
  for (const [name, set] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (typeof set !== 'object' || set === null || Array.isArray(set)) {
      refuse('compareGradients', name, 'an object of gradients by parameter name', set);
    }
    for (const [key, value] of Object.entries(set)) {
      if (!(value instanceof Tensor)) refuse('compareGradients', `${name}['${key}']`, 'a Tensor', value);
    }
  }
  checkOptions('compareGradients', options, { atol: nonNegativeOption, rtol: nonNegativeOption });
  const { atol = 1e-12, rtol = 1e-10 } = options;
  const missing = Object.keys(a).filter((name) => !(name in b));
  const extra = Object.keys(b).filter((name) => !(name in a));
  if (missing.length > 0 || extra.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`only in the first: ${missing.join(', ')}`] : []),
      ...(extra.length > 0 ? [`only in the second: ${extra.join(', ')}`] : []),
    ];
    throw new ConfigError(
      `compareGradients: the two sets name different parameters (${problems.join('; ')}); ` +
        'compare gradients of the same model',
    );
  }
  const rows = Object.entries(a).map(([name, gradient]) => {
    const reference = b[name]!;
    if (formatShape(gradient.shape) !== formatShape(reference.shape)) {
      throw new ShapeError(
        `compareGradients: ${name} has shape ${formatShape(gradient.shape)} in the first set but ` +
          `${formatShape(reference.shape)} in the second; compare gradients of the same model`,
      );
    }
    return compareOne(name, gradient, reference, atol, rtol);
  });
  return {
    passed: rows.every((row) => row.passed),
    rows,
    atol,
    rtol,
    toString: () => formatTable(rows, atol, rtol),
  };
}
