/**
 * Regenerates the README's pictures of the main job: its loss curve and its decision boundary.
 * Run from the repository root: `pnpm figures`. Deterministic: the main job is seeded.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainMoons } from '../packages/examples/src/main/train-moons.ts';
import { lossCurveSvg } from '../packages/examples/src/plots/curves.ts';
import { decisionBoundarySvg } from '../packages/examples/src/plots/decision-boundary.ts';

const imagesDir = join(import.meta.dirname, 'images');
const run = trainMoons({ outDir: null, write: () => undefined });
const figures: [string, string][] = [
  ['main-loss.svg', lossCurveSvg(run.history)],
  [
    'main-decision-boundary.svg',
    decisionBoundarySvg({
      model: run.model,
      train: run.train,
      test: run.test,
      transform: (X) => run.standardizer.transform(X),
      title: 'Two moons: the 2-16-1 network after training',
    }),
  ],
];
for (const [name, svg] of figures) {
  writeFileSync(join(imagesDir, name), `${svg}\n`);
  console.log(`wrote docs/images/${name}`);
}
