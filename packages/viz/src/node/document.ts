/** A DOM document for Node, where there is no page: linkedom's, which Observable Plot draws into. */
import { parseHTML } from 'linkedom';
import type { PlotDocument } from '../plots/svg-document.ts';

let sharedDocument: PlotDocument | undefined;

/**
 * A linkedom document, made once and shared: pass it as the last argument of the plot functions in Node.
 * @example lossCurveSvg(history, nodeDocument());
 */
export function nodeDocument(): PlotDocument {
  sharedDocument ??= parseHTML('<!DOCTYPE html><html><head></head><body></body></html>')
    .document as PlotDocument;
  return sharedDocument;
}
