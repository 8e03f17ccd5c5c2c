/**
 * `pnpm figures` (docs/generate-figures.ts): the main job's pictures land in the folder given, and the
 * temporary folder the job ran in is gone afterwards, after a failure too.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mainJobFigures, TEMPORARY_PREFIX } from '../../docs/figures/main-job-figures.ts';
import { parseSvg } from '../support/svg.ts';

/** A main job small enough for a test: 60 moons points, 5 epochs. */
const SMALL_JOB = ['train', '--points', '60', '--epochs', '5', '--seed', '3'];

const temporaryFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith(TEMPORARY_PREFIX));

describe('mainJobFigures', () => {
  test('writes the loss and decision-boundary SVGs to the folder given, and leaves no temporary folder', async () => {
    const before = temporaryFolders();
    const imagesDir = mkdtempSync(join(tmpdir(), 'tapegrad-images-'));
    const written = await mainJobFigures(imagesDir, SMALL_JOB);
    expect(written).toEqual([
      join(imagesDir, 'main-loss.svg'),
      join(imagesDir, 'main-decision-boundary.svg'),
    ]);
    expect(readdirSync(imagesDir).sort()).toEqual(['main-decision-boundary.svg', 'main-loss.svg']);
    for (const path of written) {
      expect(parseSvg(readFileSync(path, 'utf8')).tagName.toLowerCase()).toBe('svg');
    }
    expect(temporaryFolders()).toEqual(before);
  });

  test('a failing job rejects with what tapegrad printed, and its temporary folder is removed too', async () => {
    const before = temporaryFolders();
    const imagesDir = mkdtempSync(join(tmpdir(), 'tapegrad-images-'));
    await expect(mainJobFigures(imagesDir, ['train', '--epochs', '0'])).rejects.toThrow(
      /failed with exit code 2:\n.*--epochs/,
    );
    expect(readdirSync(imagesDir)).toEqual([]);
    expect(temporaryFolders()).toEqual(before);
  });
});
