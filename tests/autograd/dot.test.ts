import { type TapeEntry, Tensor, tensor, toDot } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';

const PARAMETER = 'shape=box, style="rounded,filled", fillcolor="#ffd966", penwidth=2';
const LEAF = 'shape=box, style="rounded,filled", fillcolor="#eeeeee"';
const OP = 'shape=ellipse';
/** The tensor toDot draws from, when it is an op result: a filled double ellipse. */
const OUTPUT = 'shape=ellipse, style=filled, fillcolor="#c9daf8", peripheries=2';
const HEADER = ['  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];'];

/** out = tanh(a*b + c) with a = 2, b = -3 (parameters) and c = 6 (a constant): a*b + c = 0, tanh(0) = 0. */
function neuron() {
  const a = tensor(2, { requiresGrad: true });
  const b = tensor(-3, { requiresGrad: true });
  const c = tensor(6);
  const out = a.mul(b).add(c).tanh();
  return { a, b, c, out };
}

/** neuron()'s edges: the inputs of a two-input op are labelled 0 and 1, the one input of tanh is not. */
const NEURON_EDGES = [
  '  n0 -> n2 [label="0"];',
  '  n1 -> n2 [label="1"];',
  '  n2 -> n4 [label="0"];',
  '  n3 -> n4 [label="1"];',
  '  n4 -> n5;',
];

/** The whole text toDot writes for a graph of the default name: the header, then `body` line by line. */
function digraph(body: readonly string[]): string {
  return ['digraph "tapegrad" {', ...HEADER, ...body, '}'].join('\n');
}

function nodeLine(dot: string, id: string): string {
  const line = dot.split('\n').find((l) => l.startsWith(`  ${id} [`));
  if (line === undefined) throw new Error(`no node ${id} in\n${dot}`);
  return line;
}

describe('toDot', () => {
  test('tanh(a*b + c) gives one node per tensor in tape order and labelled edges for two-input ops', () => {
    const { out } = neuron();
    expect(toDot(out)).toBe(
      digraph([
        `  n0 [label="parameter []", ${PARAMETER}];`,
        `  n1 [label="parameter []", ${PARAMETER}];`,
        `  n2 [label="mul []", ${OP}];`,
        `  n3 [label="leaf []", ${LEAF}];`,
        `  n4 [label="add []", ${OP}];`,
        `  n5 [label="tanh []", ${OUTPUT}];`,
        ...NEURON_EDGES,
      ]),
    );
  });

  test('values and grads options add the data and the .grad of each node', () => {
    const { out } = neuron();
    out.backward();
    // tanh'(0) = 1, so d out/da = b = -3 and d out/db = a = 2; intermediates and the constant keep no .grad.
    expect(toDot(out, { values: true, grads: true })).toBe(
      digraph([
        `  n0 [label="parameter []\\ndata 2\\ngrad -3", ${PARAMETER}];`,
        `  n1 [label="parameter []\\ndata -3\\ngrad 2", ${PARAMETER}];`,
        `  n2 [label="mul []\\ndata -6\\ngrad none", ${OP}];`,
        `  n3 [label="leaf []\\ndata 6\\ngrad none", ${LEAF}];`,
        `  n4 [label="add []\\ndata 0\\ngrad none", ${OP}];`,
        `  n5 [label="tanh []\\ndata 0\\ngrad none", ${OUTPUT}];`,
        ...NEURON_EDGES,
      ]),
    );
  });

  test('tooltips: the label keeps the op and shape, the tooltip (hover in the SVG) adds data and grad', () => {
    const { out } = neuron();
    out.backward();
    expect(toDot(out, { values: true, grads: true, tooltips: true })).toBe(
      digraph([
        `  n0 [label="parameter []", tooltip="parameter []\\ndata 2\\ngrad -3", ${PARAMETER}];`,
        `  n1 [label="parameter []", tooltip="parameter []\\ndata -3\\ngrad 2", ${PARAMETER}];`,
        `  n2 [label="mul []", tooltip="mul []\\ndata -6\\ngrad none", ${OP}];`,
        `  n3 [label="leaf []", tooltip="leaf []\\ndata 6\\ngrad none", ${LEAF}];`,
        `  n4 [label="add []", tooltip="add []\\ndata 0\\ngrad none", ${OP}];`,
        `  n5 [label="tanh []", tooltip="tanh []\\ndata 0\\ngrad none", ${OUTPUT}];`,
        ...NEURON_EDGES,
      ]),
    );
  });

  test('grads shows the .grad of a retainGrad() intermediate, and "grad none" for a tensor without one', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const doubled = x.mul(2).retainGrad();
    const total = doubled.sum();
    total.backward();
    const dot = toDot(total, { grads: true });
    // n0 = x, n1 = the constant 2, n2 = doubled, n3 = total. d total/d doubled = [1, 1], d total/dx = [2, 2].
    expect(nodeLine(dot, 'n0')).toBe(`  n0 [label="parameter [2]\\ngrad [2, 2]", ${PARAMETER}];`);
    expect(nodeLine(dot, 'n2')).toBe(`  n2 [label="mul [2]\\ngrad [1, 1]", ${OP}];`);
    expect(nodeLine(dot, 'n1')).toBe(`  n1 [label="leaf []\\ngrad none", ${LEAF}];`);
    expect(nodeLine(dot, 'n3')).toBe(`  n3 [label="sum []\\ngrad none", ${OUTPUT}];`);
  });

  test('values: small tensors in full (nested), large ones as the first 4 values and ...', () => {
    const small = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(nodeLine(toDot(small, { values: true }), 'n0')).toBe(
      `  n0 [label="leaf [2,2]\\ndata [[1, 2], [3, 4]]", ${LEAF}];`,
    );
    const nine = tensor([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(nodeLine(toDot(nine, { values: true }), 'n0')).toBe(
      `  n0 [label="leaf [3,3]\\ndata [1, 2, 3, 4, ...]", ${LEAF}];`,
    );
  });

  test('values: non-integers to 4 significant digits, trailing zeros kept, so rounding shows', () => {
    // 1/3 = 0.3333..., -0.99997 rounds to -1.000 (not the integer -1), 1.5e-7 to 1.500e-7.
    const x = tensor([1 / 3, -0.99997, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(nodeLine(toDot(x, { values: true }), 'n0')).toBe(
      `  n0 [label="leaf [5]\\ndata [0.3333, -1.000, 1.500e-7, NaN, Infinity]", ${LEAF}];`,
    );
  });

  test('parameters stand out: leaves that require a gradient are styled apart from constants and ops', () => {
    const { out } = neuron();
    const dot = toDot(out);
    // What follows the (escaped) label: the node's attributes.
    const styleOf = (id: string) => nodeLine(dot, id).replace(/^ {2}n\d+ \[label="(?:[^"\\]|\\.)*", /, '');
    const parameterStyle = styleOf('n0');
    const constantStyle = styleOf('n3');
    const opStyle = styleOf('n2');
    expect(parameterStyle).toBe(`${PARAMETER}];`);
    expect(new Set([parameterStyle, constantStyle, opStyle]).size).toBe(3);
    expect(parameterStyle).toContain('filled');
    expect(opStyle).not.toContain('filled');
  });

  test('a tensor used twice by one op gets two edges, labelled 0 and 1', () => {
    const x = tensor(3, { requiresGrad: true });
    const dot = toDot(x.mul(x));
    expect(dot).toContain('  n0 -> n1 [label="0"];\n  n0 -> n1 [label="1"];');
    expect(dot.match(/->/g)).toHaveLength(2);
  });

  test('a leaf alone, or a result computed without recording, is a single node', () => {
    const x = tensor([1, 2, 3]);
    const expected = digraph([`  n0 [label="leaf [3]", ${LEAF}];`]);
    expect(toDot(x)).toBe(expected);
    expect(toDot(x.mul(2))).toBe(expected);
  });

  test('the graph name and labels are escaped for DOT: quotes, backslashes, line breaks', () => {
    const x = tensor(1, { requiresGrad: true });
    expect(toDot(x, { name: 'my "graph" \\ one\ntwo' }).split('\n')[0]).toBe(
      'digraph "my \\"graph\\" \\\\ one\\ntwo" {',
    );
    // An op name with DOT's special characters, on a hand-made tape entry.
    const entry: TapeEntry = {
      op: 'say "hi" \\ {x|y}',
      inputs: [x],
      backward: (g: Tensor) => [g],
      createdAt: null,
      position: Number.MAX_SAFE_INTEGER,
    };
    const result = new Tensor(Float64Array.of(1), [], { requiresGrad: true, gradFn: entry });
    expect(nodeLine(toDot(result), 'n1')).toBe(`  n1 [label="say \\"hi\\" \\\\ {x|y} []", ${OUTPUT}];`);
  });

  test('the same graph always gives the same text', () => {
    const { out } = neuron();
    expect(toDot(out, { values: true })).toBe(toDot(out, { values: true }));
  });

  test('a chain of 100,000 ops does not overflow the stack', () => {
    const x = tensor(0.5, { requiresGrad: true });
    let t = x;
    for (let i = 0; i < 100_000; i++) t = t.neg();
    const lines = toDot(t).split('\n');
    // 4 framing lines, 100,001 nodes (x and 100,000 negs), 100,000 unlabelled edges.
    expect(lines).toHaveLength(4 + 100_001 + 100_000);
    expect(lines[3]).toBe(`  n0 [label="parameter []", ${PARAMETER}];`);
    expect(lines[3 + 99_999]).toBe(`  n99999 [label="neg []", ${OP}];`);
    expect(lines[3 + 100_000]).toBe(`  n100000 [label="neg []", ${OUTPUT}];`);
    expect(lines[lines.length - 2]).toBe('  n99999 -> n100000;');
  });
});

describe('toDot names', () => {
  test('a named node shows its name, then its op and shape; a named leaf its name and shape', () => {
    const { a, b, c, out } = neuron();
    const sum = out.gradFn!.inputs[0]!;
    const dot = toDot(out, { names: { a, b, 'constant c': c, 'a*b + c': sum, out } });
    expect(dot).toBe(
      digraph([
        `  n0 [label="a\\n[]", ${PARAMETER}];`,
        `  n1 [label="b\\n[]", ${PARAMETER}];`,
        `  n2 [label="mul []", ${OP}];`,
        `  n3 [label="constant c\\n[]", ${LEAF}];`,
        `  n4 [label="a*b + c\\nadd []", ${OP}];`,
        `  n5 [label="out\\ntanh []", ${OUTPUT}];`,
        ...NEURON_EDGES,
      ]),
    );
    expect(dot).not.toMatch(/label="(parameter|leaf) /);
  });

  test('the name leads the label and the tooltip, and is escaped; tensors outside the graph are ignored', () => {
    const { a, out } = neuron();
    out.backward();
    const elsewhere = tensor([1, 2]);
    const dot = toDot(out, { names: { 'the "a"': a, elsewhere }, values: true, grads: true, tooltips: true });
    expect(nodeLine(dot, 'n0')).toBe(
      `  n0 [label="the \\"a\\"\\n[]", tooltip="the \\"a\\"\\n[]\\ndata 2\\ngrad -3", ${PARAMETER}];`,
    );
    expect(dot).not.toContain('elsewhere');
  });

  test('names must be an object of tensors by non-empty name, one name per tensor', () => {
    const { a, out } = neuron();
    expect(() => toDot(out, { names: new Map([['a', a]]) as never })).toThrow(
      "toDot: option 'names' must be an object of tensors by name, such as " +
        '{ X, y, ...Object.fromEntries(net.namedParameters()) }, got an object (Map)',
    );
    expect(() => toDot(out, { names: [a] as never })).toThrow(/toDot: option 'names' must be an object/);
    expect(() => toDot(out, { names: { a: 2 } as never })).toThrow(
      "toDot: names['a'] must be a Tensor, got number 2",
    );
    expect(() => toDot(out, { names: { a, W: a } })).toThrow(
      "toDot: names gives one tensor two names, 'a' and 'W'; give it one",
    );
    expect(() => toDot(out, { names: { ' ': a } })).toThrow(
      "toDot: option 'names' has an empty name; give each tensor a name to show",
    );
    expect(() => toDot(out, { legend: 'yes' as never })).toThrow(
      "toDot: option 'legend' must be true or false, got string 'yes'",
    );
  });
});

describe('toDot legend', () => {
  /** The lines of the legend's cluster, from its opening to its closing brace. */
  function legendOf(dot: string): string[] {
    const lines = dot.split('\n');
    const start = lines.indexOf('  subgraph cluster_legend {');
    expect(start).toBeGreaterThan(0);
    return lines.slice(start, lines.indexOf('  }', start) + 1);
  }

  test('a dashed box with one sample node per style, in a row, after the graph; none unless asked', () => {
    const { out } = neuron();
    expect(toDot(out)).not.toContain('cluster_legend');
    const dot = toDot(out, { legend: true });
    expect(dot.endsWith(`${legendOf(dot).join('\n')}\n}`)).toBe(true);
    expect(legendOf(dot)).toEqual([
      '  subgraph cluster_legend {',
      '    label="legend"; style=dashed; color="#999999"; fontname="Helvetica"; fontsize=10;',
      `    legend_parameter [label="parameter: learned, gets a gradient", ${PARAMETER}];`,
      `    legend_constant [label="input or constant", ${LEAF}];`,
      `    legend_op [label="op result", ${OP}];`,
      `    legend_output [label="the output", ${OUTPUT}];`,
      '    legend_parameter -> legend_constant -> legend_op -> legend_output [style=invis];',
      '  }',
    ]);
  });

  test('with values and grads it says what data and grad are, naming the output by its name', () => {
    const { out } = neuron();
    out.backward();
    const legend = legendOf(toDot(out, { legend: true, values: true, grads: true, names: { loss: out } }));
    expect(legend).toContain(`    legend_output [label="loss (the output)", ${OUTPUT}];`);
    expect(legend).toContain(
      '    legend_numbers [label="data: the tensor\'s values (4 significant digits)\\l' +
        'grad: d loss / d this tensor\\lgrad none: no gradient kept (inputs and constants need none)\\l", ' +
        'shape=plaintext];',
    );
    const valuesOnly = legendOf(toDot(out, { legend: true, values: true }));
    expect(valuesOnly.find((line) => line.includes('legend_numbers ['))).toBe(
      '    legend_numbers [label="data: the tensor\'s values (4 significant digits)\\l", shape=plaintext];',
    );
  });
});
