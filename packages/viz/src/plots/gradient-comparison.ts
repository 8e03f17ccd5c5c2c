/**
 * How far apart gradients computed different ways are (manual, autograd, finite differences): for each
 * comparison, max |a - b| per parameter on a log scale, against its absolute tolerance.
 */
import * as Plot from '@observablehq/plot';
import { ConfigError, type GradientComparisonReport } from '@tapegrad/nn';
import { composeFigure, FIGURE_WIDTH } from './figure.ts';
import { type LegendEntry, swatchLegend } from './legend.ts';
import { type PlotDocument, pageDocument, type SvgElement } from './svg-document.ts';

/** One comparison of two sets of gradients, named for the legend ('manual vs autograd'). */
export interface ComparisonSeries {
  readonly label: string;
  readonly report: GradientComparisonReport;
}

/** One colour per comparison (then repeated); red is kept for failures. */
const SERIES_COLORS = ['#4269d0', '#a463f2', '#1b9e77'];
const FAIL_COLOR = '#d62728';
const STEM_COLOR = '#ccc';
const TOLERANCE_COLOR = '#777';
/** Where an exact 0 is drawn (the axis floor, labelled as the number it is), unless a nonzero difference lies below it. */
const ZERO_FLOOR = 1e-20;
/** The smallest power of ten used as an axis end; 1e-320 is still a (subnormal) positive double. */
const SMALLEST_EXPONENT = -320;
/** The vertical distance between the comparisons' dots within one parameter's row. */
const SUB_ROW = 13;

interface Bar {
  readonly name: string;
  readonly series: string;
  /** The value drawn: max |a - b|, or the axis floor for 0, or the axis top for Infinity (NaN entries). */
  readonly plotted: number;
  readonly label: string;
  readonly passed: boolean;
}

/**
 * The log axis in powers of ten: `low` a decade below every nonzero difference (and at most 1e-20), so 0
 * sits at `low`; `high` a decade above every finite difference and the tolerances, and where a difference
 * is Infinity (a NaN entry) one more decade to hold it.
 */
function axisExponents(
  differences: readonly number[],
  tolerances: readonly number[],
): { low: number; high: number } {
  const nonzero = differences.filter((value) => value > 0 && Number.isFinite(value));
  const smallest = nonzero.reduce((low, value) => Math.min(low, value), ZERO_FLOOR * 10);
  const low = Math.max(SMALLEST_EXPONENT, Math.floor(Math.log10(smallest)) - 1);
  const largest = [...nonzero, ...tolerances].reduce((high, value) => Math.max(high, value), 10 ** (low + 1));
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

const powerOfTen = (value: number) => `1e${Math.round(Math.log10(value))}`;

/** A tolerance as it is usually written: 0.5 as 0.5, 1e-6 as 1e-6 (not 0.000001). */
const formatTolerance = (value: number) =>
  value >= 1e-3 || value === 0 ? String(value) : value.toExponential();

function formatDifference(value: number, floor: number): string {
  if (value === 0) return `0 (drawn at ${powerOfTen(floor)})`;
  if (value === Number.POSITIVE_INFINITY) return 'inf or NaN';
  return value.toExponential(1);
}

/** The parameters' names in order of first appearance across the comparisons. */
function parameterNames(series: readonly ComparisonSeries[]): string[] {
  return [...new Set(series.flatMap(({ report }) => report.rows.map((row) => row.name)))];
}

/**
 * For each comparison (manual vs autograd, autograd vs finite differences, ...), max |a - b| of each
 * parameter as a dot on a log scale, one colour per comparison, ringed in red where some entry fails its
 * tolerance; each comparison's absolute tolerance atol is a dashed line. An exact 0 cannot sit on a log
 * axis: it is drawn at the axis floor (1e-20, or a decade below the smallest nonzero difference) and its
 * label says so ('0 (drawn at 1e-20)'); Infinity (a NaN entry) at the top, labelled "inf". A long title
 * wraps.
 * @example gradientComparisonSvg([{ label: 'manual vs autograd', report: compareGradients(manual, autograd) }, { label: 'autograd vs finite differences', report: compareGradients(autograd, numerical, { atol: 1e-8, rtol: 1e-6 }) }], 'Gradients three ways', nodeDocument())
 */
export function gradientComparisonSvg(
  series: readonly ComparisonSeries[],
  title = 'Gradient check: max |a - b| per parameter',
  document: PlotDocument = pageDocument('gradientComparisonSvg'),
): string {
  if (series.length === 0) {
    throw new ConfigError(
      'gradientComparisonSvg: there is no comparison to plot; pass at least one { label, report }',
    );
  }
  const tolerances = [...new Set(series.map(({ report }) => report.atol).filter((atol) => atol > 0))];
  const { low, high } = axisExponents(
    series.flatMap(({ report }) => report.rows.map((row) => row.maxAbsDiff)),
    tolerances,
  );
  const floor = 10 ** low;
  const top = 10 ** high;
  const bars: Bar[] = series.flatMap(({ label, report }) =>
    report.rows.map((row) => ({
      name: row.name,
      series: label,
      plotted: row.maxAbsDiff === 0 ? floor : Math.min(row.maxAbsDiff, top),
      label: formatDifference(row.maxAbsDiff, floor),
      passed: row.passed,
    })),
  );
  const hasInfinity = bars.some((bar) => bar.label === 'inf or NaN');
  const tickLabel = (value: number) => (value === top && hasInfinity ? 'inf' : powerOfTen(value));
  const names = parameterNames(series);
  const longestName = names.reduce((longest, name) => Math.max(longest, name.length), 4);
  const colorOf = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length]!;
  const chart = Plot.plot({
    document,
    width: FIGURE_WIDTH,
    height: 60 + 16 * tolerances.length + (SUB_ROW * series.length + 12) * Math.max(1, names.length),
    marginLeft: 14 + 6.2 * longestName,
    marginRight: 90,
    marginTop: 14 + 16 * tolerances.length,
    x: {
      type: 'log',
      domain: [floor, top],
      ticks: decadeTicks(low, high),
      tickFormat: tickLabel,
      label: 'max |a - b| (log scale)',
      labelArrow: 'right',
      grid: true,
    },
    y: { domain: names, label: null },
    marks: [
      ...tolerances.flatMap((atol, i) => [
        Plot.ruleX([atol], { stroke: TOLERANCE_COLOR, strokeDasharray: '5,4' }),
        Plot.text([`atol ${formatTolerance(atol)}`], {
          x: atol,
          frameAnchor: 'top',
          dy: -8 - 16 * (tolerances.length - 1 - i),
          fill: TOLERANCE_COLOR,
          ariaDescription: 'tolerance',
        }),
      ]),
      ...series.flatMap(({ label }, i) => {
        const own = bars.filter((bar) => bar.series === label);
        // The comparisons side by side within each parameter's row, centred on it.
        const at = { y: 'name', dy: (i - (series.length - 1) / 2) * SUB_ROW } as const;
        return [
          Plot.ruleY(own, { ...at, x1: floor, x2: 'plotted', stroke: STEM_COLOR, strokeWidth: 1.5 }),
          Plot.dot(
            own.filter((bar) => !bar.passed),
            {
              ...at,
              x: 'plotted',
              r: 7,
              stroke: FAIL_COLOR,
              strokeWidth: 2,
              ariaDescription: `failures: ${label}`,
            },
          ),
          Plot.dot(own, {
            ...at,
            x: 'plotted',
            r: 4.5,
            fill: colorOf(i),
            ariaDescription: `differences: ${label}`,
          }),
          Plot.text(own, {
            ...at,
            x: 'plotted',
            text: 'label',
            dx: 10,
            textAnchor: 'start',
            fill: (bar: Bar) => (bar.passed ? '#333' : FAIL_COLOR),
            ariaDescription: `difference values: ${label}`,
          }),
        ];
      }),
    ],
  }) as SvgElement;
  const legendEntries: LegendEntry[] = [
    ...series.map(({ label }, i) => ({ label, color: colorOf(i), symbol: 'dot' as const })),
    { label: 'some entry outside its tolerance', color: FAIL_COLOR, symbol: 'ring' },
    { label: 'atol', color: TOLERANCE_COLOR, symbol: 'dashed-line' },
  ];
  const passed = series.every(({ report }) => report.passed);
  const settings = series.map(
    ({ label, report }) =>
      `${label}: atol ${formatTolerance(report.atol)}, rtol ${formatTolerance(report.rtol)}`,
  );
  const subtitle =
    `pass if |a - b| <= atol + rtol |b| for every entry (${settings.join('; ')}); ` +
    `${passed ? 'all pass' : 'some FAIL'}`;
  return composeFigure(
    { title, subtitle, legends: [swatchLegend(legendEntries, document)], chart },
    document,
  );
}
