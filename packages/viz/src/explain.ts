/** @tapegrad/viz/explain: the worked example of backprop, as Markdown and HTML (KaTeX). */
export {
  FINITE_DIFFERENCE_EPS,
  FINITE_DIFFERENCE_TOLERANCE,
} from './explain/by-finite-differences.ts';
export {
  EXPLAIN_LOSSES,
  type ExplainLoss,
  MAX_HIDDEN,
  MAX_SAMPLES,
  type WorkedExampleOptions,
} from './explain/options.ts';
export { LARGEST_INPUT, LARGEST_WEIGHT, Z1_MARGIN } from './explain/seeded-network.ts';
export {
  type WorkedExample,
  type WorkedExampleOfOptions,
  workedExample,
  workedExampleOf,
} from './explain/worked-example.ts';
