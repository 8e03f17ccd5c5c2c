import { ArgumentError, gradcheck, gradgradcheck, Rng, type Tensor, tensor } from '@tapegrad/autograd';
import {
  bceWithLogits,
  binaryCrossEntropy,
  ConfigError,
  crossEntropy,
  DataError,
  type LossName,
  l2Penalty,
  lossFor,
  MLP,
  mse,
  nllLoss,
  objective,
  type Reduction,
  TwoLayerNet,
  weightsOf,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';
import pytorchBce from './fixtures/bce-pytorch.json' with { type: 'json' };

/** Values built from logs and exps of a few numbers: a few ulps of rounding, far below this. */
const formula = { atol: 1e-15, rtol: 1e-13 };

/**
 * gradcheck's tolerance here: central differences with eps = 1e-6 err by about eps^2 f''' (1e-12) plus
 * rounding, 1e-16 / eps (1e-10), so 1e-8 + 1e-6 relative is tight yet safe.
 */
const finiteDifferences = { atol: 1e-8, rtol: 1e-6 };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Plain-JS softmax of one row, exp(z_i) / sum_j exp(z_j). */
function softmaxRow(row: readonly number[]): number[] {
  const exps = row.map(Math.exp);
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

function expectGradcheck(f: (...inputs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradcheck(f, inputs, finiteDifferences);
  expect(report.passed, report.toString()).toBe(true);
}

describe('binaryCrossEntropy', () => {
  const p = [0.8, 0.3, 0.6];
  const y = [1, 0, 0.25];
  // -(y log p + (1 - y) log(1 - p)) per element.
  const perElement = [-Math.log(0.8), -Math.log(0.7), -(0.25 * Math.log(0.6) + 0.75 * Math.log(0.4))];

  it('by hand: p = 0.8, y = 1 gives -log 0.8; p = 0.3, y = 0 gives -log 0.7; a soft target mixes both', () => {
    expectAllClose(binaryCrossEntropy(tensor(p), tensor(y), { reduction: 'none' }), perElement, formula);
    expectClose(binaryCrossEntropy(tensor([0.8]), tensor([1])).item(), 0.2231435513142097, formula);
  });

  it("reductions: 'mean' (the default) divides the sum by the element count, 'sum' adds, 'none' keeps", () => {
    const total = perElement[0]! + perElement[1]! + perElement[2]!;
    expectClose(binaryCrossEntropy(tensor(p), tensor(y)).item(), total / 3, formula);
    expectClose(binaryCrossEntropy(tensor(p), tensor(y), { reduction: 'mean' }).item(), total / 3, formula);
    expectClose(binaryCrossEntropy(tensor(p), tensor(y), { reduction: 'sum' }).item(), total, formula);
    expect(
      binaryCrossEntropy(tensor([[0.8], [0.3]]), tensor([[1], [0]]), { reduction: 'none' }).shape,
    ).toEqual([2, 1]);
  });

  it('gradient by hand: dL/dp = -(y / p - (1 - y) / (1 - p)) / n', () => {
    const probabilities = leaf(p);
    binaryCrossEntropy(probabilities, tensor(y)).backward();
    const expected = p.map((pi, i) => -(y[i]! / pi - (1 - y[i]!) / (1 - pi)) / 3);
    expectAllClose(probabilities.grad, expected, formula);
  });

  it('clamps each log at -100 as PyTorch: p = 0 with y = 1, or p = 1 with y = 0, costs exactly 100', () => {
    const loss = binaryCrossEntropy(tensor([0, 1, 0, 1, 1e-50]), tensor([1, 0, 0, 1, 1]), {
      reduction: 'none',
    });
    // log(1e-50) = -115.1 is clamped too.
    expectAllClose(loss, [100, 100, 0, 0, 100], { atol: 0, rtol: 0 });
  });

  it("gradient at p = 0 and 1 is PyTorch's: (p - y) / max((1 - p) p, eps), eps = float32(1e-12)", () => {
    // PyTorch's backward divides by max((1 - p) p, EPSILON) with EPSILON a C++ float 1e-12, which is
    // 9.999999960041972e-13 in float64: p = 0, y = 1 gives -1 / 9.999999960041972e-13 = -1000000003995.8029,
    // p = 1, y = 0 the opposite; p = y gives 0 / eps = 0.
    expect(Math.fround(1e-12)).toEqual(9.999999960041972e-13);
    const probabilities = leaf([0, 1, 0, 1]);
    binaryCrossEntropy(probabilities, tensor([1, 0, 0, 1]), { reduction: 'sum' }).backward();
    expectAllClose(probabilities.grad, [-1000000003995.8029, 1000000003995.8029, 0, 0], { atol: 0, rtol: 0 });
  });

  describe('matches PyTorch at and near the edges (tests/nn/fixtures/bce-pytorch.py, torch 1.13, float64)', () => {
    const fromJson = (values: readonly (number | string)[]) =>
      values.map((value) => (typeof value === 'number' ? value : Number(value)));
    const probabilities = pytorchBce.probabilities;
    const targets = pytorchBce.targets;
    // log1p(-p) here, log(1 - p) in torch 1.13 (later versions use log1p): a few ulps apart at most.
    const ulps = { atol: 0, rtol: 1e-14 };

    it('values: each log clamped at -100, so p = 0 or 1 against the other label costs exactly 100', () => {
      const losses = binaryCrossEntropy(tensor(probabilities), tensor(targets), { reduction: 'none' });
      expectAllClose(losses, fromJson(pytorchBce.losses), ulps);
      expectClose(binaryCrossEntropy(tensor(probabilities), tensor(targets)).item(), pytorchBce.mean, ulps);
    });

    it('gradients with respect to p (sum and mean) and y (-logit(p), unclamped: +-Infinity at the edges)', () => {
      const p = leaf(probabilities);
      const y = leaf(targets);
      binaryCrossEntropy(p, y, { reduction: 'sum' }).backward();
      expectAllClose(p.grad, fromJson(pytorchBce.gradProbabilitiesSum), ulps);
      expectAllClose(y.grad, fromJson(pytorchBce.gradTargetsSum), ulps);
      const pMean = leaf(probabilities);
      binaryCrossEntropy(pMean, tensor(targets)).backward();
      expectAllClose(pMean.grad, fromJson(pytorchBce.gradProbabilitiesMean), ulps);
    });

    it('a probability outside [0, 1] (or NaN) is a DataError naming the function, the argument, the range', () => {
      // PyTorch: "all elements of input should be between 0 and 1", for 1.5, -0.1 and NaN alike.
      expect(Object.values(pytorchBce.errors)).toEqual(
        Array(3).fill('all elements of input should be between 0 and 1'),
      );
      for (const bad of [1.5, -0.1, Number.NaN]) {
        expectThrows(
          () => binaryCrossEntropy(tensor([0.5, bad]), tensor([1, 0])),
          DataError,
          new RegExp(
            `^binaryCrossEntropy: probabilities must lie in \\[0, 1\\], but element \\[1\\] is ${bad}`,
          ),
          /bceWithLogits/,
        );
      }
      expectThrows(
        () =>
          binaryCrossEntropy(
            tensor([
              [0.5, 0.2],
              [2, 0.1],
            ]),
            tensor([
              [1, 0],
              [1, 0],
            ]),
          ),
        DataError,
        /element \[1,0\] is 2/,
      );
    });
  });

  it('passes gradcheck on probabilities in (0.1, 0.9), with each reduction, and gradgradcheck in p and y', () => {
    const rng = new Rng(1);
    const probabilities = rng.uniform([3, 4], 0.1, 0.9, { requiresGrad: true });
    const targets = rng.rand([3, 4]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expectGradcheck((q) => binaryCrossEntropy(q, targets, { reduction }), [probabilities]);
    }
    // One op whose backward rule is built of ops: its gradient has a gradient too.
    const softTargets = rng.rand([3, 4], { requiresGrad: true });
    expectGradcheck((q, t) => binaryCrossEntropy(q, t), [probabilities, softTargets]);
    const report = gradgradcheck((q, t) => binaryCrossEntropy(q, t), [probabilities, softTargets]);
    expect(report.passed, report.toString()).toBe(true);
  });
});

describe('bceWithLogits', () => {
  it('equals binaryCrossEntropy(sigmoid(z), y) for moderate z', () => {
    const z = tensor([-3, -0.5, 0, 0.7, 2.5, 4]);
    const y = tensor([0, 1, 1, 0.3, 1, 0]);
    const fromProbabilities = binaryCrossEntropy(z.sigmoid(), y, { reduction: 'none' });
    expectAllClose(bceWithLogits(z, y, { reduction: 'none' }), fromProbabilities, formula);
  });

  it('by hand: z = 0 costs log 2 whatever y is', () => {
    expectAllClose(bceWithLogits(tensor([0, 0, 0]), tensor([0, 1, 0.5]), { reduction: 'none' }), [
      Math.LN2,
      Math.LN2,
      Math.LN2,
    ]);
  });

  it('is exact at z = +-1000, where sigmoid rounds to 0 or 1: no Infinity or NaN', () => {
    // softplus(z) - z y: softplus(1000) = 1000, softplus(-1000) = 0.
    const z = tensor([1000, 1000, -1000, -1000, 1000]);
    const y = tensor([1, 0, 1, 0, 0.5]);
    expectAllClose(bceWithLogits(z, y, { reduction: 'none' }), [0, 1000, 1000, 0, 500], { atol: 0, rtol: 0 });
  });

  it('gradient by hand: (sigmoid(z) - y) / n, at z = 0 (0.5 - y) / n, at +-1000 exactly 0 or +-1', () => {
    const atZero = leaf([0, 0, 0]);
    bceWithLogits(atZero, tensor([1, 0, 0.25])).backward();
    expectAllClose(atZero.grad, [-0.5 / 3, 0.5 / 3, 0.25 / 3]);

    const values = [-2, -0.3, 0.4, 1.7];
    const targets = [1, 0, 0.6, 1];
    const logits = leaf(values);
    bceWithLogits(logits, tensor(targets)).backward();
    expectAllClose(
      logits.grad,
      values.map((z, i) => (sigmoid(z) - targets[i]!) / 4),
      formula,
    );

    const extreme = leaf([1000, 1000, -1000, -1000]);
    bceWithLogits(extreme, tensor([1, 0, 1, 0]), { reduction: 'sum' }).backward();
    expectAllClose(extreme.grad, [0, 1, -1, 0], { atol: 0, rtol: 0 });
  });

  it('sum and none reductions', () => {
    const z = tensor([0, 1000]);
    const y = tensor([1, 0]);
    expectClose(bceWithLogits(z, y, { reduction: 'sum' }).item(), Math.LN2 + 1000, formula);
    expectClose(bceWithLogits(z, y).item(), (Math.LN2 + 1000) / 2, formula);
  });

  it('passes gradcheck, with each reduction', () => {
    const rng = new Rng(2);
    const logits = rng.randn([4, 3], { requiresGrad: true });
    const targets = rng.rand([4, 3]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expectGradcheck((z) => bceWithLogits(z, targets, { reduction }), [logits]);
    }
  });

  it('is one op; the gradient for soft targets is -z / n, and both pass gradcheck and gradgradcheck', () => {
    const values = [-2, -0.3, 0.4, 1.7];
    const logits = leaf(values);
    const targets = leaf([0.2, 0.9, 0.5, 0.1]);
    expect(bceWithLogits(logits, targets, { reduction: 'none' }).gradFn?.op).toBe('bceWithLogits');
    bceWithLogits(logits, targets).backward();
    expectAllClose(
      targets.grad,
      values.map((z) => -z / 4),
      formula,
    );
    const rng = new Rng(4);
    const z = rng.randn([3, 2], { requiresGrad: true });
    const y = rng.rand([3, 2], { requiresGrad: true });
    expectGradcheck((a, b) => bceWithLogits(a, b), [z, y]);
    const report = gradgradcheck((a, b) => bceWithLogits(a, b), [z, y]);
    expect(report.passed, report.toString()).toBe(true);
  });
});

describe('crossEntropy', () => {
  // log(e + e^2 + e^3) - 3: the log-sum-exp of the row minus the logit of the label.
  const handValue = Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 3;

  it('with labels it is one op; gradient by hand (softmax(z) - onehot(y)) / N; exact at logits of 1000', () => {
    const logits = leaf([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    expect(crossEntropy(logits, [2, 1], { reduction: 'none' }).gradFn?.op).toBe('crossEntropy');
    crossEntropy(logits, [2, 1]).backward();
    const total = Math.E + Math.E ** 2 + Math.E ** 3;
    expectAllClose(
      logits.grad,
      [
        [Math.E / total / 2, Math.E ** 2 / total / 2, (Math.E ** 3 / total - 1) / 2],
        [1 / 6, (1 / 3 - 1) / 2, 1 / 6],
      ],
      formula,
    );

    // The row's maximum is taken out first: logsumexp = 1000 + log(1 + e^-1000 + e^-2000) = 1000 exactly.
    const extreme = leaf([[1000, 0, -1000]]);
    const loss = crossEntropy(extreme, [1]);
    expect(loss.item()).toBe(1000);
    loss.backward();
    expect(extreme.grad!.toArray()).toEqual([[1, -1, 0]]);

    const z = new Rng(6).randn([3, 4], { requiresGrad: true });
    const report = gradgradcheck((x) => crossEntropy(x, [3, 0, 1]), [z]);
    expect(report.passed, report.toString()).toBe(true);
  });

  it('by hand: logits [[1, 2, 3]] with label 2 give log(e + e^2 + e^3) - 3 = 0.4076', () => {
    expectClose(handValue, 0.40760596444438, { atol: 1e-14, rtol: 0 });
    expectClose(crossEntropy(tensor([[1, 2, 3]]), [2]).item(), handValue, formula);
    expectClose(crossEntropy(tensor([[1, 2, 3]]), tensor([2])).item(), handValue, formula);
  });

  it("reductions over rows: row [0, 0, 0] with any label costs log 3; 'mean' divides by the rows", () => {
    const logits = tensor([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    expectAllClose(crossEntropy(logits, [2, 1], { reduction: 'none' }), [handValue, Math.log(3)], formula);
    expectClose(crossEntropy(logits, [2, 1], { reduction: 'sum' }).item(), handValue + Math.log(3), formula);
    expectClose(crossEntropy(logits, [2, 1]).item(), (handValue + Math.log(3)) / 2, formula);
  });

  it('one-hot targets give the same losses as the labels, for each reduction', () => {
    const logits = new Rng(3).randn([4, 3]);
    const labels = [2, 0, 1, 2];
    const oneHot = tensor(labels.map((label) => [0, 1, 2].map((c) => (c === label ? 1 : 0))));
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expectAllClose(
        crossEntropy(logits, oneHot, { reduction }),
        crossEntropy(logits, labels, { reduction }),
        formula,
      );
    }
  });

  it('soft targets: -sum_c t_c log softmax(z)_c, by hand', () => {
    // softmax([0, log 3]) = [1/4, 3/4]; against [1/2, 1/2]: -(log(1/4) + log(3/4)) / 2 = log(16/3) / 2.
    const loss = crossEntropy(tensor([[0, Math.log(3)]]), tensor([[0.5, 0.5]]));
    expectClose(loss.item(), Math.log(16 / 3) / 2, formula);
  });

  it('is exact for logits of 1000 (through logSoftmax, no overflow)', () => {
    const logits = tensor([
      [1000, 1000, 1000],
      [1000, 0, -1000],
      [1000, 0, -1000],
    ]);
    // Row 0: three equal logits, log 3. Row 1: label 0 costs log(1 + e^-1000 + e^-2000) = 0.
    // Row 2: label 2 costs 1000 - (-1000) = 2000.
    expectAllClose(crossEntropy(logits, [1, 0, 2], { reduction: 'none' }), [Math.log(3), 0, 2000], formula);
  });

  it('gradient = (softmax(z) - onehot) / N, for labels and for the same targets one-hot', () => {
    const rows = [
      [0.5, -1, 2],
      [1, 1, -0.5],
    ];
    const labels = [2, 0];
    const expected = rows.map((row, n) => softmaxRow(row).map((s, c) => (s - (c === labels[n] ? 1 : 0)) / 2));
    const withLabels = leaf(rows);
    crossEntropy(withLabels, labels).backward();
    expectAllClose(withLabels.grad, expected, formula);
    const withOneHot = leaf(rows);
    crossEntropy(
      withOneHot,
      tensor([
        [0, 0, 1],
        [1, 0, 0],
      ]),
    ).backward();
    expectAllClose(withOneHot.grad, expected, formula);
  });

  it('passes gradcheck with labels, with soft targets, with each reduction', () => {
    const rng = new Rng(4);
    const logits = rng.randn([4, 3], { requiresGrad: true });
    const soft = rng.rand([4, 3]);
    const targets = soft.div(soft.sum(-1, true));
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expectGradcheck((z) => crossEntropy(z, [0, 2, 1, 1], { reduction }), [logits]);
      expectGradcheck((z) => crossEntropy(z, targets, { reduction }), [logits]);
    }
  });

  it('errors: logits not [N, C], soft targets of another shape, a wrong label count', () => {
    expectThrows(
      () => crossEntropy(tensor([1, 2, 3]), [0]),
      ConfigError,
      /^crossEntropy: logits must be \[N, C\], got \[3\]$/,
    );
    expectThrows(
      () => crossEntropy(tensor([[1, 2, 3]]), tensor([[0.5, 0.5]])),
      ConfigError,
      /^crossEntropy: the prediction has shape \[1,3\] but the target \[1,2\]; they must match/,
    );
    expectThrows(
      () => crossEntropy(tensor([[1, 2, 3]]), [0, 1]),
      ConfigError,
      /^crossEntropy: 2 labels for 1 rows of logits; give one label per row in targets$/,
    );
  });

  it('a label that is not a class index is an ArgumentError naming crossEntropy, the label and its row', () => {
    const logits = tensor([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    expectThrows(
      () => crossEntropy(logits, [0, 1.5]),
      ArgumentError,
      /^crossEntropy: label 1\.5 at row 1 of targets is not a class index in 0\.\.2$/,
    );
    expectThrows(() => crossEntropy(logits, tensor([3, 0])), ArgumentError, /label 3 at row 0 .* in 0\.\.2/);
    expectThrows(() => crossEntropy(logits, [0, -1]), ArgumentError, /label -1 at row 1/);
    expectThrows(() => crossEntropy(logits, [Number.NaN, 0]), ArgumentError, /label NaN at row 0/);
  });
});

describe('nllLoss', () => {
  const probabilities = [
    [0.2, 0.3, 0.5],
    [0.1, 0.6, 0.3],
  ];
  const logProbs = probabilities.map((row) => row.map(Math.log));

  it('by hand: -logProbs[n, y_n] per row; labels [2, 1] pick -log 0.5 and -log 0.6', () => {
    const picked = [-Math.log(0.5), -Math.log(0.6)];
    expectAllClose(nllLoss(tensor(logProbs), [2, 1], { reduction: 'none' }), picked, formula);
    expectClose(nllLoss(tensor(logProbs), tensor([2, 1])).item(), (picked[0]! + picked[1]!) / 2, formula);
    expectClose(
      nllLoss(tensor(logProbs), [2, 1], { reduction: 'sum' }).item(),
      picked[0]! + picked[1]!,
      formula,
    );
  });

  it("gradient: -1/N at each row's label, 0 elsewhere", () => {
    const input = leaf(logProbs);
    nllLoss(input, [2, 1]).backward();
    expect(input.grad?.toArray()).toEqual([
      [0, 0, -0.5],
      [0, -0.5, 0],
    ]);
  });

  it('crossEntropy(z, labels) = nllLoss(logSoftmax(z), labels)', () => {
    const logits = new Rng(5).randn([5, 4]);
    const labels = [3, 0, 1, 1, 2];
    expectAllClose(crossEntropy(logits, labels), nllLoss(logits.logSoftmax(-1), labels));
  });

  it('passes gradcheck', () => {
    const input = new Rng(6).randn([3, 4], { requiresGrad: true });
    expectGradcheck((l) => nllLoss(l, [1, 3, 0]), [input]);
  });

  it('errors: input not [N, C]; a bad label names nllLoss and the row', () => {
    expectThrows(
      () => nllLoss(tensor([1, 2]), [0]),
      ConfigError,
      /^nllLoss: log-probabilities must be \[N, C\], got \[2\]$/,
    );
    expectThrows(
      () => nllLoss(tensor(logProbs), [0, 3]),
      ArgumentError,
      /^nllLoss: label 3 at row 1 of labels is not a class index in 0\.\.2$/,
    );
    expectThrows(() => nllLoss(tensor(logProbs), [0]), ConfigError, /^nllLoss: 1 labels for 2 rows/);
  });
});

describe('mse', () => {
  it('by hand: [1, 2, 3] against [0, 2, 5] has squares [1, 0, 4]: mean 5/3, sum 5', () => {
    const a = tensor([1, 2, 3]);
    const y = tensor([0, 2, 5]);
    expect(mse(a, y, { reduction: 'none' }).toArray()).toEqual([1, 0, 4]);
    expectClose(mse(a, y).item(), 5 / 3);
    expect(mse(a, y, { reduction: 'sum' }).item()).toBe(5);
    // The mean is over every element of a 2-D prediction: (1 + 4 + 9 + 0) / 4.
    expect(
      mse(
        tensor([
          [1, 2],
          [3, 0],
        ]),
        tensor([
          [0, 0],
          [0, 0],
        ]),
      ).item(),
    ).toBe(3.5);
  });

  it('gradient by hand: 2 (a - y) / n = [2/3, 0, -4/3]', () => {
    const a = leaf([1, 2, 3]);
    mse(a, tensor([0, 2, 5])).backward();
    expectAllClose(a.grad, [2 / 3, 0, -4 / 3]);
  });

  it('passes gradcheck', () => {
    const rng = new Rng(7);
    const prediction = rng.randn([3, 2], { requiresGrad: true });
    const target = rng.randn([3, 2]);
    expectGradcheck((a) => mse(a, target), [prediction]);
    expectGradcheck((a) => mse(a, target, { reduction: 'none' }), [prediction]);
  });

  it('a shape mismatch is a ConfigError naming both shapes and the fix', () => {
    expectThrows(
      () => mse(tensor([[1], [2]]), tensor([1, 2])),
      ConfigError,
      /^mse: the prediction has shape \[2,1\] but the target \[2\]; they must match: reshape the target to \[2,1\]$/,
    );
    expectThrows(
      () => binaryCrossEntropy(tensor([0.5]), tensor([1, 0])),
      ConfigError,
      /^binaryCrossEntropy: the prediction/,
    );
    expectThrows(
      () => bceWithLogits(tensor([0.5]), tensor([[1]])),
      ConfigError,
      /^bceWithLogits: the prediction/,
    );
  });
});

describe('l2Penalty', () => {
  const W1 = [
    [1, 2],
    [3, 4],
  ];
  const W2 = [[-1], [2]];

  it('by hand: lambda / 2 * sum of squares = 0.1 / 2 * (30 + 5) = 1.75; no weights give 0', () => {
    expectClose(l2Penalty([tensor(W1), tensor(W2)], 0.1).item(), 1.75);
    expect(l2Penalty([], 0.1).item()).toBe(0);
  });

  it('gradient: lambda * W for each weight', () => {
    const weights = [leaf(W1), leaf(W2)];
    l2Penalty(weights, 0.1).backward();
    expectAllClose(weights[0]!.grad, [
      [0.1, 0.2],
      [0.30000000000000004, 0.4],
    ]);
    expectAllClose(weights[1]!.grad, [[-0.1], [0.2]]);
  });

  it('passes gradcheck', () => {
    const rng = new Rng(8);
    expectGradcheck(
      (a, b) => l2Penalty([a!, b!], 0.3),
      [rng.randn([3, 2], { requiresGrad: true }), rng.randn([2], { requiresGrad: true })],
    );
  });
});

describe('reduction', () => {
  it('an unknown reduction is a ConfigError listing the choices', () => {
    expectThrows(
      () => mse(tensor([1]), tensor([1]), { reduction: 'avg' as Reduction }),
      ConfigError,
      /reduction 'avg' is not one of mean, sum, none/,
    );
  });
});

describe('objective', () => {
  // A 2-3-2 network with set weights; biases far from 0, so a penalty that wrongly counted them would show.
  const W1 = [
    [0.5, -1, 0.25],
    [1.5, 0.5, -0.75],
  ];
  const b1 = [10, -10, 5];
  const W2 = [
    [1, -0.5],
    [0.25, 2],
    [-1, 0.5],
  ];
  const b2 = [3, -4];
  const X = [
    [0.2, -0.4],
    [1, 0.5],
    [-0.3, 0.8],
    [0.6, 0.1],
  ];
  const m = X.length;
  // sum ||W||^2 over both weights, biases excluded:
  // (0.25 + 1 + 0.0625 + 2.25 + 0.25 + 0.5625) + (1 + 0.25 + 0.0625 + 4 + 1 + 0.25).
  const sumSquaredWeights = 4.375 + 6.5625;

  function network(output: 'sigmoid' | 'softmax' | 'linear'): TwoLayerNet {
    const net = new TwoLayerNet({ inputs: 2, hidden: 3, outputs: 2, hiddenActivation: 'tanh', output });
    net.loadStateDict({
      'layer1.weight': tensor(W1),
      'layer1.bias': tensor(b1),
      'layer2.weight': tensor(W2),
      'layer2.bias': tensor(b2),
    });
    return net;
  }

  /** Z2 by plain loops: Z1 = X W1 + b1, A1 = tanh(Z1), Z2 = A1 W2 + b2. */
  function referenceLogits(): number[][] {
    return X.map((x) => {
      const A1 = b1.map((b, j) => Math.tanh(b + x[0]! * W1[0]![j]! + x[1]! * W1[1]![j]!));
      return b2.map((b, k) => b + A1.reduce((total, a, j) => total + a * W2[j]![k]!, 0));
    });
  }

  it('pairs each output with its loss: sigmoid + bce, softmax + crossEntropy, linear + mse', () => {
    expect([lossFor('sigmoid'), lossFor('softmax'), lossFor('linear')]).toEqual([
      'bce',
      'crossEntropy',
      'mse',
    ]);
  });

  it("'bce': binary cross entropy of sigmoid(Z2), averaged over all m * outputs elements", () => {
    const y = [
      [1, 0],
      [0, 0],
      [1, 1],
      [0, 1],
    ];
    let total = 0;
    for (const [i, row] of referenceLogits().entries()) {
      for (const [k, z] of row.entries()) {
        const t = y[i]![k]!;
        total -= t * Math.log(sigmoid(z)) + (1 - t) * Math.log(1 - sigmoid(z));
      }
    }
    const expected = total / (m * 2);
    expectClose(objective(network('sigmoid'), tensor(X), tensor(y)).item(), expected, formula);
    expectClose(
      objective(network('sigmoid'), tensor(X), tensor(y), { loss: 'bce' }).item(),
      expected,
      formula,
    );
  });

  it("'crossEntropy': -log softmax(Z2)[label] averaged over rows, from labels or one-hot rows", () => {
    const labels = [1, 0, 0, 1];
    const expected =
      referenceLogits().reduce((total, row, i) => total - Math.log(softmaxRow(row)[labels[i]!]!), 0) / m;
    const net = network('softmax');
    expectClose(objective(net, tensor(X), tensor(labels)).item(), expected, formula);
    const oneHot = tensor(labels.map((label) => [label === 0 ? 1 : 0, label === 1 ? 1 : 0]));
    expectClose(objective(net, tensor(X), oneHot).item(), expected, formula);
  });

  it("'mse': (Z2 - y)^2 averaged over all elements, no 1/2", () => {
    const y = [
      [1, -1],
      [0.5, 2],
      [0, 0],
      [-2, 1],
    ];
    let total = 0;
    for (const [i, row] of referenceLogits().entries()) {
      for (const [k, z] of row.entries()) total += (z - y[i]![k]!) ** 2;
    }
    expectClose(objective(network('linear'), tensor(X), tensor(y)).item(), total / (m * 2), formula);
  });

  it('the L2 term is (l2 / 2m) * sum ||W||^2 over the weights only, for each pairing', () => {
    const targets: Record<LossName, Tensor> = {
      bce: tensor([
        [1, 0],
        [0, 0],
        [1, 1],
        [0, 1],
      ]),
      crossEntropy: tensor([1, 0, 0, 1]),
      mse: tensor([
        [1, -1],
        [0.5, 2],
        [0, 0],
        [-2, 1],
      ]),
    };
    const l2 = 0.7;
    for (const output of ['sigmoid', 'softmax', 'linear'] as const) {
      const net = network(output);
      const y = targets[lossFor(output)];
      const term = objective(net, tensor(X), y, { l2 }).item() - objective(net, tensor(X), y).item();
      expectClose(term, (l2 / (2 * m)) * sumSquaredWeights, formula, output);
    }
  });

  it('the L2 term adds (l2 / m) W to each weight gradient and nothing to the biases', () => {
    const l2 = 0.7;
    const y = tensor([1, 0, 0, 1]);
    const net = network('softmax');
    objective(net, tensor(X), y).backward();
    const without = net.parameters().map((parameter) => parameter.grad!);
    net.zeroGrad();
    objective(net, tensor(X), y, { l2 }).backward();
    const [dW1, db1, dW2, db2] = net.parameters().map((parameter, i) => parameter.grad!.sub(without[i]!));
    expectAllClose(dW1!, tensor(W1).mul(l2 / m), formula);
    expectAllClose(dW2!, tensor(W2).mul(l2 / m), formula);
    expectAllClose(db1!, [0, 0, 0]);
    expectAllClose(db2!, [0, 0]);
  });

  it('an MLP: weightsOf lists every layer weight, and the L2 term covers all of them', () => {
    const mlp = new MLP([2, 4, 3, 1], { activation: 'tanh', output: 'linear', rng: new Rng(9) });
    expect(weightsOf(mlp)).toEqual(mlp.layers.map((layer) => layer.weight));
    const inputs = new Rng(10).randn([5, 2]);
    const y = new Rng(11).randn([5, 1]);
    const sumSquares = mlp.layers.reduce(
      (total, layer) => total + layer.weight.data.reduce((s, w) => s + w * w, 0),
      0,
    );
    const term = objective(mlp, inputs, y, { l2: 2 }).item() - objective(mlp, inputs, y).item();
    expectClose(term, (2 / (2 * 5)) * sumSquares, formula);
  });

  it('a loss that does not pair with the output is a ConfigError naming the right one', () => {
    expectThrows(
      () => objective(network('sigmoid'), tensor(X), tensor([[0, 1]]), { loss: 'mse' }),
      ConfigError,
      /^objective: loss 'mse' does not pair with output 'sigmoid'; use 'bce' \(sigmoid \+ bce, softmax \+ crossEntropy, linear \+ mse\)$/,
    );
    expectThrows(
      () => objective(network('linear'), tensor(X), tensor([0, 1, 0, 1]), { loss: 'crossEntropy' }),
      ConfigError,
      /use 'mse'/,
    );
  });

  it('targets of the wrong shape are reported by the loss', () => {
    expectThrows(
      () => objective(network('sigmoid'), tensor(X), tensor([1, 0, 1, 0, 1, 0, 1, 0])),
      ConfigError,
      /bceWithLogits: the prediction has shape \[4,2\] but the target \[8\]/,
    );
    expectThrows(
      () => objective(network('softmax'), tensor(X), tensor([1, 0])),
      ConfigError,
      /crossEntropy: 2 labels for 4 rows/,
    );
  });
});
