/**
 * GET /openapi.json: a valid OpenAPI 3.1 document (checked with @seriousme/openapi-schema-validator, the
 * OpenAPI Initiative's own JSON schemas) that describes exactly the routes the app serves, documents each
 * JSON body and its error answers, and is honest: its request examples are answered 200, and real answers
 * (successes and errors) fit the response schemas it gives, with no field it does not describe.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, test } from 'vitest';
import { fixtureApp, postJson } from './support.ts';

type Json = Record<string, unknown>;

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

interface Operation {
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  parameters?: { name: string; in: string; required?: boolean; schema: Json }[];
  responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }>;
}

/** Every route of the service, as OpenAPI writes it, with its methods. */
const ROUTES: Record<string, string[]> = {
  '/predict': ['post'],
  '/models/{name}/predict': ['post'],
  '/v2': ['get'],
  '/v2/health/live': ['get'],
  '/v2/health/ready': ['get'],
  '/v2/models/{name}': ['get'],
  '/v2/models/{name}/ready': ['get'],
  '/v2/models/{name}/infer': ['post'],
  '/health': ['get'],
  '/metrics': ['get'],
  '/openapi.json': ['get'],
  '/docs': ['get'],
  '/docs/{asset}': ['get'],
};

const BODY_ROUTES = ['/predict', '/models/{name}/predict', '/v2/models/{name}/infer'];

/** Keywords that only annotate a schema; the checker below ignores them. */
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'title', 'deprecated']);

/**
 * Where `value` breaks `schema`: a JSON Schema checker for the keywords this document uses. A keyword it
 * does not know is itself reported, so that a schema it cannot fully check never passes by silence. With
 * `closed`, an object whose schema lists `properties` and says nothing of `additionalProperties` may hold
 * no other key: an answer must not carry fields the document does not describe.
 */
function schemaErrors(
  value: unknown,
  schema: Json,
  schemas: Record<string, Json>,
  path: string,
  closed: boolean,
): string[] {
  const errors: string[] = [];
  for (const [keyword, expected] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case '$ref': {
        const name = /^#\/components\/schemas\/(.+)$/.exec(expected as string)?.[1];
        const target = name === undefined ? undefined : schemas[name];
        if (target === undefined) errors.push(`${path}: $ref ${String(expected)} resolves to nothing`);
        else errors.push(...schemaErrors(value, target, schemas, path, closed));
        break;
      }
      case 'type': {
        const fits: Record<string, (v: unknown) => boolean> = {
          object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
          array: Array.isArray,
          string: (v) => typeof v === 'string',
          number: (v) => typeof v === 'number' && Number.isFinite(v),
          integer: (v) => Number.isSafeInteger(v),
          boolean: (v) => typeof v === 'boolean',
          null: (v) => v === null,
        };
        const check = fits[expected as string];
        if (check === undefined) errors.push(`${path}: unknown type ${String(expected)}`);
        else if (!check(value))
          errors.push(`${path}: expected ${String(expected)}, got ${JSON.stringify(value)}`);
        break;
      }
      case 'properties':
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          for (const [key, property] of Object.entries(expected as Record<string, Json>)) {
            if (Object.hasOwn(value, key)) {
              errors.push(...schemaErrors((value as Json)[key], property, schemas, `${path}.${key}`, closed));
            }
          }
          if (closed && !('additionalProperties' in schema)) {
            for (const key of Object.keys(value)) {
              if (!Object.hasOwn(expected as Json, key)) errors.push(`${path}.${key}: not in the schema`);
            }
          }
        }
        break;
      case 'required':
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          for (const key of expected as string[]) {
            if (!Object.hasOwn(value, key)) errors.push(`${path}.${key}: required, missing`);
          }
        }
        break;
      case 'additionalProperties':
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          const listed = (schema.properties ?? {}) as Json;
          for (const [key, item] of Object.entries(value)) {
            if (Object.hasOwn(listed, key)) continue;
            if (expected === false) errors.push(`${path}.${key}: not allowed`);
            else if (typeof expected === 'object' && expected !== null) {
              errors.push(...schemaErrors(item, expected as Json, schemas, `${path}.${key}`, closed));
            }
          }
        }
        break;
      case 'items':
        if (Array.isArray(value)) {
          value.forEach((item, i) => {
            errors.push(...schemaErrors(item, expected as Json, schemas, `${path}[${i}]`, closed));
          });
        }
        break;
      case 'anyOf': {
        const options = expected as Json[];
        const fitting = options.filter(
          (option, i) => schemaErrors(value, option, schemas, `${path}<anyOf ${i}>`, closed).length === 0,
        );
        if (fitting.length === 0) errors.push(`${path}: fits none of anyOf, got ${JSON.stringify(value)}`);
        break;
      }
      case 'enum':
        if (!(expected as unknown[]).includes(value)) {
          errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(expected)}`);
        }
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < (expected as number)) {
          errors.push(`${path}: ${value.length} items, fewer than ${String(expected)}`);
        }
        break;
      case 'maxItems':
        if (Array.isArray(value) && value.length > (expected as number)) {
          errors.push(`${path}: ${value.length} items, more than ${String(expected)}`);
        }
        break;
      case 'minimum':
        if (typeof value === 'number' && value < (expected as number)) {
          errors.push(`${path}: ${value} is below ${String(expected)}`);
        }
        break;
      default:
        errors.push(
          `${path}: schema keyword "${keyword}" is not checked by this test; teach schemaErrors it`,
        );
    }
  }
  return errors;
}

const app = fixtureApp();
let document: OpenApiDocument;

/** The errors of a JSON answer against the document's schema for `path`, `method` and its status. */
async function answerErrors(answer: Response, path: string, method: string): Promise<string[]> {
  const documented = document.paths[path]?.[method]?.responses[String(answer.status)];
  if (documented === undefined) return [`${method} ${path}: status ${answer.status} is not documented`];
  const schema = documented.content?.['application/json']?.schema;
  if (schema === undefined) return [`${method} ${path} ${answer.status}: no application/json schema`];
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  return schemaErrors(await answer.json(), schema, document.components.schemas, 'answer', true);
}

beforeAll(async () => {
  const answer = await app.request('/openapi.json');
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  document = (await answer.json()) as OpenApiDocument;
});

describe('GET /openapi.json', () => {
  test('is a valid OpenAPI 3.1 document, by the OpenAPI JSON schemas', async () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Json);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.info.title).toBe('tapegrad serve');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('every $ref in the document names a component schema that exists', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]*)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      expect(name, ref).toBeDefined();
      expect(document.components.schemas[name!], ref).toBeDefined();
    }
  });

  test('its paths and methods are exactly the routes of the service', () => {
    const documented = Object.fromEntries(
      Object.entries(document.paths).map(([path, item]) => [path, Object.keys(item).sort()]),
    );
    expect(documented).toEqual(ROUTES);
    // And hono's own route table (middleware aside, method ALL) holds the same routes, no more.
    const served = new Map<string, string[]>();
    for (const route of app.routes) {
      if (route.method === 'ALL') continue;
      const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      served.set(path, [...new Set([...(served.get(path) ?? []), route.method.toLowerCase()])].sort());
    }
    expect(Object.fromEntries(served)).toEqual(ROUTES);
  });

  test('every documented route answers (no 404 or 405) at its documented path', async () => {
    const fill = (path: string) => path.replace('{name}', 'moons').replace('{asset}', 'swagger-ui.css');
    for (const [path, methods] of Object.entries(ROUTES)) {
      for (const method of methods) {
        const answer =
          method === 'post'
            ? await postJson(app, fill(path), path.includes('infer') ? inferExample() : predictExample())
            : await app.request(fill(path));
        expect(answer.status, `${method.toUpperCase()} ${path}`).toBe(200);
      }
    }
  });

  test.each(BODY_ROUTES)('POST %s documents its JSON body and its 400, 413 and 415 answers', (path) => {
    const operation = document.paths[path]!.post!;
    expect(operation.requestBody?.required).toBe(true);
    expect(Object.keys(operation.requestBody!.content)).toEqual(['application/json']);
    const expectedBody = path.includes('infer') ? 'InferRequest' : 'PredictRequest';
    expect(operation.requestBody!.content['application/json']!.schema).toEqual({
      $ref: `#/components/schemas/${expectedBody}`,
    });
    for (const status of ['400', '413', '415']) {
      const response = operation.responses[status];
      expect(response, `${path} ${status}`).toBeDefined();
      expect(response!.description.length).toBeGreaterThan(10);
      expect(response!.content).toEqual({
        'application/json': { schema: { $ref: '#/components/schemas/Error' } },
      });
    }
    const expectedAnswer = path.includes('infer') ? 'InferResponse' : 'PredictResponse';
    expect(operation.responses['200']!.content).toEqual({
      'application/json': { schema: { $ref: `#/components/schemas/${expectedAnswer}` } },
    });
  });

  test('the Error schema is an object with one required string, error', () => {
    expect(document.components.schemas.Error).toMatchObject({
      type: 'object',
      properties: { error: { type: 'string' } },
      required: ['error'],
    });
  });

  test('the routes with a model name document it as a required path parameter', () => {
    for (const path of ['/models/{name}/predict', '/v2/models/{name}', '/v2/models/{name}/ready']) {
      const method = path.endsWith('predict') ? 'post' : 'get';
      const parameters = document.paths[path]![method]!.parameters;
      expect(parameters, path).toEqual([
        expect.objectContaining({ name: 'name', in: 'path', required: true, schema: expect.anything() }),
      ]);
      // Swagger UI fills the example in: it must be a model the service has, its default.
      expect(parameters![0]!.schema.example, path).toBe('moons');
    }
  });

  test('every example in a component schema fits the schema it sits in', () => {
    const { schemas } = document.components;
    let checked = 0;
    const walk = (schema: unknown, path: string): void => {
      if (typeof schema !== 'object' || schema === null) return;
      if (Array.isArray(schema)) {
        schema.forEach((item, i) => {
          walk(item, `${path}[${i}]`);
        });
        return;
      }
      if ('example' in schema) {
        checked++;
        expect(schemaErrors(schema.example, schema as Json, schemas, path, false), path).toEqual([]);
      }
      for (const [key, value] of Object.entries(schema)) if (key !== 'example') walk(value, `${path}.${key}`);
    };
    walk(schemas, 'components.schemas');
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});

function predictExample(): unknown {
  return document.components.schemas.PredictRequest!.example;
}

function inferExample(): unknown {
  return document.components.schemas.InferRequest!.example;
}

describe('the documented examples are answered 200', () => {
  test('the PredictRequest example, POSTed to /predict, predicts both of its rows with the default model', async () => {
    const example = predictExample() as { rows: unknown[] };
    expect(example.rows.length).toBe(2);
    const answer = await postJson(app, '/predict', example);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as {
      model: string;
      classes: string[];
      predictions: { class: string; probabilities: number[] }[];
    };
    expect(body.model).toBe('moons');
    expect(body.classes).toEqual(['0', '1']);
    expect(body.predictions).toHaveLength(2);
    for (const prediction of body.predictions) {
      expect(body.classes).toContain(prediction.class);
      expect(prediction.probabilities).toHaveLength(2);
      expect(prediction.probabilities[0]! + prediction.probabilities[1]!).toBeCloseTo(1, 12);
    }
  });

  test('the InferRequest example, POSTed to /v2/models/moons/infer, gives a [2, 2] FP64 tensor', async () => {
    const example = inferExample() as { id: string; inputs: { shape: number[] }[] };
    const answer = await postJson(app, '/v2/models/moons/infer', example);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as {
      model_name: string;
      id: string;
      outputs: { name: string; shape: number[]; datatype: string; data: number[] }[];
    };
    expect(body.model_name).toBe('moons');
    expect(body.id).toBe(example.id);
    expect(body.outputs).toHaveLength(1);
    expect(body.outputs[0]!.name).toBe('probabilities');
    expect(body.outputs[0]!.datatype).toBe('FP64');
    expect(body.outputs[0]!.shape).toEqual([example.inputs[0]!.shape[0], 2]);
    expect(body.outputs[0]!.data).toHaveLength(4);
  });

  test('the examples mean the same rows: /predict and the v2 route give the same probabilities', async () => {
    const predicted = (await (await postJson(app, '/predict', predictExample())).json()) as {
      predictions: { probabilities: number[] }[];
    };
    const inferred = (await (await postJson(app, '/v2/models/moons/infer', inferExample())).json()) as {
      outputs: { data: number[] }[];
    };
    expect(inferred.outputs[0]!.data).toEqual(predicted.predictions.flatMap((p) => p.probabilities));
  });
});

describe('real answers fit the documented response schemas, with no undocumented field', () => {
  test.each([
    ['/v2', '/v2'],
    ['/v2/health/live', '/v2/health/live'],
    ['/v2/health/ready', '/v2/health/ready'],
    ['/v2/models/{name}', '/v2/models/blobs'],
    ['/v2/models/{name}/ready', '/v2/models/fruit/ready'],
    ['/health', '/health'],
  ])('GET %s (as %s)', async (path, url) => {
    const answer = await app.request(url);
    expect(answer.status).toBe(200);
    expect(await answerErrors(answer, path, 'get')).toEqual([]);
  });

  test('POST /predict, with rows as lists and by feature name', async () => {
    const answer = await postJson(app, '/predict', { rows: [[0.1, 0.2], { x2: 1, x1: -1 }, [2, -3]] });
    expect(answer.status).toBe(200);
    expect(await answerErrors(answer, '/predict', 'post')).toEqual([]);
  });

  test('POST /models/{name}/predict with the three-class blobs model', async () => {
    const answer = await postJson(app, '/models/blobs/predict', { rows: [[0, 0]] });
    expect(answer.status).toBe(200);
    expect(await answerErrors(answer, '/models/{name}/predict', 'post')).toEqual([]);
  });

  test('POST /v2/models/{name}/infer, with and without an id', async () => {
    const tensor = { name: 'input', shape: [1, 2], datatype: 'FP32', data: [[150, 7.5]] };
    for (const body of [{ inputs: [tensor] }, { id: 'x', inputs: [tensor] }]) {
      const answer = await postJson(app, '/v2/models/fruit/infer', body);
      expect(answer.status).toBe(200);
      expect(await answerErrors(answer, '/v2/models/{name}/infer', 'post')).toEqual([]);
    }
  });

  test('GET /metrics, /docs and /docs/{asset} answer with a documented media type', async () => {
    const cases = [
      ['/metrics', '/metrics'],
      ['/docs', '/docs'],
      ['/docs/{asset}', '/docs/swagger-ui.css'],
      ['/docs/{asset}', '/docs/swagger-ui-bundle.js'],
    ] as const;
    for (const [path, url] of cases) {
      const answer = await app.request(url);
      expect(answer.status, url).toBe(200);
      const mediaType = answer.headers.get('content-type')!.split(';')[0]!.trim();
      expect(Object.keys(document.paths[path]!.get!.responses['200']!.content!), url).toContain(mediaType);
    }
  });

  test.each(BODY_ROUTES)('POST %s: its 400, 413 and 415 answers are Error bodies', async (path) => {
    const url = path.replace('{name}', 'moons');
    const small = fixtureApp({ maxBodyBytes: 64 });
    const answers = [
      [400, await postJson(app, url, '{"rows": [')],
      [400, await postJson(app, url, { rows: 'none', inputs: 'none' })],
      [413, await postJson(small, url, { rows: Array.from({ length: 50 }, () => [1, 2]) })],
      [
        415,
        await app.request(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }),
      ],
    ] as const;
    for (const [status, answer] of answers) {
      expect(answer.status).toBe(status);
      expect(await answerErrors(answer, path, 'post')).toEqual([]);
    }
  });

  test('a 404 for an unknown model is an Error body, as documented', async () => {
    for (const [path, method, url] of [
      ['/models/{name}/predict', 'post', '/models/nope/predict'],
      ['/v2/models/{name}', 'get', '/v2/models/nope'],
      ['/v2/models/{name}/ready', 'get', '/v2/models/nope/ready'],
      ['/v2/models/{name}/infer', 'post', '/v2/models/nope/infer'],
    ] as const) {
      const answer = method === 'post' ? await postJson(app, url, predictExample()) : await app.request(url);
      expect(answer.status, url).toBe(404);
      expect(await answerErrors(answer, path, method)).toEqual([]);
    }
  });
});
