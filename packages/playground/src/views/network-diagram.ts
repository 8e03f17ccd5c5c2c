/**
 * The network as TF Playground draws it, in SVG: the inputs (each a square of its own value over the plane),
 * each hidden unit as a square showing its output over the plane, the outputs (with P(class 1) over the
 * plane when it is given), a small square at each unit's corner coloured by its bias, and an edge per weight
 * (colour = sign, width = |w|). Hovering an edge shows the weight and its gradient, hovering a unit its bias
 * and the bias's gradient (SVG <title>s).
 *
 * The SVG is built once per network shape and then updated in place (edge widths and colours, tooltips,
 * heatmaps), so redrawing ten times a second neither rebuilds the DOM nor drops the element under the mouse.
 */
import type { Grid, NetworkView } from '../snapshot.ts';
import { cssColor, divergingColor, INK, WHITE, weightColor } from './colors.ts';
import {
  type DiagramEdge,
  type DiagramLayout,
  type DiagramNode,
  FULL_COLOR_WEIGHT,
  networkLayout,
} from './network-layout.ts';
import { drawNeuronHeatmap } from './neurons.ts';
import { svgElement } from './svg.ts';

export interface NetworkDiagramOptions {
  /** The inputs' names: the features (default x1, x2, ...). */
  readonly inputNames?: readonly string[];
  /** The outputs' names (default 'output' for one, else 'out 0', 'out 1', ...). */
  readonly outputNames?: readonly string[];
  /** The diagram's width in CSS pixels (default the container's width, else 480). */
  readonly width?: number;
  /** Its height (default from the largest layer; see networkLayout). */
  readonly height?: number;
  /**
   * For a network with one sigmoid output: P(class 1) over the plane (the boundary's probability grid), drawn
   * in the output node as the hidden units' outputs are in theirs.
   */
  readonly outputProbability?: Grid;
}

const LABEL_FONT_SIZE = 12;
/** A wide invisible stroke under each edge, so that a thin edge is easy to hover. */
const HIT_WIDTH = 8;
const BIAS_MARK_SHARE = 0.3;
const STYLE = `
.edge-hit { fill: none; stroke: transparent; pointer-events: stroke; }
.edge-line { fill: none; stroke-opacity: 0.75; pointer-events: none; }
.edge:hover .edge-line { stroke-opacity: 1; }
.node-frame { fill: none; stroke: ${cssColor(INK)}; stroke-width: 1; }
.node:hover .node-frame { stroke-width: 2.5; }
text { font: ${LABEL_FONT_SIZE}px system-ui, sans-serif; fill: ${cssColor(INK)}; }
`;

/** What a drawn diagram keeps to update itself: its shape's key and the elements that change. */
interface DrawnDiagram {
  readonly key: string;
  readonly svg: SVGSVGElement;
  /** Each edge's visible line and its tooltip's text (updated in place: cheaper than replacing the text). */
  readonly edges: { readonly line: SVGPathElement; readonly tooltip: Text }[];
  readonly nodes: DrawnNode[];
}

interface DrawnNode {
  readonly tooltip: Text;
  biasMark?: SVGRectElement;
  heatmap?: HTMLCanvasElement;
}

const drawnDiagrams = new WeakMap<HTMLElement, DrawnDiagram>();
/** Gradient ids must be unique in the page; each diagram built takes a new prefix. */
let diagramsBuilt = 0;

/** A cubic curve leaving the source and entering the target horizontally, as TF Playground's edges. */
function edgePath(edge: DiagramEdge): string {
  const middle = (edge.x1 + edge.x2) / 2;
  return `M${edge.x1},${edge.y1}C${middle},${edge.y1} ${middle},${edge.y2} ${edge.x2},${edge.y2}`;
}

/**
 * The gradient an input's square shows: its own value over the plane, from orange at the low end to blue
 * at the high end: left to right for the first feature (the x axis), bottom to top for the second.
 */
function inputGradient(defs: SVGDefsElement, id: string, index: number): string {
  const vertical = index === 1;
  const gradient = svgElement(
    'linearGradient',
    { id, x1: 0, y1: vertical ? 1 : 0, x2: vertical ? 0 : 1, y2: 0 },
    defs,
  );
  for (const [offset, t] of [
    [0, -1],
    [0.5, 0],
    [1, 1],
  ] as const) {
    svgElement('stop', { offset, 'stop-color': cssColor(divergingColor(t)) }, gradient);
  }
  return `url(#${id})`;
}

/** A <title> child of `parent` holding one text node, returned to be updated. */
function tooltipOf(parent: SVGElement): Text {
  const text = document.createTextNode('');
  svgElement('title', {}, parent).appendChild(text);
  return text;
}

/** A canvas filling a node's square, for its heatmap. */
function heatmapCanvas(group: SVGGElement, size: number): HTMLCanvasElement {
  const foreign = svgElement('foreignObject', { width: size, height: size }, group);
  const canvas = document.createElement('canvas');
  canvas.style.cssText = 'display:block;width:100%;height:100%';
  foreign.appendChild(canvas);
  return canvas;
}

function buildNode(
  node: DiagramNode,
  nodesGroup: SVGGElement,
  defs: SVGDefsElement,
  idPrefix: string,
  withOutputHeatmap: boolean,
): DrawnNode {
  const { size } = node;
  const group = svgElement(
    'g',
    {
      class: `node node-${node.kind}`,
      transform: `translate(${node.x - size / 2},${node.y - size / 2})`,
      'data-layer': node.layer,
      'data-index': node.index,
    },
    nodesGroup,
  );
  const drawn: DrawnNode = { tooltip: tooltipOf(group) };
  if (node.kind === 'input') {
    const fill =
      node.index < 2 ? inputGradient(defs, `${idPrefix}-input-${node.index}`, node.index) : cssColor(WHITE);
    svgElement('rect', { width: size, height: size, fill }, group);
  } else if (node.kind === 'hidden' || withOutputHeatmap) {
    drawn.heatmap = heatmapCanvas(group, size);
  } else {
    svgElement('rect', { width: size, height: size, fill: cssColor(WHITE) }, group);
  }
  if (node.kind !== 'input') {
    const mark = size * BIAS_MARK_SHARE;
    drawn.biasMark = svgElement(
      'rect',
      {
        class: 'bias',
        x: -mark / 2,
        y: size - mark / 2,
        width: mark,
        height: mark,
        stroke: cssColor(INK),
        'stroke-width': 0.75,
      },
      group,
    );
  }
  svgElement('rect', { class: 'node-frame', width: size, height: size }, group);
  if (node.label !== '') {
    const isInput = node.kind === 'input';
    const label = svgElement(
      'text',
      {
        x: isInput ? -6 : size + 6,
        y: size / 2,
        'text-anchor': isInput ? 'end' : 'start',
        'dominant-baseline': 'central',
      },
      group,
    );
    label.textContent = node.label;
  }
  return drawn;
}

function buildDiagram(
  container: HTMLElement,
  layout: DiagramLayout,
  key: string,
  withOutputHeatmap: boolean,
): DrawnDiagram {
  const idPrefix = `network-diagram-${++diagramsBuilt}`;
  const svg = svgElement('svg', {
    class: 'network-diagram',
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    role: 'img',
    'aria-label':
      'The network: inputs, hidden units with their outputs over the plane, outputs, and a line per weight',
  });
  svg.style.maxWidth = '100%';
  svg.style.height = 'auto';
  svgElement('style', {}, svg).textContent = STYLE;
  const defs = svgElement('defs', {}, svg);
  const edgesGroup = svgElement('g', { class: 'edges' }, svg);
  const edges = layout.edges.map((edge) => {
    const group = svgElement(
      'g',
      { class: 'edge', 'data-layer': edge.layer, 'data-from': edge.from, 'data-to': edge.to },
      edgesGroup,
    );
    const tooltip = tooltipOf(group);
    const d = edgePath(edge);
    svgElement('path', { class: 'edge-hit', d, 'stroke-width': HIT_WIDTH }, group);
    const line = svgElement('path', { class: 'edge-line', d }, group);
    return { line, tooltip };
  });
  const nodesGroup = svgElement('g', { class: 'nodes' }, svg);
  const nodes = layout.nodes
    .flat()
    .map((node) => buildNode(node, nodesGroup, defs, idPrefix, withOutputHeatmap));
  container.replaceChildren(svg);
  return { key, svg, edges, nodes };
}

/**
 * Draws `network` into `container` as an SVG (replacing what it held), or updates the SVG drawn there
 * before when the network's shape and the options are unchanged. Returns the SVG.
 * @example renderNetworkDiagram(document.getElementById('network-diagram')!, snapshot.network, { inputNames: data.axes });
 */
export function renderNetworkDiagram(
  container: HTMLElement,
  network: NetworkView,
  options: NetworkDiagramOptions = {},
): SVGSVGElement {
  const width = options.width ?? (container.clientWidth > 0 ? container.clientWidth : 480);
  const layout = networkLayout(network, { ...options, width });
  const outputProbability = network.sizes.at(-1) === 1 ? options.outputProbability : undefined;
  const withOutputHeatmap = outputProbability !== undefined;
  const key = JSON.stringify([
    network.sizes,
    layout.width,
    layout.height,
    options.inputNames,
    options.outputNames,
    withOutputHeatmap,
  ]);
  let drawn = drawnDiagrams.get(container);
  if (drawn === undefined || drawn.key !== key || drawn.svg.parentNode !== container) {
    drawn = buildDiagram(container, layout, key, withOutputHeatmap);
    drawnDiagrams.set(container, drawn);
  }
  layout.edges.forEach((edge, e) => {
    const { line, tooltip } = drawn.edges[e]!;
    line.setAttribute('stroke', edge.color);
    line.setAttribute('stroke-width', String(edge.width));
    tooltip.data = edge.tooltip;
  });
  layout.nodes.flat().forEach((node, n) => {
    const { tooltip, biasMark, heatmap } = drawn.nodes[n]!;
    tooltip.data = node.tooltip;
    if (biasMark !== undefined && node.bias !== undefined) {
      biasMark.setAttribute('fill', cssColor(weightColor(node.bias, FULL_COLOR_WEIGHT)));
    }
    if (heatmap === undefined) return;
    if (node.kind === 'output' && outputProbability !== undefined) {
      drawNeuronHeatmap(heatmap, outputProbability, 'sigmoid');
      return;
    }
    const grid = network.neurons[node.layer - 1]?.[node.index];
    if (grid !== undefined) drawNeuronHeatmap(heatmap, grid, network.activation);
  });
  return drawn.svg;
}
