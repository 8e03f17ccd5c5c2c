/**
 * The second half of the page's derivatives: every backward quantity in the order backprop computes it,
 * each with its formula, the numbers substituted, its first entry by hand, and autograd's value beside it.
 */
import type { HiddenActivation } from '@tapegrad/nn';
import { FINITE_DIFFERENCE_EPS, texPowerOfTen, toleranceText } from './by-finite-differences.ts';
import { comparisonTable, type ThreeWays } from './comparison.ts';
import { texOneOver, texProducts, texSum, type Worked } from './context.ts';
import { texFactor, texMatrix, texNumber } from './format.ts';
import { displayMath, heading } from './markdown.ts';
import { type Matrix, transpose } from './matrix.ts';
import type { ExplainLoss } from './options.ts';

interface BackwardStep {
  /** The quantity in LaTeX, e.g. dW_2. */
  readonly symbol: string;
  /** Why the formula is what it is, in a sentence or two. */
  readonly why: string;
  readonly formula: string;
  /** Lines of display math with the numbers substituted, the last ending in the result. */
  readonly substituted: readonly string[];
  /** The first entry worked out by hand. */
  readonly firstEntry: string;
  readonly values: ThreeWays;
  /** A bias gradient: its entries have one index. */
  readonly vector?: boolean;
}

function render(step: BackwardStep): string[] {
  return [
    heading(3, `$${step.symbol}$`),
    step.why,
    displayMath(step.formula),
    'With the numbers:',
    ...step.substituted.map(displayMath),
    'The first entry by hand:',
    displayMath(step.firstEntry),
    comparisonTable(step.symbol, step.values, step.vector),
  ];
}

const OUTPUT_GRADIENT: Record<ExplainLoss, { formula: string; factor: number; why: string }> = {
  bce: {
    formula: 'dZ_2 = \\frac{1}{k} (A_2 - Y) = A_2 - Y \\qquad (k = 1)',
    factor: 1,
    why:
      "For a sigmoid output with binary cross entropy, the sigmoid's slope $A_2 (1 - A_2)$ cancels against " +
      'the derivative of the log: the gradient of each loss with respect to its logit is the error $A_2 - Y$, ' +
      'divided by the $k$ outputs the loss averages over.',
  },
  crossEntropy: {
    formula: 'dZ_2 = A_2 - Y',
    factor: 1,
    why:
      "For a softmax output with cross entropy, the softmax's Jacobian cancels against the log; each row of " +
      '$Y$ sums to 1, and the gradient with respect to the logits is the error $A_2 - Y$.',
  },
  mse: {
    formula: 'dZ_2 = \\frac{2}{k} (A_2 - Y) = 2 (A_2 - Y) \\qquad (k = 1)',
    factor: 2,
    why:
      'For a linear output with mean squared error, the square brings down a 2 (this MSE has no ' +
      '$\\frac12$), divided by the $k$ outputs it averages over.',
  },
};

function outputGradientStep({ network, hand, tape, numerical }: Worked): BackwardStep {
  const { loss } = network.settings;
  const { formula, factor, why } = OUTPUT_GRADIENT[loss];
  const { A2 } = hand.forward;
  const { dZ2 } = hand.backward;
  const scaled = (tex: string) => (factor === 1 ? tex : `${factor} \\left( ${tex} \\right)`);
  const a = A2[0]![0]!;
  const y = network.Y[0]![0]!;
  return {
    symbol: 'dZ_2',
    why,
    formula,
    substituted: [`dZ_2 = ${scaled(`${texMatrix(A2)} - ${texMatrix(network.Y)}`)} = ${texMatrix(dZ2)}`],
    firstEntry: `dZ_2[1, 1] = ${scaled('A_2[1, 1] - Y[1, 1]')} = ${scaled(`${texNumber(a)} - ${texFactor(y)}`)} = ${texNumber(dZ2[0]![0]!)}`,
    values: { hand: dZ2, tape: tape.dZ2, numerical: numerical.dZ2 },
  };
}

/** dW = (1/m) A^T dZ for the layer whose inputs are A. */
function weightGradientStep(
  symbol: string,
  inputs: { symbol: string; values: Matrix },
  delta: { symbol: string; values: Matrix },
  result: ThreeWays,
  why: string,
): BackwardStep {
  const m = inputs.values.length;
  const pairs = inputs.values.map((row, i) => [row[0]!, delta.values[i]![0]!] as const);
  return {
    symbol,
    why,
    formula: `${symbol} = \\frac{1}{m} ${inputs.symbol}^\\top ${delta.symbol}`,
    substituted: [
      `${symbol} = ${texOneOver(m)} ${texMatrix(transpose(inputs.values))} ${texMatrix(delta.values)} = ${texMatrix(result.hand)}`,
    ],
    firstEntry:
      `${symbol}[1, 1] = \\frac{1}{m} \\sum_{i=1}^{m} ${inputs.symbol}[i, 1]\\, ${delta.symbol}[i, 1] = ` +
      `${texOneOver(m)} \\left( ${texProducts(pairs)} \\right) = ${texNumber(result.hand[0]![0]!)}`,
    values: result,
  };
}

/** db = (1/m) sum_i dZ[i, :] for the layer whose pre-activation gradient is dZ. */
function biasGradientStep(
  symbol: string,
  delta: { symbol: string; values: Matrix },
  result: ThreeWays,
  why: string,
): BackwardStep {
  const m = delta.values.length;
  const rows = delta.values.map((row) => texMatrix([row]));
  return {
    symbol,
    why,
    formula: `${symbol} = \\frac{1}{m} \\sum_{i=1}^{m} ${delta.symbol}[i, :]`,
    substituted: [
      `${symbol} = ${texOneOver(m)} \\left( ${rows.join(' + ')} \\right) = ${texMatrix(result.hand)}`,
    ],
    firstEntry:
      `${symbol}[1] = ${texOneOver(m)} \\left( ${texSum(delta.values.map((row) => row[0]!))} \\right) = ` +
      texNumber(result.hand[0]![0]!),
    values: result,
    vector: true,
  };
}

function hiddenGradientStep({ network, hand, tape, numerical }: Worked): BackwardStep {
  const { dZ2, dA1 } = hand.backward;
  const pairs = dZ2[0]!.map((d, j) => [d, network.W2[0]![j]!] as const);
  return {
    symbol: 'dA_1',
    why:
      '$A_1[i, r]$ reaches the loss through every output $j$ of its example, with slope $W_2[r, j]$; the chain ' +
      "rule adds up the paths. Like $dZ_2$, it is the gradient of each example's own loss (no $\\frac1m$).",
    formula: 'dA_1 = dZ_2 W_2^\\top',
    substituted: [`dA_1 = ${texMatrix(dZ2)} ${texMatrix(transpose(network.W2))} = ${texMatrix(dA1)}`],
    firstEntry: `dA_1[1, 1] = \\sum_{j=1}^{k} dZ_2[1, j]\\, W_2[1, j] = ${texProducts(pairs)} = ${texNumber(dA1[0]![0]!)}`,
    values: { hand: dA1, tape: tape.dA1, numerical: numerical.dA1 },
  };
}

const SLOPE_FORMULA: Record<HiddenActivation, string> = {
  sigmoid: "g'(Z_1) = A_1 \\odot (1 - A_1)",
  tanh: "g'(Z_1) = 1 - A_1 \\odot A_1",
  relu: "g'(Z_1) = \\mathbf{1}[Z_1 > 0]",
};

const SLOPE_WHY: Record<HiddenActivation, string> = {
  sigmoid: "$\\sigma' = \\sigma (1 - \\sigma)$",
  tanh: "$\\tanh' = 1 - \\tanh^2$",
  relu: 'relu has slope 1 where $z > 0$ and 0 where $z < 0$',
};

/** dA1[1, 1] g'(Z1[1, 1]) with g' written from A1 (or Z1 for relu), symbols then numbers. */
function slopeProduct(activation: HiddenActivation, d: number, z: number, a: number): string {
  switch (activation) {
    case 'sigmoid':
      return (
        'dA_1[1, 1] \\cdot A_1[1, 1] \\, (1 - A_1[1, 1]) = ' +
        `${texFactor(d)} \\cdot ${texFactor(a)} \\cdot (1 - ${texFactor(a)})`
      );
    case 'tanh':
      return `dA_1[1, 1] \\cdot (1 - A_1[1, 1]^2) = ${texFactor(d)} \\cdot (1 - ${texFactor(a)}^2)`;
    case 'relu':
      return `dA_1[1, 1] \\cdot \\mathbf{1}[Z_1[1, 1] > 0] = ${texFactor(d)} \\cdot ${z > 0 ? 1 : 0}`;
  }
}

function activationGradientStep({ network, hand, tape, numerical }: Worked): BackwardStep {
  const { activation } = network.settings;
  const { dA1, gPrime, dZ1 } = hand.backward;
  const { Z1, A1 } = hand.forward;
  return {
    symbol: 'dZ_1',
    why:
      '$A_1 = g(Z_1)$ entry by entry, so the chain rule multiplies each entry of $dA_1$ by the slope of $g$ ' +
      `there: ${SLOPE_WHY[activation]}.`,
    formula: `dZ_1 = dA_1 \\odot g'(Z_1), \\qquad ${SLOPE_FORMULA[activation]}`,
    substituted: [
      `${SLOPE_FORMULA[activation]} = ${texMatrix(gPrime)}`,
      `dZ_1 = ${texMatrix(dA1)} \\odot ${texMatrix(gPrime)} = ${texMatrix(dZ1)}`,
    ],
    firstEntry: `dZ_1[1, 1] = ${slopeProduct(activation, dA1[0]![0]!, Z1[0]![0]!, A1[0]![0]!)} = ${texNumber(dZ1[0]![0]!)}`,
    values: { hand: dZ1, tape: tape.dZ1, numerical: numerical.dZ1 },
  };
}

/** The backward pass, as Markdown blocks. */
export function backwardSection(worked: Worked): string[] {
  const { network, hand, tape, numerical } = worked;
  const { A1 } = hand.forward;
  const { dZ2, dZ1, dW2, db2, dW1, db1 } = hand.backward;
  const steps = [
    outputGradientStep(worked),
    weightGradientStep(
      'dW_2',
      { symbol: 'A_1', values: A1 },
      { symbol: 'dZ_2', values: dZ2 },
      { hand: dW2, tape: tape.dW2, numerical: numerical.dW2 },
      '$W_2[r, j]$ reaches the cost through $Z_2[i, j]$ of every example, with slope $A_1[i, r]$: its gradient ' +
        'is the average over the batch, where the $\\frac1m$ of the mean comes back.',
    ),
    biasGradientStep(
      'db_2',
      { symbol: 'dZ_2', values: dZ2 },
      { hand: db2, tape: tape.db2, numerical: numerical.db2 },
      '$b_2$ is added to every row of $Z_2$ with slope 1, so its gradient is the mean of the rows of $dZ_2$.',
    ),
    hiddenGradientStep(worked),
    activationGradientStep(worked),
    weightGradientStep(
      'dW_1',
      { symbol: 'X', values: network.X },
      { symbol: 'dZ_1', values: dZ1 },
      { hand: dW1, tape: tape.dW1, numerical: numerical.dW1 },
      'As for $W_2$, with the inputs $X$ in the place of $A_1$.',
    ),
    biasGradientStep(
      'db_1',
      { symbol: 'dZ_1', values: dZ1 },
      { hand: db1, tape: tape.db1, numerical: numerical.db1 },
      'As for $b_2$: the mean of the rows of $dZ_1$.',
    ),
  ];
  return [
    heading(2, 'Backward propagation'),
    'The gradients in the order backprop finds them, from the loss back to the first layer, in the notation ' +
      "of `docs/derivations.md`. $dZ_2$, $dA_1$ and $dZ_1$ are the gradients of each example's own loss, " +
      "$m$ times the partial derivatives of $J$ (the autograd column shows $m$ times the tape's " +
      '$\\partial J / \\partial Z_2$, and so on); $dW$ and $db$ are the partial derivatives of $J$ ' +
      "themselves (the autograd column is nn's `autogradGradients`). By hand minus autograd is the same " +
      'float64 arithmetic in another order, so at most a rounding error.',
    'The finite-difference column knows nothing of backprop: it nudges each entry by $\\varepsilon = ' +
      `${texPowerOfTen(FINITE_DIFFERENCE_EPS)}$ both ways and takes the slope of the cost, ` +
      "$\\frac{J(\\theta + \\varepsilon) - J(\\theta - \\varepsilon)}{2 \\varepsilon}$ (nn's `finiteDifferences`; " +
      'for $dZ_2$, $dA_1$ and $dZ_1$ the forward pass starts from the nudged matrix, and the slope is times $m$). ' +
      `It is off by about $\\varepsilon^2$ from the curve and $10^{-16} / \\varepsilon$ from rounding, so it agrees ` +
      `with the hand-computed value to within ${toleranceText()}.`,
    ...steps.flatMap(render),
  ];
}
