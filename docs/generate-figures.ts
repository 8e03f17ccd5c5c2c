/**
 * Regenerates every picture the README shows, in docs/images: the main job's loss curve and decision
 * boundary (the seeded main job, rerun) and the playground's screenshot (built, opened in headless
 * Chromium). Run from the repository root: `pnpm figures`. It prints the paths it wrote, nothing else.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mainJobFigures } from './figures/main-job-figures.ts';
import { playgroundScreenshot } from './figures/playground-screenshot.ts';

const imagesDir = fileURLToPath(new URL('images', import.meta.url));
const written = [...(await mainJobFigures(imagesDir)), await playgroundScreenshot(imagesDir)];
for (const path of written) console.log(`wrote ${relative(process.cwd(), path)}`);
