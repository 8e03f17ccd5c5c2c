/**
 * Marching squares: where a Grid's values cross a level (0.5 for a decision boundary), as line segments.
 * Grid point (column, row) holds values[row * size + column]; the squares between four neighbouring points
 * are visited one by one, and the level is found on each square's edges by linear interpolation.
 */
import type { Grid } from '../snapshot.ts';

/** A place on the grid, in grid units: column 0..size-1 across, row 0..size-1 up (fractions between points). */
export interface GridPoint {
  readonly column: number;
  readonly row: number;
}

export interface Segment {
  readonly from: GridPoint;
  readonly to: GridPoint;
}

/**
 * The edges of a square, as the corners they join. Corners are numbered 0 bottom-left, 1 bottom-right,
 * 2 top-right, 3 top-left (row grows upward); edge e joins corners e and (e + 1) % 4.
 */
const EDGE_CORNERS = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 0],
] as const;
const CORNER_OFFSETS = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
] as const;

/**
 * For each of the 16 cases (bit c set when corner c is at or above the level), the pairs of edges that a
 * segment joins. The saddles, 5 (corners 0 and 2 above) and 10 (corners 1 and 3), are listed as if the
 * square's centre were below the level (the above corners kept apart); `contourSegments` swaps them when
 * the centre is above.
 */
const CASE_EDGES: readonly (readonly (readonly [number, number])[])[] = [
  [],
  [[3, 0]],
  [[0, 1]],
  [[3, 1]],
  [[1, 2]],
  [
    [3, 0],
    [1, 2],
  ],
  [[0, 2]],
  [[3, 2]],
  [[2, 3]],
  [[0, 2]],
  [
    [0, 1],
    [2, 3],
  ],
  [[1, 2]],
  [[1, 3]],
  [[0, 1]],
  [[3, 0]],
  [],
];
/** The saddles with the centre above the level: the below corners kept apart instead. */
const SADDLE_CENTRE_ABOVE: Readonly<Record<number, readonly (readonly [number, number])[]>> = {
  5: [
    [0, 1],
    [2, 3],
  ],
  10: [
    [3, 0],
    [1, 2],
  ],
};

/**
 * The segments where `grid` crosses `level`, in grid coordinates. A value counts as above when
 * value >= level (NaN counts as below). A saddle square (diagonal corners above, the others below) is
 * decided by its centre, the mean of its four corners: when the centre is above, the above corners are
 * joined through the middle, otherwise they are kept apart; so the lines never cross and the same grid
 * always gives the same lines. An edge's crossing point is where the straight line between its two
 * corner values meets the level: at fraction (level - a) / (b - a) from corner a.
 * @example
 * // A vertical step: 0.2 on column 0, 0.8 on column 1, on both rows.
 * contourSegments({ size: 2, values: Float64Array.of(0.2, 0.8, 0.2, 0.8) });
 * // [{ from: { column: 0.5, row: 0 }, to: { column: 0.5, row: 1 } }]
 */
export function contourSegments(grid: Grid, level = 0.5): Segment[] {
  const { size, values } = grid;
  if (values.length !== size * size) {
    throw new Error(
      `contourSegments: the grid of size ${size} needs ${size * size} values, got ${values.length}`,
    );
  }
  const segments: Segment[] = [];
  const corner = new Float64Array(4);
  for (let row = 0; row + 1 < size; row++) {
    for (let column = 0; column + 1 < size; column++) {
      let caseIndex = 0;
      for (let c = 0; c < 4; c++) {
        const [dx, dy] = CORNER_OFFSETS[c]!;
        corner[c] = values[(row + dy) * size + column + dx]!;
        if (corner[c]! >= level) caseIndex |= 1 << c;
      }
      if (caseIndex === 0 || caseIndex === 15) continue;
      let edgePairs = CASE_EDGES[caseIndex]!;
      if (caseIndex === 5 || caseIndex === 10) {
        const centre = (corner[0]! + corner[1]! + corner[2]! + corner[3]!) / 4;
        if (centre >= level) edgePairs = SADDLE_CENTRE_ABOVE[caseIndex]!;
      }
      const crossing = (edge: number): GridPoint => {
        const [a, b] = EDGE_CORNERS[edge]!;
        const valueA = corner[a]!;
        const valueB = corner[b]!;
        // valueA and valueB lie on opposite sides of the level, so valueB - valueA is never 0 here,
        // except with a NaN corner, which is put at the middle of the edge.
        const fraction = Number.isFinite(valueB - valueA) ? (level - valueA) / (valueB - valueA) : 0.5;
        const t = Math.min(1, Math.max(0, fraction));
        const [ax, ay] = CORNER_OFFSETS[a]!;
        const [bx, by] = CORNER_OFFSETS[b]!;
        return { column: column + ax + t * (bx - ax), row: row + ay + t * (by - ay) };
      };
      for (const [fromEdge, toEdge] of edgePairs) {
        segments.push({ from: crossing(fromEdge), to: crossing(toEdge) });
      }
    }
  }
  return segments;
}
