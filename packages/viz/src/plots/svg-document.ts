/**
 * The document the plots are drawn into, and the step that turns a drawn element into a standalone SVG.
 *
 * Observable Plot needs a DOM document to create elements. In a browser it is the page's own; in Node it
 * is linkedom's (`nodeDocument()` from `@tapegrad/viz/node`). Every plot function takes the document as
 * an argument (the last, or the one before an options object), the page's by default, so the same code
 * serves both and this package never imports
 * a DOM implementation itself. The project compiles without the DOM library, so the few DOM members the
 * plots use are typed here.
 */
import { ArgumentError } from '@tapegrad/autograd';

/** A DOM node: an element, or the text inside one. */
export interface DomNode {
  textContent: string | null;
}

/** The members of an SVG element that the plots use. */
export interface SvgElement extends DomNode {
  readonly tagName: string;
  readonly outerHTML: string;
  readonly firstChild: DomNode | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  appendChild(node: DomNode): DomNode;
}

/** The members of a document that the plots use (and that Observable Plot's `document` option needs). */
export interface PlotDocument {
  createElementNS(namespace: string, qualifiedName: string): SvgElement;
}

export const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/**
 * The page's document (`globalThis.document`): the default document of every plot function. Where there
 * is none (Node), `where` is named in an error that says what to pass instead.
 */
export function pageDocument(where: string): PlotDocument {
  const page = (globalThis as { document?: PlotDocument }).document;
  if (page === undefined) {
    throw new ArgumentError(
      `${where}: there is no page document to draw in here; in Node pass one as the document argument: ` +
        `nodeDocument() from '@tapegrad/viz/node'`,
    );
  }
  return page;
}

/** Creates an SVG element with the given attributes. */
export function createSvgElement(
  document: PlotDocument,
  name: string,
  attributes: Readonly<Record<string, string | number>> = {},
): SvgElement {
  const element = document.createElementNS(SVG_NAMESPACE, name);
  for (const [attribute, value] of Object.entries(attributes)) element.setAttribute(attribute, String(value));
  return element;
}

/**
 * The markup of a root <svg> element as a standalone SVG file: the namespace is declared, so that XML
 * parsers, browsers opening the file and resvg all read it as SVG.
 * @example writeFileSync('loss.svg', svgMarkup(figure));
 */
export function svgMarkup(svg: SvgElement): string {
  svg.setAttribute('xmlns', SVG_NAMESPACE);
  return svg.outerHTML;
}
