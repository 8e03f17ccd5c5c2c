/**
 * Anomaly mode: inside detectAnomaly the first op whose forward produces NaN, or whose backward rule produces
 * NaN or Inf, throws an AnomalyError naming the op, the input shapes and where the op was created. An
 * infinity made on purpose in a forward pass (a -Infinity mask before softmax, log(0)) is no anomaly, as in
 * PyTorch, whose anomaly mode checks for NaN. Outside it NaN and Inf pass silently, as in PyTorch.
 */
import {
  AnomalyError,
  detectAnomaly,
  isAnomalyDetectionEnabled,
  setDetectAnomaly,
  tensor,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectClose } from '../support/assertions.ts';

/** A frame of this file in a stack: how the creation site points back at the user's code. */
const THIS_FILE_LINE = /anomaly\.test\.ts:\d+/;

function anomalyMessage(fn: () => unknown): string {
  try {
    detectAnomaly(fn);
  } catch (error) {
    expect(error).toBeInstanceOf(AnomalyError);
    return (error as AnomalyError).message;
  }
  throw new Error('expected detectAnomaly to throw an AnomalyError');
}

describe('forward anomalies', () => {
  test('log of a negative number throws at log, naming the op, shapes, index and creation site', () => {
    const message = anomalyMessage(() => {
      const x = tensor([2, -1], { requiresGrad: true });
      const scaled = x.mul(3); // finite: no error here
      const logs = scaled.log(); // log(-3) = NaN: the error is here
      return logs.exp(); // never reached, though exp(NaN) is NaN too
    });
    expect(message).toMatch(/^log: forward produced NaN at flat index 1 of its output \[2\]/);
    expect(message).toContain('(inputs [2], all finite)');
    expect(message).toContain('created at');
    expect(message).toMatch(THIS_FILE_LINE);
  });

  test('a binary op names both input shapes: [2,3] / [3] gives 0/0 = NaN at flat index 4 (2/0 = Infinity passes)', () => {
    const message = anomalyMessage(() =>
      tensor([
        [1, 2, 3],
        [4, 0, 6],
      ]).div(tensor([1, 0, 1])),
    );
    expect(message).toMatch(/^div: forward produced NaN at flat index 4 of its output \[2,3\]/);
    expect(message).toContain('(inputs [2,3], [3], all finite)');
  });

  test('the message says when an input already held NaN, or held an infinity (Infinity - Infinity)', () => {
    const message = anomalyMessage(() => tensor([1, Number.NaN]).add(1));
    expect(message).toMatch(/^add: forward produced NaN at flat index 1/);
    expect(message).toContain('which already held NaN');
    const infinities = anomalyMessage(() => tensor([1, Infinity]).sub(tensor([1, Infinity])));
    expect(infinities).toMatch(/^sub: forward produced NaN at flat index 1/);
    expect(infinities).toContain('(inputs [2], [2], holding Infinity or -Infinity)');
  });

  test('a -Infinity mask before a stable softmax is no anomaly: forward and backward run, masked entries get 0', () => {
    // Attention-style masking: scores + mask, the mask -Infinity where a position must get no weight. The
    // forward holds -Infinity on purpose (exp(-Infinity) = 0); PyTorch's anomaly mode checks for NaN only.
    const scores = tensor([[1, 2, 3]], { requiresGrad: true });
    const mask = tensor([[0, -Infinity, 0]]);
    const weights = detectAnomaly(() => {
      const probabilities = scores.add(mask).softmax(-1);
      probabilities
        .mul(tensor([[1, 0, 0]]))
        .sum()
        .backward();
      return probabilities;
    });
    // softmax over [1, 3]: [1, e^2] / (1 + e^2), 0 where masked.
    const total = 1 + Math.E ** 2;
    expectClose(weights.data[0]!, 1 / total, { atol: 0, rtol: 1e-15 });
    expect(weights.data[1]).toEqual(0);
    expectClose(weights.data[2]!, Math.E ** 2 / total, { atol: 0, rtol: 1e-15 });
    // d p0 / d x = p0 (e0 - p): [p0 (1 - p0), 0, -p0 p2]; the masked position gets exactly 0 (-0 here).
    const [p0, p2] = [1 / total, Math.E ** 2 / total];
    const gradient = scores.grad!.data;
    expectClose(gradient[0]!, p0 * (1 - p0), { atol: 1e-17, rtol: 1e-14 });
    expect(Math.abs(gradient[1]!)).toEqual(0);
    expectClose(gradient[2]!, -p0 * p2, { atol: 1e-17, rtol: 1e-14 });
  });

  test('log(0) = -Infinity in a forward pass passes; the NaN it makes later is caught where it appears', () => {
    const message = anomalyMessage(() => {
      const logs = tensor([0, 1]).log(); // [-Infinity, 0]: no anomaly
      return logs.mul(0); // -Infinity * 0 = NaN: the anomaly
    });
    expect(message).toMatch(/^mul: forward produced NaN at flat index 0/);
    expect(message).toContain('holding Infinity or -Infinity');
  });

  test('ops recorded in anomaly mode remember where they were created; others do not', () => {
    const x = tensor(1, { requiresGrad: true });
    const inside = detectAnomaly(() => x.mul(2));
    expect(inside.gradFn!.createdAt).toMatch(THIS_FILE_LINE);
    expect(x.mul(2).gradFn!.createdAt).toBeNull();
  });
});

describe('backward anomalies', () => {
  test('sqrt at 0 has an infinite gradient: the error names sqrt backward, the shapes and the creation site', () => {
    const message = anomalyMessage(() => {
      const x = tensor([0, 4], { requiresGrad: true });
      x.sqrt().sum().backward(); // d/dx sqrt(x) = 1 / (2 sqrt(x)) = Infinity at 0
    });
    expect(message).toMatch(
      /^sqrt backward: the gradient for input 0 \(of inputs \[2\]\) holds Infinity at flat index 0/,
    );
    expect(message).toMatch(THIS_FILE_LINE);
  });

  test('an op recorded outside anomaly mode is still caught in backward, without a creation site', () => {
    const x = tensor([0, 4], { requiresGrad: true });
    const total = x.sqrt().sum();
    const message = anomalyMessage(() => total.backward());
    expect(message).toMatch(/^sqrt backward/);
    expect(message).toContain('recorded outside detectAnomaly');
  });

  test('a NaN that a backward rule masks out again is no anomaly: d/de 0^e = 0 for e > 0', () => {
    // pow's rule for the exponent is base^e log(base), with 0 * log(0) = NaN replaced by the limit 0.
    const base = tensor([0, 2]);
    const exponent = tensor([2, 3], { requiresGrad: true });
    detectAnomaly(() => base.pow(exponent).sum().backward());
    const gradient = exponent.grad!.toArray() as number[];
    expect(gradient[0]).toEqual(0);
    // 2^3 ln 2 = 8 ln 2.
    expectClose(gradient[1]!, 8 * Math.LN2, { atol: 0, rtol: 1e-15 });
  });

  test('finite gradients pass through anomaly mode unchanged, also with createGraph', () => {
    const x = tensor([1, 4], { requiresGrad: true });
    detectAnomaly(() => x.sqrt().sum().backward({ createGraph: true }));
    // 1 / (2 sqrt(x)) = [0.5, 0.25].
    expect(x.grad!.toArray()).toEqual([0.5, 0.25]);
  });
});

describe('outside detectAnomaly', () => {
  test("NaN and Infinity pass silently (PyTorch's default)", () => {
    expect(isAnomalyDetectionEnabled()).toBe(false);
    const logs = tensor([-1, 1]).log();
    expect(Number.isNaN(logs.data[0]!)).toBe(true);
    expect(logs.data[1]).toEqual(0);
    const x = tensor([0, 4], { requiresGrad: true });
    x.sqrt().sum().backward();
    expect(x.grad!.toArray()).toEqual([Infinity, 0.25]);
  });
});

describe('the mode is restored', () => {
  test("after detectAnomaly returns, passing on fn's value", () => {
    const value = detectAnomaly(() => {
      expect(isAnomalyDetectionEnabled()).toBe(true);
      return 42;
    });
    expect(value).toBe(42);
    expect(isAnomalyDetectionEnabled()).toBe(false);
  });

  test('after detectAnomaly throws, whether an AnomalyError or any other error', () => {
    expect(() => detectAnomaly(() => tensor([-1]).log())).toThrow(AnomalyError);
    expect(isAnomalyDetectionEnabled()).toBe(false);
    expect(() =>
      detectAnomaly(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isAnomalyDetectionEnabled()).toBe(false);
  });

  test('to on when it was switched on with setDetectAnomaly before', () => {
    setDetectAnomaly(true);
    try {
      detectAnomaly(() => 0);
      expect(isAnomalyDetectionEnabled()).toBe(true);
      expect(() => tensor([-1]).log()).toThrow(AnomalyError);
    } finally {
      setDetectAnomaly(false);
    }
    expect(isAnomalyDetectionEnabled()).toBe(false);
  });
});
