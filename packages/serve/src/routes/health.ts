/** `GET /health` and `GET /metrics`: what a load balancer and Prometheus poll. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Service } from '../service.ts';

export function addHealthRoutes(app: OpenAPIHono, service: Service): void {
  const HealthSchema = z
    .object({
      status: z.literal('ok'),
      models: z.array(z.string()).openapi({ example: service.models.map((model) => model.name) }),
    })
    .openapi('Health');
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['service'],
      summary: 'Health: 200 once every model is loaded (they load before the server listens)',
      responses: {
        200: { content: { 'application/json': { schema: HealthSchema } }, description: 'Serving' },
      },
    }),
    (c) => c.json({ status: 'ok' as const, models: service.models.map((model) => model.name) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['service'],
      summary:
        'Prometheus metrics: requests by route and status, latency, rows predicted, batch sizes, models',
      responses: {
        200: {
          content: { 'text/plain': { schema: z.string() } },
          description: "Prometheus's text exposition format",
        },
      },
    }),
    async (c) => c.text(await service.metrics.text(), 200, { 'Content-Type': service.metrics.contentType }),
  );
}
