/**
 * What the service answers when a request cannot be served: a status and `{"error": "..."}`, the
 * message naming what was wrong and where (`rows[3][1]: expected a number, got "abc"`).
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A request the service refuses: 4xx, with the message the client reads. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    /** Headers the answer needs, such as `Allow` for a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The body of every error answer. */
export interface ErrorBody {
  readonly error: string;
}

/**
 * How a value the client sent reads in a message: a short JSON rendering of a scalar or a string (cut
 * after 40 characters), and only the kind of a list or an object, which may be huge or deep.
 * @example describeValue('abc'); // '"abc"'
 * @example describeValue([[1]]); // 'a list'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  // JSON has no NaN or Infinity: a non-finite number was written too large (1e400).
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number beyond the range of float64';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return JSON.stringify(shown);
  }
  return JSON.stringify(value);
}

/**
 * A path into the request body as JavaScript writes it: `rows[3][1]`, `inputs[0].shape`, `rows[2]["a b"]`.
 * @example formatPath(['rows', 3, 1]); // 'rows[3][1]'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === '' ? 'body' : text;
}
