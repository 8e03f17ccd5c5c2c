/**
 * `tapegrad graph`: the computation graph of a trained model's forward pass and loss on a few rows of
 * its data, as an SVG (Graphviz in WebAssembly) or as the DOT text.
 */
import { extname } from 'node:path';
import { selectRows } from '@tapegrad/nn';
import { dotToSvg, modelGraphDot } from '@tapegrad/viz/graph';
import { type Command, Option } from 'commander';
import { writeFileAtomic } from '../atomic-write.ts';
import { loadRecordedDataset } from '../datasets.ts';
import { UsageError } from '../errors.ts';
import { positiveInteger } from '../option-values.ts';
import { checkOutPath } from '../out-path.ts';
import { displayPath, resolveUserPath } from '../paths.ts';
import { loadSavedRun } from '../saved-run.ts';

interface GraphOptions {
  readonly model: string;
  readonly out: string;
  readonly rows: number;
  readonly values?: boolean;
}

async function graph(options: GraphOptions): Promise<void> {
  const format = extname(options.out).toLowerCase();
  if (format !== '.svg' && format !== '.dot') {
    throw new UsageError(
      `--out ${options.out}: write the graph to a .svg file, or .dot for the Graphviz text`,
    );
  }
  const run = loadSavedRun(options.model);
  const path = resolveUserPath(options.out);
  checkOutPath(path, `--out ${options.out}`, 'file');
  const { config } = run;
  const layout = {
    classes: config.classes,
    ...(config.dataset.name === 'csv' ? { featureNames: config.featureNames } : {}),
  };
  const { data, description } = loadRecordedDataset(config.dataset, layout, 'config.json');
  const count = Math.min(options.rows, data.X.shape[0]!);
  const rows = selectRows(
    data,
    Array.from({ length: count }, (_, i) => i),
  );
  const dot = modelGraphDot(run.model, run.standardize(rows.X), rows.y, { values: options.values ?? false });
  writeFileAtomic(path, format === '.dot' ? dot : await dotToSvg(dot));
  process.stdout.write(
    `The graph of ${run.model.describe()} and its loss on ${count} rows of ${description}\nWrote ${displayPath(path)}\n`,
  );
}

/** Adds `tapegrad graph` to the program. */
export function addGraphCommand(program: Command): void {
  program
    .command('graph')
    .description("Draw the computation graph of a trained model's forward pass and loss.")
    .requiredOption('--model <dir>', 'the run folder of tapegrad train')
    .option('--out <file>', 'the SVG to write (or .dot for the Graphviz text)', 'graph.svg')
    .addOption(
      new Option('--rows <n>', 'how many rows of the data to push through')
        .argParser(positiveInteger)
        .default(4),
    )
    .option('--values', "show each tensor's values in its node")
    .action((options: GraphOptions) => graph(options));
}
