/**
 * The few Markdown constructs the worked example is written in: headings, paragraphs, display math and
 * tables. A document is a list of blocks, joined by blank lines.
 */

export function heading(level: 1 | 2 | 3, text: string): string {
  return `${'#'.repeat(level)} ${text}`;
}

/** A display-math block: $$ on a line of its own before and after the LaTeX. */
export function displayMath(tex: string): string {
  return `$$\n${tex}\n$$`;
}

/** 'left' or 'right' alignment of a table column. */
export type Align = 'left' | 'right';

/** A Markdown table; numbers read best right-aligned. Cells must not contain '|'. */
export function table(
  headers: readonly string[],
  rows: readonly string[][],
  align: readonly Align[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = align.map((side) => (side === 'right' ? '---:' : '---'));
  return [line(headers), line(rule), ...rows.map(line)].join('\n');
}

/** Markdown blocks joined into a document ending with a newline. */
export function document(blocks: readonly string[]): string {
  return `${blocks.join('\n\n')}\n`;
}
