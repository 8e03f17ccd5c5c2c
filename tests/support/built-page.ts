/**
 * A page as a user gets it: built by vite into a temporary folder and served by vite's preview server on a
 * free loopback port, for the tests that drive it in Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

export interface BuiltPage {
  /** The page's address, e.g. http://127.0.0.1:4173/. */
  readonly url: string;
  /** Stops the server and removes the build. */
  close(): Promise<void>;
}

/**
 * Builds the vite project at `root` (with its own config file, or none) and serves the build.
 * @example const built = await buildAndServe(PAGE); await page.goto(built.url); ... await built.close();
 */
export async function buildAndServe(root: string, configFile: string | false = false): Promise<BuiltPage> {
  const workDir = mkdtempSync(join(tmpdir(), 'tapegrad-page-'));
  const outDir = join(workDir, 'dist');
  await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    root,
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1' },
  });
  return {
    url: server.resolvedUrls!.local[0]!,
    close: async () => {
      await server.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
