/**
 * The central property of tapegrad: the backprop formulas derived by hand (manualGradients,
 * manualMlpGradients, on plain Float64Arrays) give the same gradients as the tape (objective(...).backward()),
 * for random sizes, every hidden activation, every output/loss pairing, with and without L2; and both agree
 * with finite differences (gradcheck).
 *
 * A case is plain data (sizes, activation, pairing, l2 and a seed); the weights, inputs and targets are drawn
 * from `new Rng(seed)`, so fast-check shrinks the sizes and prints a case that reproduces exactly.
 *
 * Softmax with a single output is included (with labels, all 0): softmax of one logit is 1, every
 * cross-entropy loss is 0 and the data gradients are exactly 0 on both sides. Degenerate, but valid, and it
 * must not produce NaN. One-hot and soft targets have at least 2 classes, since crossEntropy reads a [m, 1]
 * target as a column of labels.
 *
 * Relu's kink: manual and autograd both take relu'(0) = 0, so they agree even at Z = 0 (which random floats
 * never hit anyway). A finite difference straddling the kink is not a derivative, so the gradcheck cases
 * require every hidden |Z| > 1e-4, far beyond what a 1e-6 nudge of a weight can move it (fc.pre skips the
 * rare case that fails this).
 */
import { fc, test } from '@fast-check/vitest';
import { gradcheck, noGrad, Rng, type Tensor, tensor } from '@tapegrad/autograd';
import {
  compareGradients,
  HIDDEN_ACTIVATIONS,
  type HiddenActivation,
  type LossName,
  type ManualGradients,
  MLP,
  manualGradients,
  manualMlpGradients,
  type Network,
  type OutputActivation,
  objective,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect } from 'vitest';
import { expectAllClose, expectClose, type Tolerance } from '../../support/assertions.ts';

/** Manual against autograd: the same float64 math in a different order, so only rounding may differ. */
const EXACT: Tolerance = { atol: 1e-12, rtol: 1e-10 };
/**
 * Against central differences with eps 1e-6: the truncation error is about eps^2 = 1e-12 and the rounding
 * error about 1e-16 |J| / eps = 1e-10 |J|, so these bounds leave a margin of 100 or more (gradcheck's own
 * defaults are atol 1e-5, rtol 1e-3).
 */
const FINITE_DIFFERENCES: Tolerance = { atol: 1e-7, rtol: 1e-5 };

/** What the targets y are made of. */
type TargetKind = 'binary' | 'labels' | 'labelColumn' | 'oneHot' | 'soft' | 'real';

interface Pairing {
  readonly output: OutputActivation;
  readonly loss: LossName;
  readonly targets: TargetKind;
  /**
   * The fewest outputs the targets can have: a [m, 1] target for cross entropy is read as a column of
   * labels, so one-hot and soft targets need 2 classes or more.
   */
  readonly minOutputs: number;
}

const PAIRINGS: readonly Pairing[] = [
  { output: 'sigmoid', loss: 'bce', targets: 'binary', minOutputs: 1 },
  { output: 'softmax', loss: 'crossEntropy', targets: 'labels', minOutputs: 1 },
  { output: 'softmax', loss: 'crossEntropy', targets: 'labelColumn', minOutputs: 1 },
  { output: 'softmax', loss: 'crossEntropy', targets: 'oneHot', minOutputs: 2 },
  { output: 'softmax', loss: 'crossEntropy', targets: 'soft', minOutputs: 2 },
  { output: 'linear', loss: 'mse', targets: 'real', minOutputs: 1 },
];

/** The targets of `rows` examples for `outputs` outputs, drawn from rng. */
function drawTargets(kind: TargetKind, rows: number, outputs: number, rng: Rng): Tensor {
  const shape = [rows, outputs];
  switch (kind) {
    case 'binary':
      return rng.rand(shape).lt(0.5);
    case 'labels':
      return tensor(Array.from({ length: rows }, () => rng.integer(outputs)));
    case 'labelColumn':
      return tensor(Array.from({ length: rows }, () => [rng.integer(outputs)]));
    case 'oneHot': {
      const Y = new Float64Array(rows * outputs);
      for (let i = 0; i < rows; i++) Y[i * outputs + rng.integer(outputs)] = 1;
      return tensor(Y, { shape });
    }
    case 'soft':
      // Each row a distribution over the classes.
      return rng.rand(shape).add(0.1).softmax(-1);
    case 'real':
      return rng.randn(shape);
  }
}

const l2Arb = fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 2, noNaN: true }));
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

interface Limits {
  readonly samples: number;
  readonly inputs: number;
  readonly hidden: number;
  readonly outputs: number;
}

/** The ranges for the comparison with autograd. */
const FULL: Limits = { samples: 64, inputs: 10, hidden: 32, outputs: 6 };
/** Smaller ranges for finite differences, which evaluate the cost twice per parameter entry. */
const SMALL: Limits = { samples: 8, inputs: 4, hidden: 6, outputs: 4 };

const sizeArb = (max: number, min = 1) => fc.integer({ min, max });

function twoLayerCaseArb(limits: Limits) {
  return fc.constantFrom(...PAIRINGS).chain((pairing) =>
    fc.record({
      samples: sizeArb(limits.samples),
      inputs: sizeArb(limits.inputs),
      hidden: sizeArb(limits.hidden),
      outputs: sizeArb(limits.outputs, pairing.minOutputs),
      hiddenActivation: fc.constantFrom(...HIDDEN_ACTIVATIONS),
      pairing: fc.constant(pairing),
      l2: l2Arb,
      seed: seedArb,
    }),
  );
}

/** sizes = [inputs, hidden..., outputs] for depth 1 (no hidden layer) to 5. */
function mlpCaseArb(limits: Limits) {
  return fc.constantFrom(...PAIRINGS).chain((pairing) =>
    fc.record({
      samples: sizeArb(limits.samples),
      sizes: fc
        .tuple(
          sizeArb(limits.inputs),
          fc.array(sizeArb(limits.hidden), { maxLength: 4 }),
          sizeArb(limits.outputs, pairing.minOutputs),
        )
        .map(([inputs, hidden, outputs]) => [inputs, ...hidden, outputs]),
      activation: fc.constantFrom(...HIDDEN_ACTIVATIONS),
      pairing: fc.constant(pairing),
      l2: l2Arb,
      seed: seedArb,
    }),
  );
}

interface Problem<Net extends Network> {
  readonly net: Net;
  readonly X: Tensor;
  readonly y: Tensor;
  readonly options: { readonly loss: LossName; readonly l2: number };
}

function twoLayerProblem(c: {
  samples: number;
  inputs: number;
  hidden: number;
  outputs: number;
  hiddenActivation: HiddenActivation;
  pairing: Pairing;
  l2: number;
  seed: number;
}): Problem<TwoLayerNet> {
  const rng = new Rng(c.seed);
  const net = new TwoLayerNet({
    inputs: c.inputs,
    hidden: c.hidden,
    outputs: c.outputs,
    hiddenActivation: c.hiddenActivation,
    output: c.pairing.output,
    rng,
  });
  const X = rng.randn([c.samples, c.inputs]);
  const y = drawTargets(c.pairing.targets, c.samples, c.outputs, rng);
  return { net, X, y, options: { loss: c.pairing.loss, l2: c.l2 } };
}

function mlpProblem(c: {
  samples: number;
  sizes: number[];
  activation: HiddenActivation;
  pairing: Pairing;
  l2: number;
  seed: number;
}): Problem<MLP> {
  const rng = new Rng(c.seed);
  const net = new MLP(c.sizes, { activation: c.activation, output: c.pairing.output, rng });
  const X = rng.randn([c.samples, c.sizes[0]!]);
  const y = drawTargets(c.pairing.targets, c.samples, c.sizes[c.sizes.length - 1]!, rng);
  return { net, X, y, options: { loss: c.pairing.loss, l2: c.l2 } };
}

/** The tape's gradients: objective(...).backward(), then each parameter's .grad, by name. */
function autogradGradients<Net extends Network>({ net, X, y, options }: Problem<Net>) {
  net.zeroGrad();
  const cost = objective(net, X, y, options);
  cost.backward();
  const gradients = Object.fromEntries(net.namedParameters().map(([name, p]) => [name, p.grad!]));
  return { loss: cost.item(), gradients };
}

function expectManualEqualsAutograd<Net extends Network>(problem: Problem<Net>, manual: ManualGradients) {
  const autograd = autogradGradients(problem);
  const names = problem.net.namedParameters().map(([name]) => name);
  expect(Object.keys(manual.gradients)).toEqual(names);
  expectClose(manual.loss, autograd.loss, EXACT, 'loss');
  const report = compareGradients(manual.gradients, autograd.gradients, EXACT);
  expect(report.passed, report.toString()).toBe(true);
  // The same check by the shared assertion, independent of compareGradients.
  for (const name of names) expectAllClose(manual.gradients[name]!, autograd.gradients[name]!, EXACT);
}

/** Every hidden layer's Z (not the output layer's), by a forward pass off the tape. */
function hiddenZ(net: Network, X: Tensor): Tensor[] {
  return noGrad(() => {
    if (net instanceof TwoLayerNet) return [net.layer1.forward(X)];
    const found: Tensor[] = [];
    let A = X;
    for (let l = 0; l < net.layers.length - 1; l++) {
      const Z = net.layers[l]!.forward(A);
      found.push(Z);
      A = net.activations[l]!.forward(Z);
    }
    return found;
  });
}

/** No hidden pre-activation within 1e-4 of relu's kink (checked for every activation; sigmoid and tanh are smooth anyway). */
function clearOfKinks(net: Network, X: Tensor): boolean {
  return hiddenZ(net, X).every((Z) => Z.data.every((z) => Math.abs(z) > 1e-4));
}

/**
 * Both sides against central differences. Autograd: gradcheck of the cost as a function of the parameters
 * (the net reads the very tensors gradcheck nudges). Manual: gradcheck of a stand-in whose value is the
 * manual loss and whose tape gradient is the manual gradient, loss + sum_p sum(G_p * (p - detach(p))): the
 * second term is exactly 0 but its derivative in p is G_p, so gradcheck compares G_p, recomputed at every
 * nudged point, with finite differences of the manual loss.
 */
function expectBothMatchFiniteDifferences<Net extends Network>(
  problem: Problem<Net>,
  manualOf: (problem: Problem<Net>) => ManualGradients,
) {
  const parameters = problem.net.parameters();
  const autogradReport = gradcheck(
    () => objective(problem.net, problem.X, problem.y, problem.options),
    parameters,
    FINITE_DIFFERENCES,
  );
  expect(autogradReport.passed, `autograd vs finite differences\n${autogradReport}`).toBe(true);

  const names = problem.net.namedParameters().map(([name]) => name);
  const manualStandIn = () => {
    const { loss, gradients } = manualOf(problem);
    return names
      .map((name, i) => gradients[name]!.mul(parameters[i]!.sub(parameters[i]!.detach())).sum())
      .reduce((total, term) => total.add(term), tensor(loss));
  };
  const manualReport = gradcheck(manualStandIn, parameters, FINITE_DIFFERENCES);
  expect(manualReport.passed, `manual vs finite differences\n${manualReport}`).toBe(true);
}

describe('TwoLayerNet: manualGradients equals autograd', () => {
  test.prop([twoLayerCaseArb(FULL)], { numRuns: 200 })(
    'every activation, pairing and L2, samples 1-64, inputs 1-10, hidden 1-32, outputs 1-6',
    (c) => {
      const problem = twoLayerProblem(c);
      expectManualEqualsAutograd(
        problem,
        manualGradients(problem.net, problem.X, problem.y, problem.options),
      );
    },
  );

  test.prop([twoLayerCaseArb(SMALL)], { numRuns: 50 })(
    'manual and autograd both agree with finite differences',
    (c) => {
      const problem = twoLayerProblem(c);
      fc.pre(clearOfKinks(problem.net, problem.X));
      expectBothMatchFiniteDifferences(problem, ({ net, X, y, options }) =>
        manualGradients(net, X, y, options),
      );
    },
  );
});

describe('MLP of depth 1-5: manualMlpGradients equals autograd', () => {
  test.prop([mlpCaseArb(FULL)], { numRuns: 150 })(
    'every activation, pairing and L2, samples 1-64, inputs 1-10, hidden 1-32, outputs 1-6',
    (c) => {
      const problem = mlpProblem(c);
      expectManualEqualsAutograd(
        problem,
        manualMlpGradients(problem.net, problem.X, problem.y, problem.options),
      );
    },
  );

  test.prop([mlpCaseArb(SMALL)], { numRuns: 50 })(
    'manual and autograd both agree with finite differences',
    (c) => {
      const problem = mlpProblem(c);
      fc.pre(clearOfKinks(problem.net, problem.X));
      expectBothMatchFiniteDifferences(problem, ({ net, X, y, options }) =>
        manualMlpGradients(net, X, y, options),
      );
    },
  );
});
