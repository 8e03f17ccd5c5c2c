/**
 * How wide a line of text will be, and where to break it, without font metrics (Node has none): an
 * estimate per character, on the generous side, so that estimated-to-fit text fits once rendered.
 */

/**
 * Ems per character. Rendered by resvg with the figures' font list on Linux, titles and subtitles of
 * these plots measured 0.46 to 0.55 em per character regular and 0.52 to 0.61 em bold; rounded up, for
 * browsers' wider system fonts. (All capitals run wider: about 0.9 em.)
 */
const EM_PER_CHARACTER = { regular: 0.6, bold: 0.66 } as const;

export type FontWeight = keyof typeof EM_PER_CHARACTER;

/**
 * The estimated width of `text` at `fontSize` pixels.
 * @example estimateTextWidth('train', 11); // 36.3
 */
export function estimateTextWidth(text: string, fontSize: number, weight: FontWeight = 'regular'): number {
  return text.length * fontSize * EM_PER_CHARACTER[weight];
}

/**
 * `text` broken at spaces into lines whose estimated width is at most `maxWidth`; a single word wider
 * than that keeps a line to itself.
 * @example wrapText('Manual vs autograd gradients: MLP(3-4-4-3)', 200, 15, 'bold'); // ['Manual vs autograd', ...]
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
