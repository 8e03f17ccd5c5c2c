/**
 * One fuzz request and what it must get back, how it is sent through `app.request` (as text, bytes, or a
 * stream with no Content-Length) and how it prints in a failure: method, path, headers and the first 200
 * characters of the body.
 */
import type { ServeApp } from '@tapegrad/serve';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface FuzzRequest {
  readonly method: Method;
  /** The path as sent, percent-encoded where it must be. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Sent as a ReadableStream of chunks of this many bytes, with no Content-Length; else all at once. */
  readonly chunkBytes?: number;
}

/** What the answer must be: the status, a part of the `error` message, and for a 405 the Allow header. */
export interface Expected {
  readonly status: 400 | 404 | 405 | 413 | 415;
  /** Where the request went wrong as the message must name it: `rows[3][1]`, `inputs[0].shape`, a limit. */
  readonly mentions: string;
  readonly allow?: string;
}

export interface FuzzCase {
  readonly request: FuzzRequest;
  readonly expected: Expected;
}

/** The answer as the client saw it; `status` is 'no answer' when none came within the time limit. */
export interface Answer {
  readonly status: number | 'no answer';
  readonly contentType: string | null;
  readonly allow: string | null;
  readonly text: string;
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** A POST of `body` as application/json. */
export const postJson = (path: string, body: string | Uint8Array): FuzzRequest => ({
  method: 'POST',
  path,
  headers: JSON_HEADERS,
  body,
});

/** A case whose answer is a 400 naming `mentions`. */
export const badRequest = (request: FuzzRequest, mentions: string): FuzzCase => ({
  request,
  expected: { status: 400, mentions },
});

const utf8 = new TextEncoder();

const bodyBytes = (body: string | Uint8Array) => (typeof body === 'string' ? utf8.encode(body) : body);

/** The body's length in bytes, as a Content-Length header gives it. */
export const byteLength = (body: string | Uint8Array) => bodyBytes(body).byteLength;

function requestInit(request: FuzzRequest): RequestInit {
  const { method, headers, body, chunkBytes } = request;
  if (body === undefined) return { method, headers };
  if (chunkBytes === undefined) return { method, headers, body };
  const bytes = bodyBytes(body);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(sent, sent + chunkBytes));
      sent += chunkBytes;
    },
  });
  // A stream body needs duplex 'half' (fetch's rule for a request body that is not all known up front).
  return { method, headers, body: stream, duplex: 'half' } as RequestInit;
}

/** Sends `request` and reads the answer, giving up after `limitMs` (a hang is an answer too). */
export async function send(app: ServeApp, request: FuzzRequest, limitMs: number): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const noAnswer = new Promise<Answer>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'no answer', contentType: null, allow: null, text: '' }),
      limitMs,
    );
  });
  const answer = (async (): Promise<Answer> => {
    const response = await app.request(request.path, requestInit(request));
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      allow: response.headers.get('allow'),
      text: await response.text(),
    };
  })();
  try {
    return await Promise.race([answer, noAnswer]);
  } finally {
    clearTimeout(timer);
  }
}

/** The request as a failure prints it: enough to send it again with curl. */
export function describeRequest(request: FuzzRequest): string {
  const { method, path, headers, body, chunkBytes } = request;
  const shown =
    body === undefined
      ? 'no body'
      : typeof body === 'string'
        ? `body (${byteLength(body)} bytes) ${JSON.stringify(body.slice(0, 200))}`
        : `body (${body.byteLength} bytes) hex ${Buffer.from(body.subarray(0, 100)).toString('hex')}`;
  const streamed = chunkBytes === undefined ? '' : `, streamed in ${chunkBytes}-byte chunks`;
  return `${method} ${path} headers ${JSON.stringify(headers)} ${shown}${streamed}`;
}
