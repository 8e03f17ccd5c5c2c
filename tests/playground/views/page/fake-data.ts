/**
 * Hand-made data for the views page, shared by the page (which draws it) and the test (which knows where
 * everything is): a two-class problem whose boundary is P(class 1) = sigmoid(x - y), so the 0.5 contour is
 * the diagonal x = y; a three-class problem in sectors; a 2-4-1 and a 2-32-32-1 network; a loss curve.
 * Pure and deterministic.
 */
import type {
  BoundaryView,
  Grid,
  LayerView,
  LossPoint,
  NetworkView,
  PlaneData,
} from '../../../../packages/playground/src/snapshot.ts';

export const BOUNDS = [-2, 2, -2, 2] as const;
export const GRID_SIZE = 50;
export const AXES = ['petal length', 'petal width'] as const;

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** The two-class model: P(class 1) = sigmoid(x - y); class 1 (blue) below the diagonal. */
export const probabilityAt = (x: number, y: number) => sigmoid(x - y);

/** The data coordinates of grid cell (column, row): its centre, as viz's probabilityGrid samples. */
export function cellCentre(column: number, row: number, size = GRID_SIZE): [number, number] {
  const [xMin, xMax, yMin, yMax] = BOUNDS;
  return [xMin + ((column + 0.5) / size) * (xMax - xMin), yMin + ((row + 0.5) / size) * (yMax - yMin)];
}

/** A size x size grid of f(x, y) at the cell centres. */
export function gridOf(f: (x: number, y: number) => number, size = GRID_SIZE): Grid {
  const values = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++)
      values[row * size + column] = f(...cellCentre(column, row, size));
  }
  return { size, values };
}

/** Points the test looks at, by what they show. Train and test points sit on both colours of the plane. */
export const KNOWN_TRAIN = [
  { name: 'class 0 on orange', xy: [-1.2, 1.2], label: 0 },
  { name: 'class 1 on orange', xy: [-1.3, 0.3], label: 1 },
  { name: 'class 1 on blue', xy: [1.2, -1.2], label: 1 },
  { name: 'class 0 on blue', xy: [0.4, -1.3], label: 0 },
] as const;
export const KNOWN_TEST = [
  { name: 'test class 1 on blue', xy: [1.5, -0.4], label: 1 },
  { name: 'test class 0 on orange', xy: [-0.4, 1.5], label: 0 },
  { name: 'test class 0 on blue', xy: [1.55, 0.5], label: 0 },
] as const;
/** Places kept free of points, where the test reads the heatmap and the contour. */
export const PROBES = {
  orange: [-1.5, 0.75],
  blue: [1.1, -0.45],
  contour: [0.8, 0.8],
} as const;
const CLEAR_RADIUS = 0.6;

/** Filler points on a jittered lattice, labelled by the model with a few flipped, away from the probes and the known points. */
function fillerPoints(): { xy: number[]; labels: number[] } {
  const xy: number[] = [];
  const labels: number[] = [];
  const taken = [...Object.values(PROBES), ...KNOWN_TRAIN.map((p) => p.xy), ...KNOWN_TEST.map((p) => p.xy)];
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      const x = -1.75 + i * 0.5 + 0.13 * Math.sin(7 * i + 3 * j);
      const y = -1.75 + j * 0.5 + 0.13 * Math.cos(5 * i - 2 * j);
      if (taken.some(([px, py]) => Math.hypot(x - px, y - py) < CLEAR_RADIUS)) continue;
      const flipped = (i * 8 + j) % 11 === 0;
      labels.push(Number(probabilityAt(x, y) >= 0.5) ^ Number(flipped));
      xy.push(x, y);
    }
  }
  return { xy, labels };
}

/** The two-class data: the known train points first (indices 0..3), then filler; every third filler point is a test point. */
export function twoClassData(): PlaneData {
  const filler = fillerPoints();
  const train: { xy: number[]; labels: number[] } = {
    xy: KNOWN_TRAIN.flatMap((p) => [...p.xy]),
    labels: KNOWN_TRAIN.map((p) => p.label),
  };
  const test: { xy: number[]; labels: number[] } = {
    xy: KNOWN_TEST.flatMap((p) => [...p.xy]),
    labels: KNOWN_TEST.map((p) => p.label),
  };
  filler.labels.forEach((label, k) => {
    const split = k % 3 === 2 ? test : train;
    split.xy.push(filler.xy[2 * k]!, filler.xy[2 * k + 1]!);
    split.labels.push(label);
  });
  return {
    train: { xy: Float64Array.from(train.xy), labels: Int32Array.from(train.labels) },
    test: { xy: Float64Array.from(test.xy), labels: Int32Array.from(test.labels) },
    classes: ['setosa', 'versicolor'],
    axes: AXES,
    featureNames: AXES,
    bounds: BOUNDS,
  };
}

/** `count` points spread over the plane (a deterministic low-discrepancy pattern), labelled by the model: a typical dataset's size, for timing. */
export function manyPoints(count: number): PlaneData {
  const xy = new Float64Array(2 * count);
  const labels = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    // The golden-ratio sequences fill the square evenly.
    const x = -1.9 + 3.8 * ((k * 0.618033988749895) % 1);
    const y = -1.9 + 3.8 * ((k * 0.7548776662466927) % 1);
    xy[2 * k] = x;
    xy[2 * k + 1] = y;
    labels[k] = Number(probabilityAt(x, y) >= 0.5);
  }
  const testCount = Math.floor(count / 5);
  return {
    train: { xy: xy.slice(2 * testCount), labels: labels.slice(testCount) },
    test: { xy: xy.slice(0, 2 * testCount), labels: labels.slice(0, testCount) },
    classes: ['setosa', 'versicolor'],
    axes: AXES,
    featureNames: AXES,
    bounds: BOUNDS,
  };
}

export function twoClassBoundary(): BoundaryView {
  const probability = gridOf(probabilityAt);
  const classOfCell = Int32Array.from(probability.values, (p) => Number(p >= 0.5));
  const confidence = Float64Array.from(probability.values, (p) => Math.max(p, 1 - p));
  return { probability, classOfCell, confidence };
}

/** Three classes in 120-degree sectors around the origin; sure far from it, unsure near it. */
export function sectorOf(x: number, y: number): number {
  return Math.floor(((Math.atan2(y, x) + Math.PI) / (2 * Math.PI)) * 3) % 3;
}
export function sectorConfidence(x: number, y: number): number {
  return 1 / 3 + (2 / 3) * Math.min(1, Math.hypot(x, y) / 1.5);
}

export function threeClassData(): PlaneData {
  const train: number[] = [];
  const labels: number[] = [];
  for (let k = 0; k < 45; k++) {
    const angle = (2 * Math.PI * k) / 45 + 0.1;
    const radius = 0.6 + (1.1 * ((k * 7) % 10)) / 10;
    const x = radius * Math.cos(angle);
    const y = radius * Math.sin(angle);
    train.push(x, y);
    labels.push(sectorOf(x, y));
  }
  return {
    train: { xy: Float64Array.from(train), labels: Int32Array.from(labels) },
    test: { xy: Float64Array.of(1.2, 1.2), labels: Int32Array.of(sectorOf(1.2, 1.2)) },
    classes: ['red wine', 'white wine', 'rosé'],
    axes: ['alcohol', 'acidity'],
    featureNames: ['alcohol', 'acidity', 'colour'],
    bounds: BOUNDS,
  };
}

export function threeClassBoundary(): BoundaryView {
  const probability = gridOf(() => 0);
  const classOfCell = Int32Array.from(gridOf(sectorOf).values);
  const confidence = gridOf(sectorConfidence).values;
  return { probability, classOfCell, confidence };
}

/** A layer with the given weights (row-major [fanIn, fanOut]); gradients w / -61 (so each is distinct), biases j / 10 - 0.15. */
function layerOf(
  fanIn: number,
  fanOut: number,
  weight: (i: number, j: number) => number,
  gradient?: (i: number, j: number) => number,
): LayerView {
  const W = new Float64Array(fanIn * fanOut);
  const dW = new Float64Array(fanIn * fanOut);
  for (let i = 0; i < fanIn; i++) {
    for (let j = 0; j < fanOut; j++) {
      W[i * fanOut + j] = weight(i, j);
      dW[i * fanOut + j] = gradient?.(i, j) ?? -weight(i, j) / 61;
    }
  }
  return {
    fanIn,
    fanOut,
    weight: W,
    weightGrad: dW,
    bias: Float64Array.from({ length: fanOut }, (_, j) => j / 10 - 0.15),
    biasGrad: Float64Array.from({ length: fanOut }, (_, j) => (j + 1) / 1000),
  };
}

/** The 2-4-1 tanh network: W1 = [[1.5, -1, 0.2, -2.5], [0.5, 1.25, 0.75, -0.1]], W1[1][2] = 0.75 with gradient -0.0123. */
export const TINY_W1 = [
  [1.5, -1, 0.2, -2.5],
  [0.5, 1.25, 0.75, -0.1],
] as const;
export const TINY_W2 = [2, -1.5, 0.05, 1] as const;

export function tinyNetwork(scale = 1): NetworkView {
  const W1 = layerOf(
    2,
    4,
    (i, j) => scale * TINY_W1[i]![j]!,
    (i, j) => (i === 1 && j === 2 ? -0.0123 : -TINY_W1[i]![j]! / 61),
  );
  const W2 = layerOf(4, 1, (i) => scale * TINY_W2[i]!);
  const neurons = [0, 1, 2, 3].map((j) =>
    gridOf((x, y) => Math.tanh(W1.weight[j]! * x + W1.weight[4 + j]! * y + W1.bias[j]!), 24),
  );
  return { sizes: [2, 4, 1], layers: [W1, W2], neurons: [neurons], activation: 'tanh' };
}

/** A 2-32-32-1 relu network with weights of both signs and many sizes. */
export function largeNetwork(): NetworkView {
  const wave = (i: number, j: number) => 1.8 * Math.sin(1.3 * i + 2.1 * j + 0.4);
  const layers = [
    layerOf(2, 32, wave),
    layerOf(32, 32, (i, j) => (0.6 * wave(i, j) ** 3) / 3),
    layerOf(32, 1, wave),
  ];
  const relu = (z: number) => Math.max(0, z);
  const first = Array.from({ length: 32 }, (_, j) =>
    gridOf((x, y) => relu(wave(0, j) * x + wave(1, j) * y), 12),
  );
  const second = Array.from({ length: 32 }, (_, j) =>
    gridOf((x, y) => relu(Math.sin(j) * x - Math.cos(j) * y + 0.3), 12),
  );
  return { sizes: [2, 32, 32, 1], layers, neurons: [first, second], activation: 'relu' };
}

/** A loss curve: train 0.65 e^(-epoch / 40) + 0.04, test a little above it with a wobble. */
export function lossPoints(first: number, count: number): LossPoint[] {
  return Array.from({ length: count }, (_, k) => {
    const epoch = first + k;
    const trainLoss = 0.65 * Math.exp(-epoch / 40) + 0.04;
    const testLoss = trainLoss * 1.15 + 0.01 * Math.sin(epoch / 3);
    return { epoch, trainLoss, testLoss, trainAccuracy: 1 - trainLoss, testAccuracy: 1 - testLoss };
  });
}
