import {
  ArgumentError,
  gradcheck,
  logSoftmax,
  Rng,
  softmax,
  type Tensor,
  tensor,
  zeros,
} from '@tapegrad/autograd';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectClose } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';

/** Plain-JS softmax of one row, straight from the definition exp(x_i) / sum_j exp(x_j). */
function softmaxRow(row: readonly number[]): number[] {
  const exps = row.map(Math.exp);
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Column j of a row-major [rows, cols] array. */
function column(data: ArrayLike<number>, cols: number, j: number): number[] {
  const out: number[] = [];
  for (let i = j; i < data.length; i += cols) out.push(data[i]!);
  return out;
}

const logits = [
  [1, 2, 3],
  [0.5, -1, 2],
];
const seed = [
  [1, 0, 2],
  [-1, 3, 0.5],
];

describe('softmax forward', () => {
  it('softmax([0, 0]) is [0.5, 0.5] and softmax([0, log 3]) is [1/4, 3/4]', () => {
    expect(softmax(tensor([0, 0])).toArray()).toEqual([0.5, 0.5]);
    expectAllClose(softmax(tensor([0, Math.log(3)])).data, [0.25, 0.75]);
  });

  it('runs along the last axis by default; each row matches exp(x)/sum(exp(x)) and sums to 1', () => {
    const probs = softmax(tensor(logits));
    expect(probs.shape).toEqual([2, 3]);
    expectAllClose(probs.data, [...softmaxRow(logits[0]!), ...softmaxRow(logits[1]!)]);
    for (let i = 0; i < 2; i++) {
      const rowSum = probs.data[3 * i]! + probs.data[3 * i + 1]! + probs.data[3 * i + 2]!;
      expectClose(rowSum, 1, { atol: 1e-15, rtol: 0 });
    }
    expectAllClose(tensor(logits).softmax().data, probs.data);
  });

  it('along axis 0 normalizes each column', () => {
    const probs = softmax(tensor(logits), 0);
    for (let j = 0; j < 3; j++) {
      const expected = softmaxRow(column(tensor(logits).data, 3, j));
      expectAllClose(column(probs.data, 3, j), expected);
    }
  });

  it('along the middle axis of a [2,2,2] tensor', () => {
    // x[i][j][k] = i + 2j + 0.5k; along j the two entries differ by 2, so softmax is [1, e^2] / (1 + e^2).
    const x = tensor([
      [
        [0, 0.5],
        [2, 2.5],
      ],
      [
        [1, 1.5],
        [3, 3.5],
      ],
    ]);
    const low = 1 / (1 + Math.E ** 2);
    const high = Math.E ** 2 / (1 + Math.E ** 2);
    expectAllClose(softmax(x, 1).data, [low, low, high, high, low, low, high, high]);
    expectAllClose(softmax(x, -2).data, [low, low, high, high, low, low, high, high]);
  });

  it('logits of 1000 give exact results: softmax([1000, 1000]) = [0.5, 0.5]', () => {
    expect(softmax(tensor([1000, 1000])).toArray()).toEqual([0.5, 0.5]);
  });

  it('softmax([1000, 0]) is [1, 0], finite and without NaN (e^-1000 underflows to 0)', () => {
    expect(softmax(tensor([1000, 0])).toArray()).toEqual([1, 0]);
  });

  it('a -Infinity logit gets probability 0', () => {
    expect(softmax(tensor([Number.NEGATIVE_INFINITY, 0])).toArray()).toEqual([0, 1]);
  });

  it('throws an ArgumentError naming the op for an axis out of range', () => {
    expect(() => softmax(tensor(logits), 2)).toThrow(ArgumentError);
    expect(() => softmax(tensor(logits), 2)).toThrow(/^softmax: axis 2 .*-2\.\.1/);
    expect(() => logSoftmax(tensor(logits), -3)).toThrow(/^logSoftmax: axis -3 .*-2\.\.1/);
  });
});

describe('empty and 0-d tensors, as PyTorch', () => {
  it('zeros([2, 0]).softmax(1) and .logSoftmax(1) are empty [2, 0]; the gradient is empty too', () => {
    // torch.zeros(2, 0).softmax(1) is tensor([], size=(2, 0)): an empty axis has no max to take out.
    for (const op of [softmax, logSoftmax]) {
      const x = zeros([2, 0], { requiresGrad: true });
      const result = op(x, 1);
      expect(result.shape).toEqual([2, 0]);
      expect(result.numel()).toEqual(0);
      result.sum().backward();
      expect(x.grad!.shape).toEqual([2, 0]);
    }
    // Along the non-empty axis the result is empty as well.
    expect(zeros([2, 0]).softmax(0).shape).toEqual([2, 0]);
    expect(zeros([0, 3]).logSoftmax(1).shape).toEqual([0, 3]);
  });

  it('a 0-d tensor is a one-element axis: softmax(tensor(3)) = 1, logSoftmax = 0, both with gradient 0', () => {
    // PyTorch wraps a scalar's dim as if it were 1-d: dim 0 and -1 work, softmax is exp(x)/exp(x) = 1,
    // logSoftmax is x - logsumexp(x) = 0, and neither depends on x: d/dx = 0.
    for (const axis of [-1, 0]) {
      const x = tensor(3, { requiresGrad: true });
      const probability = softmax(x, axis);
      expect(probability.shape).toEqual([]);
      expect(probability.item()).toEqual(1);
      probability.backward();
      expect(x.grad!.item()).toEqual(0);

      const z = tensor(3, { requiresGrad: true });
      const logProbability = logSoftmax(z, axis);
      expect(logProbability.shape).toEqual([]);
      expect(logProbability.item()).toEqual(0);
      logProbability.backward();
      expect(z.grad!.item()).toEqual(0);
    }
    expect(tensor(3).softmax().item()).toEqual(1);
  });

  it('a 0-d tensor has axes -1 and 0 only, as in PyTorch ("expected to be in range of [-1, 0]")', () => {
    expect(() => softmax(tensor(3), 1)).toThrow(
      /^softmax: axis 1 is out of range for a 0-d tensor, whose one element counts as axis 0 or -1$/,
    );
    expect(() => logSoftmax(tensor(3), -2)).toThrow(ArgumentError);
  });
});

describe('logSoftmax forward', () => {
  it('is log(softmax(x)) along the default last axis and along axis 0', () => {
    const x = tensor(logits);
    expectAllClose(logSoftmax(x).data, [...softmaxRow(logits[0]!), ...softmaxRow(logits[1]!)].map(Math.log));
    const byColumn = logSoftmax(x, 0);
    for (let j = 0; j < 3; j++) {
      expectAllClose(column(byColumn.data, 3, j), softmaxRow(column(x.data, 3, j)).map(Math.log));
    }
  });

  it('logSoftmax([1000, 1000]) is exactly [-log 2, -log 2]', () => {
    expect(logSoftmax(tensor([1000, 1000])).toArray()).toEqual([-Math.log(2), -Math.log(2)]);
  });

  it('logSoftmax([1000, 0]) is exactly [0, -1000]: no log(0) of an underflowed probability', () => {
    expect(tensor([1000, 0]).logSoftmax().toArray()).toEqual([0, -1000]);
  });
});

/** Row-major [rows, cols] softmax with a plain loop. */
function softmaxRows(rows: readonly (readonly number[])[]): number[][] {
  return rows.map(softmaxRow);
}

describe('softmax and logSoftmax backward', () => {
  it('logSoftmax backward is g - softmax(x) * sum(g) along each row', () => {
    const x = leaf(logits);
    x.logSoftmax().backward(tensor(seed));
    const probs = softmaxRows(logits);
    const expected = seed.flatMap((gRow, i) => {
      const gSum = gRow.reduce((a, b) => a + b, 0);
      return gRow.map((g, j) => g - probs[i]![j]! * gSum);
    });
    expectAllClose(x.grad!.data, expected);
  });

  it('logSoftmax backward along axis 0 uses column sums of g', () => {
    const x = leaf(logits);
    logSoftmax(x, 0).backward(tensor(seed));
    const flatSeed = seed.flat();
    const expected = new Array<number>(6);
    for (let j = 0; j < 3; j++) {
      const probs = softmaxRow(column(x.data, 3, j));
      const g = column(flatSeed, 3, j);
      const gSum = g[0]! + g[1]!;
      for (let i = 0; i < 2; i++) expected[3 * i + j] = g[i]! - probs[i]! * gSum;
    }
    expectAllClose(x.grad!.data, expected);
  });

  it('softmax backward is g^T J with the Jacobian J = diag(s) - s s^T', () => {
    const x = leaf(logits);
    x.softmax().backward(tensor(seed));
    const expected: number[] = [];
    logits.forEach((row, r) => {
      const s = softmaxRow(row);
      const g = seed[r]!;
      // dL/dx_j = sum_i g_i J_ij, J_ij = s_i (delta_ij - s_j), built entry by entry.
      for (let j = 0; j < s.length; j++) {
        let total = 0;
        for (let i = 0; i < s.length; i++) total += g[i]! * ((i === j ? s[i]! : 0) - s[i]! * s[j]!);
        expected.push(total);
      }
    });
    expectAllClose(x.grad!.data, expected);
  });

  it('softmax backward along axis 0 matches the column Jacobians', () => {
    const x = leaf(logits);
    softmax(x, 0).backward(tensor(seed));
    const flatSeed = seed.flat();
    const expected = new Array<number>(6);
    for (let j = 0; j < 3; j++) {
      const s = softmaxRow(column(x.data, 3, j));
      const g = column(flatSeed, 3, j);
      for (let k = 0; k < 2; k++) {
        let total = 0;
        for (let i = 0; i < 2; i++) total += g[i]! * ((i === k ? s[i]! : 0) - s[i]! * s[k]!);
        expected[3 * k + j] = total;
      }
    }
    expectAllClose(x.grad!.data, expected);
  });

  it('the gradient of sum(softmax(x)) is 0, since every row sums to 1', () => {
    const x = leaf(logits);
    x.softmax().sum().backward();
    expectAllClose(x.grad!.data, [0, 0, 0, 0, 0, 0], { atol: 1e-15, rtol: 0 });
  });

  it('gradients stay finite for logits of 1000: logSoftmax([1000, 0]) with g = [1, 0] gives [0, 0]', () => {
    const x = leaf([1000, 0]);
    x.logSoftmax().backward(tensor([1, 0]));
    // g - s * sum(g) = [1 - 1*1, 0 - 0*1].
    expect(x.grad!.toArray()).toEqual([0, 0]);
    const y = leaf([1000, 1000]);
    y.softmax().backward(tensor([1, 0]));
    // s = [1/2, 1/2]: J row 0 = [1/4, -1/4].
    expect(y.grad!.toArray()).toEqual([0.25, -0.25]);
  });

  it('agree with finite differences on a random [3,4,2] input along every axis', () => {
    const rng = new Rng(7);
    const x: Tensor = rng.randn([3, 4, 2], { requiresGrad: true });
    for (const axis of [0, 1, -1]) {
      expect(gradcheck((t) => softmax(t, axis), [x]).passed).toBe(true);
      expect(gradcheck((t) => logSoftmax(t, axis), [x]).passed).toBe(true);
    }
  });
});
