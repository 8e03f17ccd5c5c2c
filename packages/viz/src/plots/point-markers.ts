/**
 * How the data points of a decision boundary are drawn, so that each reads the same on every background
 * (a pale band, a deep band of its own colour, or another class's): a white halo around every marker, train
 * points filled with a dark edge, test points hollow with a thick ring in their class's colour, and a
 * misclassified test point crossed out. The legend draws its symbols from the same styles.
 */
import * as Plot from '@observablehq/plot';
import type { LabeledPoint } from './labeled-point.ts';

/** The radius of a point, and how far its white halo reaches beyond the marker's outer edge. */
export const POINT_RADIUS = 3.5;
export const HALO_WIDTH = 1.5;
export const HALO_COLOR = 'white';

/** A train point: its class's colour, edged in near-black so that it stands out on its own colour. */
export const TRAIN_EDGE_COLOR = '#1a1a1a';
export const TRAIN_EDGE_WIDTH = 1;

/**
 * A test point: a ring in its class's colour, hollow, so the region's colour shows through it; larger
 * than a train point, so that its hole stays open inside the halo (radius 5 - 1 - 1.5 = 2.5 pixels).
 */
export const TEST_RING_RADIUS = 5;
export const TEST_RING_WIDTH = 2;

/** A misclassified test point: a cross over its ring, larger than the ring and in near-black. */
export const MISCLASSIFIED_COLOR = '#111';
export const MISCLASSIFIED_RADIUS = 6;
export const MISCLASSIFIED_STROKE_WIDTH = 1.8;

/**
 * The marks of one split's points, one halo mark under one mark per class: train points filled with a
 * dark edge, test points hollow rings; each class in its colour and named `${split} points, ${name}`.
 */
export function pointMarks(
  split: 'train' | 'test',
  points: readonly LabeledPoint[],
  colors: readonly string[],
  className: (label: number) => string,
) {
  const classes = [...new Set(points.map((point) => point.label))].sort((a, b) => a - b);
  const at = { x: 'x', y: 'y', r: POINT_RADIUS } as const;
  const halo =
    split === 'train'
      ? Plot.dot(points, {
          ...at,
          r: POINT_RADIUS + TRAIN_EDGE_WIDTH / 2 + HALO_WIDTH,
          fill: HALO_COLOR,
          ariaDescription: 'train point halos',
        })
      : Plot.dot(points, {
          ...at,
          r: TEST_RING_RADIUS,
          fill: 'none',
          stroke: HALO_COLOR,
          strokeWidth: TEST_RING_WIDTH + 2 * HALO_WIDTH,
          ariaDescription: 'test point halos',
        });
  return [
    halo,
    ...classes.map((label) => {
      const color = colors[label % colors.length]!;
      const style =
        split === 'train'
          ? { fill: color, stroke: TRAIN_EDGE_COLOR, strokeWidth: TRAIN_EDGE_WIDTH }
          : { r: TEST_RING_RADIUS, fill: 'none', stroke: color, strokeWidth: TEST_RING_WIDTH };
      return Plot.dot(
        points.filter((point) => point.label === label),
        { ...at, ...style, ariaDescription: `${split} points, ${className(label)}` },
      );
    }),
  ];
}

/** A cross over each of `points` (the misclassified test points), on a white halo of the same cross. */
export function misclassifiedMarks(points: readonly LabeledPoint[]) {
  const at = { x: 'x', y: 'y', r: MISCLASSIFIED_RADIUS, symbol: 'times', fill: 'none' } as const;
  return [
    Plot.dot(points, {
      ...at,
      stroke: HALO_COLOR,
      strokeWidth: MISCLASSIFIED_STROKE_WIDTH + 2 * HALO_WIDTH,
      ariaDescription: 'misclassified test point halos',
    }),
    Plot.dot(points, {
      ...at,
      stroke: MISCLASSIFIED_COLOR,
      strokeWidth: MISCLASSIFIED_STROKE_WIDTH,
      ariaDescription: 'misclassified test points',
    }),
  ];
}
