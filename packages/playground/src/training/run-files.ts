/**
 * A playground run as the two files `tapegrad train` writes (model.json and config.json, see
 * packages/cli/src/saved-run.ts `RunConfig`), so that `tapegrad predict`, `evaluate` and `serve` take it; and
 * such files read back into a playground configuration and weights, whether the playground or the CLI wrote
 * them.
 */
import type { Tensor } from '@tapegrad/autograd';
import {
  ConfigError,
  DataError,
  lossFor,
  modelFromJson,
  modelToJson,
  type Network,
  networkConfig,
  standardizerFromStats,
} from '@tapegrad/nn';
import { DEFAULT_CONFIG, type OptimizerName, type PlaygroundConfig } from '../config.ts';
import { CONFIG_RANGES } from '../config-ranges.ts';
import type { PlaygroundData } from '../data.ts';
import type { LossPoint } from '../snapshot.ts';
import { normalizeConfig } from '../url-state.ts';
import { hiddenActivationOf, layerSizes } from './network.ts';

/** config.json's `command`: the CLI's loadSavedRun takes run folders of tapegrad train and of the playground. */
export const RUN_COMMAND = 'tapegrad playground';

/** The writers of a run folder the playground imports (as the CLI's RUN_WRITERS). */
const RUN_WRITERS: readonly string[] = ['tapegrad train', RUN_COMMAND];

/** The two files of a run, as text. */
export interface RunFiles {
  readonly modelJson: string;
  readonly configJson: string;
}

/** What the files record of a playground run. */
export interface RunState {
  readonly config: PlaygroundConfig;
  readonly data: PlaygroundData;
  readonly net: Network;
  readonly epoch: number;
  readonly step: number;
  readonly latest: LossPoint;
  /** Seconds spent training. */
  readonly seconds: number;
}

/**
 * model.json (nn's modelToJson) and config.json, each ending in a newline as `tapegrad train` writes them.
 * config.json holds what the CLI's RunConfig holds (the data record, classes, features, the standardizer,
 * the architecture, the loss, the training settings, the result) and, under `playground`, the playground's
 * own configuration and step count, so that importing the files restores every control.
 * @example const { modelJson, configJson } = runFiles(state); // download both
 */
export function runFiles(run: RunState): RunFiles {
  const { config, data, net, epoch, latest } = run;
  const runConfig = {
    command: RUN_COMMAND,
    dataset: data.record,
    classes: data.classes,
    featureNames: data.featureNames,
    testFraction: config.testRatio,
    standardizer: {
      mean: Array.from(data.standardizer.mean.data),
      std: Array.from(data.standardizer.std.data),
    },
    model: networkConfig(net),
    loss: lossFor(net.output),
    training: {
      optimizer: config.optimizer,
      lr: config.learningRate,
      epochs: epoch,
      batchSize: config.batchSize,
      l2: config.l2,
      dropout: config.dropout,
      gradients: 'autograd',
      patience: null,
      seed: config.seed,
    },
    result: {
      // Stopped by the user, as the CLI calls a run ended by Ctrl-C.
      stopReason: 'aborted',
      epochsRun: epoch,
      bestEpoch: epoch,
      trainLoss: latest.trainLoss,
      trainAccuracy: latest.trainAccuracy,
      testLoss: latest.testLoss,
      testAccuracy: latest.testAccuracy,
      seconds: run.seconds,
    },
    playground: { steps: run.step, config },
  };
  return {
    modelJson: `${JSON.stringify(modelToJson(net))}\n`,
    configJson: `${JSON.stringify(runConfig, null, 2)}\n`,
  };
}

/** The run read back: the configuration to rebuild it, the trained network, and where training stood. */
export interface ImportedRun {
  readonly config: PlaygroundConfig;
  /** Settings the playground could not take as they were (e.g. the CLI's rmsprop), and what it took instead. */
  readonly problems: readonly string[];
  /** The network of model.json, its weights as trained. */
  readonly net: Network;
  readonly epoch: number;
  /** The step count, when the playground wrote the files (the CLI does not record it). */
  readonly steps?: number;
  /** What the data must match: the classes, features and training statistics the model was trained with. */
  readonly classes: readonly string[];
  readonly featureNames: readonly string[];
  readonly standardizer: { readonly mean: readonly number[]; readonly std: readonly number[] };
  /** The CSV file name and target column, for a run trained on a CSV. */
  readonly csv?: { readonly name: string; readonly target: string };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataError(`${file}: not valid JSON (${(error as Error).message}); pick the run's ${file}`);
  }
}

/** A field that must be there, or an error naming it. */
function required<T>(value: T | undefined, field: string, expected: string): T {
  if (value === undefined || value === null) {
    throw new DataError(
      `config.json: ${field} is missing; expected ${expected} (a file written by tapegrad train)`,
    );
  }
  return value;
}

function numberList(value: unknown, field: string): number[] {
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'number')) {
    throw new DataError(`config.json: ${field} is ${JSON.stringify(value)}; expected a list of numbers`);
  }
  return value;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new DataError(`config.json: ${field} is ${JSON.stringify(value)}; expected a list of names`);
  }
  return value;
}

/** The settings that are not the architecture, from the CLI's fields (a run `tapegrad train` wrote). */
function settingsFromCli(file: Record<string, unknown>): Partial<PlaygroundConfig> {
  const dataset = required(
    isRecord(file.dataset) ? file.dataset : undefined,
    'dataset',
    'the record of the data',
  );
  const training = required(
    isRecord(file.training) ? file.training : undefined,
    'training',
    'the training settings',
  );
  const batch = training.batchSize;
  return {
    dataset: String(dataset.name) as PlaygroundConfig['dataset'],
    ...(typeof dataset.points === 'number' ? { points: dataset.points } : {}),
    ...(typeof dataset.noise === 'number' ? { noise: dataset.noise } : {}),
    ...(typeof file.testFraction === 'number' ? { testRatio: file.testFraction } : {}),
    optimizer: String(training.optimizer) as OptimizerName,
    learningRate: Number(training.lr),
    // 'full': one batch of every training row, which the largest batch size covers.
    batchSize: batch === 'full' ? CONFIG_RANGES.batchSize.max : Number(batch),
    l2: Number(training.l2 ?? 0),
    seed: Number(training.seed),
  };
}

/** The architecture of the network, as the playground's settings. */
function architectureOf(
  net: Network,
): Pick<PlaygroundConfig, 'hidden' | 'activation' | 'output' | 'dropout'> {
  const sizes = layerSizes(net);
  return {
    hidden: sizes.slice(1, -1),
    activation: hiddenActivationOf(net),
    output: net.output === 'sigmoid' ? 'sigmoid-bce' : 'softmax-ce',
    dropout: 'dropouts' in net ? (net.dropouts[0]?.p ?? 0) : 0,
  };
}

/**
 * Reads model.json and config.json written by `tapegrad train` or by the playground's export. The network
 * and its weights come from model.json (nn's modelFromJson, which names a corrupt field); the other settings
 * from the playground's own record in config.json, or else from the CLI's fields. A setting the playground
 * cannot take is brought into range (normalizeConfig) and told in `problems`; a network it cannot show (no
 * hidden layer, more than 6, more than 32 units, a linear output) is a DataError.
 * @example const run = readRunFiles(modelJson, configJson); run.config.hidden; // [16]
 */
export function readRunFiles(modelJson: string, configJson: string): ImportedRun {
  const net = modelFromJson(parseJson(modelJson, 'model.json'), 'model.json');
  if (net.output === 'linear') {
    throw new DataError('model.json: a regression network (linear output); the playground shows classifiers');
  }
  const file = parseJson(configJson, 'config.json');
  if (!isRecord(file) || !RUN_WRITERS.includes(file.command as string)) {
    throw new DataError(
      'config.json: not the config.json of a tapegrad run (its command is neither tapegrad train nor tapegrad playground)',
    );
  }
  const playground =
    isRecord(file.playground) && isRecord(file.playground.config) ? file.playground : undefined;
  const settings =
    playground === undefined ? settingsFromCli(file) : (playground.config as Partial<PlaygroundConfig>);
  const architecture = architectureOf(net);
  const { config, problems } = normalizeConfig({ ...DEFAULT_CONFIG, ...settings, ...architecture });
  const shown = (value: unknown) => JSON.stringify(value);
  const changed = (Object.keys(architecture) as (keyof typeof architecture)[]).filter(
    (field) => shown(config[field]) !== shown(architecture[field]),
  );
  if (changed.length > 0) {
    throw new DataError(
      `model.json: the playground cannot show ${net.describe()}: ${problems.join('; ')} ` +
        '(it shows 1 to 6 hidden layers of 1 to 32 units, dropout up to 0.9)',
    );
  }
  const standardizer = required(
    isRecord(file.standardizer) ? file.standardizer : undefined,
    'standardizer',
    '{ mean, std }',
  );
  const dataset = isRecord(file.dataset) ? file.dataset : {};
  const result = isRecord(file.result) ? file.result : {};
  const epoch = typeof result.epochsRun === 'number' ? result.epochsRun : 0;
  return {
    config,
    problems,
    net,
    epoch,
    ...(playground !== undefined && typeof playground.steps === 'number' ? { steps: playground.steps } : {}),
    classes: stringList(file.classes, 'classes'),
    featureNames: stringList(file.featureNames, 'featureNames'),
    standardizer: {
      mean: numberList(standardizer.mean, 'standardizer.mean'),
      std: numberList(standardizer.std, 'standardizer.std'),
    },
    ...(config.dataset === 'csv'
      ? {
          csv: {
            name: String(dataset.path ?? '')
              .split(/[\\/]/)
              .at(-1)!,
            target: String(dataset.target),
          },
        }
      : {}),
  };
}

/**
 * Checks that `data` is the data the imported run was trained on: the same classes and features, and the
 * same training statistics (redrawn data gives the very numbers; another dataset, split or CSV gives others).
 * Anything else is a ConfigError that says to import the run with its own data.
 */
export function checkRunData(run: ImportedRun, data: PlaygroundData): void {
  const same = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(run.classes, data.classes) || !same(run.featureNames, data.featureNames)) {
    throw new ConfigError(
      `config.json: the run's classes (${run.classes.join(', ')}) and features (${run.featureNames.join(', ')}) ` +
        `are not those of the data (${data.classes.join(', ')}; ${data.featureNames.join(', ')}); import it with its own data`,
    );
  }
  const saved = standardizerFromStats(
    run.standardizer.mean,
    run.standardizer.std,
    'config.json: standardizer',
  );
  const statistics = (mean: Tensor, std: Tensor) => [...mean.data, ...std.data];
  const ours = statistics(data.standardizer.mean, data.standardizer.std);
  const matches = statistics(saved.mean, saved.std).every(
    (value, i) => Math.abs(value - ours[i]!) <= 1e-12 * Math.max(1, Math.abs(value)),
  );
  if (!matches) {
    throw new ConfigError(
      `config.json: the run's standardizer (mean ${run.standardizer.mean.join(', ')}) is not that of the data ` +
        `the playground draws from its config (mean ${Array.from(data.standardizer.mean.data).join(', ')}): ` +
        'the run was trained on other data; import it with its own data',
    );
  }
}
