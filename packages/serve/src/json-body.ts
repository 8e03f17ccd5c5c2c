/**
 * The body of a POST route, read before the schema sees it: at most `maxBytes` (413), declared as JSON
 * (415), and valid JSON (400 with JSON.parse's message, which says where the text broke).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.ts';

/** Each request's body as JSON.parse gave it, for the routes (see parsedBody). */
const parsedBodies = new WeakMap<Context, unknown>();

/**
 * The body exactly as the client sent it, parsed. A route reads its data from here after the schema has
 * accepted it: zod's records drop a `__proto__` key (to keep it off the prototype), which would let a row
 * with a stray `"__proto__"` feature pass unnoticed, while JSON.parse keeps it as a plain own key.
 */
export function parsedBody(c: Context): unknown {
  return parsedBodies.get(c);
}

/**
 * The media types the route's JSON validator (@hono/zod-openapi) accepts: application/json and
 * application/*+json, with parameters, in any case (media types are case-insensitive).
 */
const JSON_CONTENT_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * The body's text, refused with a 413 past `maxBytes`. A declared Content-Length is checked before a byte
 * is read (Node's parser never reads past it), and the text then comes straight from the socket (the
 * fast path of @hono/node-server); a chunked body is counted as it streams.
 */
async function limitedText(c: Context, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, `the body is over ${maxBytes} bytes, this service's limit (--max-body)`);
  const declared = c.req.header('content-length');
  if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (Number(declared) > maxBytes) throw tooLarge();
    return c.req.text();
  }
  const body = c.req.raw.body;
  if (body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // The schema's validator reads the body again through c.req.json(), which parses hono's cached text
  // (a promise, as hono itself caches it): the stream is spent.
  (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
  return text;
}

/**
 * The checks for a route that takes a JSON body of at most `maxBytes`.
 * @example app.use('/predict', jsonBody(1024 * 1024));
 */
export function jsonBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const contentType = c.req.header('content-type');
    if (contentType === undefined || !JSON_CONTENT_TYPE.test(contentType)) {
      throw new HttpError(
        415,
        `Content-Type is ${contentType === undefined ? 'missing' : JSON.stringify(contentType)}; send the body as application/json`,
      );
    }
    const text = await limitedText(c, maxBytes);
    if (text.trim() === '') throw new HttpError(400, 'the body is empty; send a JSON object');
    try {
      parsedBodies.set(c, JSON.parse(text));
    } catch (error) {
      throw new HttpError(400, `the body is not valid JSON: ${(error as Error).message}`);
    }
    return next();
  };
}
