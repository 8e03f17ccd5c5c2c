/**
 * @tapegrad/serve: tapegrad's trained networks over HTTP. `createApp(models, options)` builds the service
 * (no socket: `app.request(...)` in tests), `serveApp(app, { port })` puts it on a port with a graceful stop.
 */
export { createApp, type ServeApp } from './app.ts';
export { DEFAULT_SERVE_OPTIONS, type ServeOptions } from './options.ts';
export { MODEL_NAME_PATTERN, type RowPredictions, type ServedModelSpec } from './served-model.ts';
export { type RunningServer, type ServeAppOptions, serveApp } from './server.ts';
