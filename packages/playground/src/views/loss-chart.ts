/**
 * The live loss curve: train and test loss per epoch as two SVG paths, with axes, a legend and a log-scale
 * switch. Appending points adds segments to the paths; the chart is redrawn in full only when an axis's
 * domain changes, which loss-scale.ts makes rare (domains rounded outward to ticks).
 */
import type { LossPoint } from '../snapshot.ts';
import { cssColor, INK } from './colors.ts';
import { axisScale, type Domain, epochDomain, LOG_FLOOR, lossDomain, lossTicks } from './loss-scale.ts';
import { svgElement } from './svg.ts';
import { formatNumber, linearTicks } from './ticks.ts';

export interface LossChartOptions {
  /** Start with a log loss axis (default false). */
  readonly logScale?: boolean;
  /** Show the "log scale" checkbox above the chart (default true). */
  readonly showLogToggle?: boolean;
  /** The chart's size in CSS pixels (default the container's width, else 400, by 170). */
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { top: 22, right: 12, bottom: 32, left: 48 } as const;
const SERIES = [
  { key: 'trainLoss', label: 'train loss', color: cssColor(INK), dash: '' },
  { key: 'testLoss', label: 'test loss', color: 'rgb(123 135 148)', dash: '5 3' },
] as const;
const STYLE = `
text { font: 11px system-ui, sans-serif; fill: ${cssColor(INK)}; }
.axis-name { font-size: 12px; }
.frame { fill: none; stroke: ${cssColor(INK, 0.45)}; }
.grid-line { stroke: ${cssColor(INK, 0.1)}; }
.tick { stroke: ${cssColor(INK)}; }
.series { fill: none; stroke-width: 1.75; stroke-linejoin: round; }
`;
/** Points closer than this in x (pixels) to the last one drawn are kept but not drawn: a path stays about as long as the chart is wide. */
const MIN_PIXEL_STEP = 0.5;

type SeriesKey = (typeof SERIES)[number]['key'];

/** One curve's path and where its pen is: its `d` so far, and the pixel x of its last point drawn. */
interface Curve {
  readonly path: SVGPathElement;
  d: string;
  lastX: number;
  /** Whether the last point was missing (a NaN loss): the next one starts a new piece with M. */
  broken: boolean;
}

/**
 * A live loss chart in `container`: `append` the LossPoints of each snapshot, `clear` on a new run.
 * @example
 * const chart = new LossChart(document.getElementById('loss-chart')!, { logScale: true });
 * chart.append(snapshot.newPoints);
 */
export class LossChart {
  readonly #points: LossPoint[] = [];
  readonly #svg: SVGSVGElement;
  readonly #axes: SVGGElement;
  readonly #curves: Record<SeriesKey, Curve>;
  readonly #width: number;
  readonly #height: number;
  #log: boolean;
  #smallest = Number.POSITIVE_INFINITY;
  #largest = 0;
  #epochs: Domain = [0, 1];
  #losses: Domain = [0, 1];
  #toX: (epoch: number) => number = () => 0;
  #toY: (loss: number) => number = () => 0;

  constructor(container: HTMLElement, options: LossChartOptions = {}) {
    this.#log = options.logScale ?? false;
    this.#width = options.width ?? (container.clientWidth > 0 ? container.clientWidth : 400);
    this.#height = options.height ?? 170;
    this.#svg = svgElement('svg', {
      class: 'loss-chart',
      viewBox: `0 0 ${this.#width} ${this.#height}`,
      width: this.#width,
      height: this.#height,
      role: 'img',
      'aria-label': 'Train and test loss per epoch',
    });
    this.#svg.style.maxWidth = '100%';
    this.#svg.style.height = 'auto';
    svgElement('style', {}, this.#svg).textContent = STYLE;
    this.#axes = svgElement('g', { class: 'axes' }, this.#svg);
    const curve = (series: (typeof SERIES)[number]): Curve => ({
      path: svgElement(
        'path',
        { class: `series ${series.key}`, stroke: series.color, 'stroke-dasharray': series.dash },
        this.#svg,
      ),
      d: '',
      lastX: Number.NEGATIVE_INFINITY,
      broken: true,
    });
    this.#curves = { trainLoss: curve(SERIES[0]), testLoss: curve(SERIES[1]) };
    this.#drawLegend();
    container.replaceChildren(this.#svg);
    if (options.showLogToggle ?? true) container.prepend(this.#logToggle());
    this.#redraw();
  }

  /** The points appended since the last clear. */
  get points(): readonly LossPoint[] {
    return this.#points;
  }

  /** Adds points (in epoch order) to both curves. */
  append(points: readonly LossPoint[]): void {
    if (points.length === 0) return;
    for (const point of points) {
      this.#points.push(point);
      for (const { key } of SERIES) {
        const loss = point[key];
        if (!Number.isFinite(loss)) continue;
        if (loss < this.#smallest && loss > 0) this.#smallest = loss;
        if (loss > this.#largest) this.#largest = loss;
      }
    }
    const epochs = epochDomain(this.#points[0]!.epoch, this.#points.at(-1)!.epoch);
    const losses = lossDomain(this.#smallest, this.#largest, this.#log);
    if (!sameDomain(epochs, this.#epochs) || !sameDomain(losses, this.#losses)) {
      this.#redraw();
      return;
    }
    for (const point of points) this.#extend(point);
    this.#flush();
  }

  /** Removes every point (a new run). */
  clear(): void {
    this.#points.length = 0;
    this.#smallest = Number.POSITIVE_INFINITY;
    this.#largest = 0;
    this.#redraw();
  }

  /** Switches the loss axis between linear and logarithmic. */
  setLogScale(log: boolean): void {
    if (log === this.#log) return;
    this.#log = log;
    this.#redraw();
  }

  #logToggle(): HTMLLabelElement {
    const label = document.createElement('label');
    label.className = 'loss-chart-log';
    label.style.cssText = 'display:inline-flex;gap:4px;align-items:center;font-size:12px';
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    checkbox.checked = this.#log;
    checkbox.addEventListener('change', () => this.setLogScale(checkbox.checked));
    label.append(checkbox, 'log scale');
    return label;
  }

  #drawLegend(): void {
    const legend = svgElement(
      'g',
      { class: 'legend', transform: `translate(${MARGIN.left},${MARGIN.top / 2})` },
      this.#svg,
    );
    SERIES.forEach((series, index) => {
      const x = index * 90;
      svgElement(
        'line',
        {
          x1: x,
          x2: x + 20,
          y1: 0,
          y2: 0,
          stroke: series.color,
          'stroke-width': 2,
          'stroke-dasharray': series.dash,
        },
        legend,
      );
      svgElement('text', { x: x + 25, y: 0, 'dominant-baseline': 'central' }, legend).textContent =
        series.label;
    });
  }

  /** Recomputes both domains from every point, redraws the axes and rebuilds both paths. */
  #redraw(): void {
    const last = this.#points.at(-1)?.epoch ?? 1;
    this.#epochs = epochDomain(this.#points[0]?.epoch ?? 0, last);
    this.#losses = lossDomain(this.#smallest, this.#largest, this.#log);
    const plotRight = this.#width - MARGIN.right;
    const plotBottom = this.#height - MARGIN.bottom;
    this.#toX = axisScale(this.#epochs, [MARGIN.left, plotRight], false);
    this.#toY = axisScale(this.#losses, [plotBottom, MARGIN.top], this.#log);
    this.#drawAxes();
    for (const curve of Object.values(this.#curves)) {
      curve.d = '';
      curve.lastX = Number.NEGATIVE_INFINITY;
      curve.broken = true;
    }
    for (const point of this.#points) this.#extend(point);
    this.#flush();
  }

  #drawAxes(): void {
    const axes = this.#axes;
    axes.replaceChildren();
    const left = MARGIN.left;
    const right = this.#width - MARGIN.right;
    const top = MARGIN.top;
    const bottom = this.#height - MARGIN.bottom;
    for (const loss of lossTicks(this.#losses, this.#log)) {
      const y = this.#toY(loss);
      svgElement('line', { class: 'grid-line', x1: left, x2: right, y1: y, y2: y }, axes);
      svgElement('line', { class: 'tick', x1: left - 4, x2: left, y1: y, y2: y }, axes);
      const label = svgElement(
        'text',
        { x: left - 6, y, 'text-anchor': 'end', 'dominant-baseline': 'central' },
        axes,
      );
      label.textContent = formatNumber(loss);
    }
    for (const epoch of linearTicks(this.#epochs[0], this.#epochs[1], 5)) {
      const x = this.#toX(epoch);
      svgElement('line', { class: 'tick', x1: x, x2: x, y1: bottom, y2: bottom + 4 }, axes);
      const label = svgElement(
        'text',
        { x, y: bottom + 6, 'text-anchor': 'middle', 'dominant-baseline': 'hanging' },
        axes,
      );
      label.textContent = formatNumber(epoch);
    }
    svgElement('rect', { class: 'frame', x: left, y: top, width: right - left, height: bottom - top }, axes);
    const epochName = svgElement(
      'text',
      { class: 'axis-name', x: (left + right) / 2, y: this.#height - 2, 'text-anchor': 'middle' },
      axes,
    );
    epochName.textContent = 'epoch';
    const lossName = svgElement(
      'text',
      {
        class: 'axis-name',
        transform: `translate(12,${(top + bottom) / 2}) rotate(-90)`,
        'text-anchor': 'middle',
      },
      axes,
    );
    lossName.textContent = this.#log ? 'loss (log)' : 'loss';
  }

  /** Adds one point to each curve's `d`, unless it is too close in x to the last point drawn. */
  #extend(point: LossPoint): void {
    const x = this.#toX(point.epoch);
    for (const { key } of SERIES) {
      const curve = this.#curves[key];
      const loss = point[key];
      if (!Number.isFinite(loss)) {
        curve.broken = true;
        continue;
      }
      if (!curve.broken && x - curve.lastX < MIN_PIXEL_STEP) continue;
      const y = this.#toY(this.#log ? Math.max(LOG_FLOOR, loss) : loss);
      curve.d += `${curve.broken ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
      curve.lastX = x;
      curve.broken = false;
    }
  }

  #flush(): void {
    for (const curve of Object.values(this.#curves)) curve.path.setAttribute('d', curve.d);
  }
}

function sameDomain(a: Domain, b: Domain): boolean {
  return a[0] === b[0] && a[1] === b[1];
}
