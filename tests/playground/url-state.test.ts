/**
 * The playground's configuration in the URL: every valid configuration survives the trip through the query
 * string exactly (fast-check), and a hand-written bad query is fixed setting by setting, each fix told as a
 * problem that names the key and what it takes.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  ACTIVATIONS,
  DATASETS,
  DEFAULT_CONFIG,
  OPTIMIZERS,
  OUTPUTS,
  type PlaygroundConfig,
} from '../../packages/playground/src/config.ts';
import { CONFIG_RANGES } from '../../packages/playground/src/config-ranges.ts';
import {
  configFromSearch,
  configToSearch,
  normalizeConfig,
} from '../../packages/playground/src/url-state.ts';

/** A double in [min, max] (never -0, which the URL writes as 0). */
const doubleIn = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true }).map((value) => (value === 0 ? 0 : value));
const integerIn = (range: { readonly min: number; readonly max: number }) =>
  fc.integer({ min: range.min, max: range.max });

/** Any configuration the playground accepts: in range, sigmoid-bce only for two classes, axes in the data. */
const validConfigArb: fc.Arbitrary<PlaygroundConfig> = fc
  .record({
    dataset: fc.constantFrom(...DATASETS),
    points: integerIn(CONFIG_RANGES.points),
    noise: doubleIn(0, 1),
    testRatio: doubleIn(0.1, 0.9),
    hidden: fc.array(integerIn(CONFIG_RANGES.hiddenUnits), { minLength: 1, maxLength: 6 }),
    activation: fc.constantFrom(...ACTIVATIONS),
    output: fc.constantFrom(...OUTPUTS),
    optimizer: fc.constantFrom(...OPTIMIZERS),
    learningRate: doubleIn(Number.MIN_VALUE, 10),
    batchSize: integerIn(CONFIG_RANGES.batchSize),
    l2: doubleIn(0, 1),
    dropout: doubleIn(0, 0.9),
    seed: integerIn(CONFIG_RANGES.seed),
    csvAxes: fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 2 }),
    syntheticAxes: fc.constantFrom([0, 1] as const, [1, 0] as const),
  })
  .map(({ csvAxes, syntheticAxes, ...config }) => ({
    ...config,
    output: config.dataset === 'spirals' || config.dataset === 'blobs' ? 'softmax-ce' : config.output,
    axes: config.dataset === 'csv' ? ([csvAxes[0]!, csvAxes[1]!] as const) : syntheticAxes,
  }));

describe('configToSearch and configFromSearch', () => {
  test('the default configuration is the readable link of the issue', () => {
    expect(configToSearch(DEFAULT_CONFIG)).toBe(
      '?data=moons&points=500&noise=0.15&test=0.2&hidden=16&act=tanh&out=sigmoid-bce&opt=adam&lr=0.03' +
        '&batch=32&l2=0&dropout=0&seed=42&axes=0,1',
    );
  });

  test.prop([validConfigArb], { numRuns: 500 })(
    'every valid configuration comes back exactly, without a problem',
    (config) => {
      const search = configToSearch(config);
      expect(configFromSearch(search)).toEqual({ config, problems: [] });
      // Also as location.search gives it to the page, and without the '?'.
      expect(configFromSearch(new URL(`https://example.org/play/${search}`).search).config).toEqual(config);
      expect(configFromSearch(search.slice(1)).config).toEqual(config);
    },
  );

  test('a short link sets what it names and leaves the rest at the defaults, silently', () => {
    expect(configFromSearch('?data=circles&hidden=8,4&lr=0.1')).toEqual({
      config: { ...DEFAULT_CONFIG, dataset: 'circles', hidden: [8, 4], learningRate: 0.1 },
      problems: [],
    });
    expect(configFromSearch('')).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  test('the query of the issue reads as written', () => {
    const { config, problems } = configFromSearch(
      '?data=moons&points=500&noise=0.15&test=0.2&hidden=16,8&act=tanh&out=sigmoid-bce&opt=adam&lr=0.03' +
        '&batch=32&l2=0&dropout=0&seed=42&axes=0,1',
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({ ...DEFAULT_CONFIG, hidden: [16, 8] });
  });
});

describe('configFromSearch: bad values are clamped or defaulted, each with a problem naming the key', () => {
  test('numbers beyond their range are clamped to its end', () => {
    const { config, problems } = configFromSearch(
      '?points=5000&noise=3&test=0.05&lr=50&batch=0&l2=-1&dropout=0.95&seed=9999999999',
    );
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      points: 2000,
      noise: 1,
      testRatio: 0.1,
      learningRate: 10,
      batchSize: 1,
      l2: 0,
      dropout: 0.9,
      seed: 2147483647,
    });
    expect(problems).toEqual([
      'points=5000 is out of range: points takes a whole number from 20 to 2000; using 2000',
      'noise=3 is out of range: noise takes a number from 0 to 1; using 1',
      'test=0.05 is out of range: test takes a number from 0.1 to 0.9; using 0.1',
      'lr=50 is out of range: lr takes a number above 0, at most 10; using 10',
      'batch=0 is out of range: batch takes a whole number from 1 to 2000; using 1',
      'l2=-1 is out of range: l2 takes a number from 0 to 1; using 0',
      'dropout=0.95 is out of range: dropout takes a number from 0 to 0.9; using 0.9',
      'seed=9999999999 is out of range: seed takes a whole number from -2147483647 to 2147483647; using 2147483647',
    ]);
  });

  test('a learning rate of 0 or below has no nearest valid value: it takes the default', () => {
    expect(configFromSearch('?lr=0')).toEqual({
      config: DEFAULT_CONFIG,
      problems: ['lr=0 is out of range: lr takes a number above 0, at most 10; using the default 0.03'],
    });
    expect(configFromSearch('?lr=-0.5').config.learningRate).toBe(0.03);
  });

  test('text that is not a number takes the default; a fraction where a whole number belongs is rounded', () => {
    const { config, problems } = configFromSearch('?points=many&noise=&seed=4.5&batch=31.6');
    expect(config).toEqual({ ...DEFAULT_CONFIG, seed: 5, batchSize: 32 });
    expect(problems).toEqual([
      'points=many is not a number: points takes a whole number from 20 to 2000; using the default 500',
      'noise= is not a number: noise takes a number from 0 to 1; using the default 0.15',
      'batch=31.6 is not a whole number: batch takes a whole number from 1 to 2000; using 32',
      'seed=4.5 is not a whole number: seed takes a whole number from -2147483647 to 2147483647; using 5',
    ]);
  });

  test('unknown names take the default and list the valid ones', () => {
    const { config, problems } = configFromSearch('?data=iris&act=gelu&out=hinge&opt=lbfgs');
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toEqual([
      'data=iris is not known: data takes moons, circles, xor, spirals, blobs, linear or csv; using the default moons',
      'act=gelu is not known: act takes sigmoid, tanh or relu; using the default tanh',
      'out=hinge is not known: out takes sigmoid-bce or softmax-ce; using the default sigmoid-bce',
      'opt=lbfgs is not known: opt takes sgd, momentum or adam; using the default adam',
    ]);
  });

  test('hidden layers: sizes clamped to 1..32, at most 6 layers, a list of numbers', () => {
    expect(configFromSearch('?hidden=0,40,8')).toEqual({
      config: { ...DEFAULT_CONFIG, hidden: [1, 32, 8] },
      problems: [
        'hidden=0,40,8 is out of range: hidden takes 1 to 6 comma-separated layer sizes, each a whole number ' +
          'from 1 to 32 (e.g. 16,8); using 1,32,8',
      ],
    });
    expect(configFromSearch('?hidden=1,2,3,4,5,6,7,8').config.hidden).toEqual([1, 2, 3, 4, 5, 6]);
    expect(configFromSearch('?hidden=16,x')).toEqual({
      config: DEFAULT_CONFIG,
      problems: [
        'hidden=16,x is not a list of numbers: hidden takes 1 to 6 comma-separated layer sizes, each a whole ' +
          'number from 1 to 32 (e.g. 16,8); using the default 16',
      ],
    });
    expect(configFromSearch('?hidden=').config.hidden).toEqual([16]);
  });

  test('axes: two different indices; a synthetic dataset has only 0 and 1', () => {
    expect(configFromSearch('?axes=1,0')).toEqual({
      config: { ...DEFAULT_CONFIG, axes: [1, 0] },
      problems: [],
    });
    expect(configFromSearch('?data=csv&axes=2,5')).toEqual({
      config: { ...DEFAULT_CONFIG, dataset: 'csv', axes: [2, 5] },
      problems: [],
    });
    expect(configFromSearch('?axes=0,2').problems).toEqual([
      'axes=0,2 is not usable: moons has 2 features, so axes is 0,1 or 1,0; using the default 0,1',
    ]);
    for (const bad of ['1,1', '0', '0,1,2', '-1,0', 'a,b', '0.5,1']) {
      const { config, problems } = configFromSearch(`?data=csv&axes=${bad}`);
      expect(config.axes).toEqual([0, 1]);
      expect(problems).toEqual([
        `axes=${bad} is not usable: axes takes two different feature indices, counted from 0 (e.g. 0,2); ` +
          'using the default 0,1',
      ]);
    }
  });

  test('sigmoid-bce tells two classes apart: spirals and blobs (3 classes) switch to softmax-ce', () => {
    expect(configFromSearch('?data=blobs&out=sigmoid-bce')).toEqual({
      config: { ...DEFAULT_CONFIG, dataset: 'blobs', output: 'softmax-ce' },
      problems: ['out=sigmoid-bce tells 2 classes apart and blobs has 3; using softmax-ce'],
    });
    // Without `out`, the output that fits is the default, silently; an unknown one falls back to it too.
    expect(configFromSearch('?data=spirals')).toEqual({
      config: { ...DEFAULT_CONFIG, dataset: 'spirals', output: 'softmax-ce' },
      problems: [],
    });
    expect(configFromSearch('?data=spirals&out=svm').problems).toEqual([
      'out=svm is not known: out takes sigmoid-bce or softmax-ce; using the default softmax-ce',
    ]);
    // softmax-ce works for any number of classes, two included.
    expect(configFromSearch('?data=moons&out=softmax-ce')).toEqual({
      config: { ...DEFAULT_CONFIG, output: 'softmax-ce' },
      problems: [],
    });
  });

  test('unknown keys are ignored and repeated ones read once, each with a problem', () => {
    expect(configFromSearch('?points=300&colour=red&points=400')).toEqual({
      config: { ...DEFAULT_CONFIG, points: 300 },
      problems: [
        'points is given 2 times; using the first, points=300',
        'colour: not a setting, ignored; the settings are data, points, noise, test, hidden, act, out, opt, lr, ' +
          'batch, l2, dropout, seed, axes',
      ],
    });
  });

  test("a '+' in a number survives the trip: it is escaped, not read as a space", () => {
    const search = configToSearch({ ...DEFAULT_CONFIG, points: 1e21 });
    expect(search).toContain('points=1e%2B21');
    expect(configFromSearch(search).problems).toEqual([
      'points=1e+21 is out of range: points takes a whole number from 20 to 2000; using 2000',
    ]);
  });
});

describe('normalizeConfig: the same rules for a configuration the page builds', () => {
  test('a valid configuration is returned as it is', () => {
    expect(normalizeConfig(DEFAULT_CONFIG)).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  test('picking blobs with the sigmoid output switches it, NaN takes the default, empty hidden too', () => {
    const { config, problems } = normalizeConfig({
      ...DEFAULT_CONFIG,
      dataset: 'blobs',
      noise: Number.NaN,
      hidden: [],
    });
    expect(config).toEqual({ ...DEFAULT_CONFIG, dataset: 'blobs', output: 'softmax-ce' });
    expect(problems).toEqual([
      'noise=NaN is not a number: noise takes a number from 0 to 1; using the default 0.15',
      'hidden= is not a list of numbers: hidden takes 1 to 6 comma-separated layer sizes, each a whole number ' +
        'from 1 to 32 (e.g. 16,8); using the default 16',
      'out=sigmoid-bce tells 2 classes apart and blobs has 3; using softmax-ce',
    ]);
  });
});
