/**
 * SVG to PNG with resvg (a Rust SVG renderer compiled for Node: no browser, no system libraries).
 */
import { Resvg } from '@resvg/resvg-js';

/**
 * The PNG of an SVG, at the SVG's own size (one pixel per user unit), on a white background. The text is
 * set in the installed system fonts: the plots name a list of common sans-serif fonts (see FONT_STACK), and
 * resvg takes the first one it finds.
 * @example writeFileSync('loss.png', svgToPng(lossCurveSvg(history, nodeDocument())));
 */
export function svgToPng(svg: string): Uint8Array {
  const renderer = new Resvg(svg, {
    background: 'white',
    font: { loadSystemFonts: true },
    // resvg warns on stderr about every font it falls back from; only real errors should show.
    logLevel: 'error',
  });
  return renderer.render().asPng();
}
