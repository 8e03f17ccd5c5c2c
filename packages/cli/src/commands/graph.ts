/**
 * `tapegrad graph`: the computation graph of a trained model's forward pass and loss on a few rows of
 * its data, as an SVG (Graphviz in WebAssembly) or as the DOT text, every tensor named (layer1.weight, X,
 * y, Z1, ...), with its values and gradients if asked.
 */
import { basename, extname } from 'node:path';
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
  readonly out?: string;
  readonly rows: number;
  readonly values?: boolean;
  readonly grads?: boolean;
  readonly unfused?: boolean;
}

/** The default --out: runs/graph/NAME.svg, NAME the run folder's own name (runs/moons gives moons.svg). */
function defaultOut(model: string): string {
  return `runs/graph/${basename(resolveUserPath(model))}.svg`;
}

async function graph(options: GraphOptions): Promise<void> {
  const out = options.out ?? defaultOut(options.model);
  const format = extname(out).toLowerCase();
  if (format !== '.svg' && format !== '.dot') {
    throw new UsageError(`--out ${out}: write the graph to a .svg file, or .dot for the Graphviz text`);
  }
  const run = loadSavedRun(options.model);
  const path = resolveUserPath(out);
  checkOutPath(path, `--out ${out}`, 'file');
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
  const grads = options.grads ?? false;
  const fused = !(options.unfused ?? false);
  // micrograd's drawing is the model: a gradient is read beside the value it belongs to.
  const dot = modelGraphDot(run.model, run.standardize(rows.X), rows.y, {
    values: grads || (options.values ?? false),
    gradients: grads,
    fused,
  });
  writeFileAtomic(path, format === '.dot' ? dot : await dotToSvg(dot));
  const layers = fused
    ? 'Each Linear layer is one fused op, addmm: Z = b + X W (--unfused draws it as matmul, then add)'
    : 'Each Linear layer is drawn as matmul, then add: Z = X W + b';
  process.stdout.write(
    `The graph of ${run.model.describe()} and its loss on ${count} rows of ${description}\n${layers}\n` +
      `Wrote ${displayPath(path)}\n`,
  );
}

/** Adds `tapegrad graph` to the program. */
export function addGraphCommand(program: Command): void {
  program
    .command('graph')
    .description("Draw the computation graph of a trained model's forward pass and loss.")
    .requiredOption('--model <dir>', 'the run folder of tapegrad train')
    .option(
      '--out <file>',
      'the SVG to write, or .dot for the Graphviz text (default: runs/graph/RUN.svg, RUN the name of the --model folder)',
    )
    .addOption(
      new Option('--rows <n>', 'how many rows of the data to push through')
        .argParser(positiveInteger)
        .default(4),
    )
    .option('--values', "show each tensor's values in its node")
    .option(
      '--grads',
      "show each tensor's values and its gradient, d loss / d tensor, in its node (implies --values)",
    )
    .option('--unfused', 'draw each Linear as matmul then add (Z = X W + b) instead of one fused addmm')
    .action((options: GraphOptions) => graph(options));
}
