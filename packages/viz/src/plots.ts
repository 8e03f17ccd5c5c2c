/** @tapegrad/viz/plots: loss, accuracy, decision-boundary and gradient-comparison plots as SVG. */
export { accuracyCurveSvg, hasAccuracy, lossCurveSvg } from './plots/curves.ts';
export { type DecisionBoundaryOptions, decisionBoundarySvg } from './plots/decision-boundary.ts';
export { gradientComparisonSvg } from './plots/gradient-comparison.ts';
export type { PlotDocument, SvgElement } from './plots/svg-document.ts';
