/**
 * The whole configuration in the URL's query, with short readable keys, so that a link or a reload gives the
 * same run from the same seed:
 *
 *   ?data=moons&points=500&noise=0.15&test=0.2&hidden=16,8&act=tanh&out=sigmoid-bce&opt=adam&lr=0.03
 *    &batch=32&l2=0&dropout=0&seed=42&axes=0,1
 *
 * Reading never fails: a value that is out of range is clamped, one that is unknown or unreadable takes its
 * default, and each such fix comes back as a problem naming the key and what it takes, for the page to show.
 * A key left out takes its default without a problem, so `?data=circles` is a whole link.
 */
import {
  ACTIVATIONS,
  DATASETS,
  type DatasetName,
  DEFAULT_CONFIG,
  OPTIMIZERS,
  OUTPUTS,
  type OutputLoss,
  type PlaygroundConfig,
} from './config.ts';
import { CONFIG_RANGES, SYNTHETIC_FEATURES, syntheticClassCount } from './config-ranges.ts';
import { describeRange, numberIn, type ReadValue, readChoice, readNumber } from './url-values.ts';

/** The URL key of each setting, in the order a link lists them. */
export const URL_KEYS = {
  dataset: 'data',
  points: 'points',
  noise: 'noise',
  testRatio: 'test',
  hidden: 'hidden',
  activation: 'act',
  output: 'out',
  optimizer: 'opt',
  learningRate: 'lr',
  batchSize: 'batch',
  l2: 'l2',
  dropout: 'dropout',
  seed: 'seed',
  axes: 'axes',
} as const satisfies Record<keyof PlaygroundConfig, string>;

type Field = keyof typeof URL_KEYS;
const FIELDS = Object.keys(URL_KEYS) as Field[];
const KNOWN_KEYS: readonly string[] = Object.values(URL_KEYS);

/** A value as the URL writes it: numbers in JavaScript's shortest exact form, lists joined by commas. */
function written(value: PlaygroundConfig[Field]): string {
  const text = Array.isArray(value) ? value.join(',') : String(value);
  // Commas stay readable; '+' must be escaped, or the reader takes it for a space.
  return encodeURIComponent(text).replace(/%2C/g, ',');
}

/**
 * The query string of a configuration, every setting written (a link stays the same run when a default
 * changes later), starting with '?'.
 * @example configToSearch(DEFAULT_CONFIG);
 * // '?data=moons&points=500&noise=0.15&test=0.2&hidden=16&act=tanh&out=sigmoid-bce&opt=adam&lr=0.03&batch=32&l2=0&dropout=0&seed=42&axes=0,1'
 */
export function configToSearch(config: PlaygroundConfig): string {
  return `?${FIELDS.map((field) => `${URL_KEYS[field]}=${written(config[field])}`).join('&')}`;
}

/** The hidden layers: 1 to 6 comma-separated unit counts of 1 to 32 each. */
function readHidden(text: string): ReadValue<readonly number[]> {
  const key = URL_KEYS.hidden;
  const layers = CONFIG_RANGES.hiddenLayers;
  const units = CONFIG_RANGES.hiddenUnits;
  const takes =
    `${key} takes ${layers.min} to ${layers.max} comma-separated layer sizes, each ${describeRange(units)} ` +
    '(e.g. 16,8)';
  const fallback = DEFAULT_CONFIG.hidden;
  const sizes = text.split(',').map(numberIn);
  if (sizes.some(Number.isNaN)) {
    return {
      value: fallback,
      problem: `${key}=${text} is not a list of numbers: ${takes}; using the default ${fallback}`,
    };
  }
  const kept = sizes.slice(0, layers.max);
  const value = kept.map((size) => Math.min(Math.max(Math.round(size), units.min), units.max));
  if (value.length === sizes.length && value.every((size, l) => size === sizes[l])) return { value };
  return { value, problem: `${key}=${text} is out of range: ${takes}; using ${value.join(',')}` };
}

/** Two different feature indices; a synthetic dataset has only features 0 and 1. */
function readAxes(text: string, dataset: DatasetName): ReadValue<readonly [number, number]> {
  const key = URL_KEYS.axes;
  const fallback = DEFAULT_CONFIG.axes;
  const indices = text.split(',').map(numberIn);
  const synthetic = dataset !== 'csv';
  const valid =
    indices.length === 2 &&
    indices.every((index) => Number.isSafeInteger(index) && index >= 0) &&
    indices[0] !== indices[1];
  if (valid && (!synthetic || indices.every((index) => index < SYNTHETIC_FEATURES))) {
    return { value: [indices[0]!, indices[1]!] };
  }
  const takes = synthetic
    ? `${dataset} has ${SYNTHETIC_FEATURES} features, so ${key} is 0,1 or 1,0`
    : `${key} takes two different feature indices, counted from 0 (e.g. 0,2)`;
  return {
    value: fallback,
    problem: `${key}=${text} is not usable: ${takes}; using the default ${fallback}`,
  };
}

/**
 * The output for the dataset: sigmoid-bce tells two classes apart, so a dataset known to have more switches
 * to softmax-ce (silently when `out` was not given). A CSV's classes are only known once it is read: the
 * training session refuses sigmoid-bce for a CSV of more than two classes (see session.ts).
 */
function readOutput(text: string | null, dataset: DatasetName): ReadValue<OutputLoss> {
  const key = URL_KEYS.output;
  const classes = syntheticClassCount(dataset) ?? 2;
  const fallback: OutputLoss = classes === 2 ? DEFAULT_CONFIG.output : 'softmax-ce';
  if (text === null) return { value: fallback };
  const read = readChoice(key, text, OUTPUTS, fallback);
  if (read.value !== 'sigmoid-bce' || classes === 2) return read;
  return {
    value: 'softmax-ce',
    problem: `${key}=${text} tells 2 classes apart and ${dataset} has ${classes}; using softmax-ce`,
  };
}

/**
 * The configuration a query string describes, and the problems found in it. Never throws: every setting
 * that is missing takes its default, every one that is unusable its default or the nearest valid value.
 * @example
 * configFromSearch('?data=circles&points=5000&act=gelu');
 * // config: circles, 2000 points, tanh (the rest default); problems:
 * // ['points=5000 is out of range: points takes a whole number from 20 to 2000; using 2000',
 * //  'act=gelu is not known: act takes sigmoid, tanh or relu; using the default tanh']
 */
export function configFromSearch(search: string): { config: PlaygroundConfig; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const [key] of params) seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const [key, count] of seen) {
    if (!KNOWN_KEYS.includes(key)) {
      problems.push(`${key}: not a setting, ignored; the settings are ${KNOWN_KEYS.join(', ')}`);
    } else if (count > 1) {
      problems.push(`${key} is given ${count} times; using the first, ${key}=${params.get(key)}`);
    }
  }
  const keep = <T>(read: ReadValue<T>): T => {
    if (read.problem !== undefined) problems.push(read.problem);
    return read.value;
  };
  const text = (field: Field) => params.get(URL_KEYS[field]);
  const setting = <F extends Field>(field: F, read: (given: string) => ReadValue<PlaygroundConfig[F]>) => {
    const given = text(field);
    return given === null ? DEFAULT_CONFIG[field] : keep(read(given));
  };
  const number = (field: Field & keyof typeof CONFIG_RANGES) =>
    setting(field, (given) =>
      readNumber(URL_KEYS[field], given, CONFIG_RANGES[field], DEFAULT_CONFIG[field]),
    );

  const dataset = setting('dataset', (given) =>
    readChoice(URL_KEYS.dataset, given, DATASETS, DEFAULT_CONFIG.dataset),
  );
  const config: PlaygroundConfig = {
    dataset,
    points: number('points'),
    noise: number('noise'),
    testRatio: number('testRatio'),
    hidden: setting('hidden', readHidden),
    activation: setting('activation', (given) =>
      readChoice(URL_KEYS.activation, given, ACTIVATIONS, DEFAULT_CONFIG.activation),
    ),
    output: keep(readOutput(text('output'), dataset)),
    optimizer: setting('optimizer', (given) =>
      readChoice(URL_KEYS.optimizer, given, OPTIMIZERS, DEFAULT_CONFIG.optimizer),
    ),
    learningRate: number('learningRate'),
    batchSize: number('batchSize'),
    l2: number('l2'),
    dropout: number('dropout'),
    seed: number('seed'),
    axes: setting('axes', (given) => readAxes(given, dataset)),
  };
  return { config, problems };
}

/**
 * A configuration brought into range by the same rules as a URL (a page's controls, an imported run):
 * `configFromSearch(configToSearch(config))`, so there is one set of rules.
 * @example normalizeConfig({ ...DEFAULT_CONFIG, dataset: 'blobs' }).config.output; // 'softmax-ce'
 */
export function normalizeConfig(config: PlaygroundConfig): { config: PlaygroundConfig; problems: string[] } {
  return configFromSearch(configToSearch(config));
}
