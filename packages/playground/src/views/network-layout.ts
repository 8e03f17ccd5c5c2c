/**
 * Where the network diagram puts things, as plain numbers: layers as columns from inputs to outputs, each
 * layer's nodes evenly spaced down its column and centred, one edge per weight whose width grows with
 * |w| and whose colour says its sign. Pure, so it is tested without a browser; network-diagram.ts draws it.
 */
import type { LayerView, NetworkView } from '../snapshot.ts';
import { cssColor, weightColor } from './colors.ts';
import { formatNumber } from './ticks.ts';

export type NodeKind = 'input' | 'hidden' | 'output';

export interface DiagramNode {
  /** 0 for the inputs, then 1, 2, ... (the layer's position in NetworkView.sizes). */
  readonly layer: number;
  readonly index: number;
  readonly kind: NodeKind;
  /** The node's centre and the side of its square, in the SVG's units. */
  readonly x: number;
  readonly y: number;
  readonly size: number;
  /** The input's feature name, or the output's name; '' for a hidden unit. */
  readonly label: string;
  /** The node's hover text: its name, and for a unit its bias and the bias's gradient. */
  readonly tooltip: string;
  /** The unit's bias (undefined for an input). */
  readonly bias?: number;
}

export interface DiagramEdge {
  /** The weight's layer: an index into NetworkView.layers. */
  readonly layer: number;
  /** W[from * fanOut + to] links unit `from` of the layer below to unit `to`. */
  readonly from: number;
  readonly to: number;
  readonly weight: number;
  readonly gradient: number;
  /** From the right side of the source node to the left side of the target node. */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** The stroke width: proportional to |w|, clamped to [MIN_EDGE_WIDTH, MAX_EDGE_WIDTH]. */
  readonly width: number;
  /** The stroke colour as CSS: orange for negative, blue for positive, grey near zero. */
  readonly color: string;
  readonly tooltip: string;
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  /** nodes[layer][index]. */
  readonly nodes: readonly (readonly DiagramNode[])[];
  readonly edges: readonly DiagramEdge[];
}

export interface LayoutOptions {
  /** The diagram's width (default 480). */
  readonly width?: number;
  /** The diagram's height (default: 36 per node of the largest layer plus margins, within [180, 480]). */
  readonly height?: number;
  /** The inputs' names (default x1, x2, ...). */
  readonly inputNames?: readonly string[];
  /** The outputs' names (default 'output' for one, else 'out 0', 'out 1', ...). */
  readonly outputNames?: readonly string[];
}

/** Stroke pixels per unit of |w|; the width is clamped to [MIN_EDGE_WIDTH, MAX_EDGE_WIDTH]. */
export const EDGE_WIDTH_PER_WEIGHT = 2;
export const MIN_EDGE_WIDTH = 0.5;
export const MAX_EDGE_WIDTH = 6;
/** |w| from which an edge has the full orange or blue. */
export const FULL_COLOR_WEIGHT = 1;
export const MAX_NODE_SIZE = 36;
/**
 * Room for the names: a name is shortened to MAX_LABEL_CHARS and counted LABEL_CHAR_WIDTH per character (a
 * generous average for 12 px sans-serif, so that the layout needs no text measuring); LABEL_GAP between a
 * name and its node, EDGE_MARGIN at the diagram's edges and above and below the columns.
 */
export const MAX_LABEL_CHARS = 16;
const LABEL_CHAR_WIDTH = 7;
const LABEL_GAP = 6;
const EDGE_MARGIN = 8;
const VERTICAL_MARGIN = 12;
/** The default height's share per node of the largest layer, and its bounds. */
const ROW_HEIGHT = 36;
const MIN_HEIGHT = 180;
const MAX_HEIGHT = 480;

/**
 * The stroke width of a weight: EDGE_WIDTH_PER_WEIGHT * |w|, clamped to [MIN_EDGE_WIDTH, MAX_EDGE_WIDTH].
 * @example edgeWidth(-1.5); // 3
 */
export function edgeWidth(weight: number): number {
  const width = EDGE_WIDTH_PER_WEIGHT * Math.abs(weight);
  return Number.isFinite(width) ? Math.min(MAX_EDGE_WIDTH, Math.max(MIN_EDGE_WIDTH, width)) : MAX_EDGE_WIDTH;
}

/** The name of unit `index` of layer `layer` (0 the inputs; `sizes` the units per layer). */
function unitName(layer: number, index: number, sizes: readonly number[], options: LayoutOptions): string {
  if (layer === 0) return options.inputNames?.[index] ?? `x${index + 1}`;
  if (layer === sizes.length - 1) {
    return options.outputNames?.[index] ?? (sizes[layer] === 1 ? 'output' : `out ${index}`);
  }
  return `h${layer}[${index}]`;
}

/**
 * A weight's hover text, in derivations.md's notation (W1 is the first layer's weight, J the cost):
 * which units it links, its value and its gradient.
 * @example weightTooltip(0, 0, 3, 0.8123, -0.0042, 'x1', 'h1[3]'); // 'W1[0, 3]: x1 → h1[3]\nw = 0.8123\n∂J/∂w = −0.0042'
 */
export function weightTooltip(
  layer: number,
  from: number,
  to: number,
  weight: number,
  gradient: number,
  fromName: string,
  toName: string,
): string {
  return (
    `W${layer + 1}[${from}, ${to}]: ${fromName} → ${toName}\n` +
    `w = ${formatNumber(weight, 4)}\n∂J/∂w = ${formatNumber(gradient, 4)}`
  );
}

/**
 * A unit's hover text: its name, its bias and the bias's gradient.
 * @example biasTooltip(0, 3, 0.1, 0.002, 'h1[3]'); // 'h1[3]\nb1[3] = 0.1\n∂J/∂b = 0.002'
 */
export function biasTooltip(
  layer: number,
  index: number,
  bias: number,
  gradient: number,
  name: string,
): string {
  return `${name}\nb${layer + 1}[${index}] = ${formatNumber(bias, 4)}\n∂J/∂b = ${formatNumber(gradient, 4)}`;
}

/**
 * A node's name as the diagram shows it: at most MAX_LABEL_CHARS characters, the last an ellipsis when cut.
 * @example shortLabel('sepal length in centimetres'); // 'sepal length in…'
 */
export function shortLabel(name: string): string {
  return name.length <= MAX_LABEL_CHARS ? name : `${name.slice(0, MAX_LABEL_CHARS - 1)}…`;
}

/** The room beside a column for its longest label, up to the centre of its nodes (counted at their largest). */
function sideSpace(labels: readonly string[]): number {
  const longest = labels.reduce((most, label) => Math.max(most, shortLabel(label).length), 0);
  return EDGE_MARGIN + (longest > 0 ? longest * LABEL_CHAR_WIDTH + LABEL_GAP : 0) + MAX_NODE_SIZE / 2;
}

function checkLayers(sizes: readonly number[], layers: readonly LayerView[]): void {
  if (layers.length !== sizes.length - 1) {
    throw new Error(
      `networkLayout: sizes [${sizes.join(', ')}] need ${sizes.length - 1} layers of weights, got ${layers.length}`,
    );
  }
  layers.forEach((layer, l) => {
    if (
      layer.fanIn !== sizes[l] ||
      layer.fanOut !== sizes[l + 1] ||
      layer.weight.length !== layer.fanIn * layer.fanOut
    ) {
      throw new Error(
        `networkLayout: layer ${l} is [${layer.fanIn}, ${layer.fanOut}] with ${layer.weight.length} weights; ` +
          `sizes [${sizes.join(', ')}] need [${sizes[l]}, ${sizes[l + 1]}]`,
      );
    }
  });
}

/**
 * The diagram of `network`: node centres, sizes and names, and an edge per weight. The columns are evenly
 * spaced between room for the inputs' names on the left and the outputs' on the right; node k of n in a
 * column is centred in the k-th of n equal slices of the height. Every node has the same size, the largest that leaves a gap
 * in the most crowded column (80% of its slice, at most MAX_NODE_SIZE, at most half the column gap), so a
 * 32-unit layer fits in the same height with smaller squares.
 * @example
 * const layout = networkLayout(snapshot.network, { inputNames: ['x', 'y'] });
 * layout.nodes[1].length; // the first hidden layer's unit count
 * layout.edges.length; // the number of weights
 */
export function networkLayout(
  network: Pick<NetworkView, 'sizes' | 'layers'>,
  options: LayoutOptions = {},
): DiagramLayout {
  const { sizes, layers } = network;
  checkLayers(sizes, layers);
  const largest = sizes.reduce((most, units) => Math.max(most, units), 1);
  const width = options.width ?? 480;
  const height =
    options.height ?? Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, largest * ROW_HEIGHT + 2 * VERTICAL_MARGIN));
  const outputLayer = sizes.length - 1;
  const names = sizes.map((count, layer) =>
    Array.from({ length: count }, (_, index) => unitName(layer, index, sizes, options)),
  );
  const leftSpace = sideSpace(names[0]!);
  const columnGap = (width - leftSpace - sideSpace(names[outputLayer]!)) / Math.max(1, outputLayer);
  const usableHeight = height - 2 * VERTICAL_MARGIN;
  const nodeSize = Math.max(2, Math.min(MAX_NODE_SIZE, (0.8 * usableHeight) / largest, columnGap / 2));

  const nodes = sizes.map((count, layer) =>
    Array.from({ length: count }, (_, index): DiagramNode => {
      const kind: NodeKind = layer === 0 ? 'input' : layer === outputLayer ? 'output' : 'hidden';
      const name = names[layer]![index]!;
      const x = leftSpace + layer * columnGap;
      const y = VERTICAL_MARGIN + ((index + 0.5) * usableHeight) / count;
      if (kind === 'input')
        return { layer, index, kind, x, y, size: nodeSize, label: shortLabel(name), tooltip: name };
      const { bias, biasGrad } = layers[layer - 1]!;
      return {
        layer,
        index,
        kind,
        x,
        y,
        size: nodeSize,
        label: kind === 'output' ? shortLabel(name) : '',
        tooltip: biasTooltip(layer - 1, index, bias[index]!, biasGrad[index]!, name),
        bias: bias[index]!,
      };
    }),
  );

  const edges: DiagramEdge[] = [];
  layers.forEach(({ weight, weightGrad, fanIn, fanOut }, layer) => {
    for (let from = 0; from < fanIn; from++) {
      for (let to = 0; to < fanOut; to++) {
        const source = nodes[layer]![from]!;
        const target = nodes[layer + 1]![to]!;
        const w = weight[from * fanOut + to]!;
        const gradient = weightGrad[from * fanOut + to]!;
        edges.push({
          layer,
          from,
          to,
          weight: w,
          gradient,
          x1: source.x + source.size / 2,
          y1: source.y,
          x2: target.x - target.size / 2,
          y2: target.y,
          width: edgeWidth(w),
          color: cssColor(weightColor(w, FULL_COLOR_WEIGHT)),
          tooltip: weightTooltip(layer, from, to, w, gradient, names[layer]![from]!, names[layer + 1]![to]!),
        });
      }
    }
  });
  return { width, height, nodes, edges };
}
