/**
 * The trained network: its architecture layer by layer with parameter counts, and each layer's weights as
 * a table coloured like a heatmap (blue positive, red negative, white near zero).
 */
import type { Network } from '@tapegrad/nn';
import { escapeHtml } from '../html/escape.ts';
import { architectureLine, type NetworkLayer, networkLayers } from '../plots/network-layers.ts';
import { formatNumber, plural } from './format.ts';
import { type Cell, htmlTable } from './html.ts';

/** A weight matrix with more entries than this is summarised (shape, range) instead of tabulated. */
export const MAX_WEIGHT_CELLS = 1024;

const POSITIVE = [33, 102, 172];
const NEGATIVE = [178, 24, 43];

/**
 * The background of a weight's cell: white at 0, deepening linearly to blue at +scale and red at -scale.
 * @example heatColor(1, 1); // 'rgb(33,102,172)'
 */
export function heatColor(value: number, scale: number): string {
  const strength = scale > 0 ? Math.min(1, Math.abs(value) / scale) : 0;
  const [r, g, b] = (value >= 0 ? POSITIVE : NEGATIVE).map((channel) =>
    Math.round(255 + strength * (channel - 255)),
  );
  return `rgb(${r},${g},${b})`;
}

/** The parameters of a layer: inFeatures x outFeatures weights and one bias per unit. */
const layerParameters = (layer: NetworkLayer) =>
  layer.linear.inFeatures * layer.linear.outFeatures +
  (layer.linear.bias === null ? 0 : layer.linear.outFeatures);

/** The architecture in one line and a row per layer. */
function architectureHtml(model: Network): string {
  const layers = networkLayers(model);
  const table = htmlTable(
    [
      { text: 'layer' },
      { text: 'computes' },
      { text: 'weights' },
      { text: 'activation' },
      { text: 'parameters', numeric: true },
    ],
    layers.map((layer, l) => [
      { text: layer.name },
      { text: `Z${l + 1} = A${l} W${l + 1} + b${l + 1}` },
      {
        text: `W${l + 1} [${layer.linear.inFeatures}, ${layer.linear.outFeatures}], b${l + 1} [${layer.linear.outFeatures}]`,
      },
      { text: layer.activation },
      { text: String(layerParameters(layer)), numeric: true },
    ]),
    {
      caption:
        'Layer by layer (A0 is the standardized input); each layer multiplies, adds its bias, then applies its activation.',
    },
  );
  return (
    `<p class="architecture">${escapeHtml(`${architectureLine(model)}, ${plural(model.numParameters(), 'parameter')}`)}</p>\n` +
    table
  );
}

/** Names for a layer's rows (its inputs) and columns (its units). */
function axisNames(
  layer: NetworkLayer,
  l: number,
  last: boolean,
  featureNames: readonly string[] | undefined,
  classes: readonly string[] | undefined,
): { inputs: string[]; units: string[] } {
  const { inFeatures, outFeatures } = layer.linear;
  const inputs =
    l === 0 && featureNames?.length === inFeatures
      ? [...featureNames]
      : Array.from({ length: inFeatures }, (_, i) => `h${l}.${i + 1}`);
  const units =
    last && classes?.length === outFeatures
      ? classes.map((name) => `class ${name}`)
      : last && outFeatures === 1
        ? ['output']
        : Array.from({ length: outFeatures }, (_, j) => `h${l + 1}.${j + 1}`);
  return { inputs, units };
}

/** One layer's W (rows: inputs, columns: units) and b (last row), coloured on the layer's own scale. */
function weightTableHtml(
  layer: NetworkLayer,
  l: number,
  last: boolean,
  names: { featureNames?: readonly string[]; classes?: readonly string[] },
): string {
  const { weight, bias, inFeatures, outFeatures } = layer.linear;
  const values = [...weight.data, ...(bias?.data ?? [])];
  let scale = 0;
  for (const value of values) scale = Math.max(scale, Math.abs(value));
  const title = `W${l + 1} [${inFeatures}, ${outFeatures}] (${layer.name}.weight)`;
  if (weight.numel() > MAX_WEIGHT_CELLS) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const value of weight.data) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    return `<p>${escapeHtml(`${title}: ${weight.numel()} weights from ${formatNumber(low, 3)} to ${formatNumber(high, 3)}, too many to tabulate.`)}</p>`;
  }
  const { inputs, units } = axisNames(layer, l, last, names.featureNames, names.classes);
  const cell = (value: number): Cell => ({
    text: value.toFixed(2),
    numeric: true,
    // White text where the colour is deep enough to hide black.
    style: `background:${heatColor(value, scale)}${Math.abs(value) > 0.6 * scale ? ';color:#fff' : ''}`,
  });
  const rows: Cell[][] = inputs.map((input, i) => [
    { text: input, header: true },
    ...units.map((_, j) => cell(weight.data[i * outFeatures + j]!)),
  ]);
  if (bias !== null)
    rows.push([{ text: `b${l + 1}`, header: true }, ...units.map((_, j) => cell(bias.data[j]!))]);
  return htmlTable([{ text: 'from \\ to' }, ...units.map((unit) => ({ text: unit, numeric: true }))], rows, {
    caption: `${title} and its bias b${l + 1}: row = the input a weight multiplies, column = the unit it feeds; blue positive, red negative, deeper for larger |w| (largest here ${formatNumber(scale, 3)}).`,
    className: 'weights',
  });
}

/**
 * The network section: the architecture line ('2 -> 16 tanh -> 1 sigmoid, 65 parameters'), a row per
 * layer, and each layer's weights (tabulated up to MAX_WEIGHT_CELLS of them).
 */
export function networkHtml(
  model: Network,
  names: { featureNames?: readonly string[]; classes?: readonly string[] } = {},
): string {
  const layers = networkLayers(model);
  const weights = layers.map((layer, l) => weightTableHtml(layer, l, l === layers.length - 1, names));
  return [architectureHtml(model), '<h3>Weights</h3>', ...weights].join('\n');
}
