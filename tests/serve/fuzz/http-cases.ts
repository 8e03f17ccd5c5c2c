/**
 * Requests wrong before their body's fields are read: the method, the route, the model, the Content-Type,
 * the size, and a body that is not JSON (truncated, broken, empty, random bytes, nested 50,000 deep).
 */
import {
  badRequest,
  byteLength,
  type FuzzCase,
  type FuzzRequest,
  JSON_HEADERS,
  type Method,
  postJson,
} from './fuzz-case.ts';
import { jsonText, nestedLists, nestedObjects } from './json-text.ts';
import type { Picker } from './picker.ts';
import {
  inferPath,
  MAX_BODY_BYTES,
  MODELS,
  postPath,
  predictTarget,
  routes,
  validInferRequest,
  validRows,
} from './targets.ts';

const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A valid body for the route at `path`: rows for a predict route, a tensor for infer. */
function validBody(pick: Picker, path: string): string {
  if (path.endsWith('/infer')) return jsonText(validInferRequest(pick, pick.int(1, 3)));
  const model = MODELS.find((m) => path.includes(`/${m.name}/`)) ?? MODELS[0]!;
  return jsonText({ rows: validRows(pick, model, pick.int(1, 3)) });
}

/** A request with `method` to `path`, with a JSON body where the method may have one. */
function requestWith(pick: Picker, method: Method, path: string): FuzzRequest {
  if (method === 'GET' || pick.chance(0.3)) return { method, path, headers: {} };
  return { method, path, headers: JSON_HEADERS, body: validBody(pick, path) };
}

/** How the body travels: whole, declared by Content-Length, or streamed with no length. */
function sentAs(pick: Picker, request: FuzzRequest): FuzzRequest {
  const body = request.body;
  if (body === undefined) return request;
  switch (pick.int(0, 2)) {
    case 0:
      return request;
    case 1:
      return { ...request, headers: { ...request.headers, 'content-length': String(byteLength(body)) } };
    default: {
      // Byte-sized chunks only for small bodies: 200,000 one-byte reads would be slow, not more thorough.
      const chunkBytes = byteLength(body) > 4096 ? [512, 4096, 16_384] : [1, 7, 512, 4096];
      return { ...request, chunkBytes: pick.pick(chunkBytes) };
    }
  }
}

/** A known route with a method it does not answer: 405 with the methods it does in Allow. */
export function wrongMethod(pick: Picker): FuzzCase {
  const route = pick.pick(routes(pick));
  const method = pick.pick(METHODS.filter((m) => !route.methods.includes(m)));
  return {
    request: requestWith(pick, method, route.path),
    expected: { status: 405, mentions: `${method} is not allowed on ${route.path}`, allow: route.allow },
  };
}

/** A path no route has: misspelt, another version, an extra or missing segment, unicode, odd encoding. */
export function unknownRoute(pick: Picker): FuzzCase {
  const segment = () => encodeURIComponent(pick.text(pick.int(1, 10)).replaceAll('.', '_'));
  const path = pick.pick([
    '/',
    '/predict/',
    '/Predict',
    '/PREDICT',
    '/predict/x',
    '/predictions',
    '/models',
    '/v2/models',
    '/v1/models/moons/infer',
    '/v3',
    '/v2/health',
    '/v2/health/alive',
    '/healthz',
    '/health/',
    '/docs/a/b',
    '//predict',
    '/%ZZ',
    '/%00',
    `/${segment()}`,
    `/v2/${segment()}`,
    `/predict/${segment()}`,
    `/${segment()}/${segment()}`,
  ]);
  return {
    request: requestWith(pick, pick.pick(METHODS), path),
    expected: { status: 404, mentions: 'no route' },
  };
}

/** Names that are not a model here: near misses, unicode, prototype names, an encoded slash. */
function unknownModelName(pick: Picker): string {
  return pick.pick([
    'Moons',
    'MOONS',
    'moons ',
    ' moons',
    'moon',
    'moons2',
    'main',
    'default',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'модель',
    '模型',
    'fruit🍎',
    'a/b',
    'moons?x=1',
    'moons#1',
    `m${pick.text(pick.int(1, 30))}`,
  ]);
}

/** A model route naming a model the service lacks: 404 listing the models, before the body is read. */
export function unknownModel(pick: Picker): FuzzCase {
  const name = unknownModelName(pick);
  const encoded = encodeURIComponent(name);
  const [method, path] = pick.pick<[Method, string]>([
    ['POST', `/models/${encoded}/predict`],
    ['POST', `/v2/models/${encoded}/infer`],
    ['GET', `/v2/models/${encoded}`],
    ['GET', `/v2/models/${encoded}/ready`],
    [pick.pick(METHODS), `/v2/models/${encoded}/infer`],
  ]);
  const request =
    method === 'POST' && pick.chance(0.5)
      ? { method, path, headers: { 'content-type': 'text/plain' }, body: 'not even JSON' }
      : requestWith(pick, method, path);
  return { request, expected: { status: 404, mentions: `unknown model ${JSON.stringify(name)}` } };
}

/** A valid body sent with a Content-Type that is not JSON, or none: 415. */
export function wrongContentType(pick: Picker): FuzzCase {
  const path = postPath(pick);
  const body = validBody(pick, path);
  if (pick.chance(0.2)) {
    // As bytes, so that fetch adds no Content-Type of its own.
    return {
      request: { method: 'POST', path, headers: {}, body: new TextEncoder().encode(body) },
      expected: { status: 415, mentions: 'Content-Type is missing' },
    };
  }
  const contentType = pick.pick([
    'text/plain',
    'text/json',
    'text/html; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'application/xml',
    'application/octet-stream',
    'application/javascript',
    'application/jsonp',
    'application/json-seq',
    'json',
    'application',
    '',
    '*/*',
    'application/json, text/plain',
    'image/png',
  ]);
  return {
    request: sentAs(pick, { method: 'POST', path, headers: { 'content-type': contentType }, body }),
    expected: { status: 415, mentions: 'Content-Type is' },
  };
}

/** JSON cut short or broken by a token JSON does not have: 400 with JSON.parse's account of where. */
export function invalidJson(pick: Picker): FuzzCase {
  const path = postPath(pick);
  const valid = validBody(pick, path);
  const broken = pick.pick([
    () => valid.slice(0, pick.int(1, valid.length - 1)),
    // The first number (after [ , or :, so never one inside a string) as a token JSON does not have.
    () =>
      valid.replace(
        /([[,:])-?\d+(\.\d+)?(e[+-]?\d+)?/i,
        `$1${pick.pick(['NaN', 'Infinity', '0x10', '01', '+1', '.5', '1.', '-', '1e', "'1'"])}`,
      ),
    () => valid.replace(/"(\w+)":/, pick.pick(["'$1':", '$1:', '"$1" '])),
    () => `${valid.slice(0, -1)},}`,
    () => valid.replace(']', ',]'),
    () => `${valid}${pick.pick(['{}', '}', ',', 'x', '\u0000', '// end'])}`,
    () => `/* a comment */${valid}`,
    () => valid.replace('{', '{,'),
    () => valid.replaceAll('"', "'"),
    () => `{"rows": "${pick.text(5)}`,
  ])();
  return badRequest(sentAs(pick, postJson(path, broken)), 'the body is not valid JSON');
}

/** No body, or only whitespace. */
export function emptyBody(pick: Picker): FuzzCase {
  const path = postPath(pick);
  const body = pick.pick([undefined, '', ' ', '\n', '\r\n\t  ', ' '.repeat(1000)]);
  const request: FuzzRequest =
    body === undefined ? { method: 'POST', path, headers: JSON_HEADERS } : sentAs(pick, postJson(path, body));
  return badRequest(request, 'the body is empty');
}

/** Random bytes (often not UTF-8) or printable garbage declared as JSON. */
export function randomGarbage(pick: Picker): FuzzCase {
  const path = postPath(pick);
  const length = pick.int(1, 4096);
  // Never a '{': an object could, by rare chance, parse, and be refused for a missing field instead.
  const body = pick.chance(0.5)
    ? pick.bytes(length).map((byte) => (byte === 0x7b ? 0x7c : byte))
    : pick.text(length, [...'}[]":,01e-+. \nabcnulltrue\\']);
  // Whatever JSON.parse makes of it (mostly an error, now and then a number or a list), the message is
  // about the body.
  return badRequest(sentAs(pick, postJson(path, body)), 'body');
}

/** A body over the limit: 413 before it is parsed, whether its length is declared or it streams. */
export function oversizedBody(pick: Picker): FuzzCase {
  const path = postPath(pick);
  const size = pick.chance(0.2) ? MAX_BODY_BYTES + 1 : pick.int(MAX_BODY_BYTES + 1, 3 * MAX_BODY_BYTES);
  const body = pick.pick([
    // Rows, padded with spaces to the byte.
    () => {
      const start = `{"rows":[${'[0.5,-0.2],'.repeat(Math.floor((size - 20) / 11))}[0,0]]}`;
      return start + ' '.repeat(Math.max(0, size - start.length));
    },
    // Two-byte characters: the limit is in bytes, and there are half as many characters.
    () => `{"rows":[[1,2]],"note":"${'é'.repeat(Math.ceil(size / 2))}"}`,
    () => ' '.repeat(size),
    () => pick.bytes(size),
  ])();
  return {
    request: sentAs(pick, postJson(path, body)),
    expected: { status: 413, mentions: `the body is over ${MAX_BODY_BYTES} bytes` },
  };
}

/** A malformed body of exactly the limit: read and refused for what it says (400), not for its size. */
export function bodyAtTheLimit(pick: Picker): FuzzCase {
  const model = pick.pick(MODELS);
  const [path, start, mentions] = pick.pick([
    [predictTarget(pick).path, '{"rows":[]}', 'rows: no rows'],
    [inferPath(model), '{"inputs":[]}', 'inputs: expected exactly one input tensor'],
  ]);
  const body = start + ' '.repeat(MAX_BODY_BYTES - start.length);
  return badRequest(sentAs(pick, postJson(path, body)), mentions);
}

/** JSON nested 10,000 to 50,000 levels deep: balanced (valid JSON, not an object) or never closed. */
export function deeplyNestedBody(pick: Picker): FuzzCase {
  const path = postPath(pick);
  switch (pick.int(0, 2)) {
    case 0:
      return badRequest(
        postJson(path, nestedLists(pick.int(10_000, 32_000))),
        'body: expected an object, got a list',
      );
    case 1: {
      // Never closed: up to 50,000 openings, cut at the limit.
      const opening = pick.pick(['[', '{"a":', '[{"a":']);
      const text = opening.repeat(pick.int(2_000, 50_000)).slice(0, MAX_BODY_BYTES);
      return badRequest(sentAs(pick, postJson(path, text)), 'the body is not valid JSON');
    }
    default: {
      const required = path.endsWith('/infer') ? 'inputs: missing' : 'rows: missing';
      return badRequest(postJson(path, nestedObjects(pick.int(2_000, 10_000))), required);
    }
  }
}
