/**
 * A run folder written by `tapegrad train`, read back: the model, the config and the preprocessing that
 * new inputs need (the training split's mean and standard deviation).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Tensor, tensor } from '@tapegrad/autograd';
import { type LossName, modelFromJson, type Network, type NetworkConfig } from '@tapegrad/nn';
import type { DatasetRecord } from './datasets.ts';
import { UsageError } from './errors.ts';
import { displayPath, resolveUserPath } from './paths.ts';

/** What `tapegrad train` writes to config.json. */
export interface RunConfig {
  readonly command: 'tapegrad train';
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
 * (X - mean) / std, column by column, for X [n, features]; a wrong number of columns is a user error.
 * @example standardizerFrom([1, 2], [2, 4])(tensor([[3, 6]])).toArray(); // [[1, 1]]
 */
export function standardizerFrom(mean: readonly number[], std: readonly number[]): (X: Tensor) => Tensor {
  const meanRow = tensor([...mean]);
  const stdRow = tensor([...std]);
  return (X) => {
    if (X.ndim !== 2 || X.shape[1] !== mean.length) {
      throw new UsageError(
        `the model takes ${mean.length} features per row but the input has ${X.shape[1] ?? 0}`,
      );
    }
    return X.sub(meanRow).div(stdRow);
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

const isNumberList = (value: unknown, length: number): value is number[] =>
  Array.isArray(value) && value.length === length && value.every((entry) => typeof entry === 'number');

/** Checks the parts of config.json the commands rely on. */
function checkedConfig(value: unknown, inputs: number, path: string): RunConfig {
  const config = value as Partial<RunConfig> | null;
  const requirements: [boolean, string][] = [
    [config?.command === 'tapegrad train', 'it was not written by tapegrad train'],
    [
      isNumberList(config?.standardizer?.mean, inputs) && isNumberList(config?.standardizer?.std, inputs),
      `standardizer.mean and standardizer.std must list ${inputs} numbers, one per input of the model`,
    ],
    [Array.isArray(config?.classes), 'classes is missing'],
    [Array.isArray(config?.featureNames), 'featureNames is missing'],
    [typeof config?.dataset === 'object', 'dataset is missing'],
    [typeof config?.training?.seed === 'number', 'training.seed is missing'],
  ];
  const unmet = requirements.find(([met]) => !met);
  if (unmet !== undefined)
    throw new UsageError(`${displayPath(path)}: not a tapegrad run config: ${unmet[1]}`);
  return config as RunConfig;
}

/**
 * Loads the run folder `--model` names (relative to where the command was typed).
 * @example const run = loadSavedRun('runs/moons'); run.model.forward(run.standardize(X));
 */
export function loadSavedRun(dirOption: string): SavedRun {
  const dir = resolveUserPath(dirOption);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(
      `--model ${dirOption}: no such folder; give the --out folder of a tapegrad train run`,
    );
  }
  const modelPath = join(dir, 'model.json');
  const modelJson = readJson(modelPath, "the model's architecture and weights");
  const shownModel = displayPath(modelPath);
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
  const inputs = 'layer1' in model ? model.inputs : model.sizes[0]!;
  const config = checkedConfig(readJson(configPath, 'the run configuration'), inputs, configPath);
  return {
    dir,
    model,
    config,
    standardize: standardizerFrom(config.standardizer.mean, config.standardizer.std),
  };
}
