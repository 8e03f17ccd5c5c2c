/**
 * The README's pictures of the main job: its loss curve and its decision boundary. The seeded main job
 * (`tapegrad train` with the main job's settings) runs in a temporary folder, removed afterwards whether it
 * succeeded or not, and two of its plots are copied out.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN_JOB } from '../../packages/examples/src/main-job.ts';

const TAPEGRAD_BIN = fileURLToPath(new URL('../../packages/cli/bin/tapegrad.js', import.meta.url));

/** The plots of a run folder the README shows, and the names they take in the images folder. */
const PICTURES: readonly (readonly [plot: string, picture: string])[] = [
  ['loss.svg', 'main-loss.svg'],
  ['decision-boundary.svg', 'main-decision-boundary.svg'],
];

/** The prefix of the temporary folder the job runs in. */
export const TEMPORARY_PREFIX = 'tapegrad-figures-';

/** Runs `tapegrad ARGS` quietly; on failure the error carries what it printed. */
function runQuietly(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TAPEGRAD_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`tapegrad ${args.join(' ')} failed with exit code ${code}:\n${printed}`));
    });
  });
}

/**
 * Runs `job` (the main job's `tapegrad train` arguments by default) and writes its loss and decision-boundary
 * plots to `imagesDir`; returns the paths written.
 * @example await mainJobFigures('docs/images'); // ['docs/images/main-loss.svg', 'docs/images/main-decision-boundary.svg']
 */
export async function mainJobFigures(
  imagesDir: string,
  job: readonly string[] = MAIN_JOB,
): Promise<string[]> {
  const workDir = mkdtempSync(join(tmpdir(), TEMPORARY_PREFIX));
  try {
    const runDir = join(workDir, 'main');
    await runQuietly([...job, '--out', runDir]);
    return PICTURES.map(([plot, picture]) => {
      const written = join(imagesDir, picture);
      copyFileSync(join(runDir, plot), written);
      return written;
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
