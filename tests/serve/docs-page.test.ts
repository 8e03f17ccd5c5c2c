/**
 * GET /docs in headless Chromium: Swagger UI renders every operation from /openapi.json with its own
 * stylesheet, loads nothing from anywhere but the service itself (no CDN, no validator.swagger.io), logs
 * no error, and works as a person uses it: POST /predict, "Try it out", "Execute" answers 200 with the
 * predictions for the documented example.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, serveApp } from '@tapegrad/serve';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { PNG_SIGNATURE, pngSize } from '../support/png.ts';
import { fixtureApp } from './support.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let screenshots: string;
/** Every URL the page asked for, in order; the requests that failed; the errors it logged or threw. */
const requests: string[] = [];
const consoleErrors: string[] = [];
const pageErrors: string[] = [];
const failedRequests: string[] = [];

/** The operation block of `method` `path`, as Swagger UI draws it. */
const operation = (method: 'get' | 'post', path: string): Locator =>
  page.locator(`.opblock.opblock-${method}`, {
    has: page.locator(`.opblock-summary-path[data-path="${path}"]`),
  });

beforeAll(async () => {
  screenshots = mkdtempSync(join(tmpdir(), 'tapegrad-docs-'));
  [server, browser] = await Promise.all([serveApp(fixtureApp(), { port: 0 }), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) =>
    failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`),
  );
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const answer = await page.goto(`${server.url}/docs`, { waitUntil: 'load' });
  expect(answer?.status()).toBe(200);
  await operation('post', '/predict').waitFor({ state: 'visible', timeout: 15_000 });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (screenshots !== undefined) rmSync(screenshots, { recursive: true, force: true });
});

describe('GET /docs in Chromium', () => {
  test('Swagger UI renders the document: its title and every operation', async () => {
    await expect(page.title()).resolves.toBe('tapegrad serve: API');
    const title = page.locator('.information-container .info .title');
    await title.waitFor({ state: 'visible', timeout: 5_000 });
    // The title, then the version and the OpenAPI version as badges.
    expect(await title.textContent()).toMatch(/^tapegrad serve\s*0\.1\.0\s*OAS 3\.1$/);
    for (const [method, path] of [
      ['post', '/predict'],
      ['post', '/models/{name}/predict'],
      ['get', '/v2'],
      ['get', '/v2/health/live'],
      ['get', '/v2/health/ready'],
      ['get', '/v2/models/{name}'],
      ['get', '/v2/models/{name}/ready'],
      ['post', '/v2/models/{name}/infer'],
      ['get', '/health'],
      ['get', '/metrics'],
      ['get', '/openapi.json'],
      ['get', '/docs'],
      ['get', '/docs/{asset}'],
    ] as const) {
      expect(await operation(method, path).isVisible(), `${method} ${path}`).toBe(true);
    }
    expect(await page.locator('.opblock').count()).toBe(13);
    // One section per tag, in the document's order, and the schemas listed after them.
    const tags = await page
      .locator('h3.opblock-tag')
      .evaluateAll((headings) => headings.map((heading) => heading.getAttribute('data-tag')));
    expect(tags).toEqual(['predict', 'Open Inference Protocol (KServe v2)', 'service']);
    const schemas = page.locator('section.models .json-schema-2020-12__title');
    await schemas.first().scrollIntoViewIfNeeded();
    expect((await schemas.allTextContents()).sort()).toEqual([
      'Error',
      'Health',
      'InferRequest',
      'InferResponse',
      'ModelMetadata',
      'ModelReady',
      'PredictRequest',
      'PredictResponse',
      'ServerLive',
      'ServerMetadata',
      'ServerReady',
    ]);
  });

  test("the page is styled by Swagger UI's stylesheet, not the browser's defaults", async () => {
    // A string, run in the page: the tests' TypeScript has no DOM types.
    const styles = (await page.evaluate(`(() => {
      const sheets = [...document.styleSheets];
      return {
        sheets: sheets.map((sheet) => sheet.href),
        rules: sheets.reduce((sum, sheet) => sum + sheet.cssRules.length, 0),
        postBorder: getComputedStyle(document.querySelector('.opblock.opblock-post')).borderColor,
        titleFont: getComputedStyle(document.querySelector('.info .title')).fontFamily,
      };
    })()`)) as { sheets: (string | null)[]; rules: number; postBorder: string; titleFont: string };
    expect(styles.sheets).toContain(`${server.url}/docs/swagger-ui.css`);
    expect(styles.rules).toBeGreaterThan(500);
    // Swagger UI draws a POST operation with a green (#49cc90) border, in its sans-serif font.
    expect(styles.postBorder).toBe('rgb(73, 204, 144)');
    expect(styles.titleFont).toMatch(/sans-serif/);
  });

  test('"Try it out" and "Execute" on POST /predict answer 200 with predictions for the example', async () => {
    const predict = operation('post', '/predict');
    await predict.locator('.opblock-summary').first().click();
    const tryItOut = predict.getByRole('button', { name: 'Try it out' });
    await tryItOut.click();
    const body = predict.locator('textarea.body-param__text');
    await body.waitFor({ state: 'visible' });
    // The editor is prefilled with the PredictRequest example.
    expect(JSON.parse(await body.inputValue())).toEqual({ rows: [[0.5, -0.2], { x1: 1.5, x2: -0.4 }] });
    await predict.getByRole('button', { name: 'Execute' }).click();

    const live = predict.locator('.responses-wrapper .live-responses-table');
    const status = live.locator('tbody .response .response-col_status');
    await status.waitFor({ state: 'visible', timeout: 10_000 });
    expect((await status.textContent())?.trim()).toBe('200');
    // Swagger UI shows the request it sent as curl, to this server.
    const curl = await predict.locator('.curl-command').textContent();
    expect(curl).toContain(`${server.url}/predict`);
    const shown = await live.locator('.response-col_description pre.microlight').first().textContent();
    const answer = JSON.parse(shown!) as {
      model: string;
      classes: string[];
      predictions: { class: string; probabilities: number[] }[];
    };
    expect(answer.model).toBe('moons');
    expect(answer.classes).toEqual(['0', '1']);
    expect(answer.predictions).toHaveLength(2);
    for (const prediction of answer.predictions) {
      expect(['0', '1']).toContain(prediction.class);
      expect(prediction.probabilities[0]! + prediction.probabilities[1]!).toBeCloseTo(1, 12);
    }
    expect(requests).toContain(`${server.url}/predict`);

    await live.scrollIntoViewIfNeeded();
    const file = join(screenshots, 'docs.png');
    await page.screenshot({ path: file, fullPage: false });
    const png = readFileSync(file);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 1280, height: 900 });
    // A blank page compresses to a few kilobytes; a page of text and coloured blocks does not.
    expect(png.byteLength).toBeGreaterThan(30_000);
  });

  test('every request went to the service itself, none failed, and nothing logged an error', () => {
    const origin = new URL(server.url).origin;
    // A data: URL (Swagger UI's stylesheet inlines its icons) is read from the page itself, not fetched.
    const elsewhere = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
    const paths = requests.filter((url) => !url.startsWith('data:')).map((url) => new URL(url).pathname);
    expect(paths.slice(0, 4)).toEqual([
      '/docs',
      '/docs/swagger-ui.css',
      '/docs/swagger-ui-bundle.js',
      '/openapi.json',
    ]);
    expect(failedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
