/**
 * `GET /openapi.json` (the OpenAPI 3.1 document of every route) and `GET /docs` (Swagger UI). Swagger UI's
 * script and stylesheet are served from the swagger-ui-dist package on this machine, so the page works
 * offline and no request leaves it (the validator badge, which would call validator.swagger.io, is off).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { HttpError } from '../http-error.ts';
import { errorResponse } from '../schemas/common.ts';

const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;
type Asset = keyof typeof ASSETS;

const swaggerUiFolder = () => dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** Each asset read once, on its first request. */
const assetCache = new Map<Asset, string>();
function asset(name: Asset): string {
  let text = assetCache.get(name);
  if (text === undefined) {
    text = readFileSync(join(swaggerUiFolder(), name), 'utf8');
    assetCache.set(name, text);
  }
  return text;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>tapegrad serve: API</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true });
  </script>
</body>
</html>
`;

export function addDocsRoutes(app: OpenAPIHono, version: string): void {
  const tags = ['service'];
  let document: unknown;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/openapi.json',
      tags,
      summary: 'This document: OpenAPI 3.1 of every route',
      responses: {
        200: {
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
          description: 'The OpenAPI document',
        },
      },
    }),
    (c) => {
      document ??= app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'tapegrad serve',
          version,
          description:
            'Predictions from networks trained with tapegrad: its own POST /predict, and the Open Inference ' +
            'Protocol (KServe v2). Every error is {"error": "..."} naming what was wrong and where.',
        },
      });
      return c.json(document as Record<string, unknown>, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/docs',
      tags,
      summary: 'Swagger UI for this API, served from this machine',
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'The page' } },
    }),
    (c) => c.html(DOCS_PAGE, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/docs/{asset}',
      tags,
      summary: "Swagger UI's script and stylesheet",
      request: {
        params: z.object({
          asset: z.string().openapi({ param: { name: 'asset', in: 'path' }, example: 'swagger-ui.css' }),
        }),
      },
      responses: {
        200: {
          content: { 'text/css': { schema: z.string() }, 'text/javascript': { schema: z.string() } },
          description: 'The file',
        },
        404: errorResponse('No such file'),
      },
    }),
    (c) => {
      const name = c.req.valid('param').asset;
      if (!Object.hasOwn(ASSETS, name)) {
        throw new HttpError(404, `no file /docs/${name}; the files are ${Object.keys(ASSETS).join(', ')}`);
      }
      return c.body(asset(name as Asset), 200, {
        'Content-Type': ASSETS[name as Asset],
        'Cache-Control': 'public, max-age=86400',
      });
    },
  );
}
