/**
 * How far apart two sets of gradients are (manual against autograd, say): max |a - b| per parameter on a
 * log scale, against the absolute tolerance.
 */
import * as Plot from '@observablehq/plot';
import type { GradientComparisonReport } from '@tapegrad/nn';
import { composeFigure, FIGURE_WIDTH } from './figure.ts';
import { swatchLegend } from './legend.ts';
import { type PlotDocument, pageDocument, type SvgElement } from './svg-document.ts';

const PASS_COLOR = '#3ca951';
const FAIL_COLOR = '#d62728';
const STEM_COLOR = '#bbb';
const TOLERANCE_COLOR = '#777';
/** Where an exact 0 is drawn (and labelled "0"), unless some nonzero difference lies below it. */
const ZERO_FLOOR = 1e-20;
/** The smallest power of ten used as an axis end; 1e-320 is still a (subnormal) positive double. */
const SMALLEST_EXPONENT = -320;
const ROW_HEIGHT = 28;

interface Bar {
  readonly name: string;
  /** The value drawn: max |a - b|, or the axis floor for 0, or the axis top for Infinity (NaN entries). */
  readonly plotted: number;
  readonly label: string;
  readonly passed: boolean;
}

/**
 * The log axis in powers of ten: `low` a decade below every nonzero difference (and at most 1e-20), so 0
 * sits at `low`; `high` a decade above every finite difference and the tolerance, and where a difference
 * is Infinity (a NaN entry) one more decade to hold it.
 */
function axisExponents(differences: readonly number[], atol: number): { low: number; high: number } {
  const nonzero = differences.filter((value) => value > 0 && Number.isFinite(value));
  const smallest = nonzero.reduce((low, value) => Math.min(low, value), ZERO_FLOOR * 10);
  const low = Math.max(SMALLEST_EXPONENT, Math.floor(Math.log10(smallest)) - 1);
  const largest = nonzero.reduce((high, value) => Math.max(high, value), Math.max(atol, 10 ** (low + 1)));
  const infinite = differences.some((value) => value === Number.POSITIVE_INFINITY);
  const high = Math.ceil(Math.log10(largest)) + 1 + (infinite ? 1 : 0);
  return { low, high };
}

/** Every decade from low to high, thinned to at most about ten ticks, keeping both ends. */
function decadeTicks(low: number, high: number): number[] {
  const step = Math.max(1, Math.ceil((high - low) / 10));
  const exponents: number[] = [];
  for (let exponent = low; exponent < high; exponent += step) exponents.push(exponent);
  exponents.push(high);
  return exponents.map((exponent) => 10 ** exponent);
}

function formatDifference(value: number): string {
  if (value === 0) return '0';
  if (value === Number.POSITIVE_INFINITY) return 'inf or NaN';
  return value.toExponential(1);
}

/**
 * max |a - b| of each parameter as a dot on a log scale (green where every entry passes, red where one
 * fails), with the absolute tolerance atol as a dashed line. An exact 0 is drawn at the axis floor
 * (1e-20, or lower if needed) labelled "0"; Infinity (a NaN entry) at the top, labelled "inf".
 * @example writeFileSync('gradients.svg', gradientComparisonSvg(compareGradients(manual, autograd)));
 */
export function gradientComparisonSvg(
  report: GradientComparisonReport,
  title = 'Gradient check: max |a - b| per parameter',
  document: PlotDocument = pageDocument('gradientComparisonSvg'),
): string {
  const { low, high } = axisExponents(
    report.rows.map((row) => row.maxAbsDiff),
    report.atol,
  );
  const floor = 10 ** low;
  const top = 10 ** high;
  const bars: Bar[] = report.rows.map((row) => ({
    name: row.name,
    plotted: row.maxAbsDiff === 0 ? floor : Math.min(row.maxAbsDiff, top),
    label: formatDifference(row.maxAbsDiff),
    passed: row.passed,
  }));
  const hasInfinity = report.rows.some((row) => row.maxAbsDiff === Number.POSITIVE_INFINITY);
  const tickLabel = (value: number) => {
    if (value === floor) return '0';
    if (value === top && hasInfinity) return 'inf';
    return `1e${Math.round(Math.log10(value))}`;
  };
  const longestName = report.rows.reduce((longest, row) => Math.max(longest, row.name.length), 4);
  const chart = Plot.plot({
    document,
    width: FIGURE_WIDTH,
    height: 70 + ROW_HEIGHT * Math.max(1, bars.length),
    marginLeft: 14 + 6.2 * longestName,
    marginRight: 70,
    marginTop: 24,
    x: {
      type: 'log',
      domain: [floor, top],
      ticks: decadeTicks(low, high),
      tickFormat: tickLabel,
      label: 'max |a - b| (log scale)',
      labelArrow: 'right',
      grid: true,
    },
    y: { domain: bars.map((bar) => bar.name), label: null },
    marks: [
      Plot.ruleY(bars, { y: 'name', x1: floor, x2: 'plotted', stroke: STEM_COLOR, strokeWidth: 2 }),
      ...(report.atol > 0
        ? [
            Plot.ruleX([report.atol], { stroke: TOLERANCE_COLOR, strokeDasharray: '5,4' }),
            Plot.text([`atol = ${report.atol}`], {
              x: report.atol,
              frameAnchor: 'top',
              dy: -14,
              fill: TOLERANCE_COLOR,
              ariaDescription: 'tolerance',
            }),
          ]
        : []),
      Plot.dot(bars, {
        y: 'name',
        x: 'plotted',
        r: 5,
        fill: (bar: Bar) => (bar.passed ? PASS_COLOR : FAIL_COLOR),
        ariaDescription: 'differences',
      }),
      Plot.text(bars, {
        y: 'name',
        x: 'plotted',
        text: 'label',
        dx: 9,
        textAnchor: 'start',
        fill: '#333',
        ariaDescription: 'difference values',
      }),
    ],
  }) as SvgElement;
  const legend = swatchLegend(
    [
      { label: 'every entry within tolerance', color: PASS_COLOR, symbol: 'dot' },
      { label: 'some entry outside it', color: FAIL_COLOR, symbol: 'dot' },
      { label: 'atol', color: TOLERANCE_COLOR, symbol: 'dashed-line' },
    ],
    document,
  );
  const subtitle =
    `pass if |a - b| <= atol + rtol |b| for every entry (atol ${report.atol}, rtol ${report.rtol}); ` +
    `${report.passed ? 'all pass' : 'some FAIL'}`;
  return composeFigure({ title, subtitle, legends: [legend], chart }, document);
}
