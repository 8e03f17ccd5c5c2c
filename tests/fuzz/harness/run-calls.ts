/**
 * The fuzz's child process: `node --import @tapegrad/source-loader run-calls.ts SEED TOTAL [ONLY]` runs the
 * planned calls and writes one line per call before making it (`call N description`), so that the parent
 * can name the call that hangs or kills the process, then a `summary {json}` line. ONLY runs call N alone,
 * to replay it.
 */
import { AnomalyError, ArgumentError, GradientError, ShapeError } from '@tapegrad/autograd';
import { ConfigError, DataError, DivergenceError, StateDictError } from '@tapegrad/nn';
import { allSpecs } from '../specs/index.ts';
import { argumentsOf, describeCall, planCalls } from './plan.ts';

/** What became of one invalid call. */
export type Outcome = 'named' | 'unnamed' | 'generic' | 'crash' | 'silent';

/** Counts by outcome, and up to a few examples of each failure. */
export interface Summary {
  readonly seed: number;
  readonly calls: number;
  readonly validCalls: number;
  readonly validFailures: string[];
  readonly counts: Record<Outcome, number>;
  readonly examples: Record<Exclude<Outcome, 'named'>, string[]>;
}

const TYPED = [
  ArgumentError,
  ShapeError,
  GradientError,
  AnomalyError,
  ConfigError,
  DataError,
  StateDictError,
  DivergenceError,
];

/** How many examples of each failure the summary keeps (FUZZ_EXAMPLES=n for more). */
const EXAMPLES = Number(process.env.FUZZ_EXAMPLES ?? 40);

/** Whether `text` holds `word` as a whole word (so the argument `x` is not found inside `max`). */
function mentions(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`).test(text);
}

function classify(fn: string, argument: string, error: unknown): Outcome {
  if (!(error instanceof Error)) return 'crash';
  if (error instanceof RangeError && /call stack/.test(error.message)) return 'crash';
  if (!TYPED.some((type) => error instanceof type)) return 'generic';
  return mentions(error.message, fn) && mentions(error.message, argument) ? 'named' : 'unnamed';
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]}`;
  return `non-Error ${typeof error}: ${String(error)}`;
}

function main(): void {
  const [seedText = '1', totalText = '10000', onlyText] = process.argv.slice(2);
  const seed = Number(seedText);
  const specs = allSpecs();
  const plan = planCalls(specs, seed, Number(totalText));
  const indices = onlyText === undefined ? plan.map((_, i) => i) : [Number(onlyText)];
  const counts: Record<Outcome, number> = { named: 0, unnamed: 0, generic: 0, crash: 0, silent: 0 };
  const examples: Summary['examples'] = { unnamed: [], generic: [], crash: [], silent: [] };
  const validFailures: string[] = [];
  let validCalls = 0;
  for (const index of indices) {
    const call = plan[index]!;
    const spec = specs[call.spec]!;
    const description = describeCall(spec, call);
    process.stdout.write(`call ${index} ${description}\n`);
    const args = argumentsOf(spec, call);
    if (call.param === -1) {
      validCalls++;
      try {
        spec.call(...args);
      } catch (error) {
        validFailures.push(`#${index} ${description}: ${errorText(error)}`);
      }
      continue;
    }
    const param = spec.params[call.param]!;
    const value = param.bads[call.value]!;
    const argument = value.mention ?? param.name;
    let outcome: Outcome;
    let detail = 'returned without an error';
    try {
      spec.call(...args);
      outcome = 'silent';
    } catch (error) {
      outcome = classify(value.fn ?? spec.fn, argument, error);
      detail = errorText(error);
    }
    counts[outcome]++;
    if (outcome !== 'named') {
      const list = examples[outcome];
      if (list.length < EXAMPLES) list.push(`#${index} ${description}: ${detail}`);
    }
  }
  const summary: Summary = { seed, calls: indices.length, validCalls, validFailures, counts, examples };
  process.stdout.write(`summary ${JSON.stringify(summary)}\n`);
}

main();
