/**
 * @tapegrad/viz/plots: loss and accuracy curves (one run's, or several settings' on one plot), decision
 * boundaries, the hidden units over the plane, misclassified digits as pictures and gradient comparisons
 * as SVG.
 */
export {
  accuracyCurveSvg,
  type CurveOptions,
  type HeldOut,
  hasAccuracy,
  lossCurveSvg,
} from './plots/curves.ts';
export { type DecisionBoundaryOptions, decisionBoundarySvg } from './plots/decision-boundary.ts';
export { type DigitGridOptions, digitGridSvg } from './plots/digit-grid.ts';
export { type ComparisonSeries, gradientComparisonSvg } from './plots/gradient-comparison.ts';
export { type HiddenUnitsOptions, hiddenUnitsSvg } from './plots/hidden-units.ts';
export { type CurvesOptions, curvesSvg, type NamedCurve } from './plots/series-curves.ts';
export type { PlotDocument, SvgElement } from './plots/svg-document.ts';
