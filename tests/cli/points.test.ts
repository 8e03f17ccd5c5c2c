/**
 * `--points N` gives every synthetic dataset exactly N rows (spirals gave 501 for 500: it rounded its
 * points per arm up), with the classes as even as N allows.
 */
import { describe, expect, test } from 'vitest';
import { loadDataset, SYNTHETIC_DATASETS } from '../../packages/cli/src/datasets.ts';

const classCounts = (labels: Float64Array, classes: number) =>
  Array.from({ length: classes }, (_, c) => labels.filter((label) => label === c).length);

describe('--points', () => {
  test.each(SYNTHETIC_DATASETS.flatMap((name) => [500, 301, 7].map((points) => [name, points] as const)))(
    '--dataset %s --points %i has exactly that many rows, and says so',
    (name, points) => {
      const loaded = loadDataset({ dataset: { kind: 'synthetic', name }, points }, 42);
      expect(loaded.data.X.shape).toEqual([points, 2]);
      expect(loaded.data.y.shape).toEqual([points]);
      expect(loaded.description).toContain(`${name}, ${points} points,`);
    },
  );

  test('spirals splits 500 points over its 3 arms as 167, 167, 166', () => {
    const loaded = loadDataset({ dataset: { kind: 'synthetic', name: 'spirals' }, points: 500 }, 42);
    expect(classCounts(loaded.data.y.data, 3)).toEqual([167, 167, 166]);
  });
});
