/**
 * serveApp: the app on a port, with a graceful stop. `close()` stops listening at once (new connections
 * are refused), lets every request already received finish, answers any that still arrive on an open
 * keep-alive connection with `Connection: close`, then closes the idle connections; after `graceMs` it
 * closes whatever is left.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as NetServer } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';

/** What serveApp needs of an app: hono's fetch. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export interface ServeAppOptions {
  /** The port; 0 picks a free one (RunningServer.port says which). Default 8000. */
  readonly port?: number;
  /** The address to listen on. Default 127.0.0.1, this machine only. */
  readonly host?: string;
  /** How long close() waits for requests in flight before closing every connection. Default 10 s. */
  readonly graceMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops gracefully (see the file's comment); resolves once every connection is closed. */
  close(): Promise<void>;
}

/** Bytes a client sent just before close() are read within this time on loopback and on a LAN. */
const QUIET_MS = 50;

/**
 * Listens with `app` on `options.port`; rejects if the port cannot be had (in use, or not allowed).
 * @example const server = await serveApp(createApp(models), { port: 8000 }); ... await server.close();
 */
export function serveApp(app: FetchApp, options: ServeAppOptions = {}): Promise<RunningServer> {
  const { port = 8000, host = '127.0.0.1', graceMs = 10_000 } = options;
  let draining = false;
  let inFlight = 0;
  let lastFinished = 0;
  const server = createAdaptorServer({
    fetch: async (request: Request) => {
      inFlight++;
      try {
        const response = await app.fetch(request);
        if (draining) response.headers.set('Connection', 'close');
        return response;
      } finally {
        inFlight--;
        lastFinished = performance.now();
      }
    },
  }) as Server;

  const close = () =>
    new Promise<void>((resolve) => {
      draining = true;
      // net.Server's close stops listening only; http.Server's would also drop idle keep-alive connections
      // at once, and with them a request whose bytes are on the way but not yet read.
      NetServer.prototype.close.call(server, () => resolve());
      const started = performance.now();
      const poll = setInterval(() => {
        const now = performance.now();
        if (now - started > graceMs) {
          server.closeAllConnections();
        } else if (inFlight === 0 && now - Math.max(lastFinished, started) >= QUIET_MS) {
          server.closeIdleConnections();
        }
      }, 10);
      server.once('close', () => clearInterval(poll));
    });

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is in use; pick another with --port`
            : `cannot listen on ${host}:${port}: ${error.message}`,
        ),
      );
    });
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({ url: `http://${shownHost}:${bound}`, port: bound, close });
    });
  });
}
