/** @tapegrad/viz/report: a training run as one self-contained HTML page. */
export { escapeHtml } from './html/escape.ts';
export { DERIVATIONS_URL, reportHtml } from './report/report-html.ts';
export type {
  DataSummary,
  HeldOut,
  ReportFigure,
  ReportRun,
  RunResult,
  TestEvaluation,
} from './report/run-types.ts';
