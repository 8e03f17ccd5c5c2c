/**
 * The body of a POST route, read before the schema sees it: at most `maxBytes` (413), declared as JSON
 * (415), and valid JSON (400 with JSON.parse's message, which says where the text broke).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { HttpError } from './http-error.ts';

/** The media types hono's JSON validator accepts: application/json and application/*+json, with parameters. */
const JSON_CONTENT_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/;

const parsedJson: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'POST') return next();
  const contentType = c.req.header('content-type');
  if (contentType === undefined || !JSON_CONTENT_TYPE.test(contentType)) {
    throw new HttpError(
      415,
      `Content-Type is ${contentType === undefined ? 'missing' : JSON.stringify(contentType)}; send the body as application/json`,
    );
  }
  const text = await c.req.text();
  if (text.trim() === '') throw new HttpError(400, 'the body is empty; send a JSON object');
  try {
    JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `the body is not valid JSON: ${(error as Error).message}`);
  }
  return next();
};

/**
 * The checks for a route that takes a JSON body of at most `maxBytes`.
 * @example app.use('/predict', jsonBody(1024 * 1024));
 */
export function jsonBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpError(413, `the body is over ${maxBytes} bytes, this service's limit (--max-body)`);
    },
  });
  return every(async (c, next) => (c.req.method === 'POST' ? limit(c, next) : next()), parsedJson);
}
