/** @tapegrad/viz/report: a training run as one self-contained HTML page. */
export { escapeHtml } from './html/escape.ts';
export { type ReportRun, reportHtml } from './report/report-html.ts';
