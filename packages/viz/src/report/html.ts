/**
 * Small HTML builders for the run report: tables, and SVG markup made fit to inline.
 */
import { escapeHtml } from '../html/escape.ts';

/** A table cell: its text (escaped when rendered) and whether it holds a number (aligned right). */
export interface Cell {
  readonly text: string;
  readonly numeric?: boolean;
}

export interface TableOptions {
  /** Text over the table. */
  readonly caption?: string;
  /** A class for each row (e.g. 'fail'), or undefined for none. */
  readonly rowClass?: (rowIndex: number) => string | undefined;
}

function cellHtml(tag: 'th' | 'td', cell: Cell): string {
  return `<${tag}${cell.numeric ? ' class="num"' : ''}>${escapeHtml(cell.text)}</${tag}>`;
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
  const caption = options.caption === undefined ? '' : `<caption>${escapeHtml(options.caption)}</caption>`;
  const head = `<thead><tr>${header.map((cell) => cellHtml('th', cell)).join('')}</tr></thead>`;
  const body = rows
    .map((row, i) => {
      const rowClass = options.rowClass?.(i);
      const open = rowClass === undefined ? '<tr>' : `<tr class="${escapeHtml(rowClass)}">`;
      return `${open}${row.map((cell) => cellHtml('td', cell)).join('')}</tr>`;
    })
    .join('\n');
  return `<table>${caption}${head}<tbody>\n${body}\n</tbody></table>`;
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
