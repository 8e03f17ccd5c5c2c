/**
 * The table `tapegrad compare` prints for two sets of gradients: each parameter's largest differences and
 * the tolerances, all in one exponential format, and which parameters pass only because of the absolute
 * tolerance (a gradient near zero, where a relative difference means little).
 */
import type { Tensor } from '@tapegrad/autograd';
import type { GradientComparisonReport } from '@tapegrad/nn';
import { formatTable } from './table.ts';

/** Differences and tolerances: always 3 significant digits in exponential form, e.g. 1.00e-8. */
export const exponential = (value: number): string => value.toExponential(2);

/**
 * How many entries pass only by atol: |a - b| > rtol |b| (relatively far apart), yet
 * |a - b| <= atol + rtol |b|. That happens where the reference b is near zero.
 * @example entriesPassingByAtol(tensor([1e-9]), tensor([5e-10]), 1e-8, 1e-6); // 1
 */
export function entriesPassingByAtol(a: Tensor, b: Tensor, atol: number, rtol: number): number {
  let count = 0;
  for (let e = 0; e < a.numel(); e++) {
    const diff = Math.abs(a.data[e]! - b.data[e]!);
    const relativeBound = rtol * Math.abs(b.data[e]!);
    if (diff > relativeBound && diff <= atol + relativeBound) count++;
  }
  return count;
}

/**
 * The comparison `report` of gradients `a` against the reference `b` as text: the pass rule, one row per
 * parameter, and a footnote when some parameter passes only by atol.
 * @example
 * gradientTable(compareGradients(autograd, numerical, { atol: 1e-8, rtol: 1e-6 }), autograd, numerical);
 * // pass if |a - b| <= 1.00e-8 + 1.00e-6 * |b|
 * // parameter      shape  max |a-b|  max rel  worst  pass
 * // layer1.weight  [3,4]   1.04e-10  5.69e-9  [2,0]  pass
 */
export function gradientTable(
  report: GradientComparisonReport,
  a: Readonly<Record<string, Tensor>>,
  b: Readonly<Record<string, Tensor>>,
): string {
  const { atol, rtol } = report;
  let anyByAtol = false;
  const rows = report.rows.map((row) => {
    const byAtol = row.passed ? entriesPassingByAtol(a[row.name]!, b[row.name]!, atol, rtol) : 0;
    anyByAtol ||= byAtol > 0;
    const size = a[row.name]!.numel();
    return [
      row.name,
      `[${row.shape.join(',')}]`,
      exponential(row.maxAbsDiff),
      exponential(row.maxRelDiff),
      row.worstIndex === null ? '-' : `[${row.worstIndex.join(',')}]`,
      row.passed ? 'pass' : 'FAIL',
      byAtol === 0 ? '' : `passes by atol (${byAtol} of ${size} entries)`,
    ];
  });
  const header = ['parameter', 'shape', 'max |a-b|', 'max rel', 'worst', 'pass', anyByAtol ? 'note' : ''];
  const lines = [
    `pass if |a - b| <= ${exponential(atol)} + ${exponential(rtol)} * |b|`,
    formatTable(header, rows, ['left', 'left', 'right', 'right', 'left', 'left', 'left']),
  ];
  if (anyByAtol) {
    lines.push(
      `passes by atol: |a - b| <= ${exponential(atol)} although the relative difference is above ` +
        `${exponential(rtol)}, because the gradient is near zero`,
    );
  }
  return lines.join('\n');
}
