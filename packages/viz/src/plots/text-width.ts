/**
 * How wide a line of text will be, and where to break it, without font metrics (Node has none): an
 * estimate per character, on the generous side, so that text estimated to fit does fit once rendered.
 */

/**
 * Ems per character, by the character's kind: about DejaVu Sans's advance widths (the font resvg finds
 * first on Linux, and among the wider sans-serif fonts), rounded up. Bold adds about 10%. Against resvg's
 * rendering of this project's titles, legend labels and subtitles, the estimate came out 1.01 to 1.16
 * times the width drawn (more for runs of i and l): never short.
 */
const NARROW = 0.34; // i j l | . , : ; ! ' and space
const SLIM = 0.45; // f r t ( ) [ ] - /
const WIDE = 0.98; // m w M W @ %
const CAPITAL = 0.74;
const ORDINARY = 0.63; // other letters, digits, most symbols
const BOLD_FACTOR = 1.1;

export type FontWeight = 'regular' | 'bold';

function characterWidth(character: string): number {
  if (/[ijl|.,:;!' ]/.test(character)) return NARROW;
  if (/[frt()[\]\-/]/.test(character)) return SLIM;
  if (/[mwMW@%]/.test(character)) return WIDE;
  if (/[A-Z]/.test(character)) return CAPITAL;
  return ORDINARY;
}

/**
 * The estimated width of `text` at `fontSize` pixels.
 * @example estimateTextWidth('train', 11); // (0.45 + 0.45 + 0.63 + 0.34 + 0.63) * 11 = 27.5
 */
export function estimateTextWidth(text: string, fontSize: number, weight: FontWeight = 'regular'): number {
  let ems = 0;
  for (const character of text) ems += characterWidth(character);
  return ems * fontSize * (weight === 'bold' ? BOLD_FACTOR : 1);
}

/**
 * `text` broken at spaces into lines whose estimated width is at most `maxWidth`; a single word wider
 * than that keeps a line to itself.
 * @example wrapText('Gradients three ways: MLP(3-4-4-3, hidden relu, output softmax)', 400, 15, 'bold'); // 2 lines
 */
export function wrapText(
  text: string,
  maxWidth: number,
  fontSize: number,
  weight: FontWeight = 'regular',
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && estimateTextWidth(candidate, fontSize, weight) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines;
}
