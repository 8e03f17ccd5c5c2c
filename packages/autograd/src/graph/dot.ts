/**
 * toDot: the recorded graph behind a tensor as Graphviz DOT text, one node per tensor, optionally named,
 * with its values and gradient, and a legend.
 */
import { booleanOption, checkOptions, checkTensor, refuseOption } from '../checks/arguments.ts';
import { formatShape } from '../shape/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { escapeDot } from './dot-text.ts';
import { legendLines } from './legend.ts';
import { CONSTANT_STYLE, OP_STYLE, OUTPUT_STYLE, PARAMETER_STYLE } from './node-styles.ts';
import { checkTensorNames, namesByTensor, type TensorNames } from './tensor-names.ts';

export interface DotOptions {
  /** Show each tensor's values: small tensors in full, larger ones as their first few values and '...'. */
  readonly values?: boolean;
  /**
   * Show each tensor's `.grad` (leaves after backward, and `retainGrad()` tensors); a tensor without one
   * shows `grad none`.
   */
  readonly grads?: boolean;
  /**
   * Names to show, as torchviz's `params`: `{ X, y, ...Object.fromEntries(net.namedParameters()) }`. A named
   * node shows its name, then its op and shape (a leaf: its shape). Tensors not in the graph are ignored.
   */
  readonly names?: TensorNames;
  /**
   * Add a legend: what the node styles mean (parameter, input or constant, op result, the output) and, when
   * shown, what data and grad are. Default false.
   */
  readonly legend?: boolean;
  /** The graph's name in the DOT text. Default 'tapegrad'. */
  readonly name?: string;
  /**
   * Put the values and gradients in each node's tooltip (shown on hover in an SVG) instead of its label, which
   * then holds the name, op and shape only. Default false.
   */
  readonly tooltips?: boolean;
}

const DOT_OPTIONS = {
  values: booleanOption,
  grads: booleanOption,
  tooltips: booleanOption,
  legend: booleanOption,
  names: checkTensorNames,
  name: (fn: string, name: string, value: unknown) =>
    typeof value === 'string' ? value : refuseOption(fn, name, 'a string', value),
} as const;

/** Tensors of at most this many elements are shown in full; larger ones as their first SUMMARY_ITEMS. */
const FULL_LIMIT = 8;
const SUMMARY_ITEMS = 4;

/**
 * Integers as they are; anything else to 4 significant digits, trailing zeros kept so that a rounded value
 * never reads as an exact one: 0.7071, 24.70, -1.000 (for -0.99997), 1.000e-7.
 */
function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** Values in full as nested brackets when small; otherwise the first few in row-major order and '...'. */
function formatValues(t: Tensor): string {
  if (t.numel() > FULL_LIMIT) {
    const head = Array.from(t.data.subarray(0, SUMMARY_ITEMS), formatValue);
    return `[${head.join(', ')}, ...]`;
  }
  const render = (node: unknown): string =>
    Array.isArray(node) ? `[${node.map(render).join(', ')}]` : formatValue(node as number);
  return render(t.toArray());
}

/**
 * What a node is: its name (if it has one), then its op and shape; a leaf without a name says whether it is
 * a parameter, a named leaf shows only its shape.
 */
function headingOf(t: Tensor, name: string | undefined): string {
  const shape = formatShape(t.shape);
  if (t.gradFn !== null) return `${name === undefined ? '' : `${name}\n`}${t.gradFn.op} ${shape}`;
  if (name !== undefined) return `${name}\n${shape}`;
  return `${t.requiresGrad ? 'parameter' : 'leaf'} ${shape}`;
}

/** The node's attributes: its label (heading), and its values and gradient in the label or the tooltip. */
function attributes(t: Tensor, name: string | undefined, options: DotOptions): string {
  const heading = headingOf(t, name);
  const details: string[] = [];
  if (options.values) details.push(`data ${formatValues(t)}`);
  if (options.grads) details.push(`grad ${t.grad === null ? 'none' : formatValues(t.grad)}`);
  if (options.tooltips) {
    return `label="${escapeDot(heading)}", tooltip="${escapeDot([heading, ...details].join('\n'))}"`;
  }
  return `label="${escapeDot([heading, ...details].join('\n'))}"`;
}

/** A leaf is a parameter or a constant; an op result is the output or one on the way to it. */
function styleOf(t: Tensor, output: Tensor): string {
  if (t.gradFn === null) return t.requiresGrad ? PARAMETER_STYLE : CONSTANT_STYLE;
  return t === output ? OUTPUT_STYLE : OP_STYLE;
}

/**
 * The recorded graph behind `output` as Graphviz DOT text: one node per tensor, an edge from each input of
 * an op to its result (labelled with the input's position when the op has several). Recorded results show
 * their op and shape (ellipses; `output` itself, when recorded, a filled double ellipse); leaves show
 * 'parameter' (requires a gradient: filled and boxed, so parameters stand out) or 'leaf' (a constant or
 * input), with the shape. `names` puts a name first in a node's label, as torchviz's `params` does: a named
 * leaf shows its name and shape. With `values` or `grads`, each node also shows its values or its `.grad`
 * (4 significant digits; more than 8 elements are cut to the first 4 and '...'), and `legend` adds a box
 * that says what the styles and the numbers mean.
 *
 * Nodes are numbered in tape order (each op after its inputs), so the same graph always gives the same
 * text. The walk uses an explicit stack, so a graph of any depth works. Render the text with Graphviz
 * (`dot -Tsvg`) or @viz-js/viz.
 * @example
 * const a = tensor(2, { requiresGrad: true });
 * const y = a.mul(a).tanh();
 * toDot(y, { names: { a } });
 * // digraph "tapegrad" {
 * //   rankdir=LR;
 * //   node [fontname="Helvetica", fontsize=10];
 * //   n0 [label="a\n[]", shape=box, style="rounded,filled", fillcolor="#ffd966", penwidth=2];
 * //   n1 [label="mul []", shape=ellipse];
 * //   n2 [label="tanh []", shape=ellipse, style=filled, fillcolor="#c9daf8", peripheries=2];
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
  const names = namesByTensor(options.names);
  const ids = new Map<Tensor, string>();
  const nodes: string[] = [];
  const number = (t: Tensor): void => {
    if (ids.has(t)) return;
    const id = `n${ids.size}`;
    ids.set(t, id);
    nodes.push(`  ${id} [${attributes(t, names.get(t), options)}, ${styleOf(t, output)}];`);
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
    ...(options.legend
      ? legendLines({
          outputName: names.get(output) ?? null,
          values: options.values ?? false,
          grads: options.grads ?? false,
        })
      : []),
    '}',
  ].join('\n');
}
