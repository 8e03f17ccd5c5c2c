/**
 * @tapegrad/viz/node: what needs Node.js. A DOM document to draw the plots into (linkedom), SVG to PNG
 * (resvg, native), and KaTeX's stylesheet with its fonts inlined (read from the installed katex package).
 */
export { nodeDocument } from './node/document.ts';
export { katexCss } from './node/katex-css.ts';
export { svgToPng } from './node/png.ts';
