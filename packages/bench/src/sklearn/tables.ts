/**
 * The Markdown that `pnpm bench:sklearn` writes into docs/sklearn.md between its two markers: where and
 * when it ran, the test accuracy over the seeds (summary, then seed by seed on each side), the fit times
 * (medians and their ratio) and the loss-curve plots with their captions.
 */
import { spreadOf } from '../timing.ts';
import type { Comparison, DatasetComparison, Environment, Pair } from './comparison.ts';

export const RESULTS_START =
  '<!-- sklearn-results:start: written by pnpm bench:sklearn, do not edit by hand -->';
export const RESULTS_END = '<!-- sklearn-results:end -->';

/** The loss-curve plot of a dataset, relative to docs/. */
export const plotPath = (dataset: string) => `images/sklearn-loss-${dataset}.svg`;

/** An accuracy as a percentage with one decimal: 0.936 -> '93.6%'. */
export const percent = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;

/** A loss difference in scientific notation with two digits: '4.4e-16' ('0' when exactly equal). */
export const difference = (value: number) => (value === 0 ? '0' : value.toExponential(1));

/** Seconds as milliseconds to three significant digits: 0.1234 -> '123 ms'. */
export const milliseconds = (seconds: number) => `${Number((1000 * seconds).toPrecision(3))} ms`;

/** The mean and the min-max of accuracies: '93.1% (91.2-94.4%)', or '100.0% (every seed)' when all equal. */
export function meanAndRange(values: readonly number[]): string {
  const spread = spreadOf(values);
  if (spread.min === spread.max) return `${percent(spread.min)} (every seed)`;
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  return `${percent(mean)} (${(100 * spread.min).toFixed(1)}-${percent(spread.max)})`;
}

const sides = ['tapegrad', 'sklearn'] as const;
const SIDE_NAMES: Pair<string> = { tapegrad: 'tapegrad', sklearn: 'scikit-learn' };

/** The seeds where the two sides differ in accuracy or epochs; empty when every seed agrees. */
export function disagreeingSeeds(dataset: DatasetComparison): number[] {
  return dataset.seeds
    .filter(
      (run) =>
        run.testAccuracy.tapegrad !== run.testAccuracy.sklearn || run.nIter.tapegrad !== run.nIter.sklearn,
    )
    .map((run) => run.seed);
}

/** The largest loss difference over every seed, or the words for seeds that stopped at different epochs. */
function largestDifference(dataset: DatasetComparison): string {
  const differences = dataset.seeds.map((run) => run.maxLossDifference);
  if (differences.includes(null)) return 'stopped at different epochs';
  return difference(differences.reduce<number>((largest, value) => Math.max(largest, value!), 0));
}

function rangeOf(values: readonly number[]): string {
  const { min, max } = spreadOf(values);
  return min === max ? String(min) : `${min}-${max}`;
}

export function environmentLine(environment: Environment): string {
  return (
    `Ran on ${environment.date} on one ${environment.cpu} machine (${environment.cores} cores, shared; ` +
    `1-minute load average ${environment.loadAverage.toFixed(2)} at the start), **one thread on each side** ` +
    '(`TAPEGRAD_THREADS=1`; `OMP_NUM_THREADS`, `OPENBLAS_NUM_THREADS` and `MKL_NUM_THREADS` 1 for NumPy): ' +
    `tapegrad ${environment.tapegrad} on Node ${environment.node.replace(/^Node /, '')}, ` +
    `scikit-learn ${environment.sklearn} on ${environment.python}.`
  );
}

export function accuracyTable(comparison: Comparison): string {
  const rows = comparison.datasets.map((dataset) => {
    const disagreeing = disagreeingSeeds(dataset);
    const accuracies = (side: keyof Pair<number>) => dataset.seeds.map((run) => run.testAccuracy[side]);
    return [
      dataset.name,
      `${dataset.trainRows} + ${dataset.testRows}`,
      String(dataset.features),
      String(dataset.classes.length),
      rangeOf(dataset.seeds.map((run) => run.nIter.tapegrad)),
      meanAndRange(accuracies('tapegrad')),
      meanAndRange(accuracies('sklearn')),
      disagreeing.length === 0 ? 'yes' : `no: seed ${disagreeing.join(', ')}`,
      largestDifference(dataset),
    ];
  });
  return markdownTable(
    [
      'dataset',
      'rows (train + test)',
      'features',
      'classes',
      'epochs',
      'tapegrad: mean (min-max)',
      'scikit-learn: mean (min-max)',
      'same accuracy and epochs on every seed',
      'max \\|loss difference\\|',
    ],
    ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---:'],
    rows,
  );
}

export function seedTable(comparison: Comparison): string {
  const seeds = comparison.settings.seeds;
  const rows = comparison.datasets.flatMap((dataset) =>
    sides.map((side) => [
      dataset.name,
      SIDE_NAMES[side],
      ...dataset.seeds.map((run) => `${percent(run.testAccuracy[side])} (${run.nIter[side]})`),
    ]),
  );
  return markdownTable(
    ['dataset', 'library', ...seeds.map((seed) => `randomState ${seed}`)],
    ['---', '---', ...seeds.map(() => '---:')],
    rows,
  );
}

export function timeTable(comparison: Comparison): string {
  const rows = comparison.datasets.map((dataset) => {
    const tapegrad = spreadOf(dataset.seconds.tapegrad).median;
    const sklearn = spreadOf(dataset.seconds.sklearn).median;
    return [
      dataset.name,
      String(dataset.seconds.tapegrad.length),
      milliseconds(tapegrad),
      milliseconds(sklearn),
      `${(tapegrad / sklearn).toFixed(2)}x`,
    ];
  });
  return markdownTable(
    ['dataset', 'fits per side', 'tapegrad: median', 'scikit-learn: median', 'tapegrad / scikit-learn'],
    ['---', '---:', '---:', '---:', '---:'],
    rows,
  );
}

/** The caption under a dataset's loss-curve plot. */
export function plotCaption(dataset: DatasetComparison, seed: number): string {
  const { tapegrad, sklearn } = dataset.plottedLossCurves;
  const run = dataset.seeds.find((entry) => entry.seed === seed);
  const largest = run?.maxLossDifference ?? null;
  const agreement =
    largest === null
      ? `tapegrad stopped after ${tapegrad.length} epochs, scikit-learn after ${sklearn.length}`
      : `max |difference| ${difference(largest)} over ${tapegrad.length} epochs`;
  return `${dataset.name}, randomState ${seed}: tapegrad solid, scikit-learn dashed over it; ${agreement}.`;
}

function plotsSection(comparison: Comparison): string {
  const seed = comparison.settings.plottedSeed;
  return comparison.datasets
    .map(
      (dataset) =>
        `![The training loss per epoch on ${dataset.name}, tapegrad's and scikit-learn's](${plotPath(dataset.name)})\n\n` +
        `*${plotCaption(dataset, seed)}*`,
    )
    .join('\n\n');
}

function markdownTable(
  header: readonly string[],
  align: readonly string[],
  rows: readonly string[][],
): string {
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** The whole generated block, markers included. */
export function resultsMarkdown(comparison: Comparison): string {
  return [
    RESULTS_START,
    environmentLine(comparison.environment),
    '### Test accuracy over the seeds',
    accuracyTable(comparison),
    '### Seed by seed: test accuracy (epochs)',
    seedTable(comparison),
    `### Fit time (median of ${comparison.environment.reps} fits per seed, all seeds together)`,
    timeTable(comparison),
    '### The loss curves, from the same initial weights',
    plotsSection(comparison),
    RESULTS_END,
  ].join('\n\n');
}

/**
 * `page` with the text between the markers (and the markers) replaced by `block`.
 * Throws when the page lacks the markers, so that a hand edit that removed them is noticed.
 */
export function replaceResults(page: string, block: string): string {
  const start = page.indexOf(RESULTS_START);
  const end = page.indexOf(RESULTS_END);
  if (start < 0 || end < start) {
    throw new Error(
      `docs/sklearn.md lacks the lines '${RESULTS_START}' and '${RESULTS_END}' (in that order); put them back where the results go`,
    );
  }
  return page.slice(0, start) + block + page.slice(end + RESULTS_END.length);
}
