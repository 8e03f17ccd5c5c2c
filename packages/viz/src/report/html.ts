/**
 * Small HTML builders for the run report: tables, and SVG markup made fit to inline.
 */
import { escapeHtml } from '../html/escape.ts';

/** A table cell: its text (escaped when rendered) and how it is drawn. */
export interface Cell {
  readonly text: string;
  /** A number: aligned right. */
  readonly numeric?: boolean;
  /** A row's label: a <th> in the body. */
  readonly header?: boolean;
  /** A class for the cell (e.g. 'diagonal'). */
  readonly className?: string;
  /** An inline style, e.g. a heatmap cell's 'background:#d1e5f0'. */
  readonly style?: string;
}

export interface TableOptions {
  /** A sentence over the table, saying what it shows. */
  readonly caption?: string;
  /** A class for each row (e.g. 'fail'), or undefined for none. */
  readonly rowClass?: (rowIndex: number) => string | undefined;
  /** A class for the table. */
  readonly className?: string;
}

function cellHtml(tag: 'th' | 'td', cell: Cell): string {
  const classes = [cell.numeric ? 'num' : '', cell.className ?? ''].filter((name) => name !== '').join(' ');
  const attributes =
    (classes === '' ? '' : ` class="${escapeHtml(classes)}"`) +
    (cell.style === undefined ? '' : ` style="${escapeHtml(cell.style)}"`);
  return `<${tag}${attributes}>${escapeHtml(cell.text)}</${tag}>`;
}

/**
 * An HTML table with a header row; every text escaped.
 * @example htmlTable([{ text: 'epoch' }], [[{ text: '1', numeric: true }]])
 */
export function htmlTable(
  header: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): string {
  const open =
    options.className === undefined ? '<table>' : `<table class="${escapeHtml(options.className)}">`;
  // Above the table rather than a <caption>, which a browser keeps as narrow as the table.
  const caption =
    options.caption === undefined ? '' : `<p class="caption">${escapeHtml(options.caption)}</p>\n`;
  const head = `<thead><tr>${header.map((cell) => cellHtml('th', cell)).join('')}</tr></thead>`;
  const body = rows
    .map((row, i) => {
      const rowClass = options.rowClass?.(i);
      const tr = rowClass === undefined ? '<tr>' : `<tr class="${escapeHtml(rowClass)}">`;
      return `${tr}${row.map((cell) => cellHtml(cell.header ? 'th' : 'td', cell)).join('')}</tr>`;
    })
    .join('\n');
  return `${caption}${open}${head}<tbody>\n${body}\n</tbody></table>`;
}

/**
 * SVG file markup made fit to inline in HTML: the XML declaration and the DOCTYPE (which names an
 * external DTD) are dropped; the <svg> element itself is kept as it is.
 */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .trim();
}

/** A figure: the SVG inline, the caption under it. */
export function figureHtml(figure: { readonly caption: string; readonly svg: string }): string {
  return `<figure>\n${inlineSvg(figure.svg)}\n<figcaption>${escapeHtml(figure.caption)}</figcaption>\n</figure>`;
}
