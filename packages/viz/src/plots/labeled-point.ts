/**
 * A data point of a decision-boundary plot. Kept apart from the marks that draw it (point-markers.ts) so
 * that the published declarations of `sampledPoints` do not pull in Observable Plot's types, which need
 * d3's.
 */

/** A data point to draw: its coordinates, its true class, and its row in its split. */
export interface LabeledPoint {
  readonly x: number;
  readonly y: number;
  readonly label: number;
  readonly row: number;
}
