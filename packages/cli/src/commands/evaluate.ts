/**
 * `tapegrad evaluate`: a trained model's accuracy, confusion matrix and per-class precision, recall and
 * F1, on its run's test split or on another dataset.
 */
import { classificationReport, predictClasses } from '@tapegrad/nn';
import { type Command, Option } from 'commander';
import {
  addDatasetOptions,
  type DatasetOptions,
  type LoadedDataset,
  loadDataset,
  loadRecordedDataset,
  runRows,
} from '../datasets.ts';
import { UsageError } from '../errors.ts';
import { integer } from '../option-values.ts';
import { loadSavedRun, type SavedRun } from '../saved-run.ts';
import { formatTable } from '../table.ts';

interface EvaluateOptions extends DatasetOptions {
  readonly model: string;
  readonly seed?: number;
}

/** The rows to evaluate on: the given dataset whole, or else the test split of the run's own data. */
function evaluationData(
  run: SavedRun,
  options: EvaluateOptions,
): { rows: LoadedDataset['data']; description: string } {
  const { config } = run;
  const layout = {
    classes: config.classes,
    ...(config.dataset.name === 'csv' ? { featureNames: config.featureNames } : {}),
  };
  if (options.dataset === undefined) {
    const given = ['target', 'points', 'noise', 'seed'].filter(
      (name) => options[name as keyof EvaluateOptions] !== undefined,
    );
    if (given.length > 0) {
      throw new UsageError(
        `--${given.join(', --')} describe the data of --dataset; without --dataset the run's own test split is used`,
      );
    }
    const loaded = loadRecordedDataset(config.dataset, layout, 'config.json');
    // The run's own test share: the playground's export may hold out another share than train's 20%.
    const { test } = runRows(loaded, config.training.seed, config.testFraction);
    return {
      rows: test,
      description: `the test split (${test.X.shape[0]} rows) of the run's data: ${loaded.description}`,
    };
  }
  // By default a fresh sample: not the seed the model was trained on.
  const loaded = loadDataset(options, options.seed ?? config.training.seed + 1, layout);
  return { rows: loaded.data, description: loaded.description };
}

function evaluateRun(options: EvaluateOptions): void {
  const run = loadSavedRun(options.model);
  const { rows, description } = evaluationData(run, options);
  const classes = run.config.classes;
  const largest = rows.y.data.reduce((high, label) => Math.max(high, label), Number.NEGATIVE_INFINITY);
  if (largest >= classes.length) {
    throw new UsageError(
      `the data has class ${largest} but the model knows ${classes.length} classes (${classes.join(', ')})`,
    );
  }
  const predicted = predictClasses(run.model.forward(run.standardize(rows.X)), run.model.output);
  const report = classificationReport(predicted, rows.y, { classNames: classes });
  const correct = Math.round(report.accuracy * report.total);
  const write = (line = '') => process.stdout.write(`${line}\n`);
  write(`Model: ${run.model.describe()} from ${options.model}`);
  write(`Data: ${description}`);
  write();
  write(`Accuracy ${(100 * report.accuracy).toFixed(1)}% (${correct} of ${report.total})`);
  write();
  write('Confusion matrix (rows: true class, columns: predicted class)');
  write(
    formatTable(
      ['', ...classes.map((name) => `predicted ${name}`)],
      report.confusion.map((row, c) => [`true ${classes[c]}`, ...row.map(String)]),
    ),
  );
  write();
  write(report.toString());
}

/** Adds `tapegrad evaluate` to the program. */
export function addEvaluateCommand(program: Command): void {
  const command = program
    .command('evaluate')
    .description('Score a trained model: accuracy, confusion matrix, per-class precision, recall and F1.')
    .requiredOption('--model <dir>', 'the run folder of tapegrad train');
  addDatasetOptions(command, "the test split of the run's own data");
  command
    .addOption(
      new Option(
        '--seed <n>',
        "seeds a synthetic --dataset (default: the run's seed + 1, fresh points)",
      ).argParser(integer),
    )
    .action((options: EvaluateOptions) => evaluateRun(options));
}
