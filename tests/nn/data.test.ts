/**
 * The data tools: seeded generators (xor, moons, circles, spirals, blobs, linearly separable) checked
 * against the formulas they follow, labels turned into targets, the stratified split and the
 * standardizer fitted on a training set.
 */
import { Rng, type Tensor, tensor } from '@tapegrad/autograd';
import {
  blobs,
  ConfigError,
  circles,
  classCounts,
  DataError,
  type Dataset,
  fitStandardizer,
  linearlySeparable,
  makeDataset,
  moons,
  oneHot,
  selectRows,
  spirals,
  toBinaryTargets,
  trainTestSplit,
  xor,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

/** Rows of X as [x1, x2, ...] arrays and labels as numbers. */
function rowsOf(X: Tensor): number[][] {
  return X.toArray() as number[][];
}

function labelsOf(y: Tensor): number[] {
  return Array.from(y.data);
}

/** The rows of class c. */
function pointsOf(data: Dataset, c: number): number[][] {
  const labels = labelsOf(data.y);
  return rowsOf(data.X).filter((_, i) => labels[i] === c);
}

/** Mean and population standard deviation of a list. */
function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Rounding of a few operations on values of order 1: a few ulps. */
const ROUNDING = { atol: 1e-15, rtol: 1e-15 };

describe('every generator is reproducible from its seed', () => {
  const generators: [string, (options: { seed?: number; rng?: Rng }) => Dataset][] = [
    ['xor', (o) => xor({ ...o, n: 40, noise: 0.1, shuffle: true })],
    ['moons', (o) => moons({ ...o, n: 50, noise: 0.1 })],
    ['circles', (o) => circles({ ...o, n: 50, noise: 0.1 })],
    ['spirals', (o) => spirals({ ...o, n: 20 })],
    ['blobs', (o) => blobs({ ...o, n: 50 })],
    ['linearlySeparable', (o) => linearlySeparable({ ...o, n: 50, noise: 0.1 })],
  ];

  test.each(generators)('%s: the same seed gives the same data, another seed other data', (_, make) => {
    const first = make({ seed: 7 });
    const again = make({ seed: 7 });
    const viaRng = make({ rng: new Rng(7) });
    const other = make({ seed: 8 });
    expect(Array.from(again.X.data)).toEqual(Array.from(first.X.data));
    expect(Array.from(again.y.data)).toEqual(Array.from(first.y.data));
    expect(Array.from(viaRng.X.data)).toEqual(Array.from(first.X.data));
    expect(Array.from(other.X.data)).not.toEqual(Array.from(first.X.data));
  });

  test.each(generators)('%s: X is [n, 2] and y is [n]', (_, make) => {
    const data = make({ seed: 1 });
    const n = data.X.shape[0]!;
    expect(data.X.shape).toEqual([n, 2]);
    expect(data.y.shape).toEqual([n]);
  });

  test('giving both rng and seed is an error', () => {
    expectThrows(() => moons({ rng: new Rng(1), seed: 1 }), ConfigError, /moons: give either rng or seed/);
  });

  test('n must be a positive integer and noise a finite number >= 0', () => {
    expectThrows(() => moons({ n: 0, seed: 0 }), ConfigError, /moons: n = 0 must be an integer >= 1/);
    expectThrows(() => circles({ n: 2.5, seed: 0 }), ConfigError, /circles: n = 2.5/);
    expectThrows(() => xor({ noise: -1 }), ConfigError, /xor: noise = -1 must be a finite number >= 0/);
  });
});

describe('xor', () => {
  test('by default: the 4 points of the truth table in order, labelled a XOR b', () => {
    const data = xor();
    expect(data.X.toArray()).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(data.y.toArray()).toEqual([0, 1, 1, 0]);
  });

  test('a larger n cycles through the corners; with noise each point stays near its corner', () => {
    expect(xor({ n: 6 }).X.toArray()).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [0, 0],
      [0, 1],
    ]);
    const noisy = xor({ n: 400, noise: 0.05, shuffle: true, seed: 3 });
    expect(classCounts(noisy.y)).toEqual([200, 200]);
    // With std 0.05 a coordinate moves by 0.5 only at 10 sigma: rounding recovers the corner.
    rowsOf(noisy.X).forEach(([a, b], i) => {
      expect(Math.round(a!) ^ Math.round(b!), `row ${i}`).toBe(noisy.y.data[i]);
    });
  });
});

describe('moons', () => {
  test('n = 7 without noise: 3 points on the upper moon and 4 on the lower, by hand', () => {
    // nOuter = floor(7 / 2) = 3: t = 0, pi/2, pi gives (cos t, sin t) = (1, 0), (0, 1), (-1, 0).
    // nInner = 4: t = 0, pi/3, 2pi/3, pi gives (1 - cos t, 0.5 - sin t) =
    // (0, 0.5), (0.5, 0.5 - sqrt(3)/2), (1.5, 0.5 - sqrt(3)/2), (2, 0.5).
    const data = moons({ n: 7, shuffle: false, seed: 0 });
    const dip = 0.5 - Math.sqrt(3) / 2;
    expectAllClose(
      data.X,
      [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, 0.5],
        [0.5, dip],
        [1.5, dip],
        [2, 0.5],
      ],
      ROUNDING,
    );
    expect(data.y.toArray()).toEqual([0, 0, 0, 1, 1, 1, 1]);
  });

  test('without noise every point lies on its half circle: t_i = pi i / (count - 1)', () => {
    const data = moons({ n: 101, shuffle: false, seed: 0 });
    const upper = pointsOf(data, 0);
    const lower = pointsOf(data, 1);
    expect([upper.length, lower.length]).toEqual([50, 51]);
    upper.forEach(([x, y], i) => {
      const t = (Math.PI * i) / 49;
      expectClose(x!, Math.cos(t), ROUNDING, `upper x ${i}`);
      expectClose(y!, Math.sin(t), ROUNDING, `upper y ${i}`);
    });
    lower.forEach(([x, y], i) => {
      const t = (Math.PI * i) / 50;
      expectClose(x!, 1 - Math.cos(t), ROUNDING, `lower x ${i}`);
      expectClose(y!, 0.5 - Math.sin(t), ROUNDING, `lower y ${i}`);
    });
  });

  test('shuffled, the points are the same set and each class keeps its circle', () => {
    const data = moons({ n: 100, seed: 4 });
    const labels = labelsOf(data.y);
    expect(labels.slice(0, 50)).not.toEqual(new Array(50).fill(0));
    expect(classCounts(data.y)).toEqual([50, 50]);
    for (const [x, y] of pointsOf(data, 0)) expectClose(x! ** 2 + y! ** 2, 1, ROUNDING);
    for (const [x, y] of pointsOf(data, 1)) expectClose((x! - 1) ** 2 + (y! - 0.5) ** 2, 1, ROUNDING);
  });

  test('noise is N(0, noise^2) on each coordinate: residuals from the curve have mean 0 and std noise', () => {
    const clean = rowsOf(moons({ n: 4000, shuffle: false, seed: 5 }).X).flat();
    const noisy = rowsOf(moons({ n: 4000, noise: 0.2, shuffle: false, seed: 5 }).X).flat();
    const { mean, std } = meanAndStd(noisy.map((value, i) => value - clean[i]!));
    // 8000 samples: the mean's standard error is 0.2 / sqrt(8000) = 0.0022, the std's about
    // 0.2 / sqrt(2 * 8000) = 0.0016; 4 standard errors of each.
    expect(Math.abs(mean)).toBeLessThan(4 * 0.0023);
    expect(Math.abs(std - 0.2)).toBeLessThan(4 * 0.0016);
  });
});

describe('circles', () => {
  test('n = 8, factor 0.5, no noise: quarter turns on radius 1, then on radius 0.5', () => {
    // Angles 2 pi i / 4 = 0, pi/2, pi, 3pi/2 on each circle.
    const data = circles({ n: 8, factor: 0.5, shuffle: false, seed: 0 });
    expectAllClose(
      data.X,
      [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
        [0.5, 0],
        [0, 0.5],
        [-0.5, 0],
        [0, -0.5],
      ],
      ROUNDING,
    );
    expect(data.y.toArray()).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  test('without noise class 0 has radius 1 and class 1 radius factor (default 0.8)', () => {
    const data = circles({ n: 99, seed: 2 });
    expect(classCounts(data.y)).toEqual([49, 50]);
    for (const [x, y] of pointsOf(data, 0)) expectClose(Math.hypot(x!, y!), 1, ROUNDING);
    for (const [x, y] of pointsOf(data, 1)) expectClose(Math.hypot(x!, y!), 0.8, ROUNDING);
  });

  test('factor must lie in [0, 1)', () => {
    expectThrows(
      () => circles({ factor: 1, seed: 0 }),
      ConfigError,
      /circles: factor = 1 must lie in \[0, 1\)/,
    );
  });
});

describe('spirals', () => {
  test('n = 3 per class, 2 classes, no noise: r = 0, 0.5, 1 and theta = 4j + 4r', () => {
    const data = spirals({ n: 3, classes: 2, noise: 0, shuffle: false, seed: 0 });
    // Class 0: theta = 0, 2, 4; class 1: theta = 4, 6, 8; x = (r sin theta, r cos theta).
    expectAllClose(
      data.X,
      [
        [0, 0],
        [0.5 * Math.sin(2), 0.5 * Math.cos(2)],
        [Math.sin(4), Math.cos(4)],
        [0, 0],
        [0.5 * Math.sin(6), 0.5 * Math.cos(6)],
        [Math.sin(8), Math.cos(8)],
      ],
      ROUNDING,
    );
    expect(data.y.toArray()).toEqual([0, 0, 0, 1, 1, 1]);
  });

  test('n points per class, and the noise bends the angle only: radii stay i / (n - 1) in [0, 1]', () => {
    const data = spirals({ n: 50, classes: 4, noise: 0.3, seed: 6 });
    expect(data.X.shape).toEqual([200, 2]);
    expect(classCounts(data.y)).toEqual([50, 50, 50, 50]);
    for (let c = 0; c < 4; c++) {
      const radii = pointsOf(data, c)
        .map(([x, y]) => Math.hypot(x!, y!))
        .sort((a, b) => a - b);
      radii.forEach((r, i) => {
        expectClose(r, i / 49, ROUNDING, `class ${c} radius ${i}`);
      });
    }
  });

  test('total: exactly that many points, the first total mod classes arms one more; n and total refused together', () => {
    expect(classCounts(spirals({ total: 500, classes: 3, seed: 0 }).y)).toEqual([167, 167, 166]);
    expect(classCounts(spirals({ total: 10, classes: 4, seed: 0 }).y)).toEqual([3, 3, 2, 2]);
    // An arm of 166 points still runs from r = 0 to r = 1 in even steps of 1 / 165.
    const armRadii = pointsOf(spirals({ total: 500, classes: 3, seed: 1 }), 2)
      .map(([x, y]) => Math.hypot(x!, y!))
      .sort((a, b) => a - b);
    armRadii.forEach((r, i) => {
      expectClose(r, i / 165, ROUNDING, `radius ${i}`);
    });
    expect(() => spirals({ n: 10, total: 30 })).toThrow('spirals: give n (points per class) or total');
    expect(() => spirals({ total: 2, classes: 3 })).toThrow('spirals: total = 2 must be an integer >= 3');
  });

  test('total divisible by the classes gives the rows of n = total / classes, bit for bit', () => {
    const perClass = spirals({ n: 100, classes: 3, noise: 0.2, seed: 7 });
    const total = spirals({ total: 300, classes: 3, noise: 0.2, seed: 7 });
    expect([...total.X.data]).toEqual([...perClass.X.data]);
    expect([...total.y.data]).toEqual([...perClass.y.data]);
  });

  test("CS231n's defaults: 100 points per class, 3 classes", () => {
    const data = spirals({ seed: 0 });
    expect(classCounts(data.y)).toEqual([100, 100, 100]);
  });
});

describe('blobs', () => {
  test('n = 10 over 3 centers: 4, 3, 3 points (the first n mod k clusters get one more)', () => {
    expect(classCounts(blobs({ n: 10, seed: 0 }).y)).toEqual([4, 3, 3]);
  });

  test('with std 0 every point is its center', () => {
    const centers = [
      [1, 2],
      [-3, 4],
    ];
    const data = blobs({ n: 6, centers, std: 0, shuffle: false, seed: 0 });
    expect(data.X.toArray()).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
      [-3, 4],
      [-3, 4],
      [-3, 4],
    ]);
    expect(data.y.toArray()).toEqual([0, 0, 0, 1, 1, 1]);
  });

  test('each cluster has its center as mean and its std as spread', () => {
    const data = blobs({
      n: 6000,
      centers: [
        [0, 0],
        [10, -5],
      ],
      std: [0.5, 2],
      seed: 9,
    });
    const expected = [
      { center: [0, 0], std: 0.5 },
      { center: [10, -5], std: 2 },
    ];
    expected.forEach(({ center, std }, c) => {
      const points = pointsOf(data, c);
      expect(points.length).toBe(3000);
      for (const axis of [0, 1]) {
        const stats = meanAndStd(points.map((point) => point[axis]!));
        // 3000 samples: standard errors std / sqrt(3000) for the mean, std / sqrt(6000) for the std.
        expect(Math.abs(stats.mean - center[axis]!)).toBeLessThan((4 * std) / Math.sqrt(3000));
        expect(Math.abs(stats.std - std)).toBeLessThan((4 * std) / Math.sqrt(6000));
      }
    });
  });

  test('drawn centers lie in centerBox, with the features asked for', () => {
    const data = blobs({ n: 5, centers: 5, std: 0, features: 3, centerBox: [2, 3], seed: 1 });
    expect(data.X.shape).toEqual([5, 3]);
    for (const value of data.X.data) {
      expect(value).toBeGreaterThanOrEqual(2);
      expect(value).toBeLessThan(3);
    }
  });

  test('one std per center or one for all', () => {
    expectThrows(
      () => blobs({ centers: 3, std: [1, 2], seed: 0 }),
      ConfigError,
      /blobs: 2 standard deviations for 3 centers/,
    );
  });
});

describe('linearlySeparable', () => {
  test('without noise every point is at least margin from the line, on its own side', () => {
    const data = linearlySeparable({ n: 101, margin: 0.2, normal: [1, 1], seed: 3 });
    expect(classCounts(data.y)).toEqual([50, 51]);
    rowsOf(data.X).forEach(([x1, x2], i) => {
      const distance = (x1! + x2!) / Math.SQRT2; // w . x with w = (1, 1) / sqrt(2)
      expect(Math.abs(distance), `row ${i}`).toBeGreaterThanOrEqual(0.2);
      expect(distance > 0 ? 1 : 0, `row ${i}`).toBe(data.y.data[i]);
      for (const coordinate of [x1!, x2!]) {
        expect(coordinate).toBeGreaterThanOrEqual(-1);
        expect(coordinate).toBeLessThan(1);
      }
    });
  });

  test('the margin must lie in [0, 1)', () => {
    expectThrows(
      () => linearlySeparable({ margin: 1, seed: 0 }),
      ConfigError,
      /margin = 1 must lie in \[0, 1\)/,
    );
  });
});

describe('labels and targets', () => {
  test('oneHot puts a 1 at each label', () => {
    expect(oneHot([2, 0, 1], 3).toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    // Without a count: the largest label + 1 = 2 columns.
    expect(oneHot(tensor([1, 0])).toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  test('toBinaryTargets turns labels [n] into the [n, 1] column the bce loss takes', () => {
    const targets = toBinaryTargets(tensor([0, 1, 1]));
    expect(targets.shape).toEqual([3, 1]);
    expect(targets.toArray()).toEqual([[0], [1], [1]]);
  });

  test('labels that are not class indices are errors naming the label and its index', () => {
    expectThrows(() => toBinaryTargets([0, 2]), DataError, /label 2 at index 1 is not 0 or 1/);
    expectThrows(() => oneHot([0, 1.5], 3), DataError, /oneHot: label 1.5 at index 1 is not a class index/);
    expectThrows(() => oneHot([3], 3), DataError, /label 3 at index 0 is not a class index in 0..2/);
  });

  test('classCounts counts each class, empty ones included', () => {
    expect(classCounts([0, 2, 2])).toEqual([1, 0, 2]);
    expect(classCounts([1], 4)).toEqual([0, 1, 0, 0]);
  });

  test('selectRows copies rows in the order asked; makeDataset checks rows against targets', () => {
    const data = makeDataset(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [0, 1, 0],
    );
    const picked = selectRows(data, [2, 0, 2]);
    expect(picked.X.toArray()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expect(picked.y.toArray()).toEqual([0, 0, 0]);
    expectThrows(() => makeDataset([[1]], [0, 1]), DataError, /1 rows of features but 2 targets/);
  });
});

describe('trainTestSplit', () => {
  /** Each row of a dataset as a string "x1,x2|y", to compare the rows of two datasets as sets. */
  function rowKeys(data: Dataset): string[] {
    const labels = labelsOf(data.y);
    return rowsOf(data.X).map((row, i) => `${row.join(',')}|${labels[i]}`);
  }

  test('moons 1000 at 0.2: 800 train and 200 test, exactly 100 of each class held out', () => {
    const data = moons({ n: 1000, noise: 0.1, seed: 0 });
    const { train, test } = trainTestSplit(data, { rng: new Rng(1) });
    expect(train.X.shape).toEqual([800, 2]);
    expect(test.X.shape).toEqual([200, 2]);
    expect(classCounts(test.y)).toEqual([100, 100]);
    expect(classCounts(train.y)).toEqual([400, 400]);
    // Nothing lost, nothing repeated: the parts together are the original rows.
    expect([...rowKeys(train), ...rowKeys(test)].sort()).toEqual(rowKeys(data).sort());
  });

  test('three classes of 50 at 0.2: 10 of each class in the test part', () => {
    const { test } = trainTestSplit(spirals({ n: 50, seed: 2 }), { rng: new Rng(3) });
    expect(classCounts(test.y)).toEqual([10, 10, 10]);
  });

  test('uneven classes: quotas by largest remainder', () => {
    // Counts 5 and 3, n = 8, fraction 0.25: nTest = 2, quotas 5*2/8 = 1.25 and 3*2/8 = 0.75;
    // floors 1 + 0 leave one row, which goes to the larger fraction (0.75, class 1): 1 and 1.
    const data = makeDataset(
      Array.from({ length: 8 }, (_, i) => [i]),
      [0, 0, 0, 0, 0, 1, 1, 1],
    );
    const { train, test } = trainTestSplit(data, { testFraction: 0.25, rng: new Rng(0) });
    expect(classCounts(test.y)).toEqual([1, 1]);
    expect(classCounts(train.y)).toEqual([4, 2]);
  });

  test('the parts are shuffled, and the same rng seed gives the same split', () => {
    const data = makeDataset(
      Array.from({ length: 20 }, (_, i) => [i]),
      Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : 1)),
    );
    const first = trainTestSplit(data, { rng: new Rng(5) });
    const again = trainTestSplit(data, { rng: new Rng(5) });
    expect(Array.from(again.test.X.data)).toEqual(Array.from(first.test.X.data));
    expect(Array.from(again.train.X.data)).toEqual(Array.from(first.train.X.data));
    const trainOrder = Array.from(first.train.X.data);
    expect(trainOrder).not.toEqual([...trainOrder].sort((a, b) => a - b));
  });

  test('names are kept; a regression target is split without stratifying', () => {
    const data: Dataset = {
      ...makeDataset(
        Array.from({ length: 10 }, (_, i) => [i]),
        Array.from({ length: 10 }, (_, i) => i + 0.5),
      ),
      featureNames: ['x'],
    };
    const { train, test } = trainTestSplit(data, { testFraction: 0.3, rng: new Rng(0) });
    expect([train.y.numel(), test.y.numel()]).toEqual([7, 3]);
    expect(test.featureNames).toEqual(['x']);
    expectThrows(
      () => trainTestSplit(data, { stratify: true, rng: new Rng(0) }),
      ConfigError,
      /stratify needs y to hold one class index .* pass stratify: false/,
    );
  });

  test('a fraction that leaves a part empty is an error', () => {
    const data = xor();
    expectThrows(
      () => trainTestSplit(data, { testFraction: 0.1 }),
      ConfigError,
      /leaves the test part empty/,
    );
    expectThrows(() => trainTestSplit(data, { testFraction: 1 }), ConfigError, /strictly between 0 and 1/);
  });
});

describe('fitStandardizer', () => {
  test('by hand: mean and population std of each column; a constant column gets std 1', () => {
    const train = tensor([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
    ]);
    const scaler = fitStandardizer(train);
    // Column 0: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, std sqrt(5 / 4).
    expectAllClose(scaler.mean, [2.5, 5]);
    expectAllClose(scaler.std, [Math.sqrt(1.25), 1]);
    const s = Math.sqrt(1.25);
    expectAllClose(scaler.transform(train), [
      [-1.5 / s, 0],
      [-0.5 / s, 0],
      [0.5 / s, 0],
      [1.5 / s, 0],
    ]);
    // A test row uses the training statistics: (5.5 - 2.5) / sqrt(1.25) and (7 - 5) / 1.
    expectAllClose(scaler.transform(tensor([[5.5, 7]])), [[3 / s, 2]]);
  });

  test('a constant column whose mean does not round to itself still maps to exactly 0', () => {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004, so a computed mean would be off by an ulp.
    const scaler = fitStandardizer(tensor([[0.1], [0.1], [0.1]]));
    expect(scaler.transform(tensor([[0.1]])).toArray()).toEqual([[0]]);
  });

  test('standardized training columns have mean 0 and std 1', () => {
    const { X } = blobs({ n: 200, features: 3, seed: 4 });
    const Z = fitStandardizer(X).transform(X);
    for (let j = 0; j < 3; j++) {
      const column = rowsOf(Z).map((row) => row[j]!);
      const { mean, std } = meanAndStd(column);
      expectClose(mean, 0, { atol: 1e-14, rtol: 0 });
      expectClose(std, 1, { atol: 0, rtol: 1e-14 });
    }
  });

  test('transforming X with another number of features is an error', () => {
    const scaler = fitStandardizer(tensor([[1, 2]]));
    expectThrows(() => scaler.transform(tensor([[1, 2, 3]])), DataError, /fit on 2 features; give \[n, 2\]/);
  });
});
