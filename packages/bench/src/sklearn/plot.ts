/**
 * A dataset's two loss curves of the plotted seed on one plot: tapegrad's solid, scikit-learn's dashed
 * over it (drawn second, so the solid line shows through the gaps where they agree).
 */
import { curvesSvg, type PlotDocument } from '@tapegrad/viz/plots';
import type { DatasetComparison } from './comparison.ts';
import { plotCaption } from './tables.ts';

const pointsOf = (losses: readonly number[]) => losses.map((value, i) => ({ epoch: i + 1, value }));

/**
 * The SVG of `dataset`'s loss curves from the seed `seed`, with the caption as its subtitle.
 * @example writeFileAtomic('docs/images/sklearn-loss-moons.svg', lossCurvesSvg(moons, 0, nodeDocument()));
 */
export function lossCurvesSvg(dataset: DatasetComparison, seed: number, document: PlotDocument): string {
  return curvesSvg(
    [
      { label: 'tapegrad', points: pointsOf(dataset.plottedLossCurves.tapegrad) },
      { label: 'scikit-learn', points: pointsOf(dataset.plottedLossCurves.sklearn), dashed: true },
    ],
    {
      metric: 'loss',
      title: `${dataset.name}: the training loss per epoch, tapegrad and scikit-learn`,
      subtitle: plotCaption(dataset, seed),
    },
    document,
  );
}
