/**
 * JSON text with what JSON.stringify cannot write: a `Literal` goes in as its own text (`1e400`, `NaN`,
 * `"\ud800"`, 30,000 levels of `[`), and an object's keys keep their order and their names, `__proto__`
 * included (an own key, as JSON.parse reads it back). A field that is undefined is left out, as
 * JSON.stringify leaves it out.
 */

/** Text placed into the JSON as it is. */
export class Literal {
  constructor(readonly text: string) {}
}

export const literal = (text: string) => new Literal(text);

/** An object built from `entries`, each an own key, `__proto__` too. */
export const objectOf = (entries: readonly (readonly [string, unknown])[]): Record<string, unknown> =>
  Object.fromEntries(entries);

/**
 * `value` as compact JSON text, with each Literal's text as it is.
 * @example jsonText({ rows: [[literal('1e400'), 2]] }); // '{"rows":[[1e400,2]]}'
 */
export function jsonText(value: unknown): string {
  if (value instanceof Literal) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .map(([key, field]) => `${JSON.stringify(key)}:${jsonText(field)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `depth` lists, one inside the next, around `inner`: `[[[inner]]]`. */
export const nestedLists = (depth: number, inner = '') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** `depth` objects, one inside the next under the key "a", around `inner`: `{"a":{"a":inner}}`. */
export const nestedObjects = (depth: number, inner = '1') =>
  `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
