/**
 * The libraries as a user gets them from npm: each is built (tsc -b), packed with `pnpm pack` and
 * installed with npm into a fresh project outside the workspace, where nothing resolves to the
 * TypeScript source. There, a plain Node ESM program trains and draws, another serves a trained network
 * over HTTP, a TypeScript file type-checks
 * against the published declarations with `tsc --strict`, and vite bundles a page for the browser with
 * no Node built-in in it. publint checks each package's metadata (exports, files, types).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type Rollup } from 'vite';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/browser.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONSUMER = fileURLToPath(new URL('./consumer', import.meta.url));
const LIBRARIES = ['autograd', 'nn', 'viz', 'serve', 'onnx'] as const;
/** The libraries a browser page can import (serve is a Node HTTP server). */
const BROWSER_LIBRARIES = ['autograd', 'nn', 'viz', 'onnx'] as const;
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

/** Runs a command; a failure shows its output, so the cause is in the test report. */
function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return `${result.stdout}${result.stderr}`;
}

let project: string;
const tarballs: Record<string, string> = {};
let bundled: Promise<(Rollup.OutputChunk | Rollup.OutputAsset)[]> | undefined;

/** vite's production build of the consumer's index.html into dist/, made once: what the bundle holds. */
function bundlePage(): Promise<(Rollup.OutputChunk | Rollup.OutputAsset)[]> {
  bundled ??= build({ root: project, logLevel: 'warn', build: { outDir: 'dist' } }).then((result) => {
    const outputs = Array.isArray(result) ? result : [result];
    return outputs.flatMap((output) => ('output' in output ? output.output : []));
  });
  return bundled;
}

beforeAll(() => {
  const workDir = mkdtempSync(join(tmpdir(), 'tapegrad-pack-'));
  // pnpm pack runs each package's prepack (tsc -b) and writes workspace:* dependencies as versions.
  for (const name of LIBRARIES) {
    const packageDir = join(ROOT, 'packages', name);
    run('pnpm', ['pack', '--pack-destination', workDir], packageDir);
    tarballs[name] = join(
      workDir,
      readdirSync(workDir).find((file) => file.startsWith(`tapegrad-${name}-`))!,
    );
  }
  project = join(workDir, 'project');
  execFileSync('mkdir', [project]);
  const dependencies = Object.fromEntries(
    LIBRARIES.map((name) => [`@tapegrad/${name}`, `file:${tarballs[name]}`]),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'tapegrad-user', private: true, type: 'module', dependencies }, null, 2),
  );
  for (const file of readdirSync(CONSUMER)) copyFileSync(join(CONSUMER, file), join(project, file));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], project);
}, 600_000);

afterAll(() => {
  if (project !== undefined) rmSync(join(project, '..'), { recursive: true, force: true });
});

describe('installed from the packed tarballs with npm', () => {
  test('each tarball holds the build, the declarations and no test or config file', () => {
    for (const name of LIBRARIES) {
      const files = run('tar', ['-tzf', tarballs[name]!], ROOT).trim().split('\n');
      expect(files).toContain('package/dist/index.js');
      expect(files).toContain('package/dist/index.d.ts');
      expect(files).toContain('package/dist/index.d.ts.map');
      expect(files).toContain('package/README.md');
      expect(files.filter((file) => /tsconfig|\.test\.|tsbuildinfo/.test(file))).toEqual([]);
      const manifest = JSON.parse(
        readFileSync(join(project, 'node_modules/@tapegrad', name, 'package.json'), 'utf8'),
      );
      expect(manifest.private).toBeUndefined();
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain('workspace:');
    }
  });

  test('a plain .mjs program trains a TwoLayerNet on moons and draws its loss curve', () => {
    const output = run(process.execPath, ['train.mjs'], project);
    const result = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(result.epochs).toBe(200);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.pngBytes).toBeGreaterThan(1000);
  });

  test('a plain .mjs program serves a trained network with @tapegrad/serve, without a socket and on a port', () => {
    const output = run(process.execPath, ['serve.mjs'], project);
    const result = JSON.parse(output.trim().split('\n').at(-1)!);
    // (0, 1) is the top of the upper moon, (1, -0.5) the bottom of the lower one.
    expect(result.classes).toEqual(['upper', 'lower']);
    expect(result.same).toBe(true);
    expect(result.scriptStatus).toBe(200);
    expect(result.scriptBytes).toBeGreaterThan(100_000);
  });

  test('a .ts file type-checks with tsc --strict against the published declarations', () => {
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'DOM'],
        types: [],
        skipLibCheck: false,
      },
      files: ['check.ts'],
    };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    run(bin('tsc'), ['-p', 'tsconfig.json'], project);
    // The declarations were read, not the source: a wrong type is caught.
    writeFileSync(
      join(project, 'wrong.ts'),
      "import { tensor } from '@tapegrad/autograd';\nexport const n: string = tensor(1).item();\n",
    );
    writeFileSync(join(project, 'tsconfig.wrong.json'), JSON.stringify({ ...tsconfig, files: ['wrong.ts'] }));
    const wrong = spawnSync(bin('tsc'), ['-p', 'tsconfig.wrong.json'], { cwd: project, encoding: 'utf8' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toContain("Type 'number' is not assignable to type 'string'");
  });

  test('vite bundles a page that imports autograd, nn, viz and onnx, with no Node module in it', async () => {
    const chunks = (await bundlePage()).filter((file) => file.type === 'chunk');
    expect(chunks.length).toBeGreaterThan(0);
    const modules = chunks.flatMap((chunk) => Object.keys(chunk.modules));
    // The three packages' built files went into the bundle, not their source.
    for (const name of BROWSER_LIBRARIES) {
      expect(modules.some((id) => id.includes(`node_modules/@tapegrad/${name}/dist/`))).toBe(true);
    }
    expect(modules.filter((id) => id.includes('/src/') && id.includes('@tapegrad'))).toEqual([]);
    // A Node module (node:fs, or a bare 'fs') becomes vite's empty stub __vite-browser-external, or an
    // import left for the browser to fail on; neither may appear. (The matmul helper threads name
    // 'node:worker_threads' only inside a string, behind a runtime check.)
    expect(modules.filter((id) => id.includes('__vite-browser-external') || id.startsWith('node:'))).toEqual(
      [],
    );
    expect(chunks.flatMap((chunk) => [...chunk.imports, ...chunk.dynamicImports])).toEqual([]);
  });

  test('the bundled page trains in headless Chromium and draws its decision boundary', async () => {
    await bundlePage();
    const server = await preview({
      root: project,
      logLevel: 'warn',
      preview: { port: 0, host: '127.0.0.1' },
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(server.resolvedUrls!.local[0]!);
      await page.waitForFunction("document.getElementById('result').textContent.startsWith('{')");
      const result = JSON.parse((await page.textContent('#result'))!);
      expect(pageErrors).toEqual([]);
      expect(result.check).toBe(12);
      // exportOnnx's bytes start with ModelProto field 1 (ir_version, tag 0x08) = 8.
      expect(result.onnxHead).toEqual([8, 8]);
      expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
      expect(await page.locator('#plot svg').count()).toBe(1);
    } finally {
      await browser.close();
      await server.close();
    }
  });

  test('publint finds nothing to fix in any package', () => {
    for (const name of LIBRARIES) {
      const output = run(
        bin('publint'),
        ['--strict', join(project, 'node_modules/@tapegrad', name), '--pack', 'false'],
        ROOT,
      );
      expect(output).toContain('All good!');
    }
  });
});
