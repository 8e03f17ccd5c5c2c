/**
 * Three ways to get the gradient of the same cost, side by side on a tiny network (3 inputs, 4 tanh hidden
 * units, 2 softmax outputs, 5 examples, with an L2 term):
 * - manual: the backprop formulas derived by hand (docs/derivations.md), on plain arrays;
 * - autograd: the tape, which applies the chain rule op by op;
 * - finite differences: (J(θ + ε) - J(θ - ε)) / 2ε, one parameter entry at a time, from the cost alone.
 *
 * Stated result: manual and autograd agree to rounding (|a - b| <= 1e-12 + 1e-10 |b|), and both agree with
 * finite differences to |a - b| <= 1e-8 + 1e-6 |b| (what ε = 1e-6 allows in float64).
 */
import { noGrad, Rng, tensor } from '@tapegrad/autograd';
import {
  autogradGradients,
  compareGradients,
  finiteDifferences,
  type GradientComparisonReport,
  manualGradients,
  objective,
  TwoLayerNet,
} from '@tapegrad/nn';
import type { ExampleOptions } from './options.ts';

export interface CompareGradientsResult {
  /** The largest |difference| over every entry of every parameter, for each pair of methods. */
  readonly maxAbsDiff: {
    readonly manualVsAutograd: number;
    readonly autogradVsNumerical: number;
    readonly manualVsNumerical: number;
  };
  /** Whether each comparison passed its stated tolerance. */
  readonly passed: {
    readonly manualVsAutograd: boolean;
    readonly autogradVsNumerical: boolean;
    readonly manualVsNumerical: boolean;
  };
}

/** The largest max |a - b| over the rows of a report. */
function largest(report: GradientComparisonReport): number {
  return report.rows.reduce((max, row) => Math.max(max, row.maxAbsDiff), Number.NEGATIVE_INFINITY);
}

export function run(options: ExampleOptions = {}): CompareGradientsResult {
  const write = options.write ?? console.log;
  const rng = new Rng(0);
  const net = new TwoLayerNet({
    inputs: 3,
    hidden: 4,
    outputs: 2,
    hiddenActivation: 'tanh',
    output: 'softmax',
    rng,
  });
  const X = rng.randn([5, 3]);
  const y = tensor([0, 1, 1, 0, 1]); // class labels; softmax pairs with cross entropy
  const l2 = 0.1; // J = mean cross entropy + (0.1 / 2m) (||W1||^2 + ||W2||^2)
  write(`${net.describe()}, ${X.shape[0]} examples, cross entropy + L2 ${l2}\n`);

  const manual = manualGradients(net, X, y, { l2 });
  const autograd = autogradGradients(net, X, y, { l2 });
  const cost = () => noGrad(() => objective(net, X, y, { l2 }).item());
  const numerical = finiteDifferences(cost, net.namedParameters());
  write(`the cost J: manual ${manual.loss}, autograd ${autograd.loss}\n`);

  // The second set is the reference b in |a - b| <= atol + rtol |b|.
  const exact = { atol: 1e-12, rtol: 1e-10 };
  const approximate = { atol: 1e-8, rtol: 1e-6 };
  const reports = {
    manualVsAutograd: compareGradients(manual.gradients, autograd.gradients, exact),
    autogradVsNumerical: compareGradients(autograd.gradients, numerical, approximate),
    manualVsNumerical: compareGradients(manual.gradients, numerical, approximate),
  };
  write(
    `manual (a) vs autograd (b): the same numbers up to rounding\n${reports.manualVsAutograd.toString()}\n`,
  );
  write(`autograd (a) vs finite differences (b)\n${reports.autogradVsNumerical.toString()}\n`);
  write(`manual (a) vs finite differences (b)\n${reports.manualVsNumerical.toString()}\n`);

  // One entry in full, to see what the tables summarise.
  const name = 'layer1.weight';
  write(
    `${name}[0,0]: manual ${manual.gradients[name]!.data[0]}, autograd ${autograd.gradients[name]!.data[0]}, finite differences ${numerical[name]!.data[0]}`,
  );
  const passed = {
    manualVsAutograd: reports.manualVsAutograd.passed,
    autogradVsNumerical: reports.autogradVsNumerical.passed,
    manualVsNumerical: reports.manualVsNumerical.passed,
  };
  write(`\nall three agree: ${Object.values(passed).every(Boolean) ? 'yes' : 'NO'}`);
  return {
    maxAbsDiff: {
      manualVsAutograd: largest(reports.manualVsAutograd),
      autogradVsNumerical: largest(reports.autogradVsNumerical),
      manualVsNumerical: largest(reports.manualVsNumerical),
    },
    passed,
  };
}
