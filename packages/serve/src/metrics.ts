/**
 * The service's Prometheus metrics (prom-client, one registry per app, so that two apps in one process
 * count apart): requests by route, method and status, their latency, the rows predicted and the size of
 * each forward pass by model, the models loaded, and the process's own metrics.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The route label of a request that matched no route (a label per unknown path would grow forever). */
const UNMATCHED_ROUTE = '(unmatched)';

/** The requests answered by the app's not-found handler (404, or 405 for a known path). */
const unmatchedRequests = new WeakSet<Context>();

/** Marks a request as matching no route, for its route label. */
export function markUnmatched(c: Context): void {
  unmatchedRequests.add(c);
}

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'tapegrad_http_requests_total',
    help: 'HTTP requests answered, by route, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'tapegrad_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being ready, by route.',
    labelNames: ['route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly rows = new Counter({
    name: 'tapegrad_rows_predicted_total',
    help: 'Rows predicted, by model.',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  private readonly batches = new Histogram({
    name: 'tapegrad_batch_rows',
    help: 'Rows in each forward pass, by model: above the rows per request when batching joins requests.',
    labelNames: ['model'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096],
    registers: [this.registry],
  });

  constructor(modelNames: readonly string[], processMetrics: boolean) {
    new Gauge({
      name: 'tapegrad_models_loaded',
      help: 'Models this service serves.',
      registers: [this.registry],
    }).set(modelNames.length);
    for (const model of modelNames) {
      this.rows.inc({ model }, 0);
    }
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts every request and times it; the route is the matched pattern, such as /models/:name/predict. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const start = performance.now();
      await next();
      // After next(), routePath is the pattern of the last handler that ran: the route's.
      const label = unmatchedRequests.has(c) ? UNMATCHED_ROUTE : c.req.routePath;
      this.requests.inc({ route: label, method: c.req.method, status: String(c.res.status) });
      this.latency.observe({ route: label }, (performance.now() - start) / 1000);
    };
  }

  /** Records one forward pass of `rows` rows for `model`. */
  batch(model: string, rows: number): void {
    this.rows.inc({ model }, rows);
    this.batches.observe({ model }, rows);
  }

  /** The metrics in Prometheus's text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
