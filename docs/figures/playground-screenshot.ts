/**
 * The README's picture of the playground: the page built by vite, served on a loopback port and opened in
 * Debian's headless Chromium, the default network stepped a fixed number of epochs (so the picture is the
 * same every time), then a screenshot of the whole page.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tests/support/browser.ts';
import { buildAndServe } from '../../tests/support/built-page.ts';

const PLAYGROUND = fileURLToPath(new URL('../../packages/playground', import.meta.url));

/** The epochs the picture shows (the README's caption says which). */
export const SCREENSHOT_EPOCHS = 598;

/**
 * Writes `playground.png` to `imagesDir` and returns its path.
 * @example await playgroundScreenshot('docs/images'); // 'docs/images/playground.png'
 */
export async function playgroundScreenshot(imagesDir: string, epochs = SCREENSHOT_EPOCHS): Promise<string> {
  const built = await buildAndServe(PLAYGROUND, join(PLAYGROUND, 'vite.config.ts'));
  try {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
      await page.goto(built.url);
      await page.waitForFunction("document.getElementById('train-loss').textContent !== '–'");
      // One click per epoch, all at once: the worker takes them in order. (The page's code is given as text:
      // it runs in the browser, whose DOM types this Node project does not load.)
      await page.evaluate(`for (let i = 0; i < ${epochs}; i++) document.getElementById('step').click()`);
      await page.waitForFunction(`document.getElementById('epoch').textContent === '${epochs}'`, undefined, {
        timeout: 120_000,
      });
      await page.waitForSelector('.proof-table tbody tr');
      const written = join(imagesDir, 'playground.png');
      await page.screenshot({ path: written, fullPage: true });
      return written;
    } finally {
      await browser.close();
    }
  } finally {
    await built.close();
  }
}
