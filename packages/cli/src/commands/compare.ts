/**
 * `tapegrad compare`: the gradients of one cost three ways (the hand-derived formulas, the tape, and
 * central finite differences of the cost) for a chosen architecture, as tables and a plot.
 */
import { extname } from 'node:path';
import { noGrad, Rng, type Tensor, tensor } from '@tapegrad/autograd';
import {
  autogradGradients,
  compareGradients,
  finiteDifferences,
  HIDDEN_ACTIVATIONS,
  type HiddenActivation,
  type LossName,
  MLP,
  manualGradients,
  manualMlpGradients,
  type Network,
  type OutputActivation,
  objective,
  TwoLayerNet,
} from '@tapegrad/nn';
import { type Command, Option } from 'commander';
import { writeFileAtomic } from '../atomic-write.ts';
import { EXIT_CODES, UsageError } from '../errors.ts';
import { gradientTable } from '../gradient-table.ts';
import { integer, nonNegativeNumber, positiveInteger } from '../option-values.ts';
import { checkOutPath } from '../out-path.ts';
import { displayPath, resolveUserPath } from '../paths.ts';

interface CompareOptions {
  readonly inputs: number;
  readonly hidden: number;
  readonly layers: number;
  readonly activation: HiddenActivation;
  readonly loss: LossName;
  readonly outputs?: number;
  readonly samples: number;
  readonly l2: number;
  readonly seed: number;
  readonly out: string;
}

const OUTPUT_OF_LOSS: Readonly<Record<LossName, OutputActivation>> = {
  bce: 'sigmoid',
  crossEntropy: 'softmax',
  mse: 'linear',
};

/** Random targets of the loss's kind: 0/1 for bce, class labels for cross entropy, reals for mse. */
function randomTargets(loss: LossName, samples: number, outputs: number, rng: Rng): Tensor {
  if (loss === 'bce') return rng.rand([samples, outputs]).gt(0.5);
  if (loss === 'crossEntropy') {
    return tensor(Array.from({ length: samples }, () => Math.floor(rng.random() * outputs)));
  }
  return rng.randn([samples, outputs]);
}

function buildNetwork(options: CompareOptions, outputs: number, rng: Rng): Network {
  const output = OUTPUT_OF_LOSS[options.loss];
  if (options.layers === 1) {
    return new TwoLayerNet({
      inputs: options.inputs,
      hidden: options.hidden,
      outputs,
      hiddenActivation: options.activation,
      output,
      rng,
    });
  }
  const sizes = [options.inputs, ...new Array<number>(options.layers).fill(options.hidden), outputs];
  return new MLP(sizes, { activation: options.activation, output, rng });
}

async function compare(options: CompareOptions): Promise<void> {
  if (extname(options.out).toLowerCase() !== '.svg') {
    throw new UsageError(`--out ${options.out}: name the plot FILE.svg (its PNG is written beside it)`);
  }
  const svgPath = resolveUserPath(options.out);
  const pngPath = `${svgPath.slice(0, svgPath.length - extname(svgPath).length)}.png`;
  checkOutPath(svgPath, `--out ${options.out}`, 'file');
  checkOutPath(pngPath, `--out ${options.out}`, 'file');
  const outputs = options.outputs ?? (options.loss === 'crossEntropy' ? 3 : 1);
  const rng = new Rng(options.seed);
  const net = buildNetwork(options, outputs, rng);
  const X = rng.randn([options.samples, options.inputs]);
  const y = randomTargets(options.loss, options.samples, outputs, rng);
  const settings = { loss: options.loss, l2: options.l2 };

  const manual =
    net instanceof MLP ? manualMlpGradients(net, X, y, settings) : manualGradients(net, X, y, settings);
  const autograd = autogradGradients(net, X, y, settings);
  const cost = () => noGrad(() => objective(net, X, y, settings).item());
  const numerical = finiteDifferences(cost, net.namedParameters());
  // The tape and the formulas agree to rounding; finite differences only to about eps^2 + 1e-16 / eps.
  const exact = { atol: 1e-12, rtol: 1e-10 };
  const approximate = { atol: 1e-8, rtol: 1e-6 };
  const pairs = [
    {
      title: 'manual (a) vs autograd (b): the same numbers up to rounding',
      a: manual.gradients,
      b: autograd.gradients,
      tolerance: exact,
    },
    {
      title: 'autograd (a) vs finite differences (b)',
      a: autograd.gradients,
      b: numerical,
      tolerance: approximate,
    },
    {
      title: 'manual (a) vs finite differences (b)',
      a: manual.gradients,
      b: numerical,
      tolerance: approximate,
    },
  ];
  const reports = pairs.map(({ title, a, b, tolerance }) => {
    const report = compareGradients(a, b, tolerance);
    return { title, report, table: gradientTable(report, a, b) };
  });

  const write = (line = '') => process.stdout.write(`${line}\n`);
  const l2 = options.l2 > 0 ? ` + L2 ${options.l2}` : '';
  write(
    `${net.describe()}, ${options.samples} random sample${options.samples === 1 ? '' : 's'}, loss ${options.loss}${l2} (seed ${options.seed})`,
  );
  write(`The cost J: manual ${manual.loss}, autograd ${autograd.loss}`);
  for (const { title, table } of reports) {
    write();
    write(title);
    write(table);
  }
  const passed = reports.every(({ report }) => report.passed);
  write();
  write(`All three agree: ${passed ? 'yes' : 'NO'}`);

  // Loaded only now: the plotting libraries take about a third of a second to load.
  const { gradientComparisonSvg } = await import('@tapegrad/viz/plots');
  const { nodeDocument, svgToPng } = await import('@tapegrad/viz/node');
  const svg = gradientComparisonSvg(
    [
      { label: 'manual vs autograd', report: reports[0]!.report },
      { label: 'autograd vs finite differences', report: reports[1]!.report },
      { label: 'manual vs finite differences', report: reports[2]!.report },
    ],
    `Gradients three ways: ${net.describe()}`,
    nodeDocument(),
  );
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, svgToPng(svg));
  write(`Wrote ${displayPath(svgPath)} and ${displayPath(pngPath)}`);
  if (!passed) process.exitCode = EXIT_CODES.failure;
}

/** Adds `tapegrad compare` to the program. */
export function addCompareCommand(program: Command): void {
  program
    .command('compare')
    .description(
      'Compare manual, autograd and finite-difference gradients of a network on random data: tables and a plot.',
    )
    .addOption(new Option('--inputs <n>', 'input features').argParser(positiveInteger).default(3))
    .addOption(
      new Option('--hidden <units>', 'units in each hidden layer').argParser(positiveInteger).default(4),
    )
    .addOption(new Option('--layers <count>', 'how many hidden layers').argParser(positiveInteger).default(1))
    .addOption(
      new Option('--activation <name>', 'the hidden activation').choices(HIDDEN_ACTIVATIONS).default('tanh'),
    )
    .addOption(
      new Option(
        '--loss <name>',
        'the loss, which picks the output: bce + sigmoid, crossEntropy + softmax, mse + linear',
      )
        .choices(['bce', 'crossEntropy', 'mse'])
        .default('bce'),
    )
    .addOption(
      new Option('--outputs <n>', 'output units (default: 3 for crossEntropy, else 1)').argParser(
        positiveInteger,
      ),
    )
    .addOption(new Option('--samples <n>', 'random examples').argParser(positiveInteger).default(5))
    .addOption(
      new Option('--l2 <lambda>', 'L2 regularization strength').argParser(nonNegativeNumber).default(0),
    )
    .addOption(new Option('--seed <n>', 'seeds the weights and the data').argParser(integer).default(0))
    .option(
      '--out <file.svg>',
      'the plot of max |a - b| per parameter for all three pairs (a PNG is written beside it)',
      'runs/compare/gradient-comparison.svg',
    )
    .action((options: CompareOptions) => compare(options));
}
