/**
 * The controls' logic in headless Chromium (a test page bundled by vite, page/): each control shows the
 * config's value and turns a user's change into exactly one change of the config; the layer buttons add,
 * remove and resize hidden layers within 1..6 layers of 1..32 units; a value from a URL that no list holds
 * is shown, not silently replaced; the axes picker appears only for data of more than two features.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, type PlaygroundConfig } from '../../../packages/playground/src/config.ts';
import { launchChromium } from '../../support/browser.ts';
import { type BuiltPage, buildAndServe } from '../../support/built-page.ts';
import type { ControlsPage } from './page/main.ts';

const PAGE = fileURLToPath(new URL('./page', import.meta.url));

let built: BuiltPage;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  built = await buildAndServe(PAGE);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(built.url);
  await page.waitForFunction(() => document.body.dataset.ready === 'yes');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await built?.close();
});

const controls = () =>
  page.evaluate(() => {
    const state = (window as unknown as { controlsPage: ControlsPage }).controlsPage;
    return { config: state.config, changes: state.changes.splice(0), axesChosen: state.axesChosen.splice(0) };
  });
const show = (config: PlaygroundConfig) =>
  page.evaluate((c) => (window as unknown as { controlsPage: ControlsPage }).controlsPage.show(c), config);

describe('the controls', () => {
  test('show the default config', async () => {
    expect(await page.inputValue('#dataset')).toBe('moons');
    expect(await page.inputValue('#points')).toBe('500');
    expect(await page.inputValue('#noise')).toBe('0.15');
    expect(await page.inputValue('#testRatio')).toBe('0.2');
    expect(await page.inputValue('#activation')).toBe('tanh');
    expect(await page.inputValue('#output')).toBe('sigmoid-bce');
    expect(await page.inputValue('#optimizer')).toBe('adam');
    expect(await page.inputValue('#learningRate')).toBe('0.03');
    expect(await page.inputValue('#batchSize')).toBe('32');
    expect(await page.inputValue('#seed')).toBe('42');
    expect(await page.textContent('#hidden-layers')).toBe('1 hidden layer');
    expect(await page.textContent('#units-0')).toBe('16 units');
    expect((await controls()).changes).toEqual([]);
  });

  test('each change is one change of the config, with the value in its type', async () => {
    await page.selectOption('#dataset', 'spirals');
    await page.selectOption('#learningRate', '0.3');
    await page.selectOption('#l2', '0.001');
    // fill types the value and commits it, as a change event, like a user leaving the field.
    await page.fill('#seed', '7');
    await page.locator('#points').fill('800');
    expect((await controls()).changes).toEqual([
      { dataset: 'spirals' },
      { learningRate: 0.3 },
      { l2: 0.001 },
      { seed: 7 },
      { points: 800 },
    ]);
    await page.click('#regenerate');
    expect((await controls()).changes).toEqual([{ seed: 8 }]);
  });

  test('the layer buttons: add and remove layers (1 to 6), resize each (1 to 32 units)', async () => {
    await show({ ...DEFAULT_CONFIG, hidden: [2] });
    await page.click('button[title="Add a hidden layer"]');
    await page.click('button[title="More units in layer 2"]');
    await page.click('button[title="Fewer units in layer 1"]');
    await page.click('button[title="Fewer units in layer 1"]');
    const { changes, config } = await controls();
    expect(changes).toEqual([{ hidden: [2, 2] }, { hidden: [2, 3] }, { hidden: [1, 3] }]);
    expect(config.hidden).toEqual([1, 3]);
    expect(await page.textContent('#hidden-layers')).toBe('2 hidden layers');
    await show({ ...DEFAULT_CONFIG, hidden: [32, 4, 4, 4, 4, 4] });
    await page.click('button[title="More units in layer 1"]');
    await page.click('button[title="Add a hidden layer"]');
    expect((await controls()).changes).toEqual([]);
    await show({ ...DEFAULT_CONFIG, hidden: [3] });
    await page.click('button[title="Remove the last hidden layer"]');
    expect((await controls()).changes).toEqual([]);
  });

  test('a value from a URL that no list holds is shown as it is', async () => {
    await show({ ...DEFAULT_CONFIG, learningRate: 0.05 });
    expect(await page.inputValue('#learningRate')).toBe('0.05');
    expect((await controls()).changes).toEqual([]);
  });

  test('the axes picker: nothing for two features; for more, two selects, and a pair of two different ones', async () => {
    await page.evaluate(() =>
      (window as unknown as { controlsPage: ControlsPage }).controlsPage.pickAxes(['a', 'b'], [0, 1]),
    );
    expect(await page.locator('#axes-picker select').count()).toBe(0);
    await page.evaluate(() =>
      (window as unknown as { controlsPage: ControlsPage }).controlsPage.pickAxes(
        ['length', 'noise', 'width'],
        [0, 1],
      ),
    );
    expect(await page.inputValue('#axis-y')).toBe('1');
    await page.selectOption('#axis-y', '0');
    await page.selectOption('#axis-y', '2');
    expect((await controls()).axesChosen).toEqual([[0, 2]]);
  });
});
