/**
 * Independent references for the benchmark's smoke test: the quick-size W2, W3 and W4 computed with plain
 * loops and derivatives written out by hand (no tape, no tensors), the way the NumPy reference does it.
 */
import type { TwoLayerParameters } from '../../packages/bench/src/data.ts';

/** One gradient-descent step in place: values -= lr * gradient. */
function descend(values: Float64Array, gradient: Float64Array, lr: number): void {
  for (let k = 0; k < values.length; k++) values[k]! -= lr * gradient[k]!;
}

type Mutable = { W1: Float64Array; b1: Float64Array; W2: Float64Array; b2: Float64Array };

function copyOf(parameters: TwoLayerParameters): Mutable {
  return {
    W1: parameters.W1.slice(),
    b1: parameters.b1.slice(),
    W2: parameters.W2.slice(),
    b2: parameters.b2.slice(),
  };
}

/** W2 forward: z_i = tanh(x_i W1 + b1) W2 + b2 for the points [n, 2], hidden width `hidden`. */
function w2Logits(p: TwoLayerParameters, X: Float64Array, hidden: number): { z: number[]; h: number[][] } {
  const n = X.length / 2;
  const z: number[] = [];
  const h: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    let logit = p.b2[0]!;
    for (let j = 0; j < hidden; j++) {
      const a = Math.tanh(X[2 * i]! * p.W1[j]! + X[2 * i + 1]! * p.W1[hidden + j]! + p.b1[j]!);
      row.push(a);
      logit += a * p.W2[j]!;
    }
    h.push(row);
    z.push(logit);
  }
  return { z, h };
}

/** Mean BCE of sigmoid(z) against y, as -(y log s + (1 - y) log(1 - s)). */
export function w2LossByHand(
  p: TwoLayerParameters,
  X: Float64Array,
  y: Float64Array,
  hidden: number,
): number {
  const { z } = w2Logits(p, X, hidden);
  let total = 0;
  z.forEach((logit, i) => {
    const s = 1 / (1 + Math.exp(-logit));
    total -= y[i]! * Math.log(s) + (1 - y[i]!) * Math.log(1 - s);
  });
  return total / z.length;
}

/** Full-batch gradient descent with dL/dz_i = (sigmoid(z_i) - y_i) / n, backpropagated by hand. */
export function w2TrainByHand(
  initial: TwoLayerParameters,
  X: Float64Array,
  y: Float64Array,
  hidden: number,
  steps: number,
  lr: number,
): TwoLayerParameters {
  const p = copyOf(initial);
  const n = y.length;
  for (let step = 0; step < steps; step++) {
    const { z, h } = w2Logits(p, X, hidden);
    const dW1 = new Float64Array(2 * hidden);
    const db1 = new Float64Array(hidden);
    const dW2 = new Float64Array(hidden);
    let db2 = 0;
    for (let i = 0; i < n; i++) {
      const dz = (1 / (1 + Math.exp(-z[i]!)) - y[i]!) / n;
      db2 += dz;
      for (let j = 0; j < hidden; j++) {
        const a = h[i]![j]!;
        dW2[j]! += a * dz;
        const dA1 = dz * p.W2[j]! * (1 - a * a); // d tanh(u)/du = 1 - tanh(u)^2
        dW1[j]! += X[2 * i]! * dA1;
        dW1[hidden + j]! += X[2 * i + 1]! * dA1;
        db1[j]! += dA1;
      }
    }
    descend(p.W1, dW1, lr);
    descend(p.b1, db1, lr);
    descend(p.W2, dW2, lr);
    p.b2[0]! -= lr * db2;
  }
  return p;
}

const W3 = { inputs: 784, hidden: 128, classes: 10 };

/** W3 forward for one row: the hidden pre-activations and the logits. */
function w3Row(p: TwoLayerParameters, X: Float64Array, row: number): { z1: number[]; logits: number[] } {
  const z1: number[] = [];
  for (let j = 0; j < W3.hidden; j++) {
    let sum = p.b1[j]!;
    for (let k = 0; k < W3.inputs; k++) sum += X[row * W3.inputs + k]! * p.W1[k * W3.hidden + j]!;
    z1.push(sum);
  }
  const logits: number[] = [];
  for (let c = 0; c < W3.classes; c++) {
    let sum = p.b2[c]!;
    for (let j = 0; j < W3.hidden; j++) sum += Math.max(z1[j]!, 0) * p.W2[j * W3.classes + c]!;
    logits.push(sum);
  }
  return { z1, logits };
}

function softmax(logits: readonly number[]): number[] {
  const largest = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - largest));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Mean over rows 0..rows-1 of -log softmax(Z_r)[y_r]. */
export function w3LossByHand(
  p: TwoLayerParameters,
  X: Float64Array,
  labels: Int32Array,
  rows: number,
): number {
  let total = 0;
  for (let row = 0; row < rows; row++) total -= Math.log(softmax(w3Row(p, X, row).logits)[labels[row]!]!);
  return total / rows;
}

/** Minibatch SGD over `batches` with dL/dZ = (softmax(Z) - onehot(y)) / rows, backpropagated by hand. */
export function w3TrainByHand(
  initial: TwoLayerParameters,
  X: Float64Array,
  labels: Int32Array,
  batches: readonly (readonly [number, number])[],
  lr: number,
): TwoLayerParameters {
  const p = copyOf(initial);
  for (const [start, end] of batches) {
    const rows = end - start;
    const dW1 = new Float64Array(p.W1.length);
    const db1 = new Float64Array(p.b1.length);
    const dW2 = new Float64Array(p.W2.length);
    const db2 = new Float64Array(p.b2.length);
    for (let row = start; row < end; row++) {
      const { z1, logits } = w3Row(p, X, row);
      const dZ = softmax(logits).map((s, c) => (s - (c === labels[row] ? 1 : 0)) / rows);
      for (let j = 0; j < W3.hidden; j++) {
        const active = z1[j]! > 0; // relu'(0) = 0
        let dH = 0;
        for (let c = 0; c < W3.classes; c++) {
          dW2[j * W3.classes + c]! += Math.max(z1[j]!, 0) * dZ[c]!;
          dH += dZ[c]! * p.W2[j * W3.classes + c]!;
        }
        if (!active) continue;
        db1[j]! += dH;
        for (let k = 0; k < W3.inputs; k++) dW1[k * W3.hidden + j]! += X[row * W3.inputs + k]! * dH;
      }
      for (let c = 0; c < W3.classes; c++) db2[c]! += dZ[c]!;
    }
    descend(p.W1, dW1, lr);
    descend(p.b1, db1, lr);
    descend(p.W2, dW2, lr);
    descend(p.b2, db2, lr);
  }
  return p;
}

/**
 * W4 by hand: the chain v <- v*w, v + b, tanh(v) (k mod 3), then its derivative recurrence backwards:
 * through v*w, dv_in = g w and dw += g v_in; through v + b, db += g; through tanh, dv_in = g (1 - v_out^2).
 */
export function w4ChainByHand(
  x0: number,
  w: number,
  b: number,
  ops: number,
): { out: number; grad_x0: number; grad_w: number; grad_b: number } {
  const values = [x0];
  for (let k = 0; k < ops; k++) {
    const v = values[k]!;
    values.push(k % 3 === 0 ? v * w : k % 3 === 1 ? v + b : Math.tanh(v));
  }
  let g = 1;
  let gradW = 0;
  let gradB = 0;
  for (let k = ops - 1; k >= 0; k--) {
    if (k % 3 === 0) {
      gradW += g * values[k]!;
      g *= w;
    } else if (k % 3 === 1) {
      gradB += g;
    } else {
      g *= 1 - values[k + 1]! ** 2;
    }
  }
  return { out: values[ops]!, grad_x0: g, grad_w: gradW, grad_b: gradB };
}
