/** SVG elements made in the page's document, for the views that draw SVG (the loss chart, the network). */

export const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/**
 * A new SVG element with its attributes, appended to `parent` when given.
 * @example svgElement('line', { x1: 0, y1: 0, x2: 10, y2: 10, stroke: 'black' }, svg);
 */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number>> = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NAMESPACE, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  parent?.appendChild(element);
  return element;
}
