/**
 * @tapegrad/viz: what turns runs and graphs into pictures and pages, in Node and in a browser: the plots
 * (loss, accuracy, decision boundary, gradient comparison) as SVG, the computation graph as SVG, the run
 * report as one HTML page, and the worked example of backprop as Markdown and HTML. Each concern is also
 * an entry of its own (`@tapegrad/viz/plots`, `/graph`, `/report`, `/explain`), so a program loads only
 * what it draws.
 *
 * The plots draw into a DOM document: the page's in a browser, linkedom's in Node (`nodeDocument()`).
 * What only Node can do (that document, PNG, KaTeX's stylesheet read from disk) is in `@tapegrad/viz/node`.
 */
export * from './explain.ts';
export * from './graph.ts';
export * from './plots.ts';
export * from './report.ts';
