/**
 * A small Markdown-to-HTML converter for exactly the constructs the worked example writes: headings (#
 * to ####), paragraphs, tables, display math ($$ on its own lines), raw HTML blocks (a line that starts
 * with <figure, up to the next blank line, as CommonMark passes HTML through) and, inside text,
 * $inline math$, `code` and **bold**. The math is rendered by KaTeX here, at build time, so the page
 * needs no script.
 */
import katex from 'katex';
import { escapeHtml } from '../html/escape.ts';

/** LaTeX to KaTeX's HTML (and MathML, for screen readers); a LaTeX error throws, naming the formula. */
function renderMath(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: true, output: 'htmlAndMathml' });
}

/** $math$, `code` and **bold** within a line of text; everything else escaped. */
function inline(text: string): string {
  return text
    .split(/(\$[^$]+\$|`[^`]+`|\*\*[^*]+\*\*)/)
    .map((part, i) => {
      // split() with a capturing group puts the matches at the odd positions.
      if (i % 2 === 0) return escapeHtml(part);
      if (part.startsWith('$')) return renderMath(part.slice(1, -1), false);
      if (part.startsWith('`')) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return `<strong>${inline(part.slice(2, -2))}</strong>`;
    })
    .join('');
}

/** The cells of a table row `| a | b |`. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

function tableHtml(lines: readonly string[]): string {
  const [header, rule, ...body] = lines;
  const align = cells(rule ?? '').map((spec) => (spec.endsWith(':') ? ' style="text-align: right"' : ''));
  const row = (line: string, tag: 'th' | 'td') =>
    `<tr>${cells(line)
      .map((cell, i) => `<${tag}${align[i] ?? ''}>${inline(cell)}</${tag}>`)
      .join('')}</tr>`;
  return `<table>\n<thead>${row(header ?? '', 'th')}</thead>\n<tbody>\n${body
    .map((line) => row(line, 'td'))
    .join('\n')}\n</tbody>\n</table>`;
}

/**
 * The HTML of a Markdown document written with the constructs above (no wrapper page).
 * @example markdownToHtml('# Title\n\nSome $x^2$.'); // '<h1>Title</h1>\n<p>Some <span class="katex">...</p>'
 */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.split('\n');
  const blocks: string[] = [];
  let i = 0;
  // Collects the lines from i while they satisfy `keep`.
  const take = (keep: (line: string) => boolean): string[] => {
    const taken: string[] = [];
    while (i < lines.length && keep(lines[i]!)) taken.push(lines[i++]!);
    return taken;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const headingMatch = /^(#{1,4}) (.*)$/.exec(line);
    if (line.trim() === '') {
      i++;
    } else if (headingMatch) {
      const level = headingMatch[1]!.length;
      blocks.push(`<h${level}>${inline(headingMatch[2]!)}</h${level}>`);
      i++;
    } else if (line.trim() === '$$') {
      i++;
      const tex = take((next) => next.trim() !== '$$');
      i++; // the closing $$
      blocks.push(`<div class="math">${renderMath(tex.join('\n'), true)}</div>`);
    } else if (line.startsWith('<figure')) {
      blocks.push(take((next) => next.trim() !== '').join('\n'));
    } else if (line.startsWith('|')) {
      blocks.push(tableHtml(take((next) => next.startsWith('|'))));
    } else {
      const paragraph = take((next) => next.trim() !== '' && !/^(#|\||\$\$|<figure)/.test(next));
      blocks.push(`<p>${inline(paragraph.join(' '))}</p>`);
    }
  }
  return `${blocks.join('\n')}\n`;
}
