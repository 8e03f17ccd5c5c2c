/**
 * `tapegrad train`: trains a classifier on a dataset and writes a run folder (model, config, history,
 * plots, report.html), whole and at once. The --out folder is checked before training; Ctrl-C or SIGTERM
 * stops after the current epoch and still writes the run. --preset sklearn trains with scikit-learn's
 * MLPClassifier algorithm and defaults instead (train/sklearn-preset.ts).
 */
import { basename, extname } from 'node:path';
import { lossFor, modelToJson, OPTIMIZER_NAMES } from '@tapegrad/nn';
import { type Command, Option } from 'commander';
import { addArchitectureOptions } from '../architecture.ts';
import { addDatasetOptions, type DatasetRecord } from '../datasets.ts';
import { integer, nonNegativeNumber, positiveInteger, positiveNumber } from '../option-values.ts';
import { displayPath, resolveUserPath } from '../paths.ts';
import { checkRunFolder } from '../run-folder.ts';
import type { RunInvocation } from '../saved-run.ts';
import { TEST_FRACTION } from '../seeds.ts';
import { fitInBackground, type StopSignal } from '../train/fit-in-background.ts';
import { type FitJob, type FitOutcome, packTensor, snapshotEpochs } from '../train/fit-job.ts';
import { initialGradientCheck, type PreparedRun, prepareRun } from '../train/prepare-run.ts';
import { trainingProgress } from '../train/progress.ts';
import { heldOutOf, summarizeRun } from '../train/run-summary.ts';
import {
  type GivenFlag,
  PRESETS,
  type SklearnPreset,
  sklearnFitJob,
  sklearnPreset,
} from '../train/sklearn-preset.ts';
import { sklearnKeptEpoch, sklearnSummary, sklearnTrainingLines } from '../train/sklearn-summary.ts';
import type { TrainOptions } from '../train/train-options.ts';

const percent = (fraction: number | null) => (fraction === null ? '-' : `${(100 * fraction).toFixed(1)}%`);
const write = (line = '') => process.stdout.write(`${line}\n`);

/** The default run folder: runs/DATASET (runs/NAME for csv:NAME.csv). */
function defaultOutDir(options: TrainOptions): string {
  const dataset = options.dataset;
  if (dataset?.kind === 'csv') return `runs/${basename(dataset.path, extname(dataset.path))}`;
  return `runs/${dataset?.name ?? 'moons'}`;
}

function fitJob(run: PreparedRun, options: TrainOptions): FitJob {
  return {
    model: modelToJson(run.model),
    train: { X: packTensor(run.XTrain), y: packTensor(run.train.y) },
    test: { X: packTensor(run.XTest), y: packTensor(run.test.y) },
    settings: {
      epochs: options.epochs,
      batchSize: options.batchSize,
      optimizer: options.optimizer,
      lr: options.lr,
      l2: options.l2,
      gradients: options.gradients,
      compile: options.compile ?? 'auto',
      patience: options.patience,
      seed: options.seed,
    },
    // The boundary at a few epochs is drawn for 2-D data only.
    snapshotEpochs: run.XTrain.shape[1] === 2 ? snapshotEpochs(options.epochs) : [],
  };
}

/** A word as a POSIX shell reads it back: as it is when plain, else in single quotes. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command line that repeats a run, every setting spelled out (defaults included, so a later change of
 * a default cannot change the run): the data as loaded, the network, the training settings (`compiled`:
 * the steps as they ran, --compile or --no-compile; undefined for the sklearn preset's own loop), the folder.
 * @example repeatCommand(options, { name: 'moons', points: 200, noise: 0.15, seed: 42 }, 'run', true); // 'tapegrad train --dataset moons --points 200 --noise 0.15 --hidden 16 ... --compile --out run'
 */
export function repeatCommand(
  options: TrainOptions,
  record: DatasetRecord,
  outOption: string,
  compiled: boolean | undefined,
): string {
  const dataset =
    options.dataset?.kind === 'csv'
      ? ['--dataset', `csv:${options.dataset.path}`, '--target', record.target ?? '']
      : record.name === 'mnist'
        ? ['--dataset', 'mnist', '--points', String(record.points)]
        : ['--dataset', record.name, '--points', String(record.points), '--noise', String(record.noise)];
  const words = [
    ...(options.preset === undefined ? [] : ['--preset', options.preset]),
    ...dataset,
    ...['--hidden', String(options.hidden), '--layers', String(options.layers)],
    ...['--activation', options.activation, '--dropout', String(options.dropout)],
    ...['--optimizer', options.optimizer, '--lr', String(options.lr), '--epochs', String(options.epochs)],
    ...(options.batchSize === undefined ? [] : ['--batch-size', String(options.batchSize)]),
    ...['--l2', String(options.l2), '--seed', String(options.seed), '--gradients', options.gradients],
    ...(compiled === undefined ? [] : [compiled ? '--compile' : '--no-compile']),
    ...(options.patience === undefined ? [] : ['--patience', String(options.patience)]),
    ...['--out', outOption],
  ];
  return ['tapegrad', 'train', ...words.map(shellWord)].join(' ');
}

function describeSetup(run: PreparedRun, options: TrainOptions, preset: SklearnPreset | undefined): void {
  const { loaded, model } = run;
  write(`Data: ${loaded.description}; classes ${loaded.data.classes.join(', ')}`);
  const split =
    loaded.split === undefined
      ? `stratified ${100 * (1 - TEST_FRACTION)}/${100 * TEST_FRACTION} split`
      : 'official split';
  write(`  ${split}: train ${run.XTrain.shape[0]} rows, test ${run.XTest.shape[0]} rows`);
  write(`Model: ${model.describe()}, ${model.numParameters()} parameters, loss ${lossFor(model.output)}`);
  if (preset !== undefined) {
    for (const line of sklearnTrainingLines(preset)) write(line);
    return;
  }
  const batch = options.batchSize === undefined ? 'full batch' : `batches of ${options.batchSize}`;
  const extras = [
    ...(options.l2 > 0 ? [`l2 ${options.l2}`] : []),
    ...(options.patience === undefined ? [] : [`patience ${options.patience}`]),
  ];
  write(
    `Training: ${options.optimizer}, lr ${options.lr}, ${batch}, up to ${options.epochs} epochs, ` +
      `${[`${options.gradients} gradients`, ...extras].join(', ')} (Ctrl-C stops and keeps the run)`,
  );
}

/** Trains on a worker thread with a progress bar or lines; Ctrl-C or SIGTERM stops after the current epoch. */
async function trainWithProgress(
  run: PreparedRun,
  options: TrainOptions,
  preset: SklearnPreset | undefined,
): Promise<{ outcome: FitOutcome; stoppedBy: StopSignal | undefined }> {
  const progress = trainingProgress(options.epochs, process.stdout, heldOutOf(options));
  let stoppedBy: StopSignal | undefined;
  try {
    const job = preset === undefined ? fitJob(run, options) : sklearnFitJob(run, preset);
    const outcome = await fitInBackground(job, {
      onEpoch: (record) => progress.epoch(record),
      onInterrupt: (signal) => {
        stoppedBy = signal;
        const again = signal === 'SIGINT' ? 'Ctrl-C' : signal;
        write(`\nStopping after this epoch and writing the run (${again} again quits at once)`);
      },
      onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
    });
    return { outcome, stoppedBy };
  } finally {
    progress.stop();
  }
}

/** The epoch whose weights the run kept, when not its last: early stopping's best epoch. */
function keptEpoch(outcome: FitOutcome, preset: SklearnPreset | undefined): number | undefined {
  if (preset !== undefined) return sklearnKeptEpoch(preset, outcome);
  return outcome.stopReason === 'earlyStopping' ? outcome.bestEpoch : undefined;
}

/**
 * `argv`: the arguments after `tapegrad` as given, recorded in config.json; `given`: which flags were typed
 * (the sklearn preset takes sklearn's defaults for the others).
 */
async function train(typed: TrainOptions, argv: readonly string[], given: GivenFlag): Promise<void> {
  const started = performance.now();
  const preset = typed.preset === undefined ? undefined : sklearnPreset(typed, given);
  // With the preset, the settings it trains with: sklearn's defaults where no flag was typed.
  const options = preset?.trainOptions ?? typed;
  const run = prepareRun(options);
  const outOption = options.out ?? defaultOutDir(options);
  const outDir = resolveUserPath(outOption);
  // Before training, so that a run is never lost to a folder it cannot be written to.
  checkRunFolder(outDir, `--out ${outOption}`);
  describeSetup(run, options, preset);
  // The preset's initial weights are sklearn's, drawn in the training thread: there are none to check here.
  const gradientCheck = preset === undefined ? initialGradientCheck(run, options.l2) : undefined;
  if (gradientCheck !== undefined) {
    write(gradientCheck.heading);
    write(gradientCheck.report.toString());
  }

  const { outcome, stoppedBy } = await trainWithProgress(run, options, preset);
  const seconds = (performance.now() - started) / 1000;
  const invocation: RunInvocation = {
    argv: [...argv],
    command: repeatCommand(
      options,
      run.loaded.record,
      outOption,
      preset === undefined ? outcome.compiled : undefined,
    ),
  };
  const trained = summarizeRun(run, options, outcome, { seconds, invocation, stoppedBy });
  const summary = preset === undefined ? trained : sklearnSummary(trained, preset, outcome, stoppedBy);
  // Loaded only now: the plotting libraries take about a third of a second to load.
  const { writeRunFolder } = await import('../train/run-artifacts.ts');
  const files = writeRunFolder(outDir, {
    title: `tapegrad train: ${run.loaded.description}`,
    summary,
    history: outcome.history,
    keptEpoch: keptEpoch(outcome, preset),
    snapshots: outcome.snapshots,
    train: run.train,
    test: run.test,
    standardize: run.standardizer.transform,
    ...(gradientCheck === undefined ? {} : { gradientCheck: gradientCheck.report }),
  });

  const steps = preset === undefined ? ` with ${outcome.compiled ? 'compiled' : 'eager'} steps` : '';
  write(
    `\n${summary.result.stopped} in ${seconds.toFixed(1)} s${steps}: train accuracy ${percent(summary.result.trainAccuracy)}, ` +
      `test accuracy ${percent(summary.result.testAccuracy)}`,
  );
  write(`Wrote ${displayPath(outDir)}/: ${files.map((file) => basename(file)).join(', ')}`);
  write(`Open ${displayPath(`${outDir}/report.html`)} to see the run.`);
}

/**
 * The arguments after `tapegrad` as typed (['train', '--points', '200', ...]): commander keeps the command
 * line that runCli parses (node, script, arguments...) in the program's rawArgs, which its typings leave out.
 */
function typedArguments(command: Command): string[] {
  const program = command.parent as (Command & { readonly rawArgs?: readonly string[] }) | null;
  return program?.rawArgs?.slice(2) ?? [];
}

/** Adds `tapegrad train` to the program; the defaults train two moons well in about a second. */
export function addTrainCommand(program: Command): void {
  const command = program
    .command('train')
    .description('Train a classifier and write a run folder: model, config, history, plots and report.html.');
  addDatasetOptions(command, 'moons');
  addArchitectureOptions(command, { hidden: 16, layers: 1, activation: 'tanh', dropout: 0 });
  command
    .addOption(new Option('--optimizer <name>', 'the optimizer').choices(OPTIMIZER_NAMES).default('adam'))
    .addOption(new Option('--lr <rate>', 'the learning rate').argParser(positiveNumber).default(0.05))
    .addOption(
      new Option('--epochs <count>', 'the most epochs to train').argParser(positiveInteger).default(300),
    )
    .addOption(
      new Option(
        '--batch-size <rows>',
        'rows per mini-batch (default: all rows, full-batch gradient descent)',
      ).argParser(positiveInteger),
    )
    .addOption(
      new Option('--l2 <lambda>', 'L2 regularization strength').argParser(nonNegativeNumber).default(0),
    )
    .addOption(
      new Option('--seed <n>', 'seeds the data, split, initial weights and batches')
        .argParser(integer)
        .default(42),
    )
    .addOption(
      new Option('--gradients <source>', 'the tape (autograd) or the hand-derived formulas (manual)')
        .choices(['autograd', 'manual'])
        .default('autograd'),
    )
    // Neither flag: compiled when the step compiles, else eager with a warning (fit's compile: 'auto').
    .addOption(
      new Option(
        '--compile',
        'run every step compiled (traced once, replayed), or stop with the reason it cannot',
      ),
    )
    .addOption(
      new Option('--no-compile', 'run every step eagerly, on the tape (default: compiled when it compiles)'),
    )
    .addOption(
      new Option(
        '--patience <epochs>',
        'stop after this many epochs without a lower validation loss (on 20% of the training rows), keeping the best weights',
      ).argParser(positiveInteger),
    )
    .addOption(
      new Option(
        '--preset <name>',
        "train with scikit-learn's MLPClassifier algorithm and defaults (sklearn); the flags given map to its options",
      ).choices(PRESETS),
    )
    .option('--out <dir>', 'the run folder (default: runs/DATASET)')
    .action((options: TrainOptions, self: Command) =>
      train(options, typedArguments(self), (key) => self.getOptionValueSource(key) === 'cli'),
    );
}
