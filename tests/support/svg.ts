/**
 * Reading SVG in tests: a strict well-formedness check, then a document to query.
 */

import { svgToPng } from '@tapegrad/viz/node';
import { DOMParser } from 'linkedom';

/** The members of a parsed element the tests read. */
export interface ParsedElement {
  readonly tagName: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): ParsedElement | null;
  querySelectorAll(selector: string): Iterable<ParsedElement> & { readonly length: number };
}

/**
 * Parses an SVG file's text. linkedom's parser is lenient (it closes unclosed tags, keeps a stray '&'),
 * so well-formedness is checked first by rendering with resvg, whose XML parser rejects malformed
 * markup, bad entity references and a root element outside the SVG namespace, as a browser opening the
 * .svg file would. Returns the root <svg> element, to query with CSS selectors.
 */
export function parseSvg(svg: string): ParsedElement {
  try {
    svgToPng(svg);
  } catch (error) {
    throw new Error(`not a well-formed standalone SVG: ${(error as Error).message}`);
  }
  const document = new DOMParser().parseFromString(svg, 'image/svg+xml') as {
    documentElement: ParsedElement;
  };
  return document.documentElement;
}

/** The texts of the elements a selector matches, in document order. */
export function textsOf(root: ParsedElement, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((element) => element.textContent ?? '');
}

/** The vertices of an SVG path made of M and L commands (as Plot's lines and contours are). */
export function pathVertices(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)/g)].map((match) => [
    Number(match[1]),
    Number(match[2]),
  ]);
}
