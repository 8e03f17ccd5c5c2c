import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { contourSegments, type Segment } from '../../../packages/playground/src/views/contour.ts';

/** A size x size grid from its rows, written top row first as it reads on the page (row 0 is the bottom). */
function gridFromRows(rowsTopFirst: readonly (readonly number[])[]) {
  const size = rowsTopFirst.length;
  return { size, values: Float64Array.from([...rowsTopFirst].reverse().flat()) };
}

/** A segment's endpoints in a fixed order, so that tests compare lines and not drawing directions. */
function normalized({ from, to }: Segment): [number, number, number, number] {
  const [a, b] =
    from.row < to.row || (from.row === to.row && from.column <= to.column) ? [from, to] : [to, from];
  return [a.column, a.row, b.column, b.row];
}

/** Both segment lists hold the same lines (in any order), each coordinate within 1e-12. */
function expectSameLines(
  actual: readonly Segment[],
  expected: readonly (readonly [number, number, number, number])[],
): void {
  const byPosition = (a: readonly number[], b: readonly number[]) => a[0]! - b[0]! || a[1]! - b[1]!;
  const sortedActual = actual.map(normalized).sort(byPosition);
  const sortedExpected = [...expected].sort(byPosition);
  expect(sortedActual).toHaveLength(sortedExpected.length);
  sortedActual.forEach((line, k) => {
    line.forEach((coordinate, c) => {
      expect(coordinate).toBeCloseTo(sortedExpected[k]![c]!, 12);
    });
  });
}

describe('contourSegments: marching squares at the 0.5 level', () => {
  test('an all-above grid and an all-below grid give no segment', () => {
    expect(
      contourSegments(
        gridFromRows([
          [0.9, 0.6],
          [0.5, 1],
        ]),
      ),
    ).toEqual([]);
    expect(
      contourSegments(
        gridFromRows([
          [0.1, 0.2],
          [0.49, 0],
        ]),
      ),
    ).toEqual([]);
  });

  test('a vertical step gives a vertical line at the interpolated x', () => {
    // 0.3 on column 1, 0.9 on column 2: 0.5 is a third of the way, (0.5 - 0.3) / (0.9 - 0.3), so x = 1 + 1/3.
    const grid = gridFromRows([
      [0, 0.3, 0.9, 1],
      [0, 0.3, 0.9, 1],
      [0, 0.3, 0.9, 1],
      [0, 0.3, 0.9, 1],
    ]);
    const segments = contourSegments(grid).map(normalized);
    expect(segments).toHaveLength(3);
    segments.forEach(([x1, y1, x2, y2], k) => {
      expect(x1).toBeCloseTo(4 / 3, 14);
      expect(x2).toBeCloseTo(4 / 3, 14);
      expect([y1, y2]).toEqual([k, k + 1]);
    });
  });

  test('a horizontal step gives a horizontal line, interpolated between the rows', () => {
    // Row 0 (bottom) 0, row 1 0.4, row 2 0.8: 0.5 is a quarter of the way from row 1 to row 2.
    const grid = gridFromRows([
      [0.8, 0.8, 0.8],
      [0.4, 0.4, 0.4],
      [0, 0, 0],
    ]);
    const segments = contourSegments(grid).map(normalized);
    expect(segments).toEqual([
      [0, 1.25, 1, 1.25],
      [1, 1.25, 2, 1.25],
    ]);
  });

  test('one corner above cuts that corner off, at the interpolated points of its two edges', () => {
    // Bottom-left 1, the others 0: the level is half way along the bottom and the left edges.
    const segments = contourSegments(
      gridFromRows([
        [0, 0],
        [1, 0],
      ]),
    ).map(normalized);
    expect(segments).toEqual([[0.5, 0, 0, 0.5]]);
  });

  test('a value exactly at the level counts as above', () => {
    const segments = contourSegments(
      gridFromRows([
        [0, 0],
        [0.5, 0],
      ]),
    ).map(normalized);
    // The crossing on each edge leaving the corner is at the corner itself: a segment of length 0.
    expect(segments).toEqual([[0, 0, 0, 0]]);
  });

  test('a saddle with its centre above joins the above corners through the middle', () => {
    // Bottom-left and top-right 1, the others 0.2: centre (1 + 1 + 0.2 + 0.2) / 4 = 0.6 >= 0.5, so the two
    // segments cut off the below corners (bottom-right and top-left). Crossings at (0.5 - 1) / (0.2 - 1) = 0.625.
    expectSameLines(
      contourSegments(
        gridFromRows([
          [0.2, 1],
          [1, 0.2],
        ]),
      ),
      [
        [0.625, 0, 1, 0.375],
        [0, 0.625, 0.375, 1],
      ],
    );
  });

  test('a saddle with its centre below keeps the above corners apart', () => {
    // Bottom-left and top-right 0.6, the others 0: centre 0.3 < 0.5, so each above corner is cut off on
    // its own. Crossings at (0.5 - 0.6) / (0 - 0.6) = 1/6 from each above corner.
    expectSameLines(
      contourSegments(
        gridFromRows([
          [0, 0.6],
          [0.6, 0],
        ]),
      ),
      [
        [1 / 6, 0, 0, 1 / 6],
        [1, 5 / 6, 5 / 6, 1],
      ],
    );
  });

  test('the two mirror-image saddles are decided the same way', () => {
    // The 0.6-centre saddle above, mirrored left to right: it must again join the above corners, so the
    // segments cut off the below corners, bottom-left and top-right.
    expectSameLines(
      contourSegments(
        gridFromRows([
          [1, 0.2],
          [0.2, 1],
        ]),
      ),
      [
        [0.375, 0, 0, 0.375],
        [1, 0.625, 0.625, 1],
      ],
    );
  });

  test('P = sigmoid(x - y) sampled on a grid: every crossing lies on the diagonal column = row', () => {
    const size = 9;
    const values = Float64Array.from({ length: size * size }, (_, cell) => {
      const column = cell % size;
      const row = Math.floor(cell / size);
      return 1 / (1 + Math.exp(-(column - row)));
    });
    const segments = contourSegments({ size, values });
    expect(segments.length).toBeGreaterThan(0);
    for (const { from, to } of segments) {
      expect(from.column - from.row).toBeCloseTo(0, 12);
      expect(to.column - to.row).toBeCloseTo(0, 12);
    }
  });

  test('a grid with the wrong number of values is refused, saying how many it needs', () => {
    expect(() => contourSegments({ size: 3, values: new Float64Array(8) })).toThrow(
      'contourSegments: the grid of size 3 needs 9 values, got 8',
    );
  });

  propTest.prop([
    fc.integer({ min: 2, max: 8 }).chain((size) =>
      fc.tuple(
        fc.constant(size),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
          minLength: size * size,
          maxLength: size * size,
        }),
      ),
    ),
  ])(
    'on any grid, each endpoint lies on a square edge whose two ends straddle the level, at the interpolated place',
    ([size, cells]) => {
      const values = Float64Array.from(cells);
      const at = (column: number, row: number) => values[row * size + column]!;
      for (const { from, to } of contourSegments({ size, values })) {
        for (const { column, row } of [from, to]) {
          const onVertical = Number.isInteger(column);
          const [a, b, t] = onVertical
            ? [
                at(column, Math.floor(row)),
                at(column, Math.min(size - 1, Math.floor(row) + 1)),
                row - Math.floor(row),
              ]
            : [
                at(Math.floor(column), row),
                at(Math.min(size - 1, Math.floor(column) + 1), row),
                column - Math.floor(column),
              ];
          // The value interpolated there is the level (or the point is a corner at the level exactly).
          if (t > 0) expect(a + t * (b - a)).toBeCloseTo(0.5, 9);
          else expect(a >= 0.5).toBe(true);
        }
      }
    },
  );
});
