/** @tapegrad/viz/explain: the worked example of backprop, as Markdown and HTML (KaTeX). */
export {
  EXPLAIN_LOSSES,
  type ExplainLoss,
  MAX_HIDDEN,
  MAX_SAMPLES,
  type WorkedExampleOptions,
} from './explain/options.ts';
export {
  type WorkedExample,
  type WorkedExampleOfOptions,
  workedExample,
  workedExampleOf,
} from './explain/worked-example.ts';
