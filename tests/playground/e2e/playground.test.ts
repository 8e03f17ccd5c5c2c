/**
 * The playground as a learner meets it: the page built by vite (`pnpm --filter @tapegrad/playground build`),
 * served as static files, in headless Chromium. Play trains two moons past 95% test accuracy; the proof
 * panel at the paused step shows the hand-derived gradients within 1e-10 of the tape's; spirals with relu
 * draws another boundary; the exported model.json and config.json are accepted by `tapegrad evaluate`; a
 * shared URL sets the controls; no console error anywhere. The speed (redraws and epochs per second) is
 * measured and printed, not asserted. A screenshot goes to reports/playground.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runTapegrad } from '../../cli/tapegrad-process.ts';
import { launchChromium } from '../../support/browser.ts';
import { type BuiltPage, buildAndServe } from '../../support/built-page.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PLAYGROUND = join(ROOT, 'packages', 'playground');
/** For the exported run folder. */
const workDir = mkdtempSync(join(tmpdir(), 'tapegrad-playground-'));

let built: BuiltPage;
let browser: Browser;
let page: Page;
let url: string;
const consoleErrors: string[] = [];
const requested: string[] = [];

beforeAll(async () => {
  // The page as `pnpm --filter @tapegrad/playground build` writes it, with the package's own vite config.
  built = await buildAndServe(PLAYGROUND, join(PLAYGROUND, 'vite.config.ts'));
  url = built.url;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, acceptDownloads: true });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => requested.push(request.url()));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await built?.close();
  rmSync(workDir, { recursive: true, force: true });
});

const numberIn = async (id: string) => Number((await page.textContent(`#${id}`))!.replace('%', ''));

/** Plays until `done` holds (checked every 100 ms) or `timeoutMs` passes, then pauses. */
async function playUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  await page.click('#play');
  const start = Date.now();
  while (!(await done()) && Date.now() - start < timeoutMs) await page.waitForTimeout(100);
  await page.click('#play');
  await page.waitForFunction("document.getElementById('play').getAttribute('aria-pressed') === 'false'");
}

describe('the playground in Chromium', () => {
  test('play trains the default 2-16-1 network on moons past 95% test accuracy; redraws and speed measured', async () => {
    await page.goto(url);
    await page.waitForFunction("document.getElementById('train-loss').textContent !== '–'");
    const startLoss = await numberIn('train-loss');
    // Count redraws: each snapshot changes the epoch counter.
    await page.evaluate(() => {
      const counter = document.getElementById('epoch')!;
      const times: number[] = [];
      new MutationObserver(() => times.push(performance.now())).observe(counter, {
        childList: true,
        characterData: true,
        subtree: true,
      });
      (window as unknown as { redraws: number[] }).redraws = times;
    });
    // Three seconds of play at least, so that the speed is measured warm (V8 compiles the hot loops first).
    const started = Date.now();
    await playUntil(
      async () => (await numberIn('test-accuracy')) >= 95 && Date.now() - started >= 3000,
      60_000,
    );
    expect(await numberIn('test-accuracy')).toBeGreaterThanOrEqual(95);
    expect(await numberIn('train-loss')).toBeLessThan(startLoss / 3);
    const redraws = await page.evaluate(() => (window as unknown as { redraws: number[] }).redraws);
    const seconds = (redraws.at(-1)! - redraws[0]!) / 1000;
    const epochs = await numberIn('epoch');
    console.log(
      `playground: ${epochs} epochs in ${seconds.toFixed(2)} s of play, ${(redraws.length / seconds).toFixed(1)} redraws/s, ` +
        `${(epochs / seconds).toFixed(0)} epochs/s (the page's own counter: ${await page.textContent('#speed')})`,
    );
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'reports', 'playground.png'), fullPage: true });
  }, 90_000);

  test('paused, the proof panel shows every parameter within 1e-10 of the tape', async () => {
    await page.waitForSelector('.proof-table tbody tr');
    const differences = await page.$$eval('.proof-table tbody tr', (rows) =>
      rows.map(
        (row) =>
          [
            (row as HTMLElement).dataset.parameter,
            Number((row as HTMLElement).dataset.manualVsTape),
          ] as const,
      ),
    );
    expect(differences.length).toBe(4);
    for (const [name, difference] of differences) {
      expect(difference, name).toBeLessThan(1e-10);
    }
    await page.click('#finite-differences');
    await page.waitForFunction("document.querySelectorAll('.proof-table th').length === 6");
    expect(await page.$$eval('.proof-table td.fail', (cells) => cells.length)).toBe(0);
  }, 60_000);

  test('the computation graph of the forward pass and loss renders in the page (viz-js in the worker)', async () => {
    await page.click('#show-graph');
    await page.waitForSelector('#graph svg g.node');
    expect(await page.locator('#graph svg g.node').count()).toBeGreaterThan(10);
    const text = await page.textContent('#graph svg');
    for (const op of ['addmm', 'tanh', 'bceWithLogits']) expect(text).toContain(op);
    // Hover: each node's tooltip holds its values, and its gradient.
    const tooltips = await page.$$eval('#graph svg a', (links) =>
      links.map((link) => link.getAttribute('xlink:title') ?? ''),
    );
    expect(tooltips.filter((tooltip) => tooltip.includes('\ngrad ')).length).toBeGreaterThanOrEqual(10);
  }, 60_000);

  test('spirals with relu, reset and trained, draws another boundary', async () => {
    const before = await page.evaluate(() =>
      (document.getElementById('boundary') as HTMLCanvasElement).toDataURL(),
    );
    await page.selectOption('#dataset', 'spirals');
    await page.selectOption('#activation', 'relu');
    await page.click('#reset');
    await page.waitForFunction("document.getElementById('epoch').textContent === '0'");
    await playUntil(async () => (await numberIn('epoch')) >= 100, 30_000);
    const after = await page.evaluate(() =>
      (document.getElementById('boundary') as HTMLCanvasElement).toDataURL(),
    );
    expect(after).not.toBe(before);
    expect(page.url()).toContain('data=spirals');
    expect(page.url()).toContain('act=relu');
  }, 60_000);

  test('the exported model.json and config.json are a run folder tapegrad evaluate accepts', async () => {
    const downloads: string[] = [];
    const runDir = join(workDir, 'exported');
    mkdirSync(runDir);
    const saved = new Promise<void>((resolve) => {
      page.on('download', async (download) => {
        await download.saveAs(join(runDir, download.suggestedFilename()));
        downloads.push(download.suggestedFilename());
        if (downloads.length === 2) resolve();
      });
    });
    await page.click('#export');
    await saved;
    expect(downloads.sort()).toEqual(['config.json', 'model.json']);
    const evaluated = await runTapegrad(['evaluate', '--model', runDir], { cwd: workDir });
    expect(evaluated.stderr).toBe('');
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/Accuracy [\d.]+%/);
  }, 60_000);

  test('importing the exported files brings the run back: its controls, its epoch', async () => {
    const runDir = join(workDir, 'exported');
    const exportedEpoch = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')).result.epochsRun;
    await page.goto(url);
    await page.waitForFunction("document.getElementById('train-loss').textContent !== '–'");
    expect(await page.inputValue('#dataset')).toBe('moons');
    await page.setInputFiles('#import', [join(runDir, 'model.json'), join(runDir, 'config.json')]);
    await page.waitForFunction(`document.getElementById('epoch').textContent === '${exportedEpoch}'`);
    expect(await page.inputValue('#dataset')).toBe('spirals');
    expect(await page.inputValue('#activation')).toBe('relu');
    expect(page.url()).toContain('data=spirals');
  }, 60_000);

  test('"explain this step" opens the worked example of the chosen point, its math set by KaTeX offline', async () => {
    const requests: string[] = [];
    const opened = page.waitForEvent('popup');
    await page.selectOption('#activation', 'tanh');
    await page.waitForFunction("document.getElementById('epoch').textContent === '0'");
    await page.click('#explain');
    const popup = await opened;
    popup.on('request', (request) => requests.push(request.url()));
    await popup.waitForLoadState('load');
    expect(await popup.title()).toBe('Backpropagation by hand: training point 0 at epoch 0');
    expect(await popup.locator('.katex').count()).toBeGreaterThan(20);
    expect(
      await popup.evaluate(async () => {
        await document.fonts.ready;
        return document.fonts.check('16px KaTeX_Main');
      }),
    ).toBe(true);
    expect(
      requests.filter((request) => !request.startsWith('blob:') && !request.startsWith('data:')),
    ).toEqual([]);
    await popup.close();
  }, 60_000);

  test('a CSV dropped on the page is trained on all its features, shown by a chosen pair', async () => {
    // Three features, three classes: the class is where the point lies along the first and third features.
    const rows = Array.from({ length: 150 }, (_, i) => {
      const label = i % 3;
      const jitter = (k: number) => (((i * 7919 + k * 104729) % 1000) / 1000 - 0.5) * 0.8;
      return `${label * 2 + jitter(1)},${jitter(2) * 3},${(label === 1 ? 4 : 0) + jitter(3)},${['iris', 'rose', 'tulip'][label]}`;
    });
    const text = ['length,noise,width,flower', ...rows].join('\n');
    await page.goto(`${url}?out=softmax-ce`);
    await page.waitForFunction("document.getElementById('train-loss').textContent !== '–'");
    const dataTransfer = await page.evaluateHandle((csv) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([csv], 'flowers.csv', { type: 'text/csv' }));
      return transfer;
    }, text);
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await page.waitForFunction("document.getElementById('dataset').value === 'csv'");
    await page.waitForSelector('#axis-x');
    expect(await page.$$eval('#axis-x option', (options) => options.map((o) => o.textContent))).toEqual([
      'length',
      'noise',
      'width',
    ]);
    await playUntil(async () => (await numberIn('epoch')) >= 40, 30_000);
    expect(await numberIn('test-accuracy')).toBeGreaterThanOrEqual(90);
    const before = await page.evaluate(() =>
      (document.getElementById('boundary') as HTMLCanvasElement).toDataURL(),
    );
    await page.selectOption('#axis-y', '2');
    await page.waitForFunction("new URLSearchParams(location.search).get('axes') === '0,2'");
    await page.waitForFunction("document.getElementById('train-loss').textContent !== '–'");
    const after = await page.evaluate(() =>
      (document.getElementById('boundary') as HTMLCanvasElement).toDataURL(),
    );
    expect(after).not.toBe(before);
  }, 60_000);

  test('a shared URL sets every control', async () => {
    await page.goto(
      `${url}?data=circles&points=300&noise=0.1&hidden=8,4&act=sigmoid&opt=sgd&lr=0.3&batch=16&seed=7`,
    );
    await page.waitForFunction("document.getElementById('train-loss').textContent !== '–'");
    expect(await page.inputValue('#dataset')).toBe('circles');
    expect(await page.inputValue('#points')).toBe('300');
    expect(await page.inputValue('#noise')).toBe('0.1');
    expect(await page.inputValue('#activation')).toBe('sigmoid');
    expect(await page.inputValue('#optimizer')).toBe('sgd');
    expect(await page.inputValue('#learningRate')).toBe('0.3');
    expect(await page.inputValue('#batchSize')).toBe('16');
    expect(await page.inputValue('#seed')).toBe('7');
    expect(await page.textContent('#units-0')).toBe('8 units');
    expect(await page.textContent('#units-1')).toBe('4 units');
    await page.goto(`${url}?data=csv&hidden=8`);
    await page.waitForFunction("document.getElementById('train-loss').textContent !== '–'");
    expect(await page.textContent('#problems')).toContain(
      'data=csv: a dropped CSV file cannot travel in a link',
    );
    expect(await page.inputValue('#dataset')).toBe('moons');
    expect(await page.textContent('#units-0')).toBe('8 units');
  }, 60_000);

  test('no console error on the way, and nothing fetched from outside the machine', () => {
    expect(consoleErrors).toEqual([]);
    const origin = new URL(url).origin;
    expect(requested.length).toBeGreaterThan(5);
    expect(
      requested.filter((address) => !/^(blob|data):/.test(address) && new URL(address).origin !== origin),
    ).toEqual([]);
  });
});
