import { booleanOption, checkOptions, checkTensor, refuseOption } from '../checks/arguments.ts';
import { formatShape } from '../shape/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';

export interface DotOptions {
  /** Show each tensor's values: small tensors in full, larger ones as their first few values and '...'. */
  readonly values?: boolean;
  /** Show each tensor's `.grad`, where it has one (leaves after backward, and `retainGrad()` tensors). */
  readonly grads?: boolean;
  /** The graph's name in the DOT text. Default 'tapegrad'. */
  readonly name?: string;
  /**
   * Put the values and gradients in each node's tooltip (shown on hover in an SVG) instead of its label, which
   * then holds the op and shape only. Default false.
   */
  readonly tooltips?: boolean;
}

const DOT_OPTIONS = {
  values: booleanOption,
  grads: booleanOption,
  tooltips: booleanOption,
  name: (fn: string, name: string, value: unknown) =>
    typeof value === 'string' ? value : refuseOption(fn, name, 'a string', value),
} as const;

/** Tensors of at most this many elements are shown in full; larger ones as their first SUMMARY_ITEMS. */
const FULL_LIMIT = 8;
const SUMMARY_ITEMS = 4;

/** Node styles: parameters (leaves that require a gradient) filled and boxed, so they stand out. */
const PARAMETER_STYLE = 'shape=box, style="rounded,filled", fillcolor="#ffd966", penwidth=2';
const CONSTANT_STYLE = 'shape=box, style="rounded,filled", fillcolor="#eeeeee"';
const OP_STYLE = 'shape=ellipse';

/** Text inside a double-quoted DOT string: backslashes and quotes escaped, line breaks as \n. */
function escapeDot(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
}

/**
 * Integers as they are; anything else to 4 significant digits, trailing zeros kept so that a rounded value
 * never reads as an exact one: 0.7071, 24.70, -1.000 (for -0.99997), 1.000e-7.
 */
function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** Values in full as nested brackets when small; otherwise the first few in row-major order and '...'. */
function formatValues(t: Tensor): string {
  if (t.size > FULL_LIMIT) {
    const head = Array.from(t.data.subarray(0, SUMMARY_ITEMS), formatValue);
    return `[${head.join(', ')}, ...]`;
  }
  const render = (node: unknown): string =>
    Array.isArray(node) ? `[${node.map(render).join(', ')}]` : formatValue(node as number);
  return render(t.toArray());
}

/** The node's attributes: its label (op and shape), and its values and gradient in the label or the tooltip. */
function attributes(t: Tensor, options: DotOptions): string {
  const kind = t.gradFn !== null ? t.gradFn.op : t.requiresGrad ? 'parameter' : 'leaf';
  const heading = `${kind} ${formatShape(t.shape)}`;
  const details: string[] = [];
  if (options.values) details.push(`data ${formatValues(t)}`);
  if (options.grads && t.grad !== null) details.push(`grad ${formatValues(t.grad)}`);
  if (options.tooltips) {
    return `label="${escapeDot(heading)}", tooltip="${escapeDot([heading, ...details].join('\n'))}"`;
  }
  return `label="${escapeDot([heading, ...details].join('\n'))}"`;
}

/**
 * The recorded graph behind `output` as Graphviz DOT text: one node per tensor, an edge from each input of
 * an op to its result (labelled with the input's position when the op has several). Recorded results show
 * their op and shape; leaves show 'parameter' (requires a gradient: filled and boxed, so parameters stand
 * out) or 'leaf' (a constant or input), with the shape. With `values` or `grads`, each node also shows its
 * values or its `.grad` (4 significant digits; more than 8 elements are cut to the first 4 and '...').
 *
 * Nodes are numbered in tape order (each op after its inputs), so the same graph always gives the same
 * text. The walk uses an explicit stack, so a graph of any depth works. Render the text with Graphviz
 * (`dot -Tsvg`) or @viz-js/viz.
 * @example
 * const a = tensor(2, { requiresGrad: true });
 * const y = a.mul(a).tanh();
 * toDot(y);
 * // digraph "tapegrad" {
 * //   rankdir=LR;
 * //   node [fontname="Helvetica", fontsize=10];
 * //   n0 [label="parameter []", shape=box, style="rounded,filled", fillcolor="#ffd966", penwidth=2];
 * //   n1 [label="mul []", shape=ellipse];
 * //   n2 [label="tanh []", shape=ellipse];
 * //   n0 -> n1 [label="0"];
 * //   n0 -> n1 [label="1"];
 * //   n1 -> n2;
 * // }
 */
export function toDot(output: Tensor, options: DotOptions = {}): string {
  checkTensor('toDot', 'tensor', output);
  checkOptions('toDot', options, DOT_OPTIONS);
  // Every tensor the output was computed from, found with an explicit stack.
  const seen = new Set<Tensor>([output]);
  const stack: Tensor[] = [output];
  const recorded: Tensor[] = [];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t.gradFn === null) continue;
    recorded.push(t);
    for (const input of t.gradFn.inputs) {
      if (!seen.has(input)) {
        seen.add(input);
        stack.push(input);
      }
    }
  }

  // Tape order: an op's inputs were created before it, so each op is numbered after all of its inputs;
  // a leaf is numbered just before the first op that reads it.
  recorded.sort((a, b) => a.gradFn!.position - b.gradFn!.position);
  const ids = new Map<Tensor, string>();
  const nodes: string[] = [];
  const number = (t: Tensor): void => {
    if (ids.has(t)) return;
    const id = `n${ids.size}`;
    ids.set(t, id);
    const style = t.gradFn !== null ? OP_STYLE : t.requiresGrad ? PARAMETER_STYLE : CONSTANT_STYLE;
    nodes.push(`  ${id} [${attributes(t, options)}, ${style}];`);
  };
  const edges: string[] = [];
  for (const result of recorded) {
    const inputs = result.gradFn!.inputs;
    inputs.forEach(number);
    number(result);
    inputs.forEach((input, position) => {
      const edgeLabel = inputs.length > 1 ? ` [label="${position}"]` : '';
      edges.push(`  ${ids.get(input)} -> ${ids.get(result)}${edgeLabel};`);
    });
  }
  number(output);

  return [
    `digraph "${escapeDot(options.name ?? 'tapegrad')}" {`,
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=10];',
    ...nodes,
    ...edges,
    '}',
  ].join('\n');
}
