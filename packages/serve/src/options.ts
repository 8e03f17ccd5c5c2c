/**
 * The settings of a service, with their defaults; `tapegrad serve` has a flag for each.
 */

export interface ServeOptions {
  /** The largest request body in bytes (`--max-body`); a larger one is answered 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** The most rows one request may hold (`--max-rows`). Default 10,000. */
  readonly maxRows?: number;
  /**
   * Dynamic batching: concurrent requests to one model are answered by one forward pass of up to this
   * many rows (`--max-batch`). 1 turns batching off. Default 256.
   */
  readonly maxBatch?: number;
  /**
   * How long a batch waits for more requests before it runs, in milliseconds (`--batch-wait-ms`). 0, the
   * default, runs it as soon as the requests that arrived together have been read: no added latency.
   */
  readonly batchWaitMs?: number;
  /** Whether /metrics includes the process's own metrics (memory, CPU, event loop). Default true. */
  readonly processMetrics?: boolean;
}

export type ResolvedServeOptions = Required<ServeOptions>;

export const DEFAULT_SERVE_OPTIONS: ResolvedServeOptions = {
  maxBodyBytes: 1024 * 1024,
  maxRows: 10_000,
  maxBatch: 256,
  batchWaitMs: 0,
  processMetrics: true,
};

const INTEGER_LIMITS: Readonly<Record<string, { readonly min: number }>> = {
  maxBodyBytes: { min: 1 },
  maxRows: { min: 1 },
  maxBatch: { min: 1 },
  batchWaitMs: { min: 0 },
};

/**
 * The options with their defaults filled in, each checked: an unknown name or a value that is not an
 * integer in range is a TypeError naming createApp, the option and the value.
 */
export function resolveServeOptions(options: ServeOptions): ResolvedServeOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`createApp: options must be an object, got ${String(options)}`);
  }
  for (const [name, value] of Object.entries(options)) {
    if (name === 'processMetrics') {
      if (typeof value !== 'boolean') {
        throw new TypeError(`createApp: options.processMetrics must be true or false, got ${String(value)}`);
      }
      continue;
    }
    const limits = INTEGER_LIMITS[name];
    if (limits === undefined) {
      throw new TypeError(
        `createApp: unknown option '${name}'; the options are ${Object.keys(DEFAULT_SERVE_OPTIONS).join(', ')}`,
      );
    }
    if (!Number.isSafeInteger(value) || (value as number) < limits.min) {
      throw new TypeError(
        `createApp: options.${name} must be an integer >= ${limits.min}, got ${String(value)}`,
      );
    }
  }
  return { ...DEFAULT_SERVE_OPTIONS, ...options };
}
