/**
 * createApp: the prediction service as a hono app, with no socket, so tests call `app.request(...)` and
 * `serveApp` (server.ts) puts it on a port. Every answer that is not a success is `{"error": "..."}`: 400
 * for invalid JSON or a body that does not fit, 404 for an unknown route or model, 405 for a known route
 * called with another method, 413 for a body over the limit, 415 for a body that is not JSON.
 */
import { createRequire } from 'node:module';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { HttpError } from './http-error.ts';
import { jsonBody } from './json-body.ts';
import { markUnmatched, ServiceMetrics } from './metrics.ts';
import { resolveServeOptions, type ServeOptions } from './options.ts';
import { addDocsRoutes } from './routes/docs.ts';
import { addHealthRoutes } from './routes/health.ts';
import { addOpenInferenceRoutes } from './routes/open-inference.ts';
import { addPredictRoutes } from './routes/predict.ts';
import { ServedModel, type ServedModelSpec } from './served-model.ts';
import { Service } from './service.ts';
import { validationMessage } from './validation-messages.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

function errorAnswer(c: Context, error: HttpError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json({ error: error.message }, error.status);
}

/** The route patterns with their methods, as regular expressions, for telling 404 from 405. */
function routeMethods(app: OpenAPIHono): { pattern: RegExp; methods: string[] }[] {
  const byPath = new Map<string, string[]>();
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { path, method } = definition.route;
    byPath.set(path, [...(byPath.get(path) ?? []), method.toUpperCase()]);
  }
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    methods: methods.includes('GET') ? [...methods, 'HEAD'] : methods,
  }));
}

/** The service's hono app: `app.request(...)` answers without a socket, `app.fetch` serves one. */
export type ServeApp = OpenAPIHono;

/**
 * The service for `models` (the first is the default model of `POST /predict`).
 * @example
 * const app = createApp([{ name: 'main', network, classes: ['0', '1'], featureNames: ['x1', 'x2'], standardizer }]);
 * const answer = await app.request('/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rows": [[0.5, -0.2]]}' });
 */
export function createApp(models: readonly ServedModelSpec[], options: ServeOptions = {}): ServeApp {
  const resolved = resolveServeOptions(options);
  if (!Array.isArray(models) || models.length === 0) {
    throw new TypeError(
      'createApp: models must be a non-empty list of { name, network, classes, featureNames, standardizer }',
    );
  }
  const served = models.map((spec, i) => new ServedModel(spec, `createApp: models[${i}]`));
  const duplicate = served.find((model, i) => served.findIndex((other) => other.name === model.name) !== i);
  if (duplicate !== undefined)
    throw new TypeError(`createApp: two models are called "${duplicate.name}"; names must differ`);
  const metrics = new ServiceMetrics(
    served.map((model) => model.name),
    resolved.processMetrics,
  );
  const service = new Service(served, resolved, metrics);

  const app = new OpenAPIHono({
    // The message quotes the offending value, looked up in what the client sent (the body's text is
    // cached by json-body.ts).
    defaultHook: async (result, c) => {
      if (!result.success) {
        const sent = result.target === 'json' ? await c.req.json() : c.req.param();
        return c.json({ error: validationMessage(result.error, sent) }, 400);
      }
    },
  });
  app.use('*', metrics.middleware());
  // An unknown model is a 404 before its body is read.
  for (const path of ['/models/:name/*', '/v2/models/:name', '/v2/models/:name/*']) {
    app.use(path, async (c, next) => {
      service.model(c.req.param('name') ?? '');
      await next();
    });
  }
  for (const path of ['/predict', '/models/:name/predict', '/v2/models/:name/infer']) {
    app.use(path, jsonBody(resolved.maxBodyBytes));
  }
  addPredictRoutes(app, service);
  addOpenInferenceRoutes(app, service, version);
  addHealthRoutes(app, service);
  addDocsRoutes(app, version);

  const routes = routeMethods(app);
  app.notFound((c) => {
    markUnmatched(c);
    const path = c.req.path;
    const allowed = routes.find((route) => route.pattern.test(path))?.methods;
    if (allowed !== undefined) {
      return errorAnswer(
        c,
        new HttpError(405, `${c.req.method} is not allowed on ${path}; use ${allowed.join(' or ')}`, {
          Allow: allowed.join(', '),
        }),
      );
    }
    return errorAnswer(
      c,
      new HttpError(
        404,
        `no route ${c.req.method} ${path}; the routes are listed at /docs and /openapi.json`,
      ),
    );
  });
  app.onError((error, c) => {
    if (error instanceof HttpError) return errorAnswer(c, error);
    // hono's own refusals (a validator's 415, say) keep their status, in our error body.
    if (error instanceof HTTPException)
      return errorAnswer(c, new HttpError(error.status as 400, error.message));
    console.error(error);
    return c.json({ error: `internal error: ${(error as Error).message}` }, 500);
  });
  return app;
}
