/**
 * Each optimizer against a plain re-implementation in this file, written from the algorithm boxes of
 * PyTorch's documentation (torch.optim.SGD, Adam, AdamW, RMSprop) on arrays of numbers: one step, and three
 * steps in which some parameters have no gradient (they are skipped, and their state, Adam's step count
 * included, does not advance). Random parameter lists (1-3 tensors of 1-5 values), gradients and settings;
 * the results agree to 1e-15 relative. A failure prints fast-check's seed and counterexample.
 *
 * The reference keeps the arithmetic in the order the formulas are written (g^2 as g * g, AdamW's decay as
 * p (1 - lr lambda) as PyTorch computes it), so the two agree to rounding and the tolerance can be this tight.
 */
import { fc, test } from '@fast-check/vitest';
import { type Tensor, tensor } from '@tapegrad/autograd';
import { Adam, AdamW, type Optimizer, RMSProp, SGD } from '@tapegrad/nn';
import { describe } from 'vitest';
import { expectAllClose } from '../../support/assertions.ts';

const numRuns = 100;
const tolerance = { atol: 0, rtol: 1e-15 };

/** Starting values of each parameter, and per step each parameter's gradient (null: none that step). */
interface Problem {
  readonly initial: number[][];
  readonly gradients: (number[] | null)[][];
}

/**
 * A reference optimizer: one step on every parameter that has a gradient, updating `parameters` in place.
 * It keeps its state per parameter index, created on that parameter's first step.
 */
type ReferenceStep = (parameters: number[][], gradients: (number[] | null)[]) => void;

const valueArb = fc.double({ min: -10, max: 10, noNaN: true });

function problemArb(steps: number, allowMissingGradients: boolean): fc.Arbitrary<Problem> {
  return fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }).chain((sizes) => {
    const vector = (n: number) => fc.array(valueArb, { minLength: n, maxLength: n });
    const gradient = (n: number) => (allowMissingGradients ? fc.option(vector(n), { freq: 3 }) : vector(n));
    return fc.record({
      initial: fc.tuple(...sizes.map(vector)),
      gradients: fc.array(fc.tuple(...sizes.map(gradient)), { minLength: steps, maxLength: steps }),
    });
  });
}

/** Runs the library's optimizer on tensors holding the problem's values; returns the final values. */
function runOptimizer(problem: Problem, make: (parameters: Tensor[]) => Optimizer): number[][] {
  const parameters = problem.initial.map((values) => tensor(values, { requiresGrad: true }));
  const optimizer = make(parameters);
  for (const stepGradients of problem.gradients) {
    parameters.forEach((parameter, i) => {
      const gradient = stepGradients[i];
      parameter.grad = gradient ? tensor(gradient) : null;
    });
    optimizer.step();
  }
  return parameters.map((parameter) => [...parameter.data]);
}

/** Runs a reference on copies of the problem's values; returns the final values. */
function runReference(problem: Problem, step: ReferenceStep): number[][] {
  const parameters = problem.initial.map((values) => [...values]);
  for (const stepGradients of problem.gradients) step(parameters, stepGradients);
  return parameters;
}

const lrArb = fc.double({ min: 1e-4, max: 1, noNaN: true });
const weightDecayArb = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.1, noNaN: true }));
const epsArb = fc.double({ min: 1e-10, max: 1e-6, noNaN: true });
const betaArb = fc.double({ min: 0, max: 0.999, noNaN: true });

// SGD -----------------------------------------------------------------------------------------------------

interface SgdSettings {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
}

/** Plain, momentum, dampened momentum and Nesterov (which needs momentum > 0 and no dampening). */
const sgdSettingsArb: fc.Arbitrary<SgdSettings> = fc
  .record({
    lr: lrArb,
    momentum: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    dampening: fc.double({ min: 0, max: 0.9, noNaN: true }),
    weightDecay: weightDecayArb,
    variant: fc.constantFrom('plain', 'momentum', 'dampened', 'nesterov'),
  })
  .map(({ variant, ...settings }) => ({
    ...settings,
    momentum: variant === 'plain' ? 0 : settings.momentum,
    dampening: variant === 'dampened' ? settings.dampening : 0,
    nesterov: variant === 'nesterov',
  }));

/**
 * torch.optim.SGD's algorithm:
 *   if lambda != 0: g = g + lambda theta
 *   if mu != 0: b = g on the first step, else mu b + (1 - tau) g; then g = g + mu b (Nesterov) or g = b
 *   theta = theta - gamma g
 */
function referenceSgd({ lr, momentum, dampening, nesterov, weightDecay }: SgdSettings): ReferenceStep {
  const buffers: number[][] = [];
  return (parameters, gradients) => {
    parameters.forEach((theta, i) => {
      const gradient = gradients[i];
      if (!gradient) return;
      let g = [...gradient];
      if (weightDecay !== 0) g = g.map((gj, j) => gj + weightDecay * theta[j]!);
      if (momentum !== 0) {
        const previous = buffers[i];
        const b = previous ? previous.map((bj, j) => momentum * bj + (1 - dampening) * g[j]!) : [...g];
        buffers[i] = b;
        g = nesterov ? g.map((gj, j) => gj + momentum * b[j]!) : b;
      }
      parameters[i] = theta.map((thetaJ, j) => thetaJ - lr * g[j]!);
    });
  };
}

// Adam and AdamW ------------------------------------------------------------------------------------------

interface AdamSettings {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

const adamSettingsArb: fc.Arbitrary<AdamSettings> = fc.record({
  lr: lrArb,
  betas: fc.tuple(betaArb, betaArb),
  eps: epsArb,
  weightDecay: weightDecayArb,
});

/**
 * torch.optim.Adam's algorithm (amsgrad off), with AdamW's decoupled decay when `decoupled`:
 *   AdamW: theta = theta (1 - gamma lambda);  Adam: if lambda != 0, g = g + lambda theta
 *   t = t + 1 (this parameter's own count)
 *   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
 *   mHat = m / (1 - beta1^t);  vHat = v / (1 - beta2^t)
 *   theta = theta - gamma mHat / (sqrt(vHat) + eps)
 */
function referenceAdam({ lr, betas, eps, weightDecay }: AdamSettings, decoupled: boolean): ReferenceStep {
  const [beta1, beta2] = betas;
  const states: { t: number; m: number[]; v: number[] }[] = [];
  return (parameters, gradients) => {
    parameters.forEach((parameter, i) => {
      const gradient = gradients[i];
      if (!gradient) return;
      let theta = parameter;
      let g = [...gradient];
      if (decoupled) theta = theta.map((thetaJ) => thetaJ * (1 - lr * weightDecay));
      else if (weightDecay !== 0) g = g.map((gj, j) => gj + weightDecay * theta[j]!);
      const state = states[i] ?? { t: 0, m: g.map(() => 0), v: g.map(() => 0) };
      states[i] = state;
      state.t += 1;
      state.m = state.m.map((mj, j) => beta1 * mj + (1 - beta1) * g[j]!);
      state.v = state.v.map((vj, j) => beta2 * vj + (1 - beta2) * g[j]! * g[j]!);
      const mHat = state.m.map((mj) => mj / (1 - beta1 ** state.t));
      const vHat = state.v.map((vj) => vj / (1 - beta2 ** state.t));
      parameters[i] = theta.map((thetaJ, j) => thetaJ - (lr * mHat[j]!) / (Math.sqrt(vHat[j]!) + eps));
    });
  };
}

// RMSProp -------------------------------------------------------------------------------------------------

interface RmsPropSettings {
  lr: number;
  alpha: number;
  eps: number;
  momentum: number;
  weightDecay: number;
}

const rmsPropSettingsArb: fc.Arbitrary<RmsPropSettings> = fc.record({
  lr: lrArb,
  alpha: betaArb,
  eps: epsArb,
  momentum: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.99, noNaN: true })),
  weightDecay: weightDecayArb,
});

/**
 * torch.optim.RMSprop's algorithm (not centered):
 *   if lambda != 0: g = g + lambda theta
 *   v = alpha v + (1 - alpha) g^2
 *   if mu > 0: b = mu b + g / (sqrt(v) + eps); theta = theta - gamma b
 *   else: theta = theta - gamma g / (sqrt(v) + eps)
 */
function referenceRmsProp({ lr, alpha, eps, momentum, weightDecay }: RmsPropSettings): ReferenceStep {
  const squareAverages: number[][] = [];
  const buffers: number[][] = [];
  return (parameters, gradients) => {
    parameters.forEach((theta, i) => {
      const gradient = gradients[i];
      if (!gradient) return;
      let g = [...gradient];
      if (weightDecay !== 0) g = g.map((gj, j) => gj + weightDecay * theta[j]!);
      const v = (squareAverages[i] ?? g.map(() => 0)).map(
        (vj, j) => alpha * vj + (1 - alpha) * g[j]! * g[j]!,
      );
      squareAverages[i] = v;
      if (momentum > 0) {
        const b = (buffers[i] ?? g.map(() => 0)).map(
          (bj, j) => momentum * bj + g[j]! / (Math.sqrt(v[j]!) + eps),
        );
        buffers[i] = b;
        parameters[i] = theta.map((thetaJ, j) => thetaJ - lr * b[j]!);
      } else {
        parameters[i] = theta.map((thetaJ, j) => thetaJ - (lr * g[j]!) / (Math.sqrt(v[j]!) + eps));
      }
    });
  };
}

/** Each parameter's values against the reference's (parameters may differ in length, so one by one). */
function expectParametersClose(actual: number[][], expected: number[][]): void {
  expected.forEach((values, i) => {
    expectAllClose(actual[i]!, values, tolerance);
  });
}

// The properties ------------------------------------------------------------------------------------------

const runs: [string, fc.Arbitrary<Problem>][] = [
  ['one step', problemArb(1, false)],
  ['three steps, some parameters without a gradient', problemArb(3, true)],
];

for (const [label, problems] of runs) {
  describe(label, () => {
    test.prop([sgdSettingsArb, problems], { numRuns })(
      'SGD equals its update formula',
      (settings, problem) => {
        const actual = runOptimizer(problem, (parameters) => new SGD(parameters, settings));
        expectParametersClose(actual, runReference(problem, referenceSgd(settings)));
      },
    );

    test.prop([adamSettingsArb, problems], { numRuns })(
      'Adam equals its update formula',
      (settings, problem) => {
        const actual = runOptimizer(problem, (parameters) => new Adam(parameters, settings));
        expectParametersClose(actual, runReference(problem, referenceAdam(settings, false)));
      },
    );

    test.prop([adamSettingsArb, problems], { numRuns })(
      'AdamW equals its update formula',
      (settings, problem) => {
        const actual = runOptimizer(problem, (parameters) => new AdamW(parameters, settings));
        expectParametersClose(actual, runReference(problem, referenceAdam(settings, true)));
      },
    );

    test.prop([rmsPropSettingsArb, problems], { numRuns })(
      'RMSProp equals its update formula',
      (settings, problem) => {
        const actual = runOptimizer(problem, (parameters) => new RMSProp(parameters, settings));
        expectParametersClose(actual, runReference(problem, referenceRmsProp(settings)));
      },
    );
  });
}
