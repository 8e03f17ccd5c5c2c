/**
 * What the serve tests share: three run folders written by `tapegrad train` (committed under fixtures/,
 * model.json and config.json only), as createApp takes them, and a JSON POST.
 *
 * - moons: TwoLayerNet 2-8-1, tanh hidden, one sigmoid output; classes "0", "1"; features x1, x2.
 * - blobs: MLP 2-8-8-3, softmax output; classes "0", "1", "2"; features x1, x2.
 * - fruit: TwoLayerNet 2-6-1 from a CSV; classes "apple", "orange"; features weight_g, diameter_cm.
 */
import { join } from 'node:path';
import { createApp, type ServeApp, type ServedModelSpec, type ServeOptions } from '@tapegrad/serve';
import { loadSavedRun } from '../../packages/cli/src/saved-run.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export type FixtureName = 'moons' | 'blobs' | 'fruit';

/** The run folder of a fixture. */
export const fixtureDir = (fixture: FixtureName) => join(FIXTURES, fixture);

/** A fixture run as createApp takes it, served as `name` (the fixture's name by default). */
export function fixtureModel(fixture: FixtureName, name: string = fixture): ServedModelSpec {
  const run = loadSavedRun(fixtureDir(fixture));
  const { classes, featureNames, standardizer } = run.config;
  return { name, network: run.model, classes, featureNames, standardizer };
}

/** The app serving moons (the default model), blobs and fruit. */
export function fixtureApp(options: ServeOptions = {}): ServeApp {
  return createApp([fixtureModel('moons'), fixtureModel('blobs'), fixtureModel('fruit')], {
    processMetrics: false,
    ...options,
  });
}

/** POSTs `body` (JSON.stringify'd unless a string) as application/json. */
export function postJson(app: ServeApp, path: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}
