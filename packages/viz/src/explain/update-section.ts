/**
 * The end of the page: one step of gradient descent, the cost after it, and a summary of how closely the
 * hand-computed gradients match autograd's and finite differences'.
 */
import { tensor } from '@tapegrad/autograd';
import { compareGradients } from '@tapegrad/nn';
import { agreesWithFiniteDifference, toleranceText } from './by-finite-differences.ts';
import { scalarComparison } from './comparison.ts';
import type { Worked } from './context.ts';
import { formatDifference, formatNumber, texFactor, texMatrix, texNumber } from './format.ts';
import { costSubstituted } from './forward-section.ts';
import { displayMath, heading, table } from './markdown.ts';
import type { Matrix } from './matrix.ts';

function update({ network, hand }: Worked): string[] {
  const eta = texNumber(network.learningRate);
  const parameters = [
    ['W_1', network.W1, hand.backward.dW1, hand.updated.W1],
    ['b_1', network.b1, hand.backward.db1, hand.updated.b1],
    ['W_2', network.W2, hand.backward.dW2, hand.updated.W2],
    ['b_2', network.b2, hand.backward.db2, hand.updated.b2],
  ] as const;
  const [w, dw, next] = [network.W1[0]![0]!, hand.backward.dW1[0]![0]!, hand.updated.W1[0]![0]!];
  return [
    heading(2, 'One step of gradient descent'),
    `Each parameter moves against its gradient, by the learning rate $\\eta = ${eta}$ times it: ` +
      '$\\theta \\leftarrow \\theta - \\eta \\, d\\theta$.',
    ...parameters.map(([symbol, value, gradient, updated]) =>
      displayMath(
        `${symbol} \\leftarrow ${symbol} - \\eta \\, d${symbol} = ${texMatrix(value)} - ${eta} ${texMatrix(gradient)} = ${texMatrix(updated)}`,
      ),
    ),
    'The first entry by hand:',
    displayMath(
      `W_1[1, 1] \\leftarrow ${texNumber(w)} - ${eta} \\cdot ${texFactor(dw)} = ${texNumber(next)}`,
    ),
  ];
}

function newCost({ network, hand, tape }: Worked): string[] {
  const change = hand.newLoss - hand.loss;
  // Small enough a step that every setting goes downhill (the tests check them all); said as it is anyway.
  const verdict =
    `The cost went ${change < 0 ? 'down' : 'up'}, from ${formatNumber(hand.loss)} to ` +
    `${formatNumber(hand.newLoss)} (by ${formatNumber(Math.abs(change))}).`;
  return [
    heading(2, 'The new loss'),
    'The forward pass again, with the new parameters, gives the outputs',
    displayMath(`A_2 = ${texMatrix(hand.newForward.A2)}`),
    'and the cost',
    displayMath(costSubstituted(network, hand.newForward.A2, hand.newLoss)),
    scalarComparison('J', hand.newLoss, tape.newLoss),
    verdict,
  ];
}

/** The summary's finite-difference cell for the cost, which is not a gradient. */
const NOT_A_GRADIENT = '–';

/** The backward quantities, in the order of the page, and their symbols. */
const GRADIENTS = [
  ['dZ2', 'dZ_2'],
  ['dW2', 'dW_2'],
  ['db2', 'db_2'],
  ['dA1', 'dA_1'],
  ['dZ1', 'dZ_1'],
  ['dW1', 'dW_1'],
  ['db1', 'db_1'],
] as const;

function summary({ hand, tape, numerical }: Worked): string[] {
  const asTensors = (matrices: Record<(typeof GRADIENTS)[number][0], Matrix>) =>
    Object.fromEntries(GRADIENTS.map(([name]) => [name, tensor(matrices[name])]));
  // nn's comparison of gradients gives the largest |a - b| of each quantity, in this order.
  const largest = (other: Record<(typeof GRADIENTS)[number][0], Matrix>) =>
    compareGradients(asTensors(hand.backward), asTensors(other)).rows.map((row) => row.maxAbsDiff);
  const [fromTape, fromNumerical] = [largest(tape), largest(numerical)];
  const rows: string[][] = [
    ['$J$', formatDifference(Math.abs(hand.loss - tape.loss)), NOT_A_GRADIENT],
    ...GRADIENTS.map(([, symbol], i) => [
      `$${symbol}$`,
      formatDifference(fromTape[i]!),
      formatDifference(fromNumerical[i]!),
    ]),
    ['$J \\text{ after the step}$', formatDifference(Math.abs(hand.newLoss - tape.newLoss)), NOT_A_GRADIENT],
  ];
  const agree = GRADIENTS.every(([name]) =>
    hand.backward[name].every((row, i) =>
      row.every((value, j) => agreesWithFiniteDifference(value, numerical[name][i]![j]!)),
    ),
  );
  return [
    heading(2, 'Summary'),
    "The largest difference between the hand-computed value and autograd's, and finite differences', entry by entry:",
    table(['quantity', 'largest vs autograd', 'largest vs finite differences'], rows, [
      'left',
      'right',
      'right',
    ]),
    `Every gradient entry by hand agrees with its finite difference to within ${toleranceText()}: ` +
      `**${agree ? 'yes' : 'no'}**.`,
  ];
}

/** The update, the new cost and the summary, as Markdown blocks. */
export function updateSection(worked: Worked): string[] {
  return [...update(worked), ...newCost(worked), ...summary(worked)];
}
