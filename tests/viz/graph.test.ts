/**
 * The computation graph of one forward pass and its loss: the DOT from autograd's toDot, every tensor named
 * as the derivations name it (layer1.weight, X, y, Z1, A1, m, loss), laid out by Graphviz (WebAssembly)
 * into an SVG with the parameters filled and a legend; the unfused view draws Z = X W + b as matmul and add.
 */
import { Rng, type Tensor, tensor, toDot } from '@tapegrad/autograd';
import { autogradGradients, MLP, objective, TwoLayerNet, xor } from '@tapegrad/nn';
import { dotToSvg, modelGraphDot } from '@tapegrad/viz/graph';
import { describe, expect, test } from 'vitest';
import { namedForwardPass } from '../../packages/viz/src/graph/forward-pass.ts';
import { parseSvg, textsOf } from '../support/svg.ts';

/** The fill of a parameter's box in toDot's style. */
const PARAMETER_FILL = '#ffd966';

interface RenderedNode {
  /** Graphviz's node id: n0, n1, ... for tensors, legend_... for the legend. */
  readonly id: string;
  readonly text: string;
  readonly fills: string[];
}

/** Parses the SVG (strictly) and returns each Graphviz node, a <g class="node">: its id, text and fills. */
function renderedNodes(svg: string): RenderedNode[] {
  const root = parseSvg(svg);
  expect(root.tagName.toLowerCase()).toBe('svg');
  return [...root.querySelectorAll('g.node')].map((node) => ({
    id: node.querySelector('title')?.textContent ?? '',
    text: textsOf(node, 'text').join('\n'),
    fills: [...node.querySelectorAll('path, polygon, ellipse')].map(
      (shape) => shape.getAttribute('fill') ?? '',
    ),
  }));
}

/** The rendered nodes that are tensors (not the legend's samples). */
function tensorNodes(svg: string): RenderedNode[] {
  return renderedNodes(svg).filter((node) => /^n\d+$/.test(node.id));
}

/** The labels of the tensor nodes of a DOT text, each split into its lines. */
function dotLabels(dot: string): string[][] {
  return [...dot.matchAll(/^ {2}n\d+ \[label="((?:[^"\\]|\\.)*)"/gm)].map((match) => match[1]!.split('\\n'));
}

/** The label of the one tensor node whose first line is `name`. */
function labelNamed(dot: string, name: string): string[] {
  const found = dotLabels(dot).filter((lines) => lines[0] === name);
  expect(found, `one node named ${name}`).toHaveLength(1);
  return found[0]!;
}

function twoLayerNet(): TwoLayerNet {
  return new TwoLayerNet({
    inputs: 2,
    hidden: 3,
    outputs: 1,
    hiddenActivation: 'tanh',
    output: 'sigmoid',
    rng: new Rng(0),
  });
}

describe('modelGraphDot on the 2-3-1 tanh/sigmoid network and the four XOR points', () => {
  const net = twoLayerNet();
  const { X, y } = xor();
  const dot = modelGraphDot(net, X, y);

  test('13 tensors, each named as the derivations name it, then its op (a leaf: its shape)', () => {
    // Z1 = X W1 + b1: addmm; A1 = tanh; Z2 = A1 W2 + b2: addmm; the mean of bce from the logits,
    // softplus(z) - z y, one op: bceWithLogits, sum, div by m = 4.
    expect(dotLabels(dot)).toEqual([
      ['layer1.bias', '[3]'],
      ['X', '[4,2]'],
      ['layer1.weight', '[2,3]'],
      ['Z1', 'addmm [4,3]'],
      ['A1', 'tanh [4,3]'],
      ['layer2.bias', '[1]'],
      ['layer2.weight', '[3,1]'],
      ['Z2', 'addmm [4,1]'],
      ['y', '[4,1]'],
      ['bceWithLogits [4,1]'],
      ['sum []'],
      ['m (batch size)', '[]'],
      ['loss', 'div []'],
    ]);
    expect(dot).not.toMatch(/label="(leaf|parameter) \[/);
  });

  test('names the graph after the model, shows no values unless asked, and has a legend', () => {
    expect(dot).toContain('digraph "TwoLayerNet(2-3-1, hidden tanh, output sigmoid)"');
    expect(dot).not.toContain('data ');
    expect(dot).toContain('legend_output [label="loss (the output)"');
    expect(modelGraphDot(net, X, y, { legend: false })).not.toContain('cluster_legend');
    expect(labelNamed(modelGraphDot(net, X, y, { values: true }), 'X')).toEqual([
      'X',
      '[4,2]',
      'data [[0, 0], [0, 1], [1, 0], [1, 1]]',
    ]);
    expect(labelNamed(modelGraphDot(net, X, y, { values: true }), 'm (batch size)')).toEqual([
      'm (batch size)',
      '[]',
      'data 4',
    ]);
  });

  test('renders to an SVG: one <g class="node"> per tensor, the parameters filled, every op named, a legend', async () => {
    const svg = await dotToSvg(dot);
    const nodes = tensorNodes(svg);
    expect(nodes).toHaveLength(13);

    const parameters = nodes.filter((node) => node.fills.includes(PARAMETER_FILL));
    expect(parameters.map((node) => node.text).sort()).toEqual([
      'layer1.bias\n[3]',
      'layer1.weight\n[2,3]',
      'layer2.bias\n[1]',
      'layer2.weight\n[3,1]',
    ]);
    const texts = nodes.map((node) => node.text);
    for (const text of ['X\n[4,2]', 'y\n[4,1]', 'Z1\naddmm [4,3]', 'A1\ntanh [4,3]', 'loss\ndiv []']) {
      expect(texts).toContain(text);
    }
    for (const node of nodes) expect(node.text).not.toMatch(/^(leaf|parameter) \[/);

    const root = parseSvg(svg);
    const legend = [...root.querySelectorAll('g.cluster')];
    expect(legend).toHaveLength(1);
    expect(textsOf(legend[0]!, 'text')).toEqual(['legend']);
    const samples = renderedNodes(svg).filter((node) => node.id.startsWith('legend_'));
    expect(samples.map((node) => node.text)).toEqual([
      'parameter: learned, gets a gradient',
      'input or constant',
      'op result',
      'loss (the output)',
    ]);
    expect(samples[0]!.fills).toContain(PARAMETER_FILL);
  });

  test('with values and gradients every node shows data and grad, micrograd-style, and the legend says what they are', async () => {
    // The parameters' gradients, by nn's own autograd pass (objective + backward), to compare with.
    const expected = autogradGradients(net, X, y.reshape([-1, 1])).gradients;
    for (const parameter of net.parameters()) parameter.grad = null;
    const dot = modelGraphDot(net, X, y, { values: true, gradients: true });
    expect(net.parameters().every((parameter) => parameter.grad === null)).toBe(true);
    const labels = dotLabels(dot);
    expect(labels).toHaveLength(13);
    for (const lines of labels) {
      expect(lines.filter((line) => line.startsWith('data '))).toHaveLength(1);
      expect(lines.filter((line) => line.startsWith('grad '))).toHaveLength(1);
    }
    // X, y and m are data: no gradient is kept for them; every parameter and op result has one.
    expect(labels.filter((lines) => lines.includes('grad none')).map((lines) => lines[0])).toEqual([
      'X',
      'y',
      'm (batch size)',
    ]);
    const bias = labelNamed(dot, 'layer2.bias');
    expect(Number(/^grad \[(.+)\]$/.exec(bias[3]!)![1])).toBeCloseTo(expected['layer2.bias']!.item(), 3);
    // The loss is the sum over the 4 rows divided by 4, so d loss / d sum = 1/4; d loss / d loss = 1.
    expect(labelNamed(dot, 'loss').slice(2)).toEqual(['data 0.7114', 'grad 1']);
    expect(dotLabels(dot).find((lines) => lines[0] === 'sum []')).toEqual([
      'sum []',
      'data 2.846',
      'grad 0.2500',
    ]);
    const svg = await dotToSvg(dot);
    const numbers = renderedNodes(svg).find((node) => node.id === 'legend_numbers')!;
    expect(numbers.text.split('\n')).toEqual([
      "data: the tensor's values (4 significant digits)",
      'grad: d loss / d this tensor',
      'grad none: no gradient kept (inputs and constants need none)',
    ]);
    for (const node of tensorNodes(svg)) expect(node.text).toMatch(/\ndata .*\ngrad /s);
  });

  test('with hover the labels keep name and op; the tooltips carry data and d loss / d tensor', async () => {
    const dot = modelGraphDot(net, X, y, { values: true, gradients: true, hover: true });
    expect(dot).not.toMatch(/label="[^"]*\\ndata/);
    const tooltips = [...dot.matchAll(/^ {2}n\d+ \[.*tooltip="([^"]*)"/gm)].map((match) =>
      match[1]!.split('\\n'),
    );
    expect(tooltips).toHaveLength(13);
    expect(tooltips.find((lines) => lines[0] === 'layer2.bias')).toEqual([
      'layer2.bias',
      '[1]',
      expect.stringMatching(/^data \[/),
      expect.stringMatching(/^grad \[/),
    ]);
    const svg = await dotToSvg(dot);
    expect(svg).toMatch(/xlink:title="layer2\.bias&#10;\[1\]&#10;data \[[^\]]+\]&#10;grad \[/);
  });

  test('unfused: each Linear is a matmul then an add (Z = X W + b), no addmm, the same loss to 1e-12', () => {
    const unfused = modelGraphDot(net, X, y, { values: true, fused: false });
    const labels = dotLabels(unfused);
    expect(labels).toHaveLength(15);
    expect(unfused).not.toContain('addmm');
    expect(labels.filter((lines) => lines[0]!.startsWith('matmul '))).toHaveLength(2);
    expect(labelNamed(unfused, 'Z1')[1]).toBe('add [4,3]');
    expect(labelNamed(unfused, 'Z2')[1]).toBe('add [4,1]');
    // X and layer1.weight go into the first matmul, its product and layer1.bias into the add named Z1.
    const ids = new Map(
      [...unfused.matchAll(/^ {2}(n\d+) \[label="([^"\\]*)/gm)].map((match) => [match[2]!, match[1]!]),
    );
    const edgesInto = (name: string) =>
      [...unfused.matchAll(new RegExp(`^ {2}(n\\d+) -> ${ids.get(name)}\\b`, 'gm'))].map((m) => m[1]);
    expect(edgesInto('Z1')).toEqual([ids.get('matmul [4,3]'), ids.get('layer1.bias')]);
    expect(edgesInto('matmul [4,3]')).toEqual([ids.get('X'), ids.get('layer1.weight')]);

    const targets = y.reshape([-1, 1]);
    const reference = objective(net, X, targets).item();
    const fusedLoss = namedForwardPass(net, X, targets, { fused: true }).loss.item();
    const unfusedLoss = namedForwardPass(net, X, targets, { fused: false }).loss.item();
    expect(fusedLoss).toBe(reference);
    expect(Math.abs(unfusedLoss - reference)).toBeLessThan(1e-12);
    expect(labelNamed(unfused, 'loss')[2]).toBe(
      labelNamed(modelGraphDot(net, X, y, { values: true }), 'loss')[2],
    );
  });

  test("the fused pass is objective's own graph, op for op, on the two-layer net and an MLP", () => {
    const targets = y.reshape([-1, 1]);
    const pass = namedForwardPass(net, X, targets, { fused: true });
    expect(toDot(pass.loss, { values: true })).toBe(toDot(objective(net, X, targets), { values: true }));
    const mlp = new MLP([2, 4, 3, 2], {
      activation: 'relu',
      output: 'softmax',
      dropout: 0.5,
      rng: new Rng(3),
    });
    mlp.eval();
    const labels = tensor([1, 0, 0, 1]);
    expect(toDot(namedForwardPass(mlp, X, labels, { fused: true }).loss, { values: true })).toBe(
      toDot(objective(mlp, X, labels), { values: true }),
    );
  });

  test('bad arguments are refused with what is valid', () => {
    expect(() => modelGraphDot(net, X, y, { fuse: false } as never)).toThrow(
      "modelGraphDot: unknown option 'fuse'; the options are values, gradients, hover, fused, legend",
    );
    expect(() => modelGraphDot(net, X, y, { fused: 'no' } as never)).toThrow(
      "modelGraphDot: option 'fused' must be true or false, got string 'no'",
    );
    expect(() => modelGraphDot(net, tensor([[1, 2, 3]]), tensor([1]))).toThrow(
      'modelGraphDot: X must be [rows, 2] for TwoLayerNet(2-3-1, hidden tanh, output sigmoid), got [1,3]',
    );
    expect(() => modelGraphDot({} as never, X, y)).toThrow(
      "modelGraphDot: argument 'model' must be a TwoLayerNet or an MLP",
    );
    expect(() => modelGraphDot(net, X, [0, 1] as never)).toThrow(
      "modelGraphDot: argument 'y' must be a Tensor",
    );
  });
});

describe('modelGraphDot on MLPs', () => {
  test('softmax and cross entropy: the loss of integer labels is one op; dropout is off and the mode kept', async () => {
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
    // Three weight layers: six parameters, by their state-dict names. In training mode each dropout would
    // multiply by a mask (a `mul` and a constant leaf); here the constants are X and the row count of the
    // mean. Cross entropy takes the labels as an input of its op (so a compiled step reads each batch's
    // labels): y is a constant node feeding it, as bce's targets are.
    const names = dotLabels(dot).map((lines) => lines[0]);
    for (const name of ['layers.0.weight', 'layers.2.bias', 'X', 'Z1', 'A1', 'Z2', 'A2', 'Z3', 'loss']) {
      expect(names).toContain(name);
    }
    expect(labelNamed(dot, 'm (batch size)')).toEqual(['m (batch size)', '[]']);
    expect(labelNamed(dot, 'y')).toEqual(['y', '[2]']);
    expect(dot).toContain('label="crossEntropy [2]"');
    expect(dot).not.toContain('label="mul ');
    const nodes = tensorNodes(await dotToSvg(dot));
    expect(nodes).toHaveLength(dotLabels(dot).length);
    expect(nodes.filter((node) => node.fills.includes(PARAMETER_FILL))).toHaveLength(6);
    expect(nodes.map((node) => node.text)).toContain('A1\nrelu [2,4]');
  });

  test('two linear outputs: mse averages the m·k = 4 entries, and the divisor is named so', () => {
    const mlp = new MLP([2, 3, 2], { activation: 'tanh', output: 'linear', rng: new Rng(2) });
    const X = tensor([
      [1, 2],
      [3, 4],
    ]);
    const y: Tensor = tensor([
      [0, 1],
      [1, 0],
    ]);
    const dot = modelGraphDot(mlp, X, y, { values: true });
    expect(labelNamed(dot, 'm·k (rows × outputs)')).toEqual(['m·k (rows × outputs)', '[]', 'data 4']);
    expect(labelNamed(dot, 'y')).toEqual(['y', '[2,2]', 'data [[0, 1], [1, 0]]']);
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
