/**
 * Where the plane sits on the boundary canvas, and the maps between the data's coordinates, the grid's and
 * the canvas's pixels (CSS pixels: what a mouse event's offsetX / offsetY give). Pure, so the page's hover
 * and click handling and the drawing agree by construction.
 */

/** The rectangle of the canvas that shows the plane, in CSS pixels. */
export interface PlotFrame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** [xMin, xMax, yMin, yMax], as PlaneData.bounds. */
export type PlaneBounds = readonly [number, number, number, number];

/** Room around the plane: the legend above, tick labels and the feature names below and to the left. */
export const BOUNDARY_MARGINS = { top: 24, right: 10, bottom: 38, left: 46 } as const;

/**
 * The plane's rectangle on a canvas of `width` x `height` CSS pixels.
 * @example boundaryFrame(400, 400); // { left: 46, top: 24, width: 344, height: 338 }
 */
export function boundaryFrame(width: number, height: number): PlotFrame {
  const { top, right, bottom, left } = BOUNDARY_MARGINS;
  return { left, top, width: Math.max(1, width - left - right), height: Math.max(1, height - top - bottom) };
}

/**
 * The pixel of data point (x, y): xMin at the frame's left, yMax at its top.
 * @example planeToPixel({ left: 0, top: 0, width: 100, height: 100 }, [-1, 1, -1, 1], 0.5, 0.5); // [75, 25]
 */
export function planeToPixel(frame: PlotFrame, bounds: PlaneBounds, x: number, y: number): [number, number] {
  const [xMin, xMax, yMin, yMax] = bounds;
  return [
    frame.left + ((x - xMin) / (xMax - xMin)) * frame.width,
    frame.top + ((yMax - y) / (yMax - yMin)) * frame.height,
  ];
}

/**
 * The data point under pixel (px, py): the inverse of `planeToPixel` (outside the frame it extrapolates).
 * @example pixelToPlane({ left: 0, top: 0, width: 100, height: 100 }, [-1, 1, -1, 1], 75, 25); // [0.5, 0.5]
 */
export function pixelToPlane(
  frame: PlotFrame,
  bounds: PlaneBounds,
  px: number,
  py: number,
): [number, number] {
  const [xMin, xMax, yMin, yMax] = bounds;
  return [
    xMin + ((px - frame.left) / frame.width) * (xMax - xMin),
    yMax - ((py - frame.top) / frame.height) * (yMax - yMin),
  ];
}

/**
 * The pixel of grid point (column, row) of a size x size grid over the frame. The grid's values are taken
 * at the centres of size x size equal cells tiling the plane (as viz's probabilityGrid samples them), so
 * column c is at x = xMin + (c + 0.5) / size * (xMax - xMin).
 * @example gridToPixel({ left: 0, top: 0, width: 100, height: 100 }, 10, 0, 0); // [5, 95]
 */
export function gridToPixel(frame: PlotFrame, size: number, column: number, row: number): [number, number] {
  return [
    frame.left + ((column + 0.5) / size) * frame.width,
    frame.top + frame.height - ((row + 0.5) / size) * frame.height,
  ];
}
