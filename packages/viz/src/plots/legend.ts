/**
 * A swatch legend drawn in SVG (Observable Plot draws swatch legends in HTML, which an .svg file cannot
 * hold): a symbol and a label per entry, flowing left to right and wrapping to new rows.
 */
import {
  MISCLASSIFIED_COLOR,
  MISCLASSIFIED_STROKE_WIDTH,
  POINT_RADIUS,
  TEST_RING_RADIUS,
  TEST_RING_WIDTH,
  TRAIN_EDGE_COLOR,
  TRAIN_EDGE_WIDTH,
} from './point-markers.ts';
import { createSvgElement, type PlotDocument, type SvgElement } from './svg-document.ts';
import { estimateTextWidth } from './text-width.ts';

/**
 * How an entry is drawn: a line (solid or dashed), a filled square, a filled dot, a ring, or a decision
 * boundary's markers as its points are drawn (a train point, a test point, a misclassified one's cross).
 */
export type LegendSymbol =
  | 'line'
  | 'dashed-line'
  | 'square'
  | 'dot'
  | 'ring'
  | 'train-point'
  | 'test-point'
  | 'cross';

export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly symbol: LegendSymbol;
}

const FONT_SIZE = 11;
const SYMBOL_WIDTH = 16;
const GAP_AFTER_SYMBOL = 5;
const GAP_BETWEEN_ENTRIES = 16;
const ROW_HEIGHT = 18;

/** The symbol of an entry, drawn in a 16-pixel box whose vertical centre is y = 0. */
function symbolElement(document: PlotDocument, entry: LegendEntry): SvgElement {
  switch (entry.symbol) {
    case 'line':
    case 'dashed-line':
      return createSvgElement(document, 'line', {
        x1: 0,
        x2: SYMBOL_WIDTH,
        y1: 0,
        y2: 0,
        stroke: entry.color,
        'stroke-width': 2,
        ...(entry.symbol === 'dashed-line' ? { 'stroke-dasharray': '4,3' } : {}),
      });
    case 'square':
      return createSvgElement(document, 'rect', { x: 1, y: -6, width: 14, height: 12, fill: entry.color });
    case 'dot':
      return createSvgElement(document, 'circle', { cx: 8, cy: 0, r: 4, fill: entry.color });
    case 'ring':
      return createSvgElement(document, 'circle', {
        cx: 8,
        cy: 0,
        r: 5,
        fill: 'none',
        stroke: entry.color,
        'stroke-width': 2,
      });
    case 'train-point':
      return createSvgElement(document, 'circle', {
        cx: 8,
        cy: 0,
        r: POINT_RADIUS,
        fill: entry.color,
        stroke: TRAIN_EDGE_COLOR,
        'stroke-width': TRAIN_EDGE_WIDTH,
      });
    case 'test-point':
      return createSvgElement(document, 'circle', {
        cx: 8,
        cy: 0,
        r: TEST_RING_RADIUS,
        fill: 'none',
        stroke: entry.color,
        'stroke-width': TEST_RING_WIDTH,
      });
    case 'cross':
      // Plot's 'times' symbol: two diagonals through the centre.
      return createSvgElement(document, 'path', {
        d: 'M3.5,-4.5L12.5,4.5M3.5,4.5L12.5,-4.5',
        fill: 'none',
        stroke: MISCLASSIFIED_COLOR,
        'stroke-width': MISCLASSIFIED_STROKE_WIDTH,
      });
  }
}

/**
 * A legend <svg> at most `maxWidth` wide, one `<g aria-label="legend entry">` per entry.
 * @example swatchLegend([{ label: 'train', color: '#4269d0', symbol: 'line' }], document)
 */
export function swatchLegend(
  entries: readonly LegendEntry[],
  document: PlotDocument,
  maxWidth = 600,
): SvgElement {
  const legend = createSvgElement(document, 'svg', {});
  let x = 0;
  let row = 0;
  for (const entry of entries) {
    const width = SYMBOL_WIDTH + GAP_AFTER_SYMBOL + estimateTextWidth(entry.label, FONT_SIZE);
    if (x > 0 && x + width > maxWidth) {
      x = 0;
      row += 1;
    }
    const item = createSvgElement(document, 'g', {
      'aria-label': 'legend entry',
      transform: `translate(${x},${row * ROW_HEIGHT + ROW_HEIGHT / 2})`,
    });
    item.appendChild(symbolElement(document, entry));
    const label = createSvgElement(document, 'text', {
      x: SYMBOL_WIDTH + GAP_AFTER_SYMBOL,
      y: '0.35em',
      'font-size': FONT_SIZE,
      'text-anchor': 'start',
      fill: '#222',
    });
    label.textContent = entry.label;
    item.appendChild(label);
    legend.appendChild(item);
    x += width + GAP_BETWEEN_ENTRIES;
  }
  legend.setAttribute('width', String(maxWidth));
  legend.setAttribute('height', String((row + 1) * ROW_HEIGHT));
  return legend;
}
