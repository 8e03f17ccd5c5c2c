/**
 * KaTeX's stylesheet made self-contained: the fonts the worked example's math uses are inlined as data
 * URLs (woff2, which every current browser reads), and the @font-face rules of the others are dropped
 * (the browser falls back to a system font for them). No URL is left to fetch.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/**
 * The KaTeX font families the worked example's math uses: Main (digits, operators, \log, \mathbf), Math
 * (italic letters) and Size1-4 (tall brackets of matrices, built from pieces when very tall, and sums).
 */
const INLINED_FAMILIES = new Set([
  'KaTeX_Main',
  'KaTeX_Math',
  'KaTeX_Size1',
  'KaTeX_Size2',
  'KaTeX_Size3',
  'KaTeX_Size4',
]);

let cachedCss: string | null = null;

/** The woff2 file an @font-face rule names, as a data URL. */
function woff2DataUrl(rule: string, fontsDir: string): string {
  const file = /url\(([^)]+\.woff2)\)/.exec(rule)?.[1];
  if (file === undefined) throw new Error(`katexCss: no woff2 font in the rule ${rule}`);
  const font = readFileSync(join(fontsDir, basename(file)));
  return `url(data:font/woff2;base64,${font.toString('base64')}) format("woff2")`;
}

/**
 * The contents of katex.min.css with the fonts of INLINED_FAMILIES inlined and no other @font-face rule.
 * Read from the installed katex package once, then cached.
 * @example `<style>${katexCss()}</style>`
 */
export function katexCss(): string {
  if (cachedCss !== null) return cachedCss;
  const cssPath = createRequire(import.meta.url).resolve('katex/dist/katex.min.css');
  const fontsDir = join(dirname(cssPath), 'fonts');
  cachedCss = readFileSync(cssPath, 'utf8').replace(/@font-face\{[^}]*\}/g, (rule) => {
    const family = /font-family:([^;}]+)/.exec(rule)?.[1]?.trim();
    if (family === undefined || !INLINED_FAMILIES.has(family)) return '';
    return rule.replace(/src:[^;}]+/, `src:${woff2DataUrl(rule, fontsDir)}`);
  });
  return cachedCss;
}
