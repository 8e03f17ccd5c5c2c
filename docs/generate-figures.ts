/**
 * Regenerates the README's pictures of the main job: its loss curve and its decision boundary.
 * Run from the repository root: `pnpm figures`. It reruns the seeded main job (`tapegrad train` with the
 * main job's settings) in a temporary folder and copies two of the plots it writes.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@tapegrad/cli';
import { MAIN_JOB } from '../packages/examples/src/main-job.ts';

const runDir = join(mkdtempSync(join(tmpdir(), 'tapegrad-figures-')), 'main');
const code = await runCli([process.argv[0]!, process.argv[1]!, ...MAIN_JOB, '--out', runDir]);
if (code !== 0) throw new Error(`the main job failed with exit code ${code}`);
const imagesDir = join(import.meta.dirname, 'images');
for (const [plot, picture] of [
  ['loss.svg', 'main-loss.svg'],
  ['decision-boundary.svg', 'main-decision-boundary.svg'],
]) {
  copyFileSync(join(runDir, plot!), join(imagesDir, picture!));
  console.log(`wrote docs/images/${picture}`);
}
