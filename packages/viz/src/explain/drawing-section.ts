/**
 * The section that draws the network: in the HTML page the SVG itself, inline; in the Markdown an image
 * of the SVG written beside it (when there is one) and, for every renderer, the same numbers as a table of
 * units, each with the weights coming into it.
 */
import type { Worked } from './context.ts';
import { formatNumber } from './format.ts';
import { heading, table } from './markdown.ts';
import { networkSvg } from './network-drawing.ts';

export interface DrawingSection {
  readonly markdown: string[];
  /** The same blocks with the drawing inline: a raw HTML block, as markdownToHtml passes it through. */
  readonly html: string[];
}

const EXPLANATION =
  'Each circle is a unit, holding its value for example 1 (the first row of $X$); each edge carries its ' +
  'weight. Column $r$ of $W_1$ holds the weights into hidden unit $h_r$: $W_1[p, r]$ joins input $x_p$ to ' +
  '$h_r$, and $W_2[r, j]$ joins $h_r$ to output $o_j$.';

/** One row per unit: the weights into it, its bias, and its pre-activation and value for example 1. */
function unitsTable({ network, hand }: Worked): string {
  const { Z1, A1, Z2, A2 } = hand.forward;
  const dash = '–';
  const inputs = network.X[0]!.map((value, p) => [`$x_${p + 1}$`, dash, dash, dash, formatNumber(value)]);
  const layer = (
    unit: string,
    source: string,
    W: number[][],
    b: number[],
    Z: number[],
    A: number[],
  ): string[][] =>
    A.map((value, r) => [
      `$${unit}_${r + 1}$`,
      W.map((row, p) => `$${source}_${p + 1}$: ${formatNumber(row[r]!)}`).join(', '),
      formatNumber(b[r]!),
      formatNumber(Z[r]!),
      formatNumber(value),
    ]);
  return table(
    ['unit', 'weights in', 'bias', 'z (example 1)', 'value (example 1)'],
    [
      ...inputs,
      ...layer('h', 'x', network.W1, network.b1[0]!, Z1[0]!, A1[0]!),
      ...layer('o', 'h', network.W2, network.b2[0]!, Z2[0]!, A2[0]!),
    ],
    ['left', 'left', 'right', 'right', 'right'],
  );
}

/**
 * The drawing of the network, with `image` the path the Markdown shows the SVG from (none: the table only).
 * @example drawingSection(worked, 'worked.svg').markdown; // ['## The network, drawn', ..., '![...](worked.svg)', table]
 */
export function drawingSection(worked: Worked, image: string | undefined): DrawingSection {
  const { X, W1, outputs } = worked.network;
  const alt = `The ${X[0]!.length}-${W1[0]!.length}-${outputs} network with its weights, biases and the values of example 1`;
  const opening = [heading(2, 'The network, drawn'), EXPLANATION];
  const units = unitsTable(worked);
  return {
    markdown: [...opening, ...(image === undefined ? [] : [`![${alt}](${image})`]), units],
    html: [...opening, `<figure class="network">\n${networkSvg(worked)}</figure>`, units],
  };
}
