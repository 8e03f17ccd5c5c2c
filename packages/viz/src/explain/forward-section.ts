/**
 * The first half of the page: the setup, forward propagation quantity by quantity, and the loss.
 */
import type { HiddenActivation } from '@tapegrad/nn';
import { scalarComparison } from './comparison.ts';
import { activationAt, texOneOver, texProducts, type Worked } from './context.ts';
import { texFactor, texMatrix, texNumber } from './format.ts';
import { displayMath, heading, table } from './markdown.ts';
import type { Matrix } from './matrix.ts';
import type { ExplainLoss } from './options.ts';
import type { TinyNetwork } from './tiny-network.ts';

const ACTIVATION_SYMBOL: Record<HiddenActivation, string> = {
  sigmoid: '\\sigma',
  tanh: '\\tanh',
  relu: '\\operatorname{relu}',
};
const ACTIVATION_FORMULA: Record<HiddenActivation, string> = {
  sigmoid: '\\sigma(z) = \\frac{1}{1 + e^{-z}}',
  tanh: '\\tanh z = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}',
  relu: '\\operatorname{relu}(z) = \\max(z, 0)',
};

const OUTPUT_TEXT: Record<ExplainLoss, (outputs: number) => string> = {
  bce: () => 'one output with the sigmoid, trained with binary cross entropy',
  crossEntropy: (outputs) =>
    `${outputs} outputs with the softmax (the probabilities of ${outputs} classes), trained with cross entropy`,
  mse: () => 'one linear output, trained with mean squared error',
};

/** Z[1, 1] = A[1, 1] W[1, 1] + A[1, 2] W[2, 1] + ... + b[1], symbols, then numbers, then the value. */
function firstEntryOfLayer(
  symbols: { Z: string; A: string; W: string; b: string },
  values: { A: Matrix; W: Matrix; b: Matrix; Z: Matrix },
): string {
  const { Z, A, W, b } = symbols;
  const inputs = values.A[0]!;
  const terms = inputs.map((_, p) => `${A}[1, ${p + 1}]\\, ${W}[${p + 1}, 1]`);
  const pairs = inputs.map((a, p) => [a, values.W[p]![0]!] as const);
  return (
    `${Z}[1, 1] = ${terms.join(' + ')} + ${b}[1] = ${texProducts(pairs)} + ${texFactor(values.b[0]![0]!)} = ` +
    texNumber(values.Z[0]![0]!)
  );
}

/** The setup: the network, the batch and the shapes, as Markdown blocks. */
export function setupSection({ network }: Worked): string[] {
  const { hidden, activation, samples } = network.settings;
  const { outputs, labels } = network;
  const classes =
    labels === null
      ? []
      : [
          `Example $i$ belongs to class $t_i$, counting from 1: $t = (${labels.map((label) => label + 1).join(', ')})$ ` +
            `(labels \`[${labels.join(', ')}]\` in code, which counts from 0). $Y$ holds them as one-hot rows: ` +
            "$Y[i, c] = 1$ for the class $c = t_i$ and 0 for the others. The tape's cross entropy takes the labels themselves.",
        ];
  const inputs = network.X[0]!.length;
  return [
    heading(2, 'The setup'),
    `A ${inputs}-${hidden}-${outputs} network: ${inputs} inputs, ${hidden} hidden ${hidden === 1 ? 'unit' : 'units'} with the ` +
      `${activation} activation $${ACTIVATION_FORMULA[activation]}$, and ${OUTPUT_TEXT[network.settings.loss](outputs)}. ` +
      `The batch has $m = ${samples}$ ${samples === 1 ? 'example' : 'examples'}, one per row of $X$, and its targets in the rows of $Y$.`,
    ...classes,
    displayMath(`X = ${texMatrix(network.X)}, \\qquad Y = ${texMatrix(network.Y)}`),
    network.weightsNote,
    displayMath(
      `W_1 = ${texMatrix(network.W1)}, \\quad b_1 = ${texMatrix(network.b1)}, \\quad ` +
        `W_2 = ${texMatrix(network.W2)}, \\quad b_2 = ${texMatrix(network.b2)}`,
    ),
    table(
      ['symbol', 'shape', 'meaning'],
      [
        ['$X$', `$[m, n] = [${samples}, 2]$`, 'inputs, one example per row'],
        ['$W_1$, $b_1$', `$[n, h] = [2, ${hidden}]$, $[h] = [${hidden}]$`, 'the hidden layer'],
        ['$Z_1$, $A_1$', `$[m, h] = [${samples}, ${hidden}]$`, 'hidden pre-activation and activation'],
        ['$W_2$, $b_2$', `$[h, k] = [${hidden}, ${outputs}]$, $[k] = [${outputs}]$`, 'the output layer'],
        ['$Z_2$, $A_2$, $Y$', `$[m, k] = [${samples}, ${outputs}]$`, 'logits, outputs and targets'],
      ],
      ['left', 'left', 'left'],
    ),
  ];
}

/** The output A2 = out(Z2), with its first entry worked out. */
function outputStep({ network, hand }: Worked): string[] {
  const { Z2, A2 } = hand.forward;
  const z = Z2[0]!;
  switch (network.settings.loss) {
    case 'bce':
      return [
        heading(3, '$A_2 = \\sigma(Z_2)$'),
        'The output is the sigmoid of each logit: the probability that the example is of class 1.',
        displayMath(`A_2 = \\sigma\\left(${texMatrix(Z2)}\\right) = ${texMatrix(A2)}`),
        displayMath(`A_2[1, 1] = ${activationAt('sigmoid', z[0]!)} = ${texNumber(A2[0]![0]!)}`),
      ];
    case 'crossEntropy': {
      const exps = z.map((value) => `e^{${texNumber(value)}}`);
      return [
        heading(3, '$A_2 = \\operatorname{softmax}(Z_2)$'),
        'The softmax of each row turns the logits into probabilities that sum to 1: ' +
          "$A_2[i, c] = e^{Z_2[i, c]} / \\sum_{c'} e^{Z_2[i, c']}$.",
        displayMath(`A_2 = \\operatorname{softmax}\\left(${texMatrix(Z2)}\\right) = ${texMatrix(A2)}`),
        displayMath(`A_2[1, 1] = \\frac{${exps[0]}}{${exps.join(' + ')}} = ${texNumber(A2[0]![0]!)}`),
      ];
    }
    case 'mse':
      return [
        heading(3, '$A_2 = Z_2$'),
        'The output is linear: the prediction is the logit itself.',
        displayMath(`A_2 = Z_2 = ${texMatrix(A2)}`),
      ];
  }
}

function forward(worked: Worked): string[] {
  const { network, hand } = worked;
  const { activation } = network.settings;
  const { Z1, A1, Z2 } = hand.forward;
  const g = ACTIVATION_SYMBOL[activation];
  return [
    heading(2, 'Forward propagation'),
    heading(3, '$Z_1 = X W_1 + b_1$'),
    'Each hidden unit $r$ adds up the inputs of an example weighted by column $r$ of $W_1$, plus its bias.',
    displayMath(
      `Z_1 = ${texMatrix(network.X)} ${texMatrix(network.W1)} + ${texMatrix(network.b1)} = ${texMatrix(Z1)}`,
    ),
    'The first entry by hand:',
    displayMath(
      firstEntryOfLayer(
        { Z: 'Z_1', A: 'X', W: 'W_1', b: 'b_1' },
        { A: network.X, W: network.W1, b: network.b1, Z: Z1 },
      ),
    ),
    heading(3, `$A_1 = ${g}(Z_1)$`),
    `The activation $${ACTIVATION_FORMULA[activation]}$ is applied to each entry.`,
    displayMath(`A_1 = ${g}\\left(${texMatrix(Z1)}\\right) = ${texMatrix(A1)}`),
    displayMath(`A_1[1, 1] = ${activationAt(activation, Z1[0]![0]!)} = ${texNumber(A1[0]![0]!)}`),
    heading(3, '$Z_2 = A_1 W_2 + b_2$'),
    'The output layer does the same with the hidden activations as its inputs.',
    displayMath(
      `Z_2 = ${texMatrix(A1)} ${texMatrix(network.W2)} + ${texMatrix(network.b2)} = ${texMatrix(Z2)}`,
    ),
    displayMath(
      firstEntryOfLayer(
        { Z: 'Z_2', A: 'A_1', W: 'W_2', b: 'b_2' },
        { A: A1, W: network.W2, b: network.b2, Z: Z2 },
      ),
    ),
    ...outputStep(worked),
  ];
}

/** The cost's formula, for the loss of the network. */
const COST_FORMULA: Record<ExplainLoss, string> = {
  bce: 'J = -\\frac{1}{m} \\sum_{i=1}^{m} \\Big[ Y[i, 1] \\log A_2[i, 1] + (1 - Y[i, 1]) \\log \\big(1 - A_2[i, 1]\\big) \\Big]',
  crossEntropy:
    'J = -\\frac{1}{m} \\sum_{i=1}^{m} \\sum_{c} Y[i, c] \\log A_2[i, c] = -\\frac{1}{m} \\sum_{i=1}^{m} \\log A_2[i, t_i]',
  mse: 'J = \\frac{1}{m} \\sum_{i=1}^{m} \\big(A_2[i, 1] - Y[i, 1]\\big)^2',
};

const COST_TEXT: Record<ExplainLoss, string> = {
  bce:
    'The cost is the mean over the examples of the binary cross entropy (with one output, $k = 1$). ' +
    'Each target is 0 or 1, so one of the two logs remains for each example.',
  crossEntropy:
    'The cost is the mean over the examples of the cross entropy: minus the log of the probability given ' +
    'to the right class, $A_2[i, t_i]$ for example $i$ of class $t_i$. Only that term of the sum over the ' +
    'classes $c$ remains, as $Y[i, c]$ is 0 for the others.',
  mse: "The cost is the mean over the examples of the squared error (with one output, $k = 1$; no $\\frac12$ in front, as in PyTorch's `MSELoss`).",
};

const TAPE_COST_TEXT: Record<ExplainLoss, string> = {
  bce: "The tape's cost (nn's `objective`) works from the logits, $\\operatorname{softplus}(z) - z y$, so that nothing overflows:",
  crossEntropy:
    "The tape's cost (nn's `objective`) works from the logits through log-softmax, so that nothing overflows:",
  mse: "The tape's cost, from nn's `objective`:",
};

/** The cost with the numbers of A2 substituted, up to its value. */
export function costSubstituted(network: TinyNetwork, A2: Matrix, cost: number): string {
  const m = network.X.length;
  const { loss } = network.settings;
  const terms = A2.map((row, i) => {
    const target = network.Y[i]!;
    if (loss === 'crossEntropy') return `\\log ${texNumber(row[network.labels![i]!]!)}`;
    if (loss === 'bce') {
      return target[0] === 1 ? `\\log ${texNumber(row[0]!)}` : `\\log(1 - ${texNumber(row[0]!)})`;
    }
    return `(${texNumber(row[0]!)} - ${texFactor(target[0]!)})^2`;
  });
  const sign = loss === 'mse' ? '' : '-';
  return `J = ${sign}${texOneOver(m)} \\left[ ${terms.join(' + ')} \\right] = ${texNumber(cost)}`;
}

function cost({ network, hand, tape }: Worked): string[] {
  const { loss } = network.settings;
  return [
    heading(2, 'The loss'),
    COST_TEXT[loss],
    displayMath(COST_FORMULA[loss]),
    displayMath(costSubstituted(network, hand.forward.A2, hand.loss)),
    TAPE_COST_TEXT[loss],
    scalarComparison('J', hand.loss, tape.loss),
  ];
}

/** The forward pass and the cost, as Markdown blocks. */
export function forwardSection(worked: Worked): string[] {
  return [...forward(worked), ...cost(worked)];
}
