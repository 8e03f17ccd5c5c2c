/**
 * A figure: a title, an optional subtitle and legends above one Observable Plot chart, in ONE <svg>.
 *
 * Plot puts titles and swatch legends in HTML (a <figure> with <div>s), which an .svg file or resvg
 * cannot hold; so the chart's <svg> and any legend <svg>s are moved into <g> groups of a new root <svg>.
 * Groups, not nested <svg>s: Plot's stylesheet gives its <svg> `height: auto`, which a browser would
 * apply to a nested <svg> (making it as tall as the page), but which means nothing on a <g>.
 */
import { createSvgElement, type PlotDocument, type SvgElement, svgMarkup } from './svg-document.ts';
import { wrapText } from './text-width.ts';

/**
 * The fonts tried in order: the system UI font (browsers), then common sans-serif fonts of macOS, Windows
 * and Linux. resvg takes the first one installed: it resolves neither `system-ui` nor, on Linux usually,
 * `sans-serif` (which it maps to Arial), so the concrete names must be there. The names are unquoted on
 * purpose: resvg 2.6 misreads a quoted name that follows an unquoted one.
 */
export const FONT_STACK =
  'system-ui, -apple-system, Segoe UI, Helvetica, Arial, DejaVu Sans, Liberation Sans, Noto Sans, sans-serif';

/** The width of every chart, in pixels (SVG user units). */
export const FIGURE_WIDTH = 640;

/** The attributes of a chart's root <svg> that still mean something on the <g> that replaces it. */
const INHERITED_ATTRIBUTES = ['class', 'fill', 'font-size', 'text-anchor', 'font-variant', 'style'];

const LEFT_INSET = 12;
const TITLE_SIZE = 15;
const TITLE_LINE_HEIGHT = 19;
const SUBTITLE_SIZE = 11;
const SUBTITLE_LINE_HEIGHT = 14;

export interface FigureParts {
  readonly title: string;
  /** A line of smaller grey text under the title. */
  readonly subtitle?: string;
  /** <svg> elements stacked under the title (legends), left-aligned. */
  readonly legends?: readonly SvgElement[];
  /** The chart: a root <svg> with width and height attributes, as `Plot.plot` returns. */
  readonly chart: SvgElement;
}

function sizeOf(svg: SvgElement): { width: number; height: number } {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  if (!(width > 0 && height > 0)) {
    throw new Error(`figure: a part has no usable width and height (got '${width}' x '${height}')`);
  }
  return { width, height };
}

/** The <svg>'s content moved into a <g> translated to (x, y); its coordinates are kept (viewBox = size). */
export function asGroup(svg: SvgElement, x: number, y: number, document: PlotDocument): SvgElement {
  const group = createSvgElement(document, 'g', { transform: `translate(${x},${y})` });
  for (const name of INHERITED_ATTRIBUTES) {
    const value = svg.getAttribute(name);
    if (value !== null) group.setAttribute(name, value);
  }
  while (svg.firstChild !== null) group.appendChild(svg.firstChild);
  return group;
}

function textLine(
  document: PlotDocument,
  text: string,
  y: number,
  attributes: Readonly<Record<string, string | number>>,
): SvgElement {
  const element = createSvgElement(document, 'text', { x: LEFT_INSET, y, ...attributes });
  element.textContent = text;
  return element;
}

/**
 * The standalone SVG of a figure: the title, subtitle and legends, then the chart below them, on a white
 * background, with a font list that resvg and browsers both resolve. A title or subtitle too long for the
 * figure's width (as estimated: see text-width.ts) is wrapped onto more lines, never cut off.
 * @example composeFigure({ title: 'Loss per epoch', legends: [legend], chart: Plot.plot({ document, marks }) }, document)
 */
export function composeFigure(parts: FigureParts, document: PlotDocument): string {
  const chartSize = sizeOf(parts.chart);
  const width = (parts.legends ?? []).reduce(
    (widest, legend) => Math.max(widest, sizeOf(legend).width),
    chartSize.width,
  );
  const textWidth = width - 2 * LEFT_INSET;
  const content: SvgElement[] = [];
  let y = 8;
  for (const line of wrapText(parts.title, textWidth, TITLE_SIZE, 'bold')) {
    content.push(textLine(document, line, y + 15, { 'font-size': TITLE_SIZE, 'font-weight': 'bold' }));
    y += TITLE_LINE_HEIGHT;
  }
  y += 5;
  if (parts.subtitle !== undefined) {
    for (const line of wrapText(parts.subtitle, textWidth, SUBTITLE_SIZE)) {
      content.push(textLine(document, line, y + 11, { 'font-size': SUBTITLE_SIZE, fill: '#555' }));
      y += SUBTITLE_LINE_HEIGHT;
    }
    y += 4;
  }
  for (const legend of parts.legends ?? []) {
    const { height } = sizeOf(legend);
    content.push(asGroup(legend, LEFT_INSET, y, document));
    y += height + 4;
  }
  content.push(asGroup(parts.chart, 0, y, document));
  const height = y + chartSize.height;

  const root = createSvgElement(document, 'svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': FONT_STACK,
    'font-size': 10,
  });
  root.appendChild(createSvgElement(document, 'rect', { width, height, fill: 'white' }));
  for (const element of content) root.appendChild(element);
  return svgMarkup(root);
}

/**
 * A figure that says why there is nothing to plot (no epochs yet, no accuracy for a regression), so a
 * run folder and its report keep the same files whatever the run was.
 */
export function messageFigure(title: string, message: string, document: PlotDocument): string {
  const chart = createSvgElement(document, 'svg', { width: FIGURE_WIDTH, height: 100 });
  const text = createSvgElement(document, 'text', {
    x: FIGURE_WIDTH / 2,
    y: 50,
    'text-anchor': 'middle',
    'font-size': 13,
    fill: '#555',
  });
  text.textContent = message;
  chart.appendChild(text);
  return composeFigure({ title, chart }, document);
}
