/**
 * `tapegrad predict`: a trained model's class and class probabilities for new inputs, given as
 * arguments, in a CSV file or on stdin, in the data's own units (the run's standardization is applied).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { noGrad, tensor } from '@tapegrad/autograd';
import { classProbabilities, predictClasses } from '@tapegrad/nn';
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { csvInputRows, inputRow } from '../input-rows.ts';
import { displayPath, resolveUserPath } from '../paths.ts';
import { loadSavedRun } from '../saved-run.ts';
import { formatTable } from '../table.ts';

interface PredictOptions {
  readonly model: string;
  readonly input?: string;
  readonly json?: boolean;
}

/** Reads all of stdin. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The rows are free arguments, so that rows such as -1,0 are not taken for options: commander passes
 * unknown options through (allowUnknownOption), and an argument that starts with a dash but not with a
 * number is a misspelt option.
 */
function rejectUnknownOptions(args: readonly string[]): void {
  const unknown = args.find((arg) => /^-[^\d.]/.test(arg));
  if (unknown !== undefined) {
    throw new UsageError(
      `unknown option '${unknown}'; the options of tapegrad predict are --model, --input, --json, --help`,
    );
  }
}

/** The rows from the arguments, the --input file, or stdin. */
async function inputRows(args: readonly string[], options: PredictOptions, featureNames: readonly string[]) {
  if (args.length > 0 && options.input !== undefined) {
    throw new UsageError('give the inputs as arguments or with --input FILE, not both');
  }
  if (args.length > 0) return args.map((arg) => inputRow(arg, featureNames.length));
  if (options.input !== undefined) {
    const path = resolveUserPath(options.input);
    if (!existsSync(path)) throw new UsageError(`--input ${options.input}: no such file`);
    return csvInputRows(readFileSync(path, 'utf8'), displayPath(path), featureNames);
  }
  if (process.stdin.isTTY) {
    throw new UsageError(
      `no inputs: give rows as arguments (tapegrad predict --model DIR 0.5,1.2 -1,0), a CSV file with ` +
        '--input FILE, or CSV rows on stdin',
    );
  }
  return csvInputRows(await readStdin(), 'stdin', featureNames);
}

async function predict(args: readonly string[], options: PredictOptions): Promise<void> {
  rejectUnknownOptions(args);
  const run = loadSavedRun(options.model);
  const { featureNames, classes } = run.config;
  const rows = await inputRows(args, options, featureNames);
  const outputs = noGrad(() => run.model.forward(run.standardize(tensor(rows))));
  const predicted = predictClasses(outputs, run.model.output).data;
  const probabilities = classProbabilities(outputs, run.model.output).data;
  const probabilitiesOf = (row: number) =>
    Array.from(probabilities.subarray(row * classes.length, (row + 1) * classes.length));
  if (options.json === true) {
    // The answer of `tapegrad serve`'s POST /predict, every number as the float64 it is.
    const predictions = rows.map((_, r) => ({
      class: classes[predicted[r]!]!,
      probabilities: probabilitiesOf(r),
    }));
    process.stdout.write(`${JSON.stringify({ model: basename(run.dir), classes, predictions })}\n`);
    return;
  }
  const table = formatTable(
    [featureNames.join(', '), 'class', ...classes.map((name) => `p(${name})`)],
    rows.map((row, r) => [
      row.join(', '),
      classes[predicted[r]!]!,
      ...probabilitiesOf(r).map((p) => p.toFixed(4)),
    ]),
  );
  process.stdout.write(`${table}\n`);
}

/** Adds `tapegrad predict` to the program. */
export function addPredictCommand(program: Command): void {
  program
    .command('predict')
    .description('Predict the class and class probabilities of new inputs with a trained model.')
    .argument('[rows...]', 'input rows, each as numbers separated by commas (e.g. 0.5,1.2 -1,0)')
    .requiredOption('--model <dir>', 'the run folder of tapegrad train')
    .option('--input <file>', 'a CSV file of rows (a header row may name the feature columns)')
    .option('--json', "print JSON, every number in full: the answer of tapegrad serve's POST /predict")
    .allowUnknownOption()
    .addHelpText('after', '\nWith neither rows nor --input, the rows are read as CSV from stdin.')
    .action((rows: string[], options: PredictOptions) => predict(rows, options));
}
