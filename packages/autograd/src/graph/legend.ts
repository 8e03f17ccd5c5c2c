/**
 * toDot's legend: a dashed box of sample nodes, one per kind of tensor in the node styles, and what the
 * numbers in a node mean when they are shown. Its nodes are chained by invisible edges so that they sit in
 * one row beside the graph rather than in a column among its inputs.
 */
import { escapeDot } from './dot-text.ts';
import { CONSTANT_STYLE, OP_STYLE, OUTPUT_STYLE, PARAMETER_STYLE } from './node-styles.ts';

/** What the legend explains beyond the node kinds. */
export interface LegendContents {
  /** The output's name in the graph ('loss'), or null when it has none. */
  readonly outputName: string | null;
  readonly values: boolean;
  readonly grads: boolean;
}

/** The legend as the lines of a DOT cluster, indented to sit inside the digraph. */
export function legendLines({ outputName, values, grads }: LegendContents): string[] {
  const output = outputName ?? 'the output';
  const ids: string[] = [];
  const nodes: string[] = [];
  const add = (id: string, attributes: string): void => {
    ids.push(id);
    nodes.push(`    ${id} [${attributes}];`);
  };
  add('legend_parameter', `label="parameter: learned, gets a gradient", ${PARAMETER_STYLE}`);
  add('legend_constant', `label="input or constant", ${CONSTANT_STYLE}`);
  add('legend_op', `label="op result", ${OP_STYLE}`);
  const outputLabel = outputName === null ? 'the output' : `${outputName} (the output)`;
  add('legend_output', `label="${escapeDot(outputLabel)}", ${OUTPUT_STYLE}`);
  const numbers = [
    ...(values ? ["data: the tensor's values (4 significant digits)"] : []),
    ...(grads
      ? [`grad: d ${output} / d this tensor`, 'grad none: no gradient kept (inputs and constants need none)']
      : []),
  ];
  if (numbers.length > 0) {
    // \l ends a left-aligned line in a Graphviz label.
    const text = numbers.map((line) => `${escapeDot(line)}\\l`).join('');
    add('legend_numbers', `label="${text}", shape=plaintext`);
  }
  return [
    '  subgraph cluster_legend {',
    '    label="legend"; style=dashed; color="#999999"; fontname="Helvetica"; fontsize=10;',
    ...nodes,
    `    ${ids.join(' -> ')} [style=invis];`,
    '  }',
  ];
}
