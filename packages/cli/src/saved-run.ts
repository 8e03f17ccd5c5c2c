/**
 * A run folder written by `tapegrad train`, read back: the model, the config and the preprocessing that
 * new inputs need (the training split's mean and standard deviation).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@tapegrad/autograd';
import {
  type LossName,
  modelFromJson,
  type Network,
  type NetworkConfig,
  standardizerFromStats,
} from '@tapegrad/nn';
import { readableFolder } from './atomic-write.ts';
import type { DatasetRecord } from './datasets.ts';
import { UsageError } from './errors.ts';
import { displayPath, resolveUserPath } from './paths.ts';

/** The writers of a run folder: the command, and the playground's export (the same files). */
export const RUN_WRITERS = ['tapegrad train', 'tapegrad playground'] as const;

/** The command line that started a run: as typed, and as one line that repeats it. */
export interface RunInvocation {
  /** The arguments after `tapegrad`, as given: ['train', '--points', '200', ...]. */
  readonly argv: readonly string[];
  /** Every setting spelled out, to paste into a shell: 'tapegrad train --dataset moons --points 200 ...'. */
  readonly command: string;
}

/** What `tapegrad train` (or the playground's export) writes to config.json. */
export interface RunConfig {
  /** The writer: 'tapegrad train' or 'tapegrad playground'. */
  readonly command: (typeof RUN_WRITERS)[number];
  /** How `tapegrad train` was started; absent in the playground's export and in runs written before it was kept. */
  readonly invocation?: RunInvocation;
  readonly dataset: DatasetRecord;
  readonly classes: readonly string[];
  readonly featureNames: readonly string[];
  /** The share of the rows held out for testing (see seeds.ts for how the split is drawn). */
  readonly testFraction: number;
  /** The training split's statistics: inputs are standardized as (x - mean) / std before the model. */
  readonly standardizer: { readonly mean: readonly number[]; readonly std: readonly number[] };
  readonly model: NetworkConfig;
  readonly loss: LossName;
  readonly training: Readonly<Record<string, unknown>> & { readonly seed: number };
  readonly result: Readonly<Record<string, unknown>>;
}

export interface SavedRun {
  /** The folder, absolute. */
  readonly dir: string;
  readonly model: Network;
  readonly config: RunConfig;
  /** (X - mean) / std with the training statistics, for X [n, features] in the data's own units. */
  readonly standardize: (X: Tensor) => Tensor;
}

/**
 * (X - mean) / std, column by column, for X [n, features], with statistics checked by nn's
 * standardizerFromStats (a zero std is refused); a wrong number of columns is a user error.
 * @example standardizerFrom([1, 2], [2, 4])(tensor([[3, 6]])).toArray(); // [[1, 1]]
 */
export function standardizerFrom(
  mean: readonly number[],
  std: readonly number[],
  source = 'standardizer',
): (X: Tensor) => Tensor {
  const standardizer = standardizerFromStats(mean, std, source);
  return (X) => {
    if (X.ndim !== 2 || X.shape[1] !== mean.length) {
      throw new UsageError(
        `the model takes ${mean.length} features per row but the input has ${X.shape[1] ?? 0}`,
      );
    }
    return standardizer.transform(X);
  };
}

function readJson(path: string, what: string): unknown {
  const shown = displayPath(path);
  if (!existsSync(path)) {
    throw new UsageError(`${shown}: no such file; a run folder written by tapegrad train holds ${what}`);
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${shown}: not valid JSON (${(error as Error).message})`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list of `length` values of one JSON type, or a user error naming the field. */
function checkedList(
  value: unknown,
  field: string,
  type: 'number' | 'string',
  length: number | undefined,
  fail: (message: string) => Error,
): void {
  if (!Array.isArray(value)) {
    throw fail(`${field} is ${value === undefined ? 'missing' : JSON.stringify(value)}; expected a list`);
  }
  if (length !== undefined && value.length !== length) {
    throw fail(`${field} has ${value.length} entries; expected ${length}, one per input of the model`);
  }
  const wrong = value.findIndex((entry) => typeof entry !== type);
  if (wrong >= 0) throw fail(`${field}[${wrong}] is ${JSON.stringify(value[wrong])}; expected a ${type}`);
}

/** How many classes a classifier's output tells apart: 2 for one sigmoid unit, k for k softmax units. */
function classCount(model: Network): number {
  const outputs = 'layer1' in model ? model.outputs : model.sizes.at(-1)!;
  return model.output === 'sigmoid' && outputs === 1 ? 2 : outputs;
}

/** Checks the parts of config.json the commands rely on, naming the file and the field. */
function checkedConfig(value: unknown, model: Network, path: string): RunConfig {
  const shown = displayPath(path);
  const fail = (message: string) => new UsageError(`${shown}: ${message}`);
  if (!isRecord(value) || !RUN_WRITERS.includes(value.command as (typeof RUN_WRITERS)[number])) {
    throw fail('not a tapegrad run config: it was not written by tapegrad train or the playground');
  }
  const inputs = 'layer1' in model ? model.inputs : model.sizes[0]!;
  const standardizer = value.standardizer;
  if (!isRecord(standardizer)) throw fail('standardizer is missing; expected { mean, std }');
  checkedList(standardizer.mean, 'standardizer.mean', 'number', inputs, fail);
  checkedList(standardizer.std, 'standardizer.std', 'number', inputs, fail);
  checkedList(value.featureNames, 'featureNames', 'string', inputs, fail);
  checkedList(value.classes, 'classes', 'string', undefined, fail);
  const classes = value.classes as string[];
  const expected = classCount(model);
  if (classes.length < 2 || classes.length !== expected) {
    throw fail(
      `classes lists ${classes.length} (${classes.join(', ')}); expected ${expected}, the classes ` +
        `${model.describe()} in model.json tells apart (a classifier needs 2 or more)`,
    );
  }
  if (!isRecord(value.dataset)) throw fail('dataset is missing; expected the record of the data');
  const share = value.testFraction;
  if (typeof share !== 'number' || !(share > 0 && share < 1)) {
    throw fail(
      `testFraction is ${JSON.stringify(share)}; expected the share of rows held out, between 0 and 1`,
    );
  }
  const training = value.training;
  if (!isRecord(training) || !Number.isInteger(training.seed)) {
    throw fail(
      `training.seed is ${isRecord(training) ? String(training.seed) : 'missing'}; expected an integer`,
    );
  }
  return value as unknown as RunConfig;
}

/**
 * Loads the run folder `--model` names (relative to where the command was typed). A folder that a
 * writer was stopped in the middle of replacing is read from where its old complete copy lies
 * (atomic-write.ts). A corrupt model.json or config.json is a user error naming the file and the field.
 * @example const run = loadSavedRun('runs/moons'); run.model.forward(run.standardize(X));
 */
export function loadSavedRun(dirOption: string): SavedRun {
  const dir = resolveUserPath(dirOption);
  const folder = readableFolder(dir);
  if (folder === undefined || !statSync(folder).isDirectory()) {
    throw new UsageError(
      `--model ${dirOption}: no such folder; give the --out folder of a tapegrad train run`,
    );
  }
  const modelJson = readJson(join(folder, 'model.json'), "the model's architecture and weights");
  const shownModel = displayPath(join(dir, 'model.json'));
  let model: Network;
  try {
    model = modelFromJson(modelJson, shownModel);
  } catch (error) {
    // Whatever breaks while rebuilding the model from the file is the file's fault.
    const message = (error as Error).message;
    throw new UsageError(message.startsWith(shownModel) ? message : `${shownModel}: ${message}`);
  }
  model.eval();
  const configPath = join(dir, 'config.json');
  const config = checkedConfig(
    readJson(join(folder, 'config.json'), 'the run configuration'),
    model,
    configPath,
  );
  return {
    dir,
    model,
    config,
    standardize: standardizerFrom(
      config.standardizer.mean,
      config.standardizer.std,
      `${displayPath(configPath)}: standardizer`,
    ),
  };
}
