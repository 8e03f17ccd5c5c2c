import { describe, expect, test } from 'vitest';
import type { LayerView } from '../../../packages/playground/src/snapshot.ts';
import { BLUE, cssColor, NEUTRAL_GREY, ORANGE } from '../../../packages/playground/src/views/colors.ts';
import {
  biasTooltip,
  type DiagramNode,
  edgeWidth,
  MAX_EDGE_WIDTH,
  MAX_NODE_SIZE,
  MIN_EDGE_WIDTH,
  networkLayout,
  shortLabel,
  weightTooltip,
} from '../../../packages/playground/src/views/network-layout.ts';

/** A layer whose weight W[i][j] = first + i * fanOut + j (so each edge's weight names its place). */
function countingLayer(fanIn: number, fanOut: number, first = 0): LayerView {
  const count = fanIn * fanOut;
  return {
    fanIn,
    fanOut,
    weight: Float64Array.from({ length: count }, (_, k) => first + k),
    weightGrad: Float64Array.from({ length: count }, (_, k) => (first + k) / 1000),
    bias: Float64Array.from({ length: fanOut }, (_, j) => j / 10),
    biasGrad: Float64Array.from({ length: fanOut }, (_, j) => -j / 100),
  };
}

function network(sizes: readonly number[]) {
  return { sizes, layers: sizes.slice(1).map((fanOut, l) => countingLayer(sizes[l]!, fanOut)) };
}

describe('networkLayout', () => {
  test('a 2-4-1 network: three columns, 2 + 4 + 1 nodes, 2*4 + 4*1 = 12 edges', () => {
    const layout = networkLayout(network([2, 4, 1]), { width: 400, height: 200, inputNames: ['x', 'y'] });
    expect(layout.nodes.map((column) => column.length)).toEqual([2, 4, 1]);
    expect(layout.nodes.flat().map((node) => node.kind)).toEqual([
      'input',
      'input',
      'hidden',
      'hidden',
      'hidden',
      'hidden',
      'output',
    ]);
    expect(layout.edges).toHaveLength(12);
    // Room on the left: margin 8 + 'x' (7 px a character) + gap 6 + half the largest node, 18: 39. On the
    // right, 'output': 8 + 42 + 6 + 18 = 74. The columns split the rest, 400 - 39 - 74 = 287, in two.
    expect(layout.nodes.map((column) => column[0]!.x)).toEqual([39, 182.5, 326]);
    // The hidden column's 4 nodes centre the 4 slices of the height between the 12-unit margins: 176 / 4 = 44.
    expect(layout.nodes[1]!.map((node) => node.y)).toEqual([34, 78, 122, 166]);
    // One output, in the middle.
    expect(layout.nodes[2]![0]!.y).toBe(100);
    expect(layout.nodes[0]!.map((node) => node.label)).toEqual(['x', 'y']);
    expect(layout.nodes[2]![0]!.label).toBe('output');
  });

  test('long names are shortened to 16 characters on the diagram, kept whole in the tooltips', () => {
    expect(shortLabel('sepal length in centimetres')).toBe('sepal length in…');
    expect(shortLabel('petal width')).toBe('petal width');
    const layout = networkLayout(network([2, 2, 1]), { inputNames: ['sepal length in centimetres', 'b'] });
    expect(layout.nodes[0]![0]!.label).toBe('sepal length in…');
    expect(layout.nodes[0]![0]!.tooltip).toBe('sepal length in centimetres');
    expect(layout.edges[0]!.tooltip.split('\n')[0]).toBe('W1[0, 0]: sepal length in centimetres → h1[0]');
    // The inputs' column moves right to make room: 8 + 16 * 7 + 6 + 18.
    expect(layout.nodes[0]![0]!.x).toBe(144);
  });

  test('edge W[i][j] of each layer links unit i below to unit j above, reading W row-major [fanIn, fanOut]', () => {
    const layout = networkLayout(network([2, 3, 2]));
    for (const edge of layout.edges) {
      const fanOut = edge.layer === 0 ? 3 : 2;
      expect(edge.weight).toBe(edge.from * fanOut + edge.to);
      expect(edge.gradient).toBe((edge.from * fanOut + edge.to) / 1000);
      const source = layout.nodes[edge.layer]![edge.from]!;
      const target = layout.nodes[edge.layer + 1]![edge.to]!;
      expect([edge.x1, edge.y1]).toEqual([source.x + source.size / 2, source.y]);
      expect([edge.x2, edge.y2]).toEqual([target.x - target.size / 2, target.y]);
    }
    const w12 = layout.edges.find((edge) => edge.layer === 0 && edge.from === 1 && edge.to === 2)!;
    expect(w12.weight).toBe(5);
  });

  test('edge widths are 2 px per unit of |w|, clamped to [0.5, 6]; colours say the sign', () => {
    expect(edgeWidth(0)).toBe(MIN_EDGE_WIDTH);
    expect(edgeWidth(0.1)).toBe(MIN_EDGE_WIDTH);
    expect(edgeWidth(1)).toBe(2);
    expect(edgeWidth(-1.5)).toBe(3);
    expect(edgeWidth(100)).toBe(MAX_EDGE_WIDTH);
    expect(edgeWidth(Number.NaN)).toBe(MAX_EDGE_WIDTH);
    const layers = [{ ...countingLayer(1, 3), weight: Float64Array.of(-2, 0, 0.75) }, countingLayer(3, 1)];
    const edges = networkLayout({ sizes: [1, 3, 1], layers }).edges.filter((edge) => edge.layer === 0);
    expect(edges.map((edge) => edge.width)).toEqual([4, 0.5, 1.5]);
    expect(edges[0]!.color).toBe(cssColor(ORANGE));
    expect(edges[1]!.color).toBe(cssColor(NEUTRAL_GREY));
    expect(edges[2]!.color).not.toBe(cssColor(BLUE));
    // Three quarters of the way from grey to blue: 207 - 0.75 * 199 = 57.75, 212 - 0.75 * 93 = 142.25, 218 - 0.75 * 29 = 196.25.
    expect(edges[2]!.color).toBe('rgb(58 142 196)');
  });

  test('tooltips name the weight in derivations.md notation, with its value and gradient', () => {
    const layout = networkLayout(network([2, 3, 1]), { inputNames: ['petal', 'sepal'] });
    const edge = layout.edges.find((e) => e.layer === 0 && e.from === 1 && e.to === 2)!;
    expect(edge.tooltip).toBe('W1[1, 2]: sepal → h1[2]\nw = 5\n∂J/∂w = 0.005');
    const last = layout.edges.find((e) => e.layer === 1 && e.from === 2)!;
    expect(last.tooltip).toBe('W2[2, 0]: h1[2] → output\nw = 2\n∂J/∂w = 0.002');
    expect(layout.nodes[1]![2]!.tooltip).toBe('h1[2]\nb1[2] = 0.2\n∂J/∂b = \u22120.02');
    expect(layout.nodes[0]![0]!.tooltip).toBe('petal');
    expect(weightTooltip(0, 0, 3, 0.81234, -0.0000421, 'x1', 'h1[3]')).toBe(
      'W1[0, 3]: x1 → h1[3]\nw = 0.8123\n∂J/∂w = \u22124.21e\u22125',
    );
    expect(biasTooltip(1, 0, -1.5, 0.25, 'out 0')).toBe('out 0\nb2[0] = \u22121.5\n∂J/∂b = 0.25');
  });

  test('a 2-32-32-3 network fits: every node inside the diagram, no two nodes of a column overlapping', () => {
    const layout = networkLayout(network([2, 32, 32, 3]), { width: 480 });
    expect(layout.height).toBe(480);
    expect(layout.edges).toHaveLength(2 * 32 + 32 * 32 + 32 * 3);
    const inside = (node: DiagramNode) =>
      node.x - node.size / 2 >= 0 &&
      node.x + node.size / 2 <= layout.width &&
      node.y - node.size / 2 >= 0 &&
      node.y + node.size / 2 <= layout.height;
    expect(layout.nodes.flat().every(inside)).toBe(true);
    for (const column of layout.nodes) {
      for (let k = 1; k < column.length; k++) {
        const gap = column[k]!.y - column[k - 1]!.y - column[k]!.size;
        expect(gap).toBeGreaterThan(0);
      }
    }
    // 80% of a 456 / 32 = 14.25 slice.
    expect(layout.nodes[1]![0]!.size).toBeCloseTo(11.4, 12);
    expect(layout.nodes[3]!.map((node) => node.label)).toEqual(['out 0', 'out 1', 'out 2']);
  });

  test('small networks get large squares, at most MAX_NODE_SIZE, and a height from their largest layer', () => {
    const layout = networkLayout(network([2, 2, 1]));
    expect(layout.height).toBe(180);
    expect(layout.nodes[0]![0]!.size).toBe(MAX_NODE_SIZE);
    expect(networkLayout(network([2, 8, 1])).height).toBe(8 * 36 + 24);
  });

  test('layers that do not match the sizes are refused, naming the layer and the shapes', () => {
    expect(() => networkLayout({ sizes: [2, 4, 1], layers: [countingLayer(2, 4)] })).toThrow(
      'networkLayout: sizes [2, 4, 1] need 2 layers of weights, got 1',
    );
    expect(() =>
      networkLayout({ sizes: [2, 4, 1], layers: [countingLayer(2, 4), countingLayer(3, 1)] }),
    ).toThrow('networkLayout: layer 1 is [3, 1] with 3 weights; sizes [2, 4, 1] need [4, 1]');
  });
});
