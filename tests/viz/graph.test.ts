/**
 * The computation graph of one forward pass and its loss: the DOT from autograd's toDot, laid out by
 * Graphviz (WebAssembly) into an SVG with one node per tensor and the parameters filled.
 */
import { Rng, tensor } from '@tapegrad/autograd';
import { autogradGradients, MLP, TwoLayerNet, xor } from '@tapegrad/nn';
import { dotToSvg, modelGraphDot } from '@tapegrad/viz/graph';
import { describe, expect, test } from 'vitest';
import { parseSvg, textsOf } from '../support/svg.ts';

/** The fill of a parameter's box in toDot's style. */
const PARAMETER_FILL = '#ffd966';

interface RenderedNode {
  readonly text: string;
  readonly fills: string[];
}

/** Parses the SVG (strictly) and returns each Graphviz node, a <g class="node">: its text and its shapes' fills. */
function renderedNodes(svg: string): RenderedNode[] {
  const root = parseSvg(svg);
  expect(root.tagName.toLowerCase()).toBe('svg');
  return [...root.querySelectorAll('g.node')].map((node) => ({
    text: textsOf(node, 'text').join('\n'),
    fills: [...node.querySelectorAll('path, polygon, ellipse')].map(
      (shape) => shape.getAttribute('fill') ?? '',
    ),
  }));
}

/** The node statements of a DOT text: `  n3 [label=...]`. */
function dotNodeCount(dot: string): number {
  return dot.split('\n').filter((line) => /^\s*n\d+ \[label=/.test(line)).length;
}

describe('modelGraphDot on the 2-3-1 tanh/sigmoid network and the four XOR points', () => {
  const net = new TwoLayerNet({
    inputs: 2,
    hidden: 3,
    outputs: 1,
    hiddenActivation: 'tanh',
    output: 'sigmoid',
    rng: new Rng(0),
  });
  const { X, y } = xor();
  const dot = modelGraphDot(net, X, y);

  test('has 13 tensors: 4 parameters, 3 constants (X, y and the row count 4), 6 op results', () => {
    // Z1 = X W1 + b1: addmm; A1 = tanh; Z2 = A1 W2 + b2: addmm; the mean of bce from the logits,
    // softplus(z) - z y, one op: bceWithLogits, sum, div by 4.
    expect(dotNodeCount(dot)).toBe(13);
    expect(dot.match(/label="parameter /g)).toHaveLength(4);
    expect(dot.match(/label="leaf /g)).toHaveLength(3);
    expect(dot).toContain('label="parameter [2,3]"');
    expect(dot).toContain('label="div []"');
  });

  test('names the graph after the model and shows no values unless asked', () => {
    expect(dot).toContain('digraph "TwoLayerNet(2-3-1, hidden tanh, output sigmoid)"');
    expect(dot).not.toContain('data ');
    expect(modelGraphDot(net, X, y, { values: true })).toContain('data [[0, 0], [0, 1], [1, 0], [1, 1]]');
  });

  test('renders to an SVG with one <g class="node"> per tensor, the parameters filled, every op named', async () => {
    const svg = await dotToSvg(dot);
    const nodes = renderedNodes(svg);
    expect(nodes).toHaveLength(dotNodeCount(dot));
    expect(svg.match(/<g id="node\d+" class="node">/g)).toHaveLength(13);

    const parameters = nodes.filter((node) => node.text.startsWith('parameter'));
    expect(parameters.map((node) => node.text).sort()).toEqual([
      'parameter [1]',
      'parameter [2,3]',
      'parameter [3,1]',
      'parameter [3]',
    ]);
    for (const node of parameters) expect(node.fills).toContain(PARAMETER_FILL);
    for (const node of nodes.filter((node) => !node.text.startsWith('parameter'))) {
      expect(node.fills).not.toContain(PARAMETER_FILL);
    }

    const ops = nodes.map((node) => node.text.split(' ')[0]);
    for (const op of ['addmm', 'tanh', 'bceWithLogits', 'sum', 'div']) expect(ops).toContain(op);
  });

  test('with values, each node shows its data under its op', async () => {
    const svg = await dotToSvg(modelGraphDot(net, X, y, { values: true }));
    const nodes = renderedNodes(svg);
    expect(nodes).toHaveLength(13);
    expect(nodes.every((node) => node.text.includes('\ndata '))).toBe(true);
  });

  test("with gradients and hover, each tooltip holds data and d loss / d tensor; the model's .grad is untouched", async () => {
    // The parameters' gradients, by nn's own autograd pass (objective + backward), to compare with.
    const expected = autogradGradients(net, X, y.reshape([-1, 1])).gradients;
    for (const parameter of net.parameters()) parameter.grad = null;
    const dot = modelGraphDot(net, X, y, { values: true, gradients: true, hover: true });
    expect(net.parameters().every((parameter) => parameter.grad === null)).toBe(true);
    // Labels keep the op and shape only; the tooltips carry the numbers.
    expect(dot).not.toMatch(/label="[^"]*\\ndata/);
    const tooltips = [...dot.matchAll(/tooltip="([^"]*)"/g)].map((match) => match[1]!.split('\\n'));
    expect(tooltips).toHaveLength(13);
    // layer2.bias: the one parameter of shape [1]; its gradient is shown to 4 significant digits.
    const bias = tooltips.find((lines) => lines[0] === 'parameter [1]')!;
    const shown = Number(/^grad \[(.+)\]$/.exec(bias[2]!)![1]);
    expect(shown).toBeCloseTo(expected['layer2.bias']!.item(), 3);
    // Every op result has a gradient too (retained through the pass): the loss is the sum over the 4 rows
    // divided by 4, so d loss / d sum = 1/4.
    expect(tooltips.filter((lines) => lines.some((line) => line.startsWith('grad ')))).toHaveLength(10);
    expect(tooltips.find((lines) => lines[0] === 'sum []')).toEqual([
      'sum []',
      expect.stringMatching(/^data /),
      'grad 0.2500',
    ]);
    const svg = await dotToSvg(dot);
    expect(svg).toMatch(/xlink:title="parameter \[1\]&#10;data \[[^\]]+\]&#10;grad \[/);
  });
});

describe('modelGraphDot on an MLP with softmax and cross entropy', () => {
  test('the loss of integer labels is one crossEntropy op; dropout is off for the pass and the mode kept', async () => {
    const mlp = new MLP([2, 4, 4, 3], {
      activation: 'relu',
      output: 'softmax',
      dropout: 0.5,
      rng: new Rng(1),
    });
    const X = tensor([
      [0.5, -1],
      [2, 0.25],
    ]);
    const dot = modelGraphDot(mlp, X, tensor([2, 0]));
    expect(mlp.training).toBe(true);
    // Three weight layers: six parameters. In training mode each dropout would multiply by a mask (a `mul`
    // and a constant leaf); here the constants are X and the row count of the mean.
    expect(dot.match(/label="parameter /g)).toHaveLength(6);
    expect(dot.match(/label="leaf /g)).toHaveLength(2);
    expect(dot).toContain('label="crossEntropy [2]"');
    expect(dot).not.toContain('label="mul ');
    const nodes = renderedNodes(await dotToSvg(dot));
    expect(nodes).toHaveLength(dotNodeCount(dot));
    expect(nodes.filter((node) => node.fills.includes(PARAMETER_FILL))).toHaveLength(6);
    expect(nodes.map((node) => node.text.split(' ')[0])).toContain('relu');
  });
});

describe('dotToSvg', () => {
  test('lays out a small graph', async () => {
    const svg = await dotToSvg('digraph { a -> b }');
    expect(renderedNodes(svg).map((node) => node.text)).toEqual(['a', 'b']);
  });

  test('rejects text that is not DOT, with Graphviz’s message', async () => {
    await expect(dotToSvg('digraph { a -> ')).rejects.toThrow(
      /dotToSvg: Graphviz could not render the graph: .*syntax error/,
    );
  });
});
