/**
 * The views in headless Chromium: a test page (page/) bundled by vite draws every view from hand-made data
 * (page/fake-data.ts), and the test reads back what was drawn: pixel colours of the boundary canvas at known
 * places (the heatmap, the contour on x = y, the centres of train and test points), the neuron heatmaps,
 * the network diagram's edges and tooltips, the loss chart's paths and axes. It prints the redraw times and
 * writes a screenshot to reports/playground-views.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BLUE,
  categoricalColor,
  divergingColor,
  ORANGE,
  probabilityColor,
  type Rgb,
} from '../../../packages/playground/src/views/colors.ts';
import { edgeWidth } from '../../../packages/playground/src/views/network-layout.ts';
import {
  boundaryFrame,
  pixelToPlane,
  planeToPixel,
} from '../../../packages/playground/src/views/plane-frame.ts';
import { launchChromium } from '../../support/browser.ts';
import { type BuiltPage, buildAndServe } from '../../support/built-page.ts';
import {
  BOUNDS,
  KNOWN_TEST,
  KNOWN_TRAIN,
  PROBES,
  probabilityAt,
  sectorConfidence,
  sectorOf,
  threeClassData,
} from './page/fake-data.ts';
import type { ViewsPage } from './page/main.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PAGE = fileURLToPath(new URL('./page', import.meta.url));
let built: BuiltPage;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const started = Date.now();

beforeAll(async () => {
  built = await buildAndServe(PAGE);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(built.url);
  await page.waitForFunction(() => document.body.dataset.ready === 'yes', undefined, { timeout: 20_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await built?.close();
  console.log(`views-page.test.ts: ${((Date.now() - started) / 1000).toFixed(1)} s including the vite build`);
});

/** The colour of canvas pixel (x, y) (CSS pixels; the page's device scale factor is 1). */
async function pixel(selector: string, x: number, y: number): Promise<Rgb> {
  return page.evaluate(
    ([selector, x, y]) => {
      const canvas = document.querySelector(selector) as HTMLCanvasElement;
      const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.floor(x), Math.floor(y), 1, 1).data;
      return [r!, g!, b!] as const;
    },
    [selector, x, y] as const,
  );
}

/** Each channel within `tolerance` of the expected colour. */
function expectColor(actual: Rgb, expected: Rgb, tolerance: number, what: string): void {
  const off = actual.map((channel, k) => Math.abs(channel - expected[k]!));
  expect(
    Math.max(...off),
    `${what}: got rgb(${actual.join(' ')}), expected about rgb(${expected.join(' ')})`,
  ).toBeLessThanOrEqual(tolerance);
}

const TWO = '#boundary-two';
const twoFrame = boundaryFrame(400, 400);
const twoPixel = (xy: readonly [number, number]) => planeToPixel(twoFrame, BOUNDS, xy[0], xy[1]);

describe('the views in Chromium', () => {
  test('the page drew everything without an error; redraws are fast enough for 10 a second', async () => {
    expect(pageErrors).toEqual([]);
    const { timings } = await page.evaluate(() => (window as unknown as { viewsPage: ViewsPage }).viewsPage);
    console.log(
      `views: drawBoundary on 400 x 400 with a 50 x 50 grid: ${timings.drawBoundary!.toFixed(2)} ms with the page's ` +
        `points, ${timings.drawBoundary500!.toFixed(2)} ms with 500; 2-32-32-1 diagram update ` +
        `${timings.largeDiagramUpdate!.toFixed(2)} ms; loss chart append of 10 points ${timings.lossAppend10!.toFixed(3)} ms`,
    );
    // 10 redraws a second leave 100 ms for everything (the worker's snapshot, the boundary, the diagram, the
    // chart, the page's layout); on this software-rendered headless Chromium each view takes a share.
    expect(timings.drawBoundary500).toBeLessThan(40);
    expect(timings.largeDiagramUpdate).toBeLessThan(40);
    expect(timings.lossAppend10).toBeLessThan(5);
  });

  test('the two-class heatmap is P = sigmoid(x - y) on the orange-white-blue scale', async () => {
    for (const [name, xy] of [
      ['orange region', PROBES.orange],
      ['blue region', PROBES.blue],
    ] as const) {
      const [px, py] = twoPixel(xy);
      // The canvas pixel covers [px, px + 1): compare with the colour at its centre.
      const [x, y] = pixelToPlane(twoFrame, BOUNDS, Math.floor(px) + 0.5, Math.floor(py) + 0.5);
      expectColor(await pixel(TWO, px, py), probabilityColor(probabilityAt(x, y)), 4, name);
    }
    const orange = await pixel(TWO, ...twoPixel(PROBES.orange));
    expect(orange[0] - orange[2]).toBeGreaterThan(150);
    const blue = await pixel(TWO, ...twoPixel(PROBES.blue));
    expect(blue[2] - blue[0]).toBeGreaterThan(100);
  });

  test('the 0.5 contour is dark and lies on x = y: along y = 0.8 the darkest pixel is at x = 0.8', async () => {
    const [, py] = twoPixel(PROBES.contour);
    const [left] = twoPixel([0.3, 0.8]);
    const [right] = twoPixel([1.3, 0.8]);
    const row = await page.evaluate(
      ([left, right, py]) => {
        const canvas = document.querySelector('#boundary-two') as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(left, py, right - left, 1).data;
        return Array.from(
          { length: right - left },
          (_, k) => data[4 * k]! + data[4 * k + 1]! + data[4 * k + 2]!,
        );
      },
      [Math.floor(left), Math.floor(right), Math.floor(py)] as const,
    );
    const darkest = row.indexOf(Math.min(...row));
    // The contour's ink, (31, 41, 51), sums to 123; a 2 px line covers the pixel at its centre.
    expect(row[darkest]).toBeLessThan(250);
    const [x] = pixelToPlane(twoFrame, BOUNDS, Math.floor(left) + darkest + 0.5, py);
    // One pixel is 4 / 344 = 0.0116 in x.
    expect(Math.abs(x - 0.8)).toBeLessThan(0.025);
    // Away from the line the plane is nearly white (P = sigmoid(+-0.5) there).
    expect(row[0]).toBeGreaterThan(600);
    expect(row.at(-1)).toBeGreaterThan(600);
  });

  test('a train point is filled with its class colour on either region; a test point is light at its centre', async () => {
    for (const point of KNOWN_TRAIN) {
      const expected = point.label === 0 ? ORANGE : BLUE;
      expectColor(await pixel(TWO, ...twoPixel(point.xy)), expected, 3, point.name);
    }
    for (const point of KNOWN_TEST) {
      const centre = await pixel(TWO, ...twoPixel(point.xy));
      expect(Math.min(...centre), `${point.name}: rgb(${centre.join(' ')})`).toBeGreaterThanOrEqual(245);
      // Its ring, 4.5 px out, has the class colour.
      const [px, py] = twoPixel(point.xy);
      expectColor(
        await pixel(TWO, px + 4.5, py),
        point.label === 0 ? ORANGE : BLUE,
        40,
        `${point.name} ring`,
      );
    }
  });

  test('a click on the canvas finds the training point under it, and the data coordinates under the mouse', async () => {
    const api = 'window.viewsPage';
    for (const [index, point] of KNOWN_TRAIN.entries()) {
      const [px, py] = twoPixel(point.xy);
      expect(await page.evaluate(`${api}.nearestTrainPoint(${px + 3}, ${py - 2})`), point.name).toBe(index);
    }
    const [cx, cy] = twoPixel(PROBES.contour);
    expect(await page.evaluate(`${api}.nearestTrainPoint(${cx}, ${cy})`)).toBeUndefined();
    const [x, y] = (await page.evaluate(`${api}.dataAt(${cx}, ${cy})`)) as [number, number];
    expect(x).toBeCloseTo(PROBES.contour[0], 12);
    expect(y).toBeCloseTo(PROBES.contour[1], 12);
  });

  test('three classes: each confident cell has its class colour; hidden test points are not drawn; the chosen point is ringed', async () => {
    const frame = boundaryFrame(320, 320);
    for (const xy of [
      [-1.6, 0.4],
      [0.2, -1.7],
      [1.5, 1.2],
    ] as const) {
      const [px, py] = planeToPixel(frame, BOUNDS, xy[0], xy[1]);
      const [x, y] = pixelToPlane(frame, BOUNDS, Math.floor(px) + 0.5, Math.floor(py) + 0.5);
      const expected = categoricalColor(sectorOf(x, y), sectorConfidence(x, y), 3);
      expectColor(await pixel('#boundary-three', px, py), expected, 4, `sector ${sectorOf(x, y)} at ${xy}`);
    }
    // The only test point, at (1.2, 1.2), is hidden: its place shows the region.
    const [tx, ty] = planeToPixel(frame, BOUNDS, 1.2, 1.2);
    expectColor(
      await pixel('#boundary-three', tx, ty),
      categoricalColor(sectorOf(1.2, 1.2), 1, 3),
      4,
      'hidden test point',
    );
    // Train point 5 carries a dark ring of radius 9.
    const chosen = threeClassData().train.xy;
    const [cx, cy] = planeToPixel(frame, BOUNDS, chosen[10]!, chosen[11]!);
    const ring = await pixel('#boundary-three', cx, cy - 9);
    expect(Math.max(...ring)).toBeLessThan(110);
  });

  test('neuron heatmaps read each activation on its own range', async () => {
    const corner = (activation: string, x: number, y: number) =>
      pixel(`#neurons canvas[data-activation=${activation}]`, x, y);
    // tanh(2x) on a 20-cell grid over [-2, 2]: column 0 is x = -1.9, column 19 x = 1.9.
    expectColor(await corner('tanh', 0, 10), divergingColor(Math.tanh(-3.8)), 1, 'tanh left');
    expectColor(await corner('tanh', 19, 10), divergingColor(Math.tanh(3.8)), 1, 'tanh right');
    // sigmoid(3y): image row 0 is the top, y = 1.9.
    expectColor(
      await corner('sigmoid', 5, 0),
      divergingColor(2 / (1 + Math.exp(-5.7)) - 1),
      1,
      'sigmoid top',
    );
    // relu(x + y), scaled by its largest value, 3.8 at the top-right corner: blue there, white at the bottom-left.
    expectColor(await corner('relu', 19, 0), BLUE, 1, 'relu max');
    expectColor(await corner('relu', 0, 19), [255, 255, 255], 0, 'relu zero');
  });

  test('the 2-4-1 diagram: 12 edges, hidden heatmaps, tooltips with each value and gradient; redraws in place', async () => {
    expect(await page.locator('#diagram g.edge').count()).toBe(12);
    expect(await page.locator('#diagram g.node').count()).toBe(7);
    const edge = page.locator('#diagram g.edge[data-layer="0"][data-from="1"][data-to="2"]');
    expect(await edge.locator('title').textContent()).toBe(
      'W1[1, 2]: petal width → h1[2]\nw = 0.75\n∂J/∂w = \u22120.0123',
    );
    expect(await edge.locator('path.edge-line').getAttribute('stroke-width')).toBe(String(edgeWidth(0.75)));
    expect(await page.locator('#diagram g.node-hidden[data-index="3"] title').textContent()).toBe(
      'h1[3]\nb1[3] = 0.15\n∂J/∂b = 0.004',
    );
    expect(await page.locator('#diagram g.node-output title').textContent()).toBe(
      'output\nb2[0] = \u22120.15\n∂J/∂b = 0.001',
    );
    expect(await page.locator('#diagram text').allTextContents()).toEqual([
      'petal length',
      'petal width',
      'output',
    ]);
    // Each hidden unit's heatmap is drawn: hidden unit 0 is tanh(1.5x + 0.5y - 0.15), orange at the bottom-left.
    const heatmaps = await page.$$eval('#diagram .node-hidden foreignObject canvas', (canvases) =>
      (canvases as HTMLCanvasElement[]).map((canvas) => {
        const data = canvas.getContext('2d')!.getImageData(0, canvas.height - 1, 1, 1).data;
        return [canvas.width, data[0]!, data[1]!, data[2]!];
      }),
    );
    expect(heatmaps).toHaveLength(4);
    expect(heatmaps[0]![0]).toBe(24);
    expect(heatmaps[0]![1]! - heatmaps[0]![3]!).toBeGreaterThan(150);
    // The output shows P(class 1) = sigmoid(x - y): white along the diagonal, orange at the top-left.
    const output = await page.$eval('#diagram .node-output foreignObject canvas', (canvas) => {
      const context = (canvas as HTMLCanvasElement).getContext('2d')!;
      return [...context.getImageData(0, 49, 1, 1).data, ...context.getImageData(0, 0, 1, 1).data];
    });
    expect(output.slice(0, 3)).toEqual([255, 255, 255]);
    expect(output.slice(4, 7)).toEqual(probabilityColor(1 / (1 + Math.exp(3.92))));
    // A redraw with the weights doubled keeps the same SVG and edge, with a width of 2 * 1.5.
    await page.evaluate(() => {
      (document.querySelector('#diagram svg') as SVGSVGElement & { marked?: boolean }).marked = true;
      (window as unknown as { viewsPage: ViewsPage }).viewsPage.redrawTinyNetwork(2);
    });
    expect(
      await page.evaluate(
        () => (document.querySelector('#diagram svg') as SVGSVGElement & { marked?: boolean }).marked,
      ),
    ).toBe(true);
    expect(await edge.locator('path.edge-line').getAttribute('stroke-width')).toBe(String(edgeWidth(1.5)));
    expect(await edge.locator('title').textContent()).toContain('w = 1.5\n');
    await page.evaluate(() => (window as unknown as { viewsPage: ViewsPage }).viewsPage.redrawTinyNetwork(1));
  });

  test('the 2-32-32-1 diagram has an edge per weight and fits in its container', async () => {
    expect(await page.locator('#diagram-large g.edge').count()).toBe(2 * 32 + 32 * 32 + 32);
    const fits = await page.evaluate(() => {
      const svg = document.querySelector('#diagram-large svg') as SVGSVGElement;
      const box = svg.getBoundingClientRect();
      const nodes = [...svg.querySelectorAll('g.node')].map((node) => node.getBoundingClientRect());
      return nodes.every(
        (r) =>
          r.left >= box.left && r.right <= box.right + 1 && r.top >= box.top && r.bottom <= box.bottom + 1,
      );
    });
    expect(fits).toBe(true);
  });

  test('the loss chart draws both curves over 300 epochs and switches to a log axis', async () => {
    const curve = await page.locator('#loss path.trainLoss').getAttribute('d');
    expect(curve!.startsWith('M')).toBe(true);
    // 300 epochs over about 360 px: every point is at least half a pixel from the previous one.
    expect(curve!.match(/L/g)).toHaveLength(299);
    expect((await page.locator('#loss path.testLoss').getAttribute('d'))!.length).toBeGreaterThan(1000);
    // Losses from 0.69 down: a linear axis from 0 to 0.8 (0.69 * 1.15 + 0.01 = 0.8 rounded up).
    expect(await page.locator('#loss .axes text').allTextContents()).toEqual(
      expect.arrayContaining(['0', '0.2', '0.4', '0.6', '0.8', '300', 'epoch', 'loss']),
    );
    await page.locator('#loss input[type=checkbox]').check();
    expect(await page.locator('#loss .axes text').allTextContents()).toEqual(
      expect.arrayContaining(['0.01', '0.1', '1', 'loss (log)']),
    );
    await page.evaluate(() => (window as unknown as { viewsPage: ViewsPage }).viewsPage.appendLoss(20));
    expect(
      (await page.locator('#loss path.trainLoss').getAttribute('d'))!.match(/L/g)!.length,
    ).toBeGreaterThan(299);
    expect(pageErrors).toEqual([]);
  });

  test('a screenshot of the page', async () => {
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'reports', 'playground-views.png'), fullPage: true });
  });
});
