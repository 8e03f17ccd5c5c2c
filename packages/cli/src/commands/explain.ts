/**
 * `tapegrad explain`: the worked example of backpropagation for a tiny network, as Markdown (and HTML with
 * the math rendered) or on stdout.
 */
import { extname } from 'node:path';
import { HIDDEN_ACTIVATIONS, type HiddenActivation } from '@tapegrad/nn';
import { EXPLAIN_LOSSES, type ExplainLoss, MAX_HIDDEN, MAX_SAMPLES } from '@tapegrad/viz/explain';
import { type Command, Option } from 'commander';
import { writeFileAtomic } from '../atomic-write.ts';
import { integerInRange } from '../option-values.ts';
import { checkOutPath } from '../out-path.ts';
import { displayPath, resolveUserPath } from '../paths.ts';

interface ExplainOptions {
  readonly hidden: number;
  readonly activation: HiddenActivation;
  readonly loss: ExplainLoss;
  readonly samples: number;
  readonly out?: string;
}

/** The path `--out` names without its .md or .html: the page is written as BASE.md and BASE.html. */
function pageBase(out: string): string {
  const given = resolveUserPath(out);
  return ['.md', '.html'].includes(extname(given).toLowerCase())
    ? given.slice(0, given.length - extname(given).length)
    : given;
}

async function explain(options: ExplainOptions): Promise<void> {
  const base = options.out === undefined ? undefined : pageBase(options.out);
  if (base !== undefined) {
    checkOutPath(`${base}.md`, `--out ${options.out}`, 'file');
    checkOutPath(`${base}.html`, `--out ${options.out}`, 'file');
  }
  // Loaded only now: KaTeX takes a moment to load, which the other commands need not pay.
  const { workedExample } = await import('@tapegrad/viz/explain');
  const { katexCss } = await import('@tapegrad/viz/node');
  const { markdown, html } = workedExample({ ...options, katexStylesheet: katexCss() });
  if (base === undefined) {
    process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return;
  }
  writeFileAtomic(`${base}.md`, markdown);
  writeFileAtomic(`${base}.html`, html);
  process.stdout.write(`Wrote ${displayPath(`${base}.md`)} and ${displayPath(`${base}.html`)}\n`);
}

/** Adds `tapegrad explain` to the program. */
export function addExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      "Write the worked example: a tiny network forward and backward by hand, each number beside autograd's.",
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
    .option('--out <file.md>', 'write FILE.md and FILE.html (default: print the Markdown)')
    .action((options: ExplainOptions) => explain(options));
}
