/** @tapegrad/viz/graph: the computation graph of a model's forward pass and loss, as DOT and as SVG. */
export { type ModelGraphOptions, modelGraphDot } from './graph/model-graph.ts';
export { dotToSvg } from './graph/render.ts';
