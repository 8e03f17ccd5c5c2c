/**
 * A standalone HTML page: the KaTeX stylesheet it is given and a plain reading layout. With the stylesheet
 * of `katexCss()` (`@tapegrad/viz/node`: fonts inlined) the file opens anywhere, offline, and fetches
 * nothing.
 */
import { escapeHtml } from '../html/escape.ts';

const PAGE_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; line-height: 1.5;
  color: #1f2328; margin: 0; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1, h2 { border-bottom: 1px solid #d8dee4; padding-bottom: 0.3em; }
h2 { margin-top: 2.5rem; }
h3 { margin-top: 2rem; }
.math { overflow-x: auto; overflow-y: hidden; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d8dee4; padding: 0.3rem 0.75rem; }
th { background: #f6f8fa; }
td { font-variant-numeric: tabular-nums; }
figure.network { margin: 1rem 0; }
figure.network svg { max-width: 100%; height: auto; }
code { background: #f6f8fa; padding: 0.1em 0.3em; border-radius: 4px; font-size: 90%; }
`;

/**
 * The page around an HTML body, with KaTeX's stylesheet (CSS text; empty where the page that shows the
 * body already loads it).
 * @example htmlPage('Worked example', '<h1>Worked example</h1>', katexCss());
 */
export function htmlPage(title: string, body: string, katexStylesheet: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${katexStylesheet}\n${PAGE_CSS.trim()}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    body.trimEnd(),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
