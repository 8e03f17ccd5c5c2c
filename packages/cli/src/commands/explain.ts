/**
 * `tapegrad explain`: the worked example of backpropagation for a tiny network, written as Markdown, HTML
 * (the math rendered) and an SVG drawing of the network under runs/explain/ (or --out), or printed as
 * Markdown with `--out -`.
 */
import { basename, extname } from 'node:path';
import { HIDDEN_ACTIVATIONS, type HiddenActivation } from '@tapegrad/nn';
import { EXPLAIN_LOSSES, type ExplainLoss, MAX_HIDDEN, MAX_SAMPLES } from '@tapegrad/viz/explain';
import { type Command, Option } from 'commander';
import { writeFileAtomic } from '../atomic-write.ts';
import { integer, integerInRange, positiveNumber } from '../option-values.ts';
import { checkOutPath } from '../out-path.ts';
import { displayPath, resolveUserPath } from '../paths.ts';

interface ExplainOptions {
  readonly hidden: number;
  readonly activation: HiddenActivation;
  readonly loss: ExplainLoss;
  readonly samples: number;
  readonly seed?: number;
  readonly lr: number;
  readonly out: string;
}

/** Where the page goes without --out: generated files live under runs/, which git and the linter skip. */
const DEFAULT_OUT = 'runs/explain/worked';

/** The --out that prints the Markdown instead of writing files. */
const STDOUT = '-';

/** The path `--out` names without its .md or .html: the page is written as BASE.md, BASE.html and BASE.svg. */
function pageBase(out: string): string {
  const given = resolveUserPath(out);
  return ['.md', '.html'].includes(extname(given).toLowerCase())
    ? given.slice(0, given.length - extname(given).length)
    : given;
}

async function explain(options: ExplainOptions): Promise<void> {
  const base = options.out === STDOUT ? undefined : pageBase(options.out);
  if (base !== undefined) {
    for (const extension of ['md', 'html', 'svg']) {
      checkOutPath(`${base}.${extension}`, `--out ${options.out}`, 'file');
    }
  }
  // Loaded only now: KaTeX takes a moment to load, which the other commands need not pay.
  const { workedExample } = await import('@tapegrad/viz/explain');
  const { katexCss } = await import('@tapegrad/viz/node');
  const { markdown, html, networkSvg } = workedExample({
    ...options,
    learningRate: options.lr,
    katexStylesheet: katexCss(),
    // The Markdown shows the drawing from the SVG written beside it.
    networkImage: base === undefined ? undefined : `${basename(base)}.svg`,
  });
  if (base === undefined) {
    process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return;
  }
  writeFileAtomic(`${base}.md`, markdown);
  writeFileAtomic(`${base}.html`, html);
  writeFileAtomic(`${base}.svg`, networkSvg);
  const shown = ['md', 'html', 'svg'].map((extension) => displayPath(`${base}.${extension}`));
  process.stdout.write(`Wrote ${shown[0]}, ${shown[1]} and ${shown[2]}\n`);
}

/** Adds `tapegrad explain` to the program. */
export function addExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      "Write the worked example: a tiny network forward and backward by hand, each gradient beside autograd's and finite differences'.",
    )
    .addOption(
      new Option('--hidden <units>', `hidden units, 1 to ${MAX_HIDDEN}`)
        .argParser(integerInRange(1, MAX_HIDDEN))
        .default(2),
    )
    .addOption(
      new Option('--activation <name>', 'the hidden activation')
        .choices(HIDDEN_ACTIVATIONS)
        .default('sigmoid'),
    )
    .addOption(
      new Option(
        '--loss <name>',
        'bce (one sigmoid output), crossEntropy (two softmax outputs), mse (one linear output)',
      )
        .choices(EXPLAIN_LOSSES)
        .default('bce'),
    )
    .addOption(
      new Option('--samples <n>', `examples in the batch, 1 to ${MAX_SAMPLES}`)
        .argParser(integerInRange(1, MAX_SAMPLES))
        .default(2),
    )
    .addOption(
      new Option(
        '--seed <n>',
        'draw a new exercise: weights, inputs and targets as short decimals',
      ).argParser(integer),
    )
    .addOption(
      new Option('--lr <rate>', 'the learning rate of the gradient-descent step shown')
        .argParser(positiveNumber)
        .default(0.1),
    )
    .option(
      '--out <file.md>',
      `write FILE.md, FILE.html and FILE.svg (the network drawn); - prints the Markdown`,
      DEFAULT_OUT,
    )
    .action((options: ExplainOptions) => explain(options));
}
