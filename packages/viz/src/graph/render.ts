/**
 * Graphviz DOT text to SVG with @viz-js/viz: Graphviz compiled to WebAssembly, so nothing needs to be
 * installed on the system.
 */
import { instance, type Viz } from '@viz-js/viz';

// Compiling the WebAssembly module takes a moment; every render shares the one instance.
let vizInstance: Promise<Viz> | null = null;

/**
 * Lays out a graph written in DOT and returns it as an SVG document (the `dot` layout engine). Throws an
 * Error with Graphviz's messages when the text is not valid DOT.
 * @example
 * const svg = await dotToSvg('digraph { a -> b }');
 * svg.includes('<svg'); // true
 */
export async function dotToSvg(dot: string): Promise<string> {
  vizInstance ??= instance();
  const viz = await vizInstance;
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (result.status === 'failure') {
    const messages = result.errors.map((error) => error.message.trim()).join('; ');
    throw new Error(`dotToSvg: Graphviz could not render the graph: ${messages || 'unknown error'}`);
  }
  return result.output;
}
