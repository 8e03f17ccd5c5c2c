/**
 * The tiny network drawn with its numbers, as a standalone SVG: the inputs, hidden units and outputs as
 * circles holding their values for the first example, each bias and pre-activation beneath its unit, and
 * each edge labelled with its weight (blue for a positive weight, orange for a negative one, thicker for a
 * larger one). Written as text, so that it is the same in Node and in a browser.
 */
import { escapeHtml } from '../html/escape.ts';
import type { Worked } from './context.ts';
import { formatNumber } from './format.ts';
import type { Matrix } from './matrix.ts';

const WIDTH = 720;
const COLUMN_X = [90, 360, 630] as const;
const TOP = 50;
const UNIT_SPACING = 130;
const RADIUS = 36;
const LEGEND_HEIGHT = 80;
/** Where along an edge its weight is written: the labels of one layer then never overlap. */
const W1_LABEL_AT = 0.7; // from the input, toward the hidden unit
const W2_LABEL_AT = 0.3; // from the hidden unit, toward the output
const POSITIVE = '#1f6fb4';
const NEGATIVE = '#d95f02';
const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

type Layer = 'input' | 'hidden' | 'output';

interface Unit {
  readonly layer: Layer;
  /** Its name on the drawing: x₁, h₂, o₁. */
  readonly name: string;
  readonly x: number;
  readonly y: number;
  /** What it holds for the first example: the input, the activation, or the output. */
  readonly value: number;
  /** Lines beneath it: bias, pre-activation, target. */
  readonly notes: readonly { readonly kind: string; readonly text: string }[];
}

/** 1-based index as a subscript: 2 becomes ₂. */
function subscript(index: number): string {
  return [...String(index)].map((digit) => SUBSCRIPTS[Number(digit)]).join('');
}

/** The y of unit i of a layer of `count`, the layers centred on one another. */
function unitY(i: number, count: number, tallest: number): number {
  return TOP + (tallest * UNIT_SPACING) / 2 + (i - (count - 1) / 2) * UNIT_SPACING;
}

function unitsOf({ network, hand }: Worked, tallest: number): Unit[][] {
  const { Z1, A1, Z2, A2 } = hand.forward;
  const inputs = network.X[0]!.map(
    (value, p, row): Unit => ({
      layer: 'input',
      name: `x${subscript(p + 1)}`,
      x: COLUMN_X[0],
      y: unitY(p, row.length, tallest),
      value,
      notes: [],
    }),
  );
  const hidden = A1[0]!.map(
    (value, r, row): Unit => ({
      layer: 'hidden',
      name: `h${subscript(r + 1)}`,
      x: COLUMN_X[1],
      y: unitY(r, row.length, tallest),
      value,
      notes: [
        { kind: 'bias', text: `b = ${formatNumber(network.b1[0]![r]!)}` },
        { kind: 'preactivation', text: `z = ${formatNumber(Z1[0]![r]!)}` },
      ],
    }),
  );
  const outputs = A2[0]!.map(
    (value, j, row): Unit => ({
      layer: 'output',
      name: `o${subscript(j + 1)}`,
      x: COLUMN_X[2],
      y: unitY(j, row.length, tallest),
      value,
      notes: [
        { kind: 'bias', text: `b = ${formatNumber(network.b2[0]![j]!)}` },
        { kind: 'preactivation', text: `z = ${formatNumber(Z2[0]![j]!)}` },
        { kind: 'target', text: `target ${formatNumber(network.Y[0]![j]!)}` },
      ],
    }),
  );
  return [inputs, hidden, outputs];
}

function unitSvg(unit: Unit): string {
  const notes = unit.notes.map(
    (note, i) =>
      `<text class="${note.kind}" x="${unit.x}" y="${unit.y + RADIUS + 18 + 16 * i}">${escapeHtml(note.text)}</text>`,
  );
  return [
    `<g class="unit ${unit.layer}">`,
    `<circle cx="${unit.x}" cy="${unit.y}" r="${RADIUS}"/>`,
    `<text class="name" x="${unit.x}" y="${unit.y - 6}">${unit.name}</text>`,
    `<text class="value" x="${unit.x}" y="${unit.y + 14}">${formatNumber(unit.value)}</text>`,
    ...notes,
    '</g>',
  ].join('');
}

/** A weight written on its edge, on a white chip outlined in the edge's colour so the line never crosses it. */
function labelChip(text: string, x: number, y: number, color: string): string {
  const width = 7 * text.length + 8; // about 7 px a character at 12 px
  return (
    `<rect class="chip" x="${(x - width / 2).toFixed(1)}" y="${(y - 9).toFixed(1)}" width="${width}" height="18" ` +
    `rx="4" stroke="${color}"/><text class="weight" x="${x.toFixed(1)}" y="${(y + 4).toFixed(1)}">${text}</text>`
  );
}

/** The edges of one layer: weights W[p, r] from unit p of `from` to unit r of `to`. */
function edgesSvg(symbol: string, W: Matrix, from: Unit[], to: Unit[], labelAt: number, largest: number) {
  return W.flatMap((row, p) =>
    row.map((weight, r) => {
      const [source, target] = [from[p]!, to[r]!];
      const width = 1 + (3 * Math.abs(weight)) / largest;
      const color = weight >= 0 ? POSITIVE : NEGATIVE;
      const [labelX, labelY] = [
        source.x + labelAt * (target.x - source.x),
        source.y + labelAt * (target.y - source.y),
      ];
      const name = `${symbol}[${p + 1}, ${r + 1}]`;
      return [
        '<g class="edge">',
        `<title>${name} = ${formatNumber(weight)}: from ${source.name} to ${target.name}</title>`,
        `<line x1="${source.x + RADIUS}" y1="${source.y}" x2="${target.x - RADIUS}" y2="${target.y}" `,
        `stroke="${color}" stroke-width="${width.toFixed(2)}"/>`,
        labelChip(formatNumber(weight), labelX, labelY, color),
        '</g>',
      ].join('');
    }),
  );
}

const STYLE = [
  'text { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 13px;',
  ' text-anchor: middle; fill: #1f2328; }',
  '.unit circle { fill: #ffffff; stroke: #57606a; stroke-width: 1.5; }',
  '.unit.input circle { fill: #f6f8fa; } .unit.output circle { fill: #fff8e5; }',
  '.name { font-weight: 600; } .bias, .preactivation, .target { font-size: 12px; fill: #57606a; }',
  '.weight { font-size: 12px; } .chip { fill: #ffffff; stroke-width: 1; }',
  '.heading { font-weight: 600; } .legend { font-size: 12px; fill: #57606a; text-anchor: start; }',
].join('');

/**
 * The network of the page as a standalone SVG document, its numbers those of the page (6 significant
 * digits): one circle per unit, one labelled edge per weight.
 * @example writeFileSync('worked.svg', networkSvg(worked));
 */
export function networkSvg(worked: Worked): string {
  const { network } = worked;
  const tallest = Math.max(network.X[0]!.length, network.W1[0]!.length, network.outputs);
  const height = TOP + tallest * UNIT_SPACING + LEGEND_HEIGHT;
  const [inputs, hidden, outputs] = unitsOf(worked, tallest);
  // The thickest edge is the largest |weight| (MIN_VALUE: no division by 0 if every weight is 0).
  const largest = [...network.W1.flat(), ...network.W2.flat()].reduce(
    (most, weight) => Math.max(most, Math.abs(weight)),
    Number.MIN_VALUE,
  );
  const { activation } = network.settings;
  const title =
    `The ${inputs!.length}-${hidden!.length}-${outputs!.length} network of the page: the weights on the edges, ` +
    'and in each unit its value for example 1';
  const headings = [
    'inputs (example 1)',
    `hidden units: a = ${activation}(z)`,
    `outputs: ${network.output}(z)`,
  ].map((text, i) => `<text class="heading" x="${COLUMN_X[i]}" y="32">${escapeHtml(text)}</text>`);
  const legend = [
    'Edges: weights, blue when positive, orange when negative, thicker when larger. In each unit: its value for',
    'example 1 (the input x, the activation a, the output). Beneath a unit: its bias b and pre-activation z.',
  ].map(
    (line, i) => `<text class="legend" x="20" y="${height - LEGEND_HEIGHT + 40 + 18 * i}">${line}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...headings,
    ...edgesSvg('W₁', network.W1, inputs!, hidden!, W1_LABEL_AT, largest),
    ...edgesSvg('W₂', network.W2, hidden!, outputs!, W2_LABEL_AT, largest),
    ...[...inputs!, ...hidden!, ...outputs!].map(unitSvg),
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
