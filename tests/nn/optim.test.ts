/**
 * The optimizers and learning-rate schedules against hand-computed steps (the arithmetic is in the comments),
 * the published Adam steps from the issue, training a model written straight on autograd, and their errors.
 * Gradients are set by hand (`setGrad`) where a constant gradient makes the arithmetic clearer, and come from
 * backward() where the function matters (f = sum of x^2 has g = 2x).
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import {
  Adam,
  AdamW,
  ConfigError,
  CosineAnnealingLR,
  createOptimizer,
  ExponentialLR,
  type LRScheduler,
  OPTIMIZER_NAMES,
  type Optimizer,
  type OptimizerName,
  type OptimizerOptions,
  RMSProp,
  SGD,
  StepLR,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';

/** Sets a parameter's gradient as backward() would leave it. */
function setGrad(parameter: Tensor, values: number[]): void {
  parameter.grad = tensor(values);
}

/** Fills x.grad with the gradient of f = sum of x^2, which is 2x. */
function backwardSumOfSquares(x: Tensor): void {
  x.zeroGrad();
  x.mul(x).sum().backward();
}

/** Takes one step per gradient, setting the same hand-made gradient first; returns p after each step. */
function stepsWithGradients(optimizer: Optimizer, parameter: Tensor, gradients: number[][]): number[][] {
  return gradients.map((gradient) => {
    setGrad(parameter, gradient);
    optimizer.step();
    return [...parameter.data];
  });
}

describe('SGD', () => {
  it('plain: p = p - lr g, on f = sum of x^2 each step multiplies x by 1 - 2 lr = 0.8', () => {
    const x = leaf([1, -2]);
    const optimizer = new SGD([x], { lr: 0.1 });
    backwardSumOfSquares(x); // g = [2, -4]: x = [1 - 0.2, -2 + 0.4]
    optimizer.step();
    expectAllClose(x, [0.8, -1.6]);
    backwardSumOfSquares(x); // g = [1.6, -3.2]: x = [0.8 - 0.16, -1.6 + 0.32]
    optimizer.step();
    expectAllClose(x, [0.64, -1.28]);
  });

  it('momentum 0.9: the buffer starts as g, then b = 0.9 b + g (constant g = 1, lr 0.1)', () => {
    const p = leaf([1]);
    // b = 1, p = 1 - 0.1 = 0.9; b = 0.9 + 1 = 1.9, p = 0.9 - 0.19 = 0.71; b = 1.71 + 1 = 2.71, p = 0.71 - 0.271
    const trajectory = stepsWithGradients(new SGD([p], { lr: 0.1, momentum: 0.9 }), p, [[1], [1], [1]]);
    expectAllClose(trajectory, [[0.9], [0.71], [0.439]]);
  });

  it('dampening 0.5 scales new gradients by 1 - 0.5 after the first step, which takes g undamped (PyTorch)', () => {
    const p = leaf([1]);
    // b = g = 1, p = 0.9; b = 0.9 * 1 + 0.5 * 1 = 1.4, p = 0.9 - 0.14 = 0.76
    const trajectory = stepsWithGradients(new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 }), p, [
      [1],
      [1],
    ]);
    expectAllClose(trajectory, [[0.9], [0.76]]);
  });

  it('Nesterov steps along g + mu b (constant g = 1, lr 0.1, momentum 0.9)', () => {
    const p = leaf([1]);
    // b = 1, step g + 0.9 b = 1.9, p = 1 - 0.19 = 0.81; b = 0.9 + 1 = 1.9, step 1 + 1.71 = 2.71, p = 0.81 - 0.271
    const trajectory = stepsWithGradients(new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true }), p, [
      [1],
      [1],
    ]);
    expectAllClose(trajectory, [[0.81], [0.539]]);
  });

  it('weight decay adds lambda p to the gradient', () => {
    const p = leaf([2]);
    // g = 1 + 0.1 * 2 = 1.2, p = 2 - 0.1 * 1.2 = 1.88
    const [after] = stepsWithGradients(new SGD([p], { lr: 0.1, weightDecay: 0.1 }), p, [[1]]);
    expectAllClose(after!, [1.88]);
  });
});

describe('Adam', () => {
  it("takes the issue's published steps on f = sum of x^2 from [2, 4] (lr 0.1, betas [0.8, 0.9], eps 1e-8)", () => {
    const x = leaf([2, 4]);
    const optimizer = new Adam([x], { lr: 0.1, betas: [0.8, 0.9], eps: 1e-8 });
    // Step 1: g = 2x = [4, 8]; m = 0.2 g = [0.8, 1.6]; v = 0.1 g^2 = [1.6, 6.4];
    // mHat = m / (1 - 0.8) = [4, 8]; vHat = v / (1 - 0.9) = [16, 64]; sqrt(vHat) = [4, 8];
    // the step lr * mHat / (sqrt(vHat) + eps) = 0.1 / (1 + eps / [4, 8]) = 0.1 - [2.5e-10, 1.25e-10].
    backwardSumOfSquares(x);
    optimizer.step();
    expectAllClose(x, [1.9, 3.9], { atol: 1e-9, rtol: 0 });
    expectAllClose(x, [1.9 + 2.5e-10, 3.9 + 1.25e-10], { atol: 1e-15, rtol: 1e-15 });
    // Step 2: g = 2x = [3.8, 7.8]; m = 0.8 [0.8, 1.6] + 0.2 [3.8, 7.8] = [0.64 + 0.76, 1.28 + 1.56] = [1.4, 2.84];
    // v = 0.9 [1.6, 6.4] + 0.1 [14.44, 60.84] = [1.44 + 1.444, 5.76 + 6.084] = [2.884, 11.844];
    // mHat = m / (1 - 0.8^2 = 0.36) = [3.8888888889, 7.8888888889];
    // vHat = v / (1 - 0.9^2 = 0.19) = [15.1789473684, 62.3368421053], sqrt(vHat) = [3.8960168594, 7.8953683958];
    // mHat / sqrt(vHat) = [0.9981704441, 0.9991793268], so x = [1.9 - 0.0998170444, 3.9 - 0.0999179327].
    backwardSumOfSquares(x);
    optimizer.step();
    expectAllClose(x, [1.800183, 3.800082], { atol: 5e-7, rtol: 0 }); // the 6 decimals
    // To 10 digits; step 1's 2.5e-10 carries over, within the 1e-9.
    expectAllClose(x, [1.8001829556, 3.8000820673], { atol: 1e-9, rtol: 0 });
  });

  it('adds L2 weight decay to the gradient, where it is then rescaled by 1 / sqrt(vHat)', () => {
    const p = leaf([2]);
    // g = 4 + 0.5 * 2 = 5; the first step is lr * 5 / (5 + 1e-8) = 0.1 - 2e-10, so p = 1.9 + 2e-10
    const [after] = stepsWithGradients(new Adam([p], { lr: 0.1, weightDecay: 0.5 }), p, [[4]]);
    expectAllClose(after!, [1.9 + 2e-10], { atol: 1e-15, rtol: 1e-15 });
  });

  it('keeps a step count per parameter: one that had no gradient takes its first (bias-corrected) step later', () => {
    const a = leaf([1]);
    const b = leaf([1]);
    const optimizer = new Adam([a, b], { lr: 0.1 });
    setGrad(a, [2]);
    optimizer.step(); // b has no gradient: skipped, unchanged, its state untouched
    expect(b.data[0]).toBe(1);
    setGrad(a, [2]);
    setGrad(b, [2]);
    optimizer.step();
    // b's own t = 1: mHat = g, vHat = g^2, so b = 1 - 0.1 * 2 / (2 + 1e-8) = 0.9 + 5e-10. (Had b shared the
    // optimizer's t = 2, mHat = 0.2 / 0.19 and vHat = 0.004 / 0.001999 would give a step of 0.074, not 0.1.)
    expectAllClose(b, [0.9 + 5e-10], { atol: 1e-15, rtol: 1e-15 });
  });
});

describe('AdamW', () => {
  it('decays the weights apart from the gradient: p (1 - lr lambda), then the plain Adam step', () => {
    const p = leaf([2]);
    // p = 2 (1 - 0.1 * 0.5) = 1.9; then g = 4 (no L2 term): the step 0.1 * 4 / (4 + 1e-8) = 0.1 - 2.5e-10
    const [after] = stepsWithGradients(new AdamW([p], { lr: 0.1, weightDecay: 0.5 }), p, [[4]]);
    expectAllClose(after!, [1.8 + 2.5e-10], { atol: 1e-15, rtol: 1e-15 });
  });

  it('defaults to weight decay 0.01, as PyTorch', () => {
    expect(new AdamW([leaf([1])]).weightDecay).toBe(0.01);
    expect(new Adam([leaf([1])]).weightDecay).toBe(0);
  });
});

describe('RMSProp', () => {
  it('divides the step by sqrt of the running mean of g^2 (constant g = 2, lr 0.01, alpha 0.99)', () => {
    const p = leaf([1]);
    // Step 1: v = 0.01 * 4 = 0.04, sqrt(v) = 0.2, p = 1 - 0.01 * 2 / (0.2 + 1e-8) = 1 - 0.0999999950 = 0.900000005.
    // Step 2: v = 0.99 * 0.04 + 0.01 * 4 = 0.0796, sqrt(v) = 0.2821347196,
    // p = 0.900000005 - 0.02 / 0.2821347296 = 0.900000005 - 0.0708881180 = 0.8291118870
    const trajectory = stepsWithGradients(new RMSProp([p], { lr: 0.01 }), p, [[2], [2]]);
    expectAllClose(trajectory, [[0.900000005], [0.829111887012]], { atol: 1e-12, rtol: 0 });
  });

  it('with momentum 0.5 accumulates b = 0.5 b + g / (sqrt(v) + eps) and steps by lr b', () => {
    const p = leaf([1]);
    // b = 2 / 0.20000001 = 9.9999995, p = 1 - 0.099999995 = 0.900000005;
    // b = 0.5 * 9.9999995 + 2 / 0.2821347296 = 4.99999975 + 7.0888118 = 12.0888115, p = 0.900000005 - 0.120888115
    const trajectory = stepsWithGradients(new RMSProp([p], { lr: 0.01, momentum: 0.5 }), p, [[2], [2]]);
    expectAllClose(trajectory, [[0.900000005], [0.779111889512]], { atol: 1e-12, rtol: 0 });
  });
});

describe('every optimizer', () => {
  it('skips a parameter without a gradient and leaves it unchanged', () => {
    for (const name of OPTIMIZER_NAMES) {
      const withGradient = leaf([1, 2]);
      const withoutGradient = leaf([3, 4]);
      const optimizer = createOptimizer(name, [withGradient, withoutGradient], { lr: 0.1 });
      setGrad(withGradient, [1, 1]);
      optimizer.step();
      expect([...withoutGradient.data], name).toEqual([3, 4]);
      expect(withGradient.data[0], name).toBeLessThan(1);
    }
  });

  it('zeroGrad forgets every parameter gradient', () => {
    const a = leaf([1]);
    const b = leaf([2]);
    const optimizer = new SGD([a, b], { lr: 0.1 });
    a.add(b).sum().backward();
    optimizer.zeroGrad();
    expect([a.grad, b.grad]).toEqual([null, null]);
  });

  it("defaults to PyTorch's settings", () => {
    const sgd = new SGD([leaf([1])], { lr: 0.1 });
    expect([sgd.momentum, sgd.dampening, sgd.nesterov, sgd.weightDecay]).toEqual([0, 0, false, 0]);
    const adam = new Adam([leaf([1])]);
    expect([adam.lr, adam.betas, adam.eps, adam.weightDecay]).toEqual([0.001, [0.9, 0.999], 1e-8, 0]);
    const rmsProp = new RMSProp([leaf([1])]);
    expect([rmsProp.lr, rmsProp.alpha, rmsProp.eps, rmsProp.momentum, rmsProp.weightDecay]).toEqual([
      0.01, 0.99, 1e-8, 0, 0,
    ]);
  });

  it('counts its steps', () => {
    const p = leaf([1]);
    const optimizer = new Adam([p]);
    stepsWithGradients(optimizer, p, [[1], [1], [1]]);
    expect(optimizer.stepCount).toBe(3);
  });
});

describe('a model written straight on autograd (y = 3x + 1 from two scalar tensors)', () => {
  const X = tensor([-1, -0.5, 0, 0.5, 1]);
  const Y = X.mul(3).add(1);

  /** Fits w x + b to Y by mean squared error; returns [w, b]. */
  function fitLine(name: OptimizerName, options: OptimizerOptions, steps: number): [number, number] {
    const w = tensor(0, { requiresGrad: true });
    const b = tensor(0, { requiresGrad: true });
    const optimizer = createOptimizer(name, [w, b], options);
    for (let step = 0; step < steps; step++) {
      optimizer.zeroGrad();
      w.mul(X).add(b).sub(Y).square().mean().backward();
      optimizer.step();
    }
    return [w.item(), b.item()];
  }

  // The cost is quadratic with Hessian diag(2 mean(x^2), 2) = diag(1, 2): plain SGD at lr 0.1 shrinks the
  // error in w by 0.9 per step (0.9^300 = 2e-14), the others converge more slowly or oscillate first.
  const cases: [OptimizerName, OptimizerOptions, number][] = [
    ['sgd', { lr: 0.1 }, 300],
    ['momentum', { lr: 0.1 }, 500],
    ['adam', { lr: 0.05 }, 500],
    ['rmsprop', { lr: 0.01 }, 1000],
  ];
  for (const [name, options, steps] of cases) {
    it(`${name} (lr ${options.lr}) finds w = 3, b = 1 within 1e-6 in ${steps} steps`, () => {
      const [w, b] = fitLine(name, options, steps);
      expectClose(w, 3, { atol: 1e-6, rtol: 0 }, 'w');
      expectClose(b, 1, { atol: 1e-6, rtol: 0 }, 'b');
    });
  }

  it('adamw (lr 0.05, weight decay 0.01) comes within 0.02 of w = 3, b = 1 in 500 steps', () => {
    // The decoupled decay pulls toward 0 while v still remembers the large early gradients, so AdamW
    // approaches the minimum more slowly than Adam.
    const [w, b] = fitLine('adamw', { lr: 0.05 }, 500);
    expectClose(w, 3, { atol: 0.02, rtol: 0 }, 'w');
    expectClose(b, 1, { atol: 0.02, rtol: 0 }, 'b');
  });
});

describe('createOptimizer', () => {
  it('makes each optimizer by name; momentum is SGD with momentum 0.9 unless told otherwise', () => {
    const parameters = [leaf([1])];
    expect(createOptimizer('sgd', parameters, { lr: 0.1 })).toBeInstanceOf(SGD);
    expect(createOptimizer('adam', parameters, { lr: 0.1 })).toBeInstanceOf(Adam);
    expect(createOptimizer('adamw', parameters, { lr: 0.1 })).toBeInstanceOf(AdamW);
    expect(createOptimizer('rmsprop', parameters, { lr: 0.1 })).toBeInstanceOf(RMSProp);
    const momentum = createOptimizer('momentum', parameters, { lr: 0.1 }) as SGD;
    expect([momentum.momentum, (createOptimizer('sgd', parameters, { lr: 0.1 }) as SGD).momentum]).toEqual([
      0.9, 0,
    ]);
    expect((createOptimizer('momentum', parameters, { lr: 0.1, momentum: 0.5 }) as SGD).momentum).toBe(0.5);
    const adam = createOptimizer('adam', parameters, { lr: 0.02, betas: [0.8, 0.9], eps: 1e-6 }) as Adam;
    expect([adam.lr, adam.betas, adam.eps]).toEqual([0.02, [0.8, 0.9], 1e-6]);
  });

  it('rejects an unknown name, listing the valid ones', () => {
    expectThrows(
      () => createOptimizer('adagrad' as OptimizerName, [leaf([1])], { lr: 0.1 }),
      ConfigError,
      /unknown optimizer 'adagrad'/,
      /sgd, momentum, adam, adamw, rmsprop/,
    );
  });

  it('rejects a setting the named optimizer does not take, listing the ones it does', () => {
    expectThrows(
      () => createOptimizer('sgd', [leaf([1])], { lr: 0.1, betas: [0.9, 0.99] }),
      ConfigError,
      /'sgd' does not take betas/,
      /lr, momentum, dampening, nesterov, weightDecay/,
    );
    expectThrows(
      () => createOptimizer('adam', [leaf([1])], { lr: 0.1, momentum: 0.9 }),
      ConfigError,
      /momentum/,
    );
  });
});

describe('errors', () => {
  it('a learning rate that is not a positive number', () => {
    for (const lr of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectThrows(
        () => new SGD([leaf([1])], { lr }),
        ConfigError,
        /SGD: the learning rate .* must be a positive/,
      );
    }
    expectThrows(() => new Adam([leaf([1])], { lr: -1 }), ConfigError, /Adam: the learning rate -1/);
  });

  it('betas outside [0, 1)', () => {
    expectThrows(
      () => new Adam([leaf([1])], { betas: [1, 0.999] }),
      ConfigError,
      /Adam: betas\[0\] = 1 must be in \[0, 1\)/,
    );
    expectThrows(
      () => new AdamW([leaf([1])], { betas: [0.9, -0.1] }),
      ConfigError,
      /AdamW: betas\[1\] = -0.1/,
    );
  });

  it('Nesterov without momentum, or with dampening', () => {
    expectThrows(
      () => new SGD([leaf([1])], { lr: 0.1, nesterov: true }),
      ConfigError,
      /Nesterov .* momentum > 0/,
    );
    expectThrows(
      () => new SGD([leaf([1])], { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }),
      ConfigError,
      /dampening 0/,
    );
  });

  it('other hyperparameters out of range', () => {
    expectThrows(
      () => new SGD([leaf([1])], { lr: 0.1, momentum: -0.5 }),
      ConfigError,
      /momentum = -0.5 must be at least 0/,
    );
    expectThrows(() => new SGD([leaf([1])], { lr: 0.1, weightDecay: -1 }), ConfigError, /weightDecay = -1/);
    expectThrows(() => new Adam([leaf([1])], { eps: -1e-8 }), ConfigError, /eps = -1e-8/);
    expectThrows(
      () => new RMSProp([leaf([1])], { alpha: 1 }),
      ConfigError,
      /RMSProp: alpha = 1 must be in \[0, 1\)/,
    );
  });

  it('a parameter that is not a leaf requiring a gradient, an empty list, or one tensor twice', () => {
    const p = leaf([1]);
    expectThrows(
      () => new SGD([p.mul(2)], { lr: 0.1 }),
      ConfigError,
      /parameter 0 .* not a leaf/,
      /requiresGrad: true/,
    );
    expectThrows(() => new Adam([p, tensor([1])]), ConfigError, /parameter 1 /);
    expectThrows(() => new Adam([]), ConfigError, /no parameters/);
    expectThrows(() => new Adam([p, p]), ConfigError, /parameter 1 is the same tensor as parameter 0/);
  });
});

describe('learning-rate schedules', () => {
  const optimizerWithLr = (lr: number) => new SGD([leaf([0])], { lr });

  /** The optimizer's lr at epochs 0..epochs: the one set at construction, then after each step(). */
  function lrsByEpoch(schedule: LRScheduler, epochs: number): number[] {
    const lrs = [schedule.optimizer.lr];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      schedule.step();
      lrs.push(schedule.optimizer.lr);
    }
    return lrs;
  }

  it('StepLR multiplies by gamma every stepSize epochs: base gamma^floor(epoch / stepSize)', () => {
    const schedule = new StepLR(optimizerWithLr(1), { stepSize: 2, gamma: 0.1 });
    expect(schedule.lastEpoch).toBe(0);
    expectAllClose(lrsByEpoch(schedule, 5), [1, 1, 0.1, 0.1, 0.01, 0.01]);
    expect(schedule.lastEpoch).toBe(5);
    expectClose(schedule.lrAt(7), 0.001);
  });

  it('ExponentialLR multiplies by gamma every epoch: base gamma^epoch', () => {
    const schedule = new ExponentialLR(optimizerWithLr(0.8), { gamma: 0.5 });
    expect(lrsByEpoch(schedule, 3)).toEqual([0.8, 0.4, 0.2, 0.1]); // exact: halving is exact in binary
  });

  it('CosineAnnealingLR follows etaMin + (base - etaMin)(1 + cos(pi epoch / tMax)) / 2', () => {
    const schedule = new CosineAnnealingLR(optimizerWithLr(1.1), { tMax: 4, etaMin: 0.1 });
    // cos(pi/4) = sqrt(2)/2: epoch 1 gives 0.1 + (1 + sqrt(2)/2)/2 = 0.1 + (2 + sqrt(2))/4 = 0.9535533906;
    // epoch 2: 0.1 + 1/2; epoch 3: 0.1 + (2 - sqrt(2))/4 = 0.2464466094; epoch 4: cos(pi) = -1 gives etaMin.
    const expected = [1.1, 0.1 + (2 + Math.SQRT2) / 4, 0.6, 0.1 + (2 - Math.SQRT2) / 4, 0.1];
    expectAllClose(lrsByEpoch(schedule, 4), expected);
    expectClose(schedule.lrAt(1), 0.9535533906, { atol: 1e-10, rtol: 0 });
    // Past tMax the cosine rises again (PyTorch's closed form): epoch 5 = epoch 3.
    expectClose(schedule.lrAt(5), expected[3]!);
  });

  it('captures the base rate at construction and sets the rate the optimizer then steps with', () => {
    const p = leaf([0]);
    const optimizer = new SGD([p], { lr: 1 });
    const schedule = new StepLR(optimizer, { stepSize: 1, gamma: 0.5 });
    expect(schedule.baseLr).toBe(1);
    // g = 1 each epoch: p = 0 - 1 (lr 1), then p = -1 - 0.5 (lr 0.5), then -1.5 - 0.25 (lr 0.25)
    const trajectory = [1, 2, 3].map(() => {
      setGrad(p, [1]);
      optimizer.step();
      schedule.step();
      return p.data[0]!;
    });
    expect(trajectory).toEqual([-1, -1.5, -1.75]);
    expect(optimizer.lr).toBe(0.125);
  });

  it('rejects settings that do not make a schedule', () => {
    const optimizer = optimizerWithLr(1);
    expectThrows(
      () => new StepLR(optimizer, { stepSize: 0 }),
      ConfigError,
      /StepLR: stepSize = 0 must be a positive integer/,
    );
    expectThrows(() => new StepLR(optimizer, { stepSize: 1.5 }), ConfigError, /stepSize = 1.5/);
    expectThrows(
      () => new ExponentialLR(optimizer, { gamma: 0 }),
      ConfigError,
      /ExponentialLR: gamma = 0 must be positive/,
    );
    expectThrows(() => new CosineAnnealingLR(optimizer, { tMax: 0 }), ConfigError, /tMax = 0/);
    expectThrows(
      () => new CosineAnnealingLR(optimizer, { tMax: 10, etaMin: -1 }),
      ConfigError,
      /etaMin = -1/,
    );
  });
});
